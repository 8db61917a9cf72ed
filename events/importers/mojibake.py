"""Double-encoded UTF-8 ("CrÃ©teil", "GalaÈ›i", "â€™"), repaired where that is certain, with ftfy.

A spreadsheet saved through the wrong encoding once too often turns "é" into "Ã©". ftfy
(Apache-2.0) recognises the pattern and undoes it. A cell is touched only when ftfy's own
test says it looks mis-decoded; the repair is kept only when the result no longer does.
Otherwise the cell stays as the file gives it and the row is reported: a title is never
imported with mojibake in it (the row is refused), other columns are imported with a warning.
"""

import ftfy
from ftfy.badness import is_bad

CLEAN, REPAIRED, DOUBTFUL = "", "repaired", "doubtful"


def text_repair(value) -> tuple[object, str]:
    """``(value, state)``: the repaired text and ``REPAIRED``, the value unchanged and ``DOUBTFUL``, or ``CLEAN``."""
    if not isinstance(value, str) or value.isascii() or not is_bad(value):
        return value, CLEAN
    fixed = ftfy.fix_encoding(value)
    return (fixed, REPAIRED) if not is_bad(fixed) else (value, DOUBTFUL)


def looks_mis_decoded(text: str) -> bool:
    return not text.isascii() and is_bad(text)


def values_repair(values: dict) -> tuple[dict, dict]:
    """The row's values with their mojibake repaired, and ``{column: state}`` for the cells that had some."""
    states = {}
    repaired = values
    for column, value in values.items():
        fixed, state = text_repair(value)
        if state:
            if repaired is values:
                repaired = dict(values)
            states[column] = state
            repaired[column] = fixed
    return repaired, states
