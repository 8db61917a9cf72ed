"""Benchmark and accuracy figures for country boundaries and border distances.

Run from the repository root: ``.venv/bin/python bench/geometry_speed.py``.
Prints: boundary load time, events/second through country + border distance,
Bârsana's distance to the Ukrainian border by two independent methods, the
error of our distances against a brute-force geodesic, and country assignment
over the public evaluation places. Needs no database and no network.
"""

import csv
import math
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import shapely
from geopy.distance import geodesic

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.services import borders  # noqa: E402
from events.services.geometry import event_facts_compute, events_facts_compute  # noqa: E402

PLACES_FILE = Path(__file__).parent / "data" / "places-public.tsv"
BARSANA = (24.06667, 47.81667)  # lon/lat, as GeoNames
# The seed article's places (GeoNames coordinates), all in Romania.
SEED_PLACES = {
    "Deveselu": (24.38333, 44.06667),
    "Mihail Kogalniceanu": (28.46083, 44.36222),
    "Campia Turzii": (23.88333, 46.55),
    "Barsana": BARSANA,
}


def brute_force_border_km(lon: float, lat: float, line, within_km: float = 300, step_degrees: float = 0.0005) -> float:
    """Independent check: densify the border to ~50 m steps and take the smallest
    Karney geodesic (geopy) to any of its vertices. No projection, no Lambert.

    Only vertices within ``within_km`` (by a rough flat-earth estimate, 5% margin)
    get the slow exact formula.
    """
    vertices = shapely.get_coordinates(shapely.segmentize(line, step_degrees))
    rough_km = 111.2 * np.hypot(vertices[:, 1] - lat, (vertices[:, 0] - lon) * np.cos(np.radians(lat)))
    candidates = vertices[rough_km <= within_km * 1.05 + 1]
    return min((geodesic((lat, lon), (v_lat, v_lon)).km for v_lon, v_lat in candidates), default=math.inf)


def brute_force_nearest_border(lon: float, lat: float, code: str, within_km: float = 300) -> tuple[str, float]:
    """Independent of the code's choice of border: every land border of ``code``, brute force, the nearest wins."""
    return min(
        (
            (neighbour, brute_force_border_km(lon, lat, borders.border_line(code, neighbour), within_km))
            for neighbour in borders.neighbours_of(code)
        ),
        key=lambda pair: pair[1],
    )


class Clock:
    """Wall and CPU seconds of a block: on a busy machine the CPU time is the fair figure."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


CRIMEA = {"Simferopol": (34.10, 44.95), "Sevastopol": (33.52, 44.60), "Kerch": (36.47, 45.36)}


def load_time() -> Clock:
    with Clock() as clock:
        borders.boundaries()
    return clock


def throughput(count: int = 100_000) -> tuple[Clock, Clock, Clock, Clock, int, int]:
    """Time raw batched points (border_facts_many), events in batches of 500 as recompute_geometry
    walks them (events_facts_compute), and events one by one as a save does (event_facts_compute)."""
    rng = np.random.default_rng(42)
    lons, lats = rng.uniform(20, 40, count), rng.uniform(42, 53, count)  # Romania, Ukraine and around
    borders.border_facts_many(lons[:1000], lats[:1000])  # build the per-country indexes once
    with Clock() as batched:
        borders.border_facts_many(lons, lats)
    borders.border_zones_many(lons[:1000], lats[:1000])  # build the all-borders tree once
    with Clock() as zones:
        borders.border_zones_many(lons, lats)
    events = [
        SimpleNamespace(longitude=x, latitude=y, geometry=None, country_hint="")
        for x, y in zip(lons[:5000], lats[:5000], strict=True)
    ]
    with Clock() as in_batches:
        for start in range(0, len(events), 500):
            events_facts_compute(events[start : start + 500])
    with Clock() as single:
        for event in events:
            event_facts_compute(event)
    return batched, zones, in_batches, single, count, len(events)


def distance_errors(count: int = 60) -> tuple[float, float, int]:
    """Largest relative and absolute difference between our distance and the brute force over every border of
    the point's country, and how often the brute force found another border nearer than the one we chose."""
    rng = np.random.default_rng(7)
    lons, lats = rng.uniform(21, 31, count * 3), rng.uniform(43.5, 49, count * 3)
    codes, neighbours, ours = borders.border_facts_many(lons, lats)
    relative, absolute, other_border = 0.0, 0.0, 0
    checked = 0
    for lon, lat, code, neighbour, km in zip(lons, lats, codes, neighbours, ours, strict=True):
        if not neighbour or km < 1:
            continue
        nearest, reference = brute_force_nearest_border(lon, lat, code, within_km=km * 1.1)
        other_border += nearest != neighbour
        relative, absolute = max(relative, abs(km - reference) / reference), max(absolute, abs(km - reference))
        checked += 1
        if checked == count:
            break
    return relative, absolute, other_border


