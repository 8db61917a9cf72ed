"""Accuracy of the geocoder over gold lists of (name as written, country hint, true point).

Runs `manage.py geocode --batch FILE --json --offline` (the stable command-line
interface) on the database the settings point at, which must hold the gazetteer
(`make setup`). A row with empty coordinates is a name the geocoder should decline. Beside each
figure: a naive baseline measured in the same run on the same gazetteer (the most populous place
with exactly that name).

    .venv/bin/python bench/geocode_eval.py [FILE.tsv …]
"""

import json
import math
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_FILES = [
    ROOT / "bench/data/places-seed.tsv",
    ROOT / "bench/data/places-public.tsv",
    ROOT / "bench/data/places-hard.tsv",
]
HIGH_CONFIDENCE = 0.8


def distance_km(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dlon = math.radians(lon2 - lon1) / 2
    a = math.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlon) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def gold_read(path):
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = (line.split("\t") + ["", "", "", ""])[:4]
            truth = (float(cells[2]), float(cells[3])) if cells[2] and cells[3] else None
            rows.append((cells[0], cells[1], truth))
    return rows


def answers_read(path):
    command = [sys.executable, str(ROOT / "manage.py"), "geocode", "--batch", str(path), "--json", "--offline"]
    finished = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if finished.returncode:
        last = (finished.stderr.strip().splitlines() or ["?"])[-1]
        sys.exit(f"geocode --batch failed ({last}); does the database hold the gazetteer? Try `make setup`.")
    return [json.loads(line) for line in finished.stdout.splitlines()]


def baseline_answers(gold):
    """The naive geocoder measured beside ours: the most populous gazetteer place with exactly that name
    (in the hinted country when there is one), always fully confident; no exact name, no answer."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapper.settings")
    import django

    django.setup()
    from events.geoparse.candidates import names_lookup
    from events.services.gazetteer import name_normalize

    found = names_lookup({name_normalize(name) for name, _, _ in gold})
    answers = []
    for name, hint, _ in gold:
        rows = found.get(name_normalize(name), [])
        rows = [row for row in rows if row.country_code == hint.upper()] or ([] if hint else rows)
        best = max(rows, key=lambda row: row.population, default=None)
        answers.append(
            {"name": best.name, "latitude": best.latitude, "longitude": best.longitude, "confidence": 1.0}
            if best
            else None
        )
    return answers


def score(gold, results):
    """The figures for one geocoder's answers (a result dict or None per gold row), and its misses."""
    errors, declined, wrong_confident, nonsense, nonsense_answered, misses = [], 0, 0, 0, 0, []
    for (name, hint, truth), result in zip(gold, results, strict=True):
        if truth is None:
            nonsense += 1
            if result:
                nonsense_answered += 1
                wrong_confident += result["confidence"] >= HIGH_CONFIDENCE
                misses.append(f"{name} [{hint}] answered {result['name']} but should decline")
            continue
        if result is None:
            declined += 1
            misses.append(f"{name} [{hint}] declined")
            continue
        km = distance_km(truth[0], truth[1], result["latitude"], result["longitude"])
        errors.append(km)
        if km > 10:
            misses.append(f"{name} [{hint}] -> {result['name']} {km:.0f} km off (confidence {result['confidence']})")
            wrong_confident += result["confidence"] >= HIGH_CONFIDENCE
    answered = max(1, len(errors))
    figures = {
        "answered": f"{len(errors)}",
        "within 10 km": f"{sum(e <= 10 for e in errors) / answered:.1%}",
        "within 161 km": f"{sum(e <= 161 for e in errors) / answered:.1%}",
        "median error": f"{statistics.median(errors):.2f} km" if errors else "-",
        "real names declined": f"{declined}",
        "names to decline, declined": f"{nonsense - nonsense_answered}/{nonsense}",
        f"wrong with confidence >= {HIGH_CONFIDENCE}": (
            f"{wrong_confident} ({wrong_confident / max(1, len(errors) + nonsense_answered):.1%})"
        ),
    }
    return figures, misses


def evaluate(path):
    gold, answers = gold_read(path), answers_read(path)
    assert len(gold) == len(answers), f"{path}: {len(gold)} gold rows, {len(answers)} answers"
    mine, misses = score(gold, [answer["result"] for answer in answers])
    base, _ = score(gold, baseline_answers(gold))
    nonsense = sum(truth is None for _, _, truth in gold)
    print(f"== {path.relative_to(ROOT)}: {len(gold)} names ({nonsense} that should be declined)")
    print(f"   {'':32} {'Mapper':>14} {'baseline (most populous exact name)':>38}")
    for label, figure in mine.items():
        print(f"   {label:32} {figure:>14} {base[label]:>38}")
    for miss in misses:
        print(f"   - {miss}")


if __name__ == "__main__":
    for file in [Path(arg).resolve() for arg in sys.argv[1:]] or DEFAULT_FILES:
        evaluate(file)
