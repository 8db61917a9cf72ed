"""Recompute the border facts of events (country, nearest land neighbour, distance to it).

After the boundary data changes, every stored fact may be stale. The facts themselves are
computed by ``events.services.geometry.events_facts_compute`` a batch at a time; this module
walks the events, keeps those whose facts changed, and saves them in one transaction with a
history row each and a fresh ``updated_at``. The ``recompute_geometry`` command, its
``--background`` mode and the admin action (both through ``events.tasks.facts_recompute_task``)
all call ``facts_recompute``.
"""

from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction

from events.models import Event
from events.services.geometry import events_facts_compute
from events.services.history import bulk_update_logged

FACT_FIELDS = ["country_code", "border_country", "border_distance_km", "border_zone"]
HISTORY_REASON = "Border facts recomputed"


@dataclass
class Recomputed:
    total: int = 0
    changed: list = field(default_factory=list)  # (pk, facts before, facts after)

    def summary(self, *, dry_run=False) -> str:
        verb = "would change" if dry_run else "changed"
        return f"{len(self.changed)} events {verb}, {self.total - len(self.changed)} unchanged."


def _facts(event):
    return [getattr(event, name) for name in FACT_FIELDS]


def facts_recompute(events=None, *, dry_run=False, batch_size=500, progress=None, user=None) -> Recomputed:
    """Recompute ``events`` (a queryset; every event when None); save the changed ones unless ``dry_run``.

    ``progress`` wraps the iterator of events (a tqdm bar on the command line). Only the fields
    the facts need are loaded: the history rows are copied from the saved rows.
    """
    events = (Event.objects.all() if events is None else events).order_by("pk")
    events = events.only("pk", "latitude", "longitude", "geometry", "country_hint", *FACT_FIELDS)
    result, stale = Recomputed(total=events.count()), []
    walk = events.iterator(chunk_size=batch_size)
    walk = iter(progress(walk, result.total) if progress else walk)
    while batch := list(islice(walk, batch_size)):
        before = [_facts(event) for event in batch]
        events_facts_compute(batch)
        for event, facts_before in zip(batch, before, strict=True):
            if _facts(event) != facts_before:
                stale.append(event)
                result.changed.append((event.pk, facts_before, _facts(event)))
    if not dry_run:
        with transaction.atomic():
            bulk_update_logged(stale, Event, FACT_FIELDS, reason=HISTORY_REASON, user=user, batch_size=batch_size)
    return result