def evaluation_places() -> list[tuple[str, str, float, float]]:
    """(name, expected country, lon, lat), one row per GeoNames id, from the public evaluation file."""
    rows = [r for r in csv.reader(PLACES_FILE.open(encoding="utf-8"), delimiter="\t") if r and not r[0].startswith("#")]
    hints = {r[4]: r[1] for r in rows if r[1] and r[4]}
    places = {}
    for name, hint, lat, lon, geonames_id in rows:
        if lat and lon and (hint or hints.get(geonames_id)):
            places.setdefault(geonames_id, (name, hint or hints[geonames_id], float(lon), float(lat)))
    return list(places.values())


def country_accuracy(places) -> tuple[int, int, int, int, list[str]]:
    """Right/total for places more than 5 km inside their country's outline (from borders and coast), and for all."""
    inland_right = inland_total = all_right = 0
    misses = []
    for name, expected, lon, lat in places:
        found = borders.country_at(lon, lat)
        inside_km = borders.border_distance_km(lon, lat, borders.country_outline(expected).boundary)
        right = found == expected
        all_right += right
        if inside_km > 5:
            inland_total += 1
            inland_right += right
        if not right:
            misses.append(f"{name} ({expected}, {inside_km:.1f} km from its outline): got {found or 'nothing'}")
    return inland_right, inland_total, all_right, len(places), misses


def main():
    load = load_time()
    print(f"Boundary data load (first call, Natural Earth 1:10m): {load.wall:.2f} s wall, {load.cpu:.2f} s CPU")
    batched, zones, in_batches, single, batch_count, single_count = throughput()
    print("Country + nearest border + distance (events/s, wall / CPU):")
    print(f"  batched, border_facts_many: {batch_count / batched.wall:,.0f} / {batch_count / batched.cpu:,.0f}")
    print(
        f"  batched, border_zones_many (every border within 100 km): {batch_count / zones.wall:,.0f} / "
        f"{batch_count / zones.cpu:,.0f}; ratio to border_facts_many (baseline, CPU): {zones.cpu / batched.cpu:.1f}x"
    )
    print(
        f"  events in batches of 500, events_facts_compute (recompute_geometry): "
        f"{single_count / in_batches.wall:,.0f} / {single_count / in_batches.cpu:,.0f}"
    )
    print(f"  one by one, event_facts_compute: {single_count / single.wall:,.0f} / {single_count / single.cpu:,.0f}")
    print(f"  ratio batches of 500 / one by one (baseline, same process, CPU): {single.cpu / in_batches.cpu:.1f}x")

    lon, lat = BARSANA
    country = borders.country_at(lon, lat)
    neighbour, ours = borders.nearest_border(lon, lat)
    nearest, reference = brute_force_nearest_border(lon, lat, country)
    print(f"Bârsana: side {country}, nearest border {country}–{neighbour} (brute force over every border: {nearest})")
    print(f"  method 1 (Mercator nearest point + Lambert ellipsoidal distance): {ours:.2f} km")
    print(f"  method 2 (border densified to ~50 m, min Karney geodesic via geopy): {reference:.2f} km")
    print(f"  difference {abs(ours - reference):.3f} km (target < 2 km)")

    crimea = {name: borders.country_at(lon, lat) for name, (lon, lat) in CRIMEA.items()}
    print("Borders by international law: " + ", ".join(f"{name} {code}" for name, code in crimea.items()))

    relative, absolute, other_border = distance_errors()
    print(
        f"Distance vs brute force over every border of the point's country, 60 random points around RO/UA/MD: "
        f"max error {relative:.3%} ({absolute:.3f} km); another border nearer: {other_border}/60"
    )

    seed = [(name, "RO", lon, lat) for name, (lon, lat) in SEED_PLACES.items()]
    right = sum(borders.country_at(lon, lat) == "RO" for _, _, lon, lat in seed)
    print(f"Seed places in Romania: {right}/{len(seed)} assigned RO")
    inland_right, inland_total, all_right, total, misses = country_accuracy(evaluation_places())
    print(f"Evaluation places inland > 5 km: {inland_right}/{inland_total} right; all places: {all_right}/{total}")
    for miss in misses:
        print(f"  miss: {miss}")


if __name__ == "__main__":
    main()
