"""The default event kinds: created when missing, never reset.

Staff rename and recolour kinds in the admin; ``make setup`` runs on every
``make run``, so it must add what is missing and leave the rest alone (a
``loaddata`` would overwrite their edits every time).
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from events.models import EventKind

DEFAULT_KINDS_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "event_kinds.json"
KIND_FIELDS = ("name", "colour", "icon", "order", "cue_words")


def default_kinds() -> list[dict]:
    """The default kinds as field dicts (slug, name, colour, icon, order, cue words) from the fixture file."""
    rows = json.loads(DEFAULT_KINDS_FILE.read_text(encoding="utf-8"))
    return [{"slug": row["fields"]["slug"], **{f: row["fields"][f] for f in KIND_FIELDS}} for row in rows]


def default_kinds_create(*, dry_run: bool = False) -> list[str]:
    """Create the default kinds that do not exist yet (by slug); returns their slugs. Existing ones are untouched."""
    existing = set(EventKind.objects.values_list("slug", flat=True))
    missing = [kind for kind in default_kinds() if kind["slug"] not in existing]
    if not dry_run:
        with transaction.atomic():
            for kind in missing:
                EventKind.objects.create(**kind)
    return [kind["slug"] for kind in missing]


# The shipped kinds' names, so that the catalogues translate them (locale/*/LC_MESSAGES/django.po).
# A kind staff created or renamed has no translation and is shown as they wrote it.
DEFAULT_KIND_NAMES = (
    gettext_noop("Military base"),
    gettext_noop("Drone sighting"),
    gettext_noop("Border village"),
    gettext_noop("Production site"),
    gettext_noop("Other"),
)


def kind_name(name: str) -> str:
    """A kind's name in the active language when it is a shipped name still as shipped, else as written."""
    return gettext(name) if name in DEFAULT_KIND_NAMES else name


def kinds_for_map() -> list[dict]:
    """The kinds as the map's legend, list and popups show them: slug, name (translated), colour, icon."""
    rows = EventKind.objects.values("slug", "name", "colour", "icon")
    return [row | {"name": kind_name(row["name"])} for row in rows]
