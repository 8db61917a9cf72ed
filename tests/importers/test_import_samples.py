"""Every file in ../shared/import-samples/ (other projects' test files, read in place, never copied):
valid ones import, invalid ones are refused with a message naming the problem."""

import json
import os
from pathlib import Path

import pytest

from events.importers.service import ImportOptions, import_plan, import_write
from events.services.import_files import ImportRefused

REPO = Path(__file__).resolve().parents[2]
SAMPLES = Path(os.environ.get("MAPPER_SHARED_DIR", REPO.parent / "shared")) / "import-samples"
if not SAMPLES.is_dir():  # a worktree sits two levels below the shared folder's parent
    SAMPLES = REPO.parents[1] / "shared" / "import-samples"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/import-samples is not on this machine")

# Valid GeoJSON we still cannot place: longitudes beyond ±180 (a projected or wrapped file).
UNPLACEABLE = {"issue82.geojson": "is outside longitude -180..180"}
# What geojsonhint reports at "message" level (RFC 7946 "should"): imported, with that warning.
SHOULD_ONLY = {"bad-polygon-interiorring-rhr", "polygon_winding_order", "point-toomany", "geometrycollection_single"}


def samples(pattern):
    return sorted(SAMPLES.glob(pattern)) if SAMPLES.is_dir() else []


def expected_problems(path):
    result = json.loads(path.with_suffix(".result").read_text(encoding="utf-8"))
    # geojsonhint's "message" level and its "should be avoided" are RFC 7946 advice: we warn.
    return [m["message"] for m in result if m.get("level") != "message" and "should be avoided" not in m["message"]]


VALID = [
    path
    for path in samples("geojsonhint/good/*.geojson") + samples("togeojson/*.kml")
    if path.name not in UNPLACEABLE and path.name != "bad.kml"  # checked by the refusal tests below
]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_a_valid_sample_imports(importer_ready, path):
    plan = import_plan([path], ImportOptions())
    counts = import_write(plan)

    assert counts["created"] == sum(file_plan.rows for file_plan in plan.files)
    assert counts["rejected"] == 0


@pytest.mark.parametrize("path", samples("geojsonhint/bad/*.geojson"), ids=lambda p: p.name)
def test_an_invalid_geojson_sample_is_refused_naming_the_problem(importer_ready, path):
    expected = expected_problems(path)
    if not expected:  # only "should" advice, or nothing: the file is usable
        plan = import_plan([path], ImportOptions())
        assert path.stem not in SHOULD_ONLY or plan.warnings
        return
    with pytest.raises(ImportRefused) as caught:
        import_plan([path], ImportOptions())

    ours = " | ".join(problem.message.lower() for problem in caught.value.problems)
    assert all(problem.file == str(path) for problem in caught.value.problems)
    named = [message for message in expected if _key(message) in ours]
    assert named or _synonym(expected, ours), (expected, ours)


def _key(message):
    return message.lower().replace("ambigous", "ambiguous").split(":")[0].replace("an number", "an number")


def _synonym(expected, ours):
    """geojsonhint's wording where ours differs but names the same problem."""
    pairs = {
        "parse error": "invalid json",
        "nested geometry collections": "is not a simple geometry",
        "needs to be nested more deeply": "position should be an array",
    }
    return any(key in message.lower() and value in ours for message in expected for key, value in pairs.items())


def test_a_broken_kml_file_is_refused_naming_the_placemark_and_the_problem(importer_ready):
    with pytest.raises(ImportRefused) as caught:
        import_plan([SAMPLES / "togeojson" / "bad.kml"], ImportOptions())

    assert "placemark 1, field 'geometry'" in str(caught.value) and "'no,no' are not numbers" in str(caught.value)


def test_a_geojson_file_beyond_longitude_180_is_refused_with_the_position(importer_ready):
    with pytest.raises(ImportRefused, match=UNPLACEABLE["issue82.geojson"]):
        import_plan([SAMPLES / "geojsonhint" / "good" / "issue82.geojson"], ImportOptions())


def _outcome(path):
    try:
        plan = import_plan([path], ImportOptions(dry_run=True))
    except ImportRefused as exc:
        return "refused", sorted(problem.message for problem in exc.problems)
    return "imports", sorted(problem.message for problem in plan.warnings)


@pytest.mark.parametrize("path", samples("geojsonhint/*/*.geojson"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_streaming_a_large_file_checks_it_as_reading_it_whole_does(importer_ready, monkeypatch, path):
    whole = _outcome(path)
    monkeypatch.setattr("events.importers.geojson.STREAM_ABOVE_BYTES", 0)

    streamed = _outcome(path)

    if path.name == "bad-json.geojson":  # both refuse it; the JSON parsers word it differently
        assert streamed[0] == whole[0] == "refused" and streamed[1][0].startswith("invalid JSON")
    else:
        assert streamed == whole
