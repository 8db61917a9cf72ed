"""A date filter cut into the whole months the stored counts answer and the partial months counted live."""

import datetime

import pytest

from events.cell_months import LAST_MONTH, month_split

D = datetime.date


@pytest.mark.parametrize(
    ("date_from", "date_to", "undated", "stored", "live", "keys"),
    [
        (
            D(2024, 1, 1),
            D(2024, 3, 31),
            "include",
            (D(2024, 1, 1), D(2024, 3, 31), "include"),
            (),
            ((202401, 202403), True),
        ),
        (
            D(2024, 1, 15),
            D(2024, 3, 10),
            "exclude",
            (D(2024, 2, 1), D(2024, 2, 29), "exclude"),  # a leap year's February, whole
            ((D(2024, 1, 15), D(2024, 1, 31)), (D(2024, 3, 1), D(2024, 3, 10))),
            ((202402, 202402), False),
        ),
        (
            None,
            D(2023, 2, 27),
            "include",
            (None, D(2023, 1, 31), "include"),
            ((D(2023, 2, 1), D(2023, 2, 27)),),
            ((1, 202301), True),
        ),
        (
            D(2024, 6, 2),
            None,
            "exclude",
            (D(2024, 7, 1), None, "exclude"),
            ((D(2024, 6, 2), D(2024, 6, 30)),),
            ((202407, LAST_MONTH), False),
        ),
        (None, None, "only", (None, None, "only"), (), (None, True)),
        # No whole month in the range: only the undated come from the stored months.
        (
            D(2024, 1, 15),
            D(2024, 2, 10),
            "include",
            (None, None, "only"),
            ((D(2024, 1, 15), D(2024, 2, 10)),),
            (None, True),
        ),
        (D(9999, 12, 5), None, "include", (None, None, "only"), ((D(9999, 12, 5), None),), (None, True)),
    ],
)
def test_whole_months_are_stored_and_the_partial_ones_live(date_from, date_to, undated, stored, live, keys):
    split = month_split(date_from, date_to, undated)
    assert (split.stored, split.live, split.month_keys()) == (stored, live, keys)


def test_a_range_inside_one_month_without_the_undated_is_all_live():
    assert month_split(D(2024, 1, 3), D(2024, 1, 27), "exclude") is None
