"""The "near the borders of" choices: the countries whose borders the matching events in view lie near.

Counted by the database over every matching event in the view (not only the ones the map draws as
single events), with the border filter itself left out, so that choosing one country still offers the
others in view.
"""

import dataclasses

from django.db.models import Count

from events.selectors import EventFilter, events_matching


def border_choices(params: EventFilter) -> dict:
    """``{"countries": [{"code": "UA", "count": 1234}, …]}``: each border country once, by code."""
    params = dataclasses.replace(params, near_border="", within_km=None, limit=None)
    rows = (
        events_matching(params)
        .exclude(border_country="")
        .values_list("border_country")
        .annotate(n=Count("pk"))
        .order_by("border_country")
    )
    return {"countries": [{"code": code, "count": n} for code, n in rows]}
