"""Grid arithmetic for the precomputed clusters: which stored cells exactly tile a bbox, level by level.

Pure functions (no ORM). A bbox is covered by the cells of ``level`` that lie wholly inside it,
then, towards its edges, by ever finer cells wholly inside it (each finer level adds a thin ring),
down to the finest stored level; what is left, the rim, is thinner than one finest cell and is
counted live. Each rectangle is ``(level, x0, x1, y0, y1)`` in cell indexes, inclusive.
"""

import math

from events.cell_index import LEVELS, level_size


def inner_cells(box, level) -> tuple[int, int, int, int] | None:
    """(x0, x1, y0, y1): the cells of ``level`` wholly inside ``box`` (west <= east), or None."""
    west, south, east, north = box
    size = level_size(level)
    x0, x1 = math.ceil((west + 180.0) / size), math.floor((east + 180.0) / size) - 1
    y0, y1 = math.ceil((south + 90.0) / size), math.floor((north + 90.0) / size) - 1
    return (x0, x1, y0, y1) if x0 <= x1 and y0 <= y1 else None


def covering_rectangles(box, level, levels=LEVELS) -> tuple[list[tuple[int, int, int, int, int]], tuple | None]:
    """Rectangles of stored cells (of ``levels``) that tile the part of ``box`` they can, and the finest inner cells.

    Returns ``(rectangles, finest)``: ``finest`` is ``(level, x0, x1, y0, y1)`` of the finest level's
    inner cells (None when even those are empty): everything in ``box`` outside it is the rim.
    """
    rectangles, previous = [], None
    for current in range(level, levels.stop):
        inner = inner_cells(box, current)
        if inner is None:
            continue
        rectangles += _ring(current, inner, previous)
        previous = (current, *inner)
    return rectangles, previous


def _ring(level, inner, previous):
    """``inner`` minus the area already taken at coarser levels, as at most four rectangles."""
    ax0, ax1, ay0, ay1 = inner
    if previous is None:
        return [(level, ax0, ax1, ay0, ay1)]
    shift = level - previous[0]
    bx0, bx1 = previous[1] << shift, ((previous[2] + 1) << shift) - 1
    by0, by1 = previous[3] << shift, ((previous[4] + 1) << shift) - 1
    parts = [
        (level, ax0, ax1, ay0, by0 - 1),  # below
        (level, ax0, ax1, by1 + 1, ay1),  # above
        (level, ax0, bx0 - 1, by0, by1),  # left
        (level, bx1 + 1, ax1, by0, by1),  # right
    ]
    return [part for part in parts if part[1] <= part[2] and part[3] <= part[4]]


def split_antimeridian(bbox) -> list[tuple[float, float, float, float]]:
    """A bbox crossing the antimeridian (west > east) as two boxes that do not."""
    west, south, east, north = bbox
    return [bbox] if west <= east else [(west, south, 180.0, north), (-180.0, south, east, north)]
