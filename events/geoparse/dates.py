"""When a sentence says something happened, relative to the article's date.

Returns ``(date, precision)`` with precision ``day``, ``month`` or ``year``, or None:
"on Sunday", "yesterday" (day); "last week", "last month", "in March" (month);
"last year", "in 2024" (year); "on 12 March 2024" (day). Without the article's date
only dates that carry their year are read. Vague words ("recently") and dates after
the article's ("would start in 2027": a plan) give None: a date is never guessed. Nor does a
date without its year in a sentence about the future ("would be tested in March", "will open
on Monday", "the decision could be taken in June"): whether it is the last March or the next,
the sentence reports a plan.
"""

import re
from datetime import date, timedelta

from events.geoparse.lexicon import MONTHS, WEEKDAYS

_MONTH_NUMBER = {name: index % 12 + 1 for index, name in enumerate(MONTHS[:12])} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = "|".join(WEEKDAYS)
_PATTERNS = [
    ("day_month_year", re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)),
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I)),
    ("month_year", re.compile(rf"\b(?:in|since|during|early|late|mid-?)\s+{_MONTH}(?:\s+{_YEAR})?\b", re.I)),
    ("weekday", re.compile(r"\b(?:on|last|this past|late on|early on)\s+(?P<weekday>" + _WEEKDAY + r")\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("today", re.compile(r"\b(?:today|this morning|tonight|this afternoon|this evening)\b", re.I)),
    ("last_week", re.compile(r"\blast week\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("last_year", re.compile(r"\blast year\b", re.I)),
    ("year", re.compile(rf"\bin\s+{_YEAR}\b", re.I)),
]  # fmt: skip


_FUTURE = re.compile(
    r"\b(?:will|would|could|might|shall|going to|plans? to|planned|expected to|set to|due to|scheduled|next)\b", re.I
)


def _month_back(published: date, month: int) -> int:
    """The year of the latest such month not after the article's."""
    return published.year if month <= published.month else published.year - 1


def date_in(sentence: str, published_on: date | None) -> tuple[date, str] | None:
    """The first date the sentence states, as (date, precision), or None."""
    for name, pattern in _PATTERNS:
        match = pattern.search(sentence)
        if match is None:
            continue
        found = _reading(name, match, published_on)
        if found is not None and not match.groupdict().get("year") and name != "year" and _FUTURE.search(sentence):
            return None  # "would be tested in March": a plan, whichever March
        if found is not None and published_on is not None and found[0] > published_on:
            return None  # "production would start in 2027" is a plan, not when something happened
        if found is not None:
            return found
    return None


def _reading(name, match, published):  # noqa: PLR0911 (one return per wording)
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    month = _MONTH_NUMBER.get((groups.get("month") or "").casefold())
    if name in ("day_month_year", "month_day_year"):
        day = int(groups["day"])
        year = year or (published and _month_back(published, month))
        if not year:
            return None
        try:
            return date(year, month, day), "day"
        except ValueError:
            return None
    if name == "month_year":
        year = year or (published and _month_back(published, month))
        return (date(year, month, 1), "month") if year else None
    if name == "year":
        return date(year, 1, 1), "year"
    if published is None:
        return None
    if name == "weekday":
        back = (published.weekday() - WEEKDAYS.index(groups["weekday"].casefold())) % 7
        return published - timedelta(days=back), "day"
    if name == "yesterday":
        return published - timedelta(days=1), "day"
    if name == "today":
        return published, "day"
    if name == "last_week":
        return (published - timedelta(days=7)).replace(day=1), "month"
    if name == "last_month":
        return (published.replace(day=1) - timedelta(days=1)).replace(day=1), "month"
    return date(published.year - 1, 1, 1), "year"
