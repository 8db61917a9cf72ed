"""Article files over the documented limits are refused, naming the record and field, and nothing is written."""

import json

import pytest

from events.models import ARTICLE_LENGTHS, Article
from events.services.importing import ImportRefused, article_import


def article_file(**article):
    data = {
        "article": {"title": "A long report", "url": "https://news.example.org/long", "text": "Short."} | article,
        "events": [
            {
                "key": "long-report-galati",
                "title": "Drone over Galați",
                "kind": "drone-sighting",
                "quote": "Short.",
                "latitude": 45.43,
                "longitude": 28.0,
                "precision": "settlement",
            }
        ],
    }
    return [("long-report.json", json.dumps(data))]


def test_an_article_text_over_the_limit_is_refused_and_nothing_is_written(importer_ready):
    with pytest.raises(ImportRefused) as excinfo:
        article_import(article_file(text="x" * (ARTICLE_LENGTHS["text"] + 1)))

    assert [str(problem) for problem in excinfo.value.problems] == [
        "long-report.json: article.text: is 200,001 characters long; the limit is 200,000."
    ]
    assert not Article.objects.exists()


def test_an_article_text_at_the_limit_is_imported(importer_ready):
    article_import(article_file(text="x" * ARTICLE_LENGTHS["text"]))
    assert len(Article.objects.get().text) == ARTICLE_LENGTHS["text"]


def test_attributes_nested_950_deep_are_refused_not_imported(importer_ready):
    """Issue 9: such a file imported with exit 0 and then took the site down."""
    data = json.loads(article_file()[0][1])
    data["events"][0]["attributes"] = {"deep": json.loads("[" * 950 + "]" * 950)}
    with pytest.raises(ImportRefused) as excinfo:
        article_import([("deep.json", json.dumps(data))])
    # Which check speaks first depends on the stack the import runs on (the JSON reader counts Python's
    # frames too): the depth check names the field, the reader the file; both say why, and nothing is kept.
    assert [str(problem) for problem in excinfo.value.problems] in (
        ["deep.json: events[0].attributes: This value is nested more than 32 levels deep; the limit is 32."],
        ["deep.json: values are nested too deeply to be read; flatten the data"],
    )
    assert not Article.objects.exists()
