"""The geoparse command's contract, exactly as scorers and users run it."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from events.services.importing import article_import


def run(*args):
    out = StringIO()
    call_command("geoparse", *args, stdout=out)
    return out.getvalue()


def jsonl(tmp_path, records, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return str(path)


def test_resolve_keeps_input_order_and_one_toponym_per_span(gazetteer, tmp_path):
    records = [
        {"id": "b", "text": "Talks in Galați and Chișinău.", "toponyms": [
            {"start": 20, "end": 28, "phrase": "Chișinău"}, {"start": 9, "end": 15, "phrase": "Galați"}]},
        {"id": "a", "text": "Qqqzzz is nowhere.", "toponyms": [{"start": 0, "end": 6, "phrase": "Qqqzzz"}], "extra": 1},
        {"id": "c", "text": "No places.", "toponyms": []},
    ]  # fmt: skip
    lines = [json.loads(line) for line in run("--resolve", jsonl(tmp_path, records), "--json").splitlines()]
    assert [line["id"] for line in lines] == ["b", "a", "c"]
    chisinau, galati = lines[0]["toponyms"]
    assert (chisinau["start"], chisinau["end"], chisinau["phrase"]) == (20, 28, "Chișinău")
    assert chisinau["result"]["country"] == "MD" and galati["result"]["country"] == "RO"
    assert set(galati["result"]) == {"latitude", "longitude", "name", "country", "feature", "confidence"}
    assert lines[1]["toponyms"] == [{"start": 0, "end": 6, "phrase": "Qqqzzz", "result": None}]
    assert lines[2]["toponyms"] == []


def test_file_mode_finds_spans_with_offsets_into_the_text(gazetteer, tmp_path):
    text = "Drones flew over Galați, and Moldova’s army watched."
    [line] = [json.loads(x) for x in run(jsonl(tmp_path, [{"id": 7, "text": text}]), "--json").splitlines()]
    assert line["id"] == 7
    assert [(t["phrase"], text[t["start"] : t["end"]]) for t in line["toponyms"]] == [
        ("Galați", "Galați"),
        ("Moldova", "Moldova"),
    ]
    assert line["toponyms"][1]["result"]["feature"] == "PCLI"


def test_readable_output_without_json(gazetteer, tmp_path):
    out = run(jsonl(tmp_path, [{"id": "x", "text": "They met in Galați."}]))
    assert "'Galați'" in out and "RO" in out and "confidence" in out


def test_a_bad_line_is_named(db, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "ok"}\n{not json\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad.jsonl: line 2: invalid JSON"):
        run(str(path), "--json")
    with pytest.raises(CommandError, match="exactly one"):
        run("--json")
    spans = jsonl(tmp_path, [{"id": 1, "text": "Galați", "toponyms": "Galați"}], "spans.jsonl")
    with pytest.raises(CommandError, match=r"spans.jsonl: line 1: \"toponyms\" must be a list of objects"):
        run("--resolve", spans, "--json")


def test_offsets_a_corpus_got_wrong_are_echoed_and_the_phrase_is_resolved(gazetteer, tmp_path):
    record = {"id": 1, "text": "Talks in Galați.", "toponyms": [{"start": -9, "end": -3, "phrase": "Moldova"}]}
    [line] = [json.loads(x) for x in run("--resolve", jsonl(tmp_path, [record]), "--json").splitlines()]
    [toponym] = line["toponyms"]
    assert (toponym["start"], toponym["end"], toponym["phrase"]) == (-9, -3, "Moldova")
    assert toponym["result"]["country"] == "MD"


def test_article_mode_writes_an_importable_article_file(gazetteer, kinds, tmp_path):
    seed = json.loads((Path(settings.BASE_DIR) / "fixtures/articles/romania-ukraine-drones.json").read_text())
    article = tmp_path / "drones.txt"
    article.write_text(seed["article"]["text"], encoding="utf-8")
    data = json.loads(run("--article", str(article), "--country-hint", "RO", "--published-on", "2026-03-16", "--json"))
    assert data["article"]["published_on"] == "2026-03-16" and data["article"]["country_hint"] == "RO"
    assert len(data["events"]) == 6
    pinned = [e for e in data["events"] if "latitude" in e]
    assert pinned and all("precision" in e and 0 < e["attributes"]["location_confidence"] <= 1 for e in pinned)
    report = article_import([("drones.json", json.dumps(data, ensure_ascii=False))])
    assert report.counts["created"] == 13


def test_article_mode_summary(gazetteer, kinds, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("A drone was spotted near Galați.", encoding="utf-8")
    out = run("--article", str(article))
    assert "1 proposed events" in out and "[drone-sighting]" in out and "near" in out


def test_article_mode_bad_date_and_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--article", "x.txt", "--published-on", "16/03/2026")
    with pytest.raises(CommandError, match="nope.txt"):
        run("--article", str(tmp_path / "nope.txt"))
