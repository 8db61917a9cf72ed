"""Geoparsing figures on a gold corpus, beside a naive baseline measured in the same run.

Reads the corpus in place (default: GeoWebNews, ``$MAPPER_SHARED_DIR/eval/gwn.jsonl``; GPL-3.0,
for measurement only: nothing of it is copied into the project). Runs the command-line contract
(``manage.py geoparse --resolve FILE --json`` and ``manage.py geoparse FILE --json``) as a
scorer would, on the database the settings point at (it must hold the world gazetteer:
``make setup``), and prints:

- resolution with the gold spans: acc@161km and acc@10km over all gold toponyms;
- recognition: exact- and overlap-span precision, recall and F1;
- end to end: gold toponyms found (overlapping span) and resolved within 161 km;
- speed: toponyms/s through the command, and one 1,000-word article parsed in process;
- crafted texts: the largest text the review page takes, made to be slow (one name repeated, a list of
  thousands of towns), proposed in process, against the 1,000-word article's time.

The baseline answers each gold phrase with its most populous gazetteer match, and recognises
the longest capitalised phrases the gazetteer holds.

    MAPPER_SHARED_DIR=/work/shared .venv/bin/python bench/geoparse.py [FILE.jsonl]
"""

import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapper.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from events.admin.article_text_view import MAX_TEXT_CHARACTERS  # noqa: E402
from events.geoparse.candidates import names_lookup  # noqa: E402
from events.geoparse.pipeline import text_geoparse  # noqa: E402
from events.geoparse.propose import article_proposals  # noqa: E402
from events.models import Place  # noqa: E402
from events.services.gazetteer import name_normalize  # noqa: E402

CAPITALISED = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w’'.-]*)*")


