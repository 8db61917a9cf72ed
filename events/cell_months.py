"""A date filter cut into what the per-month cell counts answer and what is counted live (pure, no ORM).

The stored months (``events.cell_index.MONTH_CELLS``) hold whole calendar months and the undated
events. A date range ``[date_from, date_to]`` is the whole months inside it, answered from the stored
rows, plus at most two partial months at its ends, counted live over the events (dated ones only).
"""

import calendar
import dataclasses
import datetime

DateRange = tuple[datetime.date | None, datetime.date | None]
LAST_MONTH = 9999_12  # the key of the last month a date can fall in
ONE_DAY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class MonthSplit:
    """``stored``: the (date_from, date_to, undated) filter the stored months answer, whole months only;
    ``live``: the dated ranges left over, counted from the events."""

    stored: tuple[datetime.date | None, datetime.date | None, str]
    live: tuple[DateRange, ...]

    def month_keys(self) -> tuple[tuple[int, int] | None, bool]:
        """((first, last) month keys of the stored dated months, or None), and whether the undated are stored."""
        date_from, date_to, undated = self.stored
        if undated == "only":
            return None, True
        return (_key(date_from) if date_from else 1, _key(date_to) if date_to else LAST_MONTH), undated == "include"


def month_split(date_from, date_to, undated: str) -> MonthSplit | None:
    """The stored and live parts of a date filter, or None when the stored months answer none of it."""
    first = date_from if date_from is None or date_from.day == 1 else _next_month(date_from)
    last = date_to if date_to is None or _month_end(date_to) else date_to.replace(day=1) - ONE_DAY
    if (date_from and first is None) or (first and last and first > last):  # no whole month in the range
        return MonthSplit((None, None, "only"), ((date_from, date_to),)) if undated == "include" else None
    live = []
    if first and date_from != first:
        live.append((date_from, first - ONE_DAY))
    if last and date_to != last:
        live.append((last + ONE_DAY, date_to))
    return MonthSplit((first, last, undated), tuple(live))


def _key(day: datetime.date) -> int:
    return day.year * 100 + day.month


def _month_end(day: datetime.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _next_month(day: datetime.date) -> datetime.date | None:
    """The first day of the month after ``day``'s, or None past the last date there is."""
    if (day.year, day.month) == (datetime.MAXYEAR, 12):
        return None
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
