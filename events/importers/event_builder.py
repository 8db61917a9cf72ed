"""Events built through the positional path of ``Model.__init__``, for the import's million rows.

Django's keyword constructor looks up every one of the event's fields among the keywords and
computes its default, for each row; in the two passes of a large import that was about a fifth
of the work (bench/import_speed.py). Given values in field order, ``Model.__init__`` only sets
the attributes (the path Django itself takes for rows read from the database). The defaults
are computed once, except callable ones (``dict``, ``list``), made anew for each event so that
no two events share one.
"""

from events.models import Event

_FIELDS = Event._meta.concrete_fields
_INDEX = {field.name: n for n, field in enumerate(_FIELDS)}
_FRESH = [(n, field.default) for n, field in enumerate(_FIELDS) if field.has_default() and callable(field.default)]
_DEFAULTS = [None if (n, field.default) in _FRESH else field.get_default() for n, field in enumerate(_FIELDS)]


def event_build(kind, **values) -> Event:
    """``Event(kind=kind, **values)``, faster; ``values`` name concrete fields other than ``kind``."""
    args = _DEFAULTS.copy()
    for n, make in _FRESH:
        args[n] = make()
    for name, value in values.items():
        args[_INDEX[name]] = value
    event = Event(*args)  # type: ignore[misc]  # the stubs type positional values as the first field (id)
    event.kind = kind  # through the descriptor, as the keyword constructor does: it caches the kind
    return event