def distance_km(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dlon = math.radians(lon2 - lon1) / 2
    a = math.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlon) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def contract_run(arguments, lines):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        handle.write("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "manage.py"), "geoparse", *arguments(handle.name), "--json"]
    finished = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    os.unlink(handle.name)
    if finished.returncode:
        sys.exit(f"geoparse failed: {finished.stderr.strip().splitlines()[-1:]}")
    return [json.loads(line) for line in finished.stdout.splitlines()], seconds


def accuracy(pairs):
    """pairs: (gold toponym, result or None) -> (acc@161, acc@10, median km of answered)."""
    errors = [
        distance_km(gold["lat"], gold["lon"], result["latitude"], result["longitude"]) if result else math.inf
        for gold, result in pairs
    ]
    answered = [e for e in errors if e != math.inf]
    n = max(1, len(errors))
    median = statistics.median(answered) if answered else math.nan
    return sum(e <= 161 for e in errors) / n, sum(e <= 10 for e in errors) / n, median


def baseline_resolve(records):
    keys = {name_normalize(t["phrase"]) for r in records for t in r["toponyms"]}
    found = names_lookup(keys)
    pairs = []
    for record in records:
        for toponym in record["toponyms"]:
            rows = found.get(name_normalize(toponym["phrase"]), [])
            best = max(rows, key=lambda row: row.population, default=None)
            result = {"latitude": best.latitude, "longitude": best.longitude} if best else None
            pairs.append((toponym, result))
    return pairs


def baseline_recognise(records):
    spans = {}
    phrases = {}
    for record in records:
        for match in CAPITALISED.finditer(record["text"]):
            words = match.group().rstrip(".’'").split()
            for size in range(len(words), 0, -1):
                phrase = " ".join(words[:size])
                phrases.setdefault(name_normalize(phrase), []).append((record["id"], match.start(), phrase))
                break
    found = names_lookup(phrases)
    for key, hits in phrases.items():
        rows = found.get(key)
        if not rows:
            continue
        best = max(rows, key=lambda row: row.population)
        for record_id, start, phrase in hits:
            spans.setdefault(record_id, []).append(
                {
                    "start": start,
                    "end": start + len(phrase),
                    "result": {"latitude": best.latitude, "longitude": best.longitude},
                }
            )
    return spans


def span_scores(records, predicted):
    """(exact P, R, F1), (overlap P, R, F1), end-to-end acc@161 over gold toponyms."""
    exact = overlap = predicted_total = gold_total = e2e = 0
    for record in records:
        gold = record["toponyms"]
        mine = predicted.get(record["id"], [])
        predicted_total += len(mine)
        gold_total += len(gold)
        exact_spans = {(t["start"], t["end"]) for t in mine}
        exact += sum((g["start"], g["end"]) in exact_spans for g in gold)
        used = set()
        for g in gold:
            for index, t in enumerate(mine):
                if index not in used and t["start"] < g["end"] and g["start"] < t["end"]:
                    used.add(index)
                    overlap += 1
                    result = t.get("result")
                    if result and distance_km(g["lat"], g["lon"], result["latitude"], result["longitude"]) <= 161:
                        e2e += 1
                    break

    def prf(hits):
        p, r = hits / max(1, predicted_total), hits / max(1, gold_total)
        return p, r, 2 * p * r / max(1e-9, p + r)

    return prf(exact), prf(overlap), e2e / max(1, gold_total)


def thousand_words():
    seed = (Path(settings.MAPPER_SHARED_DIR) / "seed" / "article.txt").read_text(encoding="utf-8")
    words = (seed + "\n") * (1 + 1000 // len(seed.split()))
    return " ".join(words.split(" ")[:1000])


def crafted_texts() -> dict[str, str]:
    """The largest texts the review page takes, made to be slow: one name as one capitalised run, one name as
    a list, and a list of thousands of different towns."""
    towns = Place.objects.filter(feature_class="P").order_by("-population").values_list("name", flat=True)
    return {
        "one name, one run of capitalised words": ("Paris " * MAX_TEXT_CHARACTERS)[:MAX_TEXT_CHARACTERS],
        "one name, a list": ("Paris, " * MAX_TEXT_CHARACTERS)[:MAX_TEXT_CHARACTERS],
        "a list of 8,000 different towns": " and ".join(towns[:8000])[:MAX_TEXT_CHARACTERS],
    }


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(settings.MAPPER_SHARED_DIR) / "eval" / "gwn.jsonl"
    if not path.is_file():
        print(f"skipped: {path} not found (set MAPPER_SHARED_DIR to the folder holding eval/gwn.jsonl)")
        return
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = sum(len(r["toponyms"]) for r in records)
    print(f"== {path.name}: {len(records)} articles, {total} gold toponyms")

    answers, seconds = contract_run(lambda name: ["--resolve", name], records)
    pairs = [
        (g, t["result"])
        for r, a in zip(records, answers, strict=True)
        for g, t in zip(r["toponyms"], a["toponyms"], strict=True)
    ]
    mine, base = accuracy(pairs), accuracy(baseline_resolve(records))
    print("resolution with gold spans          Mapper    baseline (most populous)")
    print(f"  acc@161km                        {mine[0]:7.1%}   {base[0]:7.1%}")
    print(f"  acc@10km                         {mine[1]:7.1%}   {base[1]:7.1%}")
    print(f"  median error, answered (km)      {mine[2]:7.1f}   {base[2]:7.1f}")
    print(f"  speed: {total / seconds:,.0f} toponyms/s through the command ({seconds:.1f} s, start-up included)")

    texts = [{"id": r["id"], "text": r["text"]} for r in records]
    found, seconds_found = contract_run(lambda name: [name], texts)
    predicted = {a["id"]: a["toponyms"] for a in found}
    (ep, er, ef), (op, orr, of), e2e = span_scores(records, predicted)
    (bep, ber, bef), (bop, bor, bof), be2e = span_scores(records, baseline_recognise(records))
    print("recognition                          Mapper              baseline (capitalised phrases)")
    print(f"  exact span   P / R / F1          {ep:.2f} / {er:.2f} / {ef:.2f}    {bep:.2f} / {ber:.2f} / {bef:.2f}")
    print(f"  overlap span P / R / F1          {op:.2f} / {orr:.2f} / {of:.2f}    {bop:.2f} / {bor:.2f} / {bof:.2f}")
    print(f"  end to end acc@161km (of gold)   {e2e:7.1%}             {be2e:7.1%}")
    print(f"  speed: {len(records) / seconds_found:,.1f} articles/s through the command ({seconds_found:.1f} s)")

    article = thousand_words()
    text_geoparse(article[:200], "")  # imports and word tables, as a server process has them
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        toponyms = text_geoparse(article, "")
        timings.append(time.perf_counter() - started)
    print(
        f"one 1,000-word article ({len(toponyms)} toponyms): first {timings[0]:.3f} s (reads the spellings its "
        f"misspelled names need), then {min(timings[1:]):.3f} s"
    )
    print(f"crafted texts of {MAX_TEXT_CHARACTERS:,} characters, proposed in process (× the 1,000-word article)")
    for label, text in crafted_texts().items():
        started = time.perf_counter()
        proposals = article_proposals(text, title="crafted").proposals
        took = time.perf_counter() - started
        print(f"  {label}: {took:.1f} s, {len(proposals)} proposals (×{took / min(timings[1:]):,.0f})")


if __name__ == "__main__":
    main()
