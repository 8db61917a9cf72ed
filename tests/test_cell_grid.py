"""The grid arithmetic of the precomputed clusters: stored cells tile a bbox exactly, without overlap."""

import random

import pytest

from events.cell_grid import covering_rectangles, inner_cells, split_antimeridian
from events.cell_index import LEVELS, level_size


def finest_cells(rectangles, finest_level):
    """Every finest-level cell the rectangles cover, counting repeats."""
    covered = []
    for level, x0, x1, y0, y1 in rectangles:
        shift = finest_level - level
        for x in range(x0 << shift, (x1 + 1) << shift):
            for y in range(y0 << shift, (y1 + 1) << shift):
                covered.append((x, y))
    return covered


@pytest.mark.parametrize("seed", range(20))
def test_rectangles_tile_the_finest_inner_cells_once(seed):
    rng = random.Random(seed)
    west = rng.uniform(-179, 170)
    south = rng.uniform(-80, 70)
    box = (west, south, west + rng.uniform(0.05, 3), south + rng.uniform(0.05, 3))
    level = rng.randrange(LEVELS.start, LEVELS.stop - 2)
    rectangles, finest = covering_rectangles(box, level)
    assert finest is not None
    covered = finest_cells(rectangles, finest[0])
    assert len(covered) == len(set(covered))  # no cell counted twice
    _, x0, x1, y0, y1 = finest
    assert set(covered) == {(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)}
    for rect_level, rx0, rx1, ry0, ry1 in rectangles:  # and every rectangle lies inside the box
        size = level_size(rect_level)
        assert rx0 * size - 180 >= box[0] and (rx1 + 1) * size - 180 <= box[2]
        assert ry0 * size - 90 >= box[1] and (ry1 + 1) * size - 90 <= box[3]


def test_a_box_smaller_than_any_cell_has_no_inner_cells():
    assert inner_cells((10.0, 10.0, 10.001, 10.001), LEVELS.stop - 1) is None
    assert covering_rectangles((10.0, 10.0, 10.001, 10.001), 4) == ([], None)


def test_the_antimeridian_splits_in_two():
    assert split_antimeridian((170.0, -20.0, -170.0, -10.0)) == [
        (170.0, -20.0, 180.0, -10.0),
        (-180.0, -20.0, -170.0, -10.0),
    ]
    assert split_antimeridian((1.0, 2.0, 3.0, 4.0)) == [(1.0, 2.0, 3.0, 4.0)]
