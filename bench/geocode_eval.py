"""Accuracy of the geocoder over gold lists of (name as written, country hint, true point).

Runs `manage.py geocode --batch FILE --json --offline` (the stable command-line
interface) on the database the settings point at, which must hold the gazetteer
(`make setup`). A row with empty coordinates is a name the geocoder should decline.

    .venv/bin/python bench/geocode_eval.py [FILE.tsv …]
"""

import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def evaluate(path):
    gold, answers = gold_read(path), answers_read(path)
    assert len(gold) == len(answers), f"{path}: {len(gold)} gold rows, {len(answers)} answers"
    errors, declined, wrong_confident, nonsense, nonsense_answered, misses = [], 0, 0, 0, 0, []
    for (name, hint, truth), answer in zip(gold, answers, strict=True):
        result = answer["result"]
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
    answered = len(errors)
    within = lambda km: sum(e <= km for e in errors)  # noqa: E731
    print(f"== {path.relative_to(ROOT)}: {len(gold)} names ({nonsense} that should be declined)")
    if answered:
        print(
            f"   answered {answered}; within 10 km {within(10)}/{answered} = {within(10) / answered:.1%}; "
            f"within 161 km {within(161)}/{answered} = {within(161) / answered:.1%}; "
            f"median error {statistics.median(errors):.2f} km"
        )
    print(
        f"   declined {declined} real names; declined {nonsense - nonsense_answered}/{nonsense} names to decline; "
        f"wrong answers with confidence >= {HIGH_CONFIDENCE}: {wrong_confident} "
        f"({wrong_confident / max(1, answered + nonsense_answered):.1%})"
    )
    for miss in misses:
        print(f"   - {miss}")


if __name__ == "__main__":
    for file in [Path(arg).resolve() for arg in sys.argv[1:]] or DEFAULT_FILES:
        evaluate(file)
