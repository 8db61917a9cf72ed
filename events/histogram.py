"""The timeline's histogram: counts of all matching events per day, month or year, the undated apart."""

import dataclasses
import datetime

from django.db.models import Aggregate, Count, Func, Max, Min, QuerySet, Sum, TextField

from events.day_index import UNDATED_DAY
from events.models import EventDay, EventKind
from events.selectors import EventFilter, events_matching

DAY_SPAN_MAX = 92  # days: up to about three months, one bar a day
MONTH_SPAN_MAX = 30 * 366  # days: up to thirty years, one bar a month; beyond, one a year
PREFIX_LENGTH = {"year": 4, "month": 7, "day": 10}  # of an ISO date
PG_FORMAT = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}


class DatePrefix(Func):
    """The ISO text of a date cut to the interval ("2024", "2024-05", "2024-05-31"), in SQL on both databases.

    SQLite stores dates as ISO text, so a prefix is a substring; Django's own Trunc functions would call
    Python once per row there."""

    output_field = TextField()

    def __init__(self, expression, interval: str):
        super().__init__(expression)
        self.interval = interval

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"to_char({sql}, '{PG_FORMAT[self.interval]}')", params
        return f"substr({sql}, 1, {PREFIX_LENGTH[self.interval]})", params


def histogram_interval(first: datetime.date | None, last: datetime.date | None) -> str:
    span = (last - first).days if first and last else 0
    return "day" if span <= DAY_SPAN_MAX else "month" if span <= MONTH_SPAN_MAX else "year"


def events_histogram(params: EventFilter) -> dict:
    """Counts over every event matching ``params`` except its dates (the histogram is where a range is picked).

    Over everything or some kinds, from the stored day counts (``events.day_index``); under any other
    filter, from the events themselves."""
    params = dataclasses.replace(params, date_from=None, date_to=None, undated="include")
    dated: QuerySet
    count: Aggregate
    if _stored_counts_apply(params):
        days = EventDay.objects.all()
        if params.kinds:
            days = days.filter(kind_id__in=EventKind.objects.filter(slug__in=params.kinds).values("pk"))
        dated, count, day = days.exclude(day=UNDATED_DAY), Sum("count"), "day"
        undated = days.filter(day=UNDATED_DAY).aggregate(n=Sum("count"))["n"] or 0
    else:
        dated, count, day = events_matching(params).filter(date__isnull=False), Count("pk"), "date"
        undated = events_matching(params).filter(date__isnull=True).count()
    span = dated.aggregate(first=Min(day), last=Max(day))
    interval = histogram_interval(span["first"], span["last"])
    counts = dict(
        dated.annotate(bucket=DatePrefix(day, interval)).values_list("bucket").annotate(n=count).order_by("bucket")
    )
    starts = _bucket_starts(span["first"], span["last"], interval) if counts else []
    return {
        "interval": interval,
        "buckets": [{"start": start.isoformat(), "count": counts.get(_prefix(start, interval), 0)} for start in starts],
        "undated": undated,
        "total": sum(counts.values()) + undated,
    }


def _stored_counts_apply(params: EventFilter) -> bool:
    """The day counts hold published events by kind: they answer when no other filter is set."""
    others = (params.ids, params.article, params.bbox, params.q, params.near_border, params.precisions)
    return not any(others) and params.within_km is None


def _prefix(start: datetime.date, interval: str) -> str:
    return start.isoformat()[: PREFIX_LENGTH[interval]]


def _bucket_starts(first: datetime.date, last: datetime.date, interval: str) -> list[datetime.date]:
    """Every bucket from the first date's to the last's, empty ones included, so the bars line up with time."""
    if interval == "day":
        return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    if interval == "year":
        return [datetime.date(year, 1, 1) for year in range(first.year, last.year + 1)]
    months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
    return [datetime.date(month // 12, month % 12 + 1, 1) for month in months]
