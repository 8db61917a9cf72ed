"""Identity that cannot be hijacked (issue 9): event keys belong to their article, URL-less
articles are matched by slug and content, staff edits are re-checked under the write lock,
and values nested too deeply are a problem line, not a traceback."""

import json

import pytest

from events.models import Article, Event
from events.services import importing
from events.services.importing import ImportRefused, article_import
from tests.conftest import ARTICLE_DATA


def record(name):
    return json.loads((ARTICLE_DATA / name).read_text(encoding="utf-8"))


def as_source(data, name):
    return (name, json.dumps(data))


def test_another_article_cannot_rewrite_an_event_it_did_not_create(importer_ready):
    article_import([as_source(record("good.json"), "good.json")])
    hijack = record("second-report.json")
    hijack["events"][0].update(title="Nothing happened in Galați", latitude=0.0, longitude=0.0)

    with pytest.raises(ImportRefused) as caught:
        article_import([as_source(hijack, "later.json")])

    assert (
        "later.json: events[0].key: event 'galati-drone' belongs to the article 'Drone seen over Galați' "
        "(https://news.example.org/galati-drone), which reported it first"
    ) in str(caught.value)
    event = Event.objects.get(key="galati-drone")
    assert (event.title, event.latitude) == ("Drone over Galați", 45.4353)
    assert event.citations.count() == 1


def test_another_article_that_agrees_adds_its_citation_and_overwrite_lets_it_rewrite(importer_ready):
    article_import([as_source(record("good.json"), "good.json")])

    report = article_import([as_source(record("second-report.json"), "second.json")])

    assert report.file_counts["second.json"]["created"] == 2  # its article and its citation
    assert Event.objects.get(key="galati-drone").citations.count() == 2

    changed = record("second-report.json")
    changed["events"][0]["title"] = "Drone over Galați, confirmed"
    article_import([as_source(changed, "second.json")], overwrite=True)

    assert Event.objects.get(key="galati-drone").title == "Drone over Galați, confirmed"


def test_the_article_that_created_an_event_may_still_change_it(importer_ready):
    article_import([as_source(record("good.json"), "good.json"), as_source(record("second-report.json"), "s.json")])
    changed = record("good.json")
    changed["events"][0]["title"] = "Drone over Galați port"

    report = article_import([as_source(changed, "good.json")])

    assert report.counts["updated"] == 1
    assert Event.objects.get(key="galati-drone").title == "Drone over Galați port"


def url_less(title, text):
    data = record("second-report.json")
    data["article"] = {"title": title, "text": text}
    data["events"][0]["key"] = f"event-{len(text)}"
    return data


def test_a_second_url_less_article_with_the_same_headline_is_refused_not_replacing_the_first(importer_ready):
    article_import([as_source(url_less("Drone over Galați", "First report, short."), "first.json")])

    with pytest.raises(ImportRefused) as caught:
        article_import([as_source(url_less("Drone over Galați", "Another outlet's longer report."), "second.json")])

    assert (
        "second.json: article: the article 'Drone over Galați' (slug drone-over-galati) is already stored with "
        "the slug 'drone-over-galati' and a different text; if this is another article, give it its own"
    ) in str(caught.value)
    assert Article.objects.get().text == "First report, short."


def test_a_url_less_article_with_the_same_slug_and_text_is_the_same_article(importer_ready):
    article_import([as_source(url_less("Drone over Galați", "First report, short."), "first.json")])

    report = article_import([as_source(url_less("Drone over Galați", "First report, short."), "again.json")])

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 3, "skipped": 0}


def test_overwrite_replaces_the_text_of_a_url_less_article(importer_ready):
    article_import([as_source(url_less("Drone over Galați", "First report, short."), "first.json")])

    article_import([as_source(url_less("Drone over Galați", "First report, corrected."), "f.json")], overwrite=True)

    assert Article.objects.get().text == "First report, corrected."


def test_a_staff_edit_made_while_the_import_runs_is_not_overwritten(importer_ready, monkeypatch):
    article_import([as_source(record("good.json"), "good.json")])
    changed = record("good.json")
    changed["events"][0]["description"] = "New detail from the file."
    real_locate = importing._locate

    def locate_then_staff_edit(plan, **options):  # between planning and writing
        real_locate(plan, **options)
        Event.objects.filter(key="galati-drone").update(title="Checked by staff", staff_edited=True)

    monkeypatch.setattr(importing, "_locate", locate_then_staff_edit)

    report = article_import([as_source(changed, "good.json")])

    event = Event.objects.get(key="galati-drone")
    assert (event.title, event.description) == ("Checked by staff", "")
    assert report.counts["skipped"] == 1 and report.counts["updated"] == 0
    assert "event 'galati-drone' was edited by staff while this import ran" in report.warnings[0]


def deep_file(depth):
    data = record("good.json")
    text = json.dumps(data).replace('{"patrols": "reinforced"}', '{"x": ' + "[" * depth + "]" * depth + "}")
    return ("deep.json", text)


@pytest.mark.parametrize("depth", [5000, 100_000])
def test_values_nested_too_deeply_are_a_problem_line_naming_the_file(importer_ready, depth):
    with pytest.raises(ImportRefused) as caught:
        article_import([deep_file(depth), as_source(record("good.json"), "good.json")])

    assert [str(problem) for problem in caught.value.problems] == [
        "deep.json: values are nested too deeply to be read; flatten the data"
    ]
    assert not Event.objects.exists()


def test_nesting_too_deep_for_the_checks_after_parsing_is_a_problem_line_too(importer_ready, monkeypatch):
    def too_deep(data):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(importing, "structure_problems", too_deep)

    with pytest.raises(ImportRefused, match=r"^good\.json: values are nested too deeply"):
        article_import([as_source(record("good.json"), "good.json")])
