"""The default event kinds: created when missing, never reset.

Staff rename and recolour kinds in the admin; ``make setup`` runs on every
``make run``, so it must add what is missing and leave the rest alone (a
``loaddata`` would overwrite their edits every time).
"""

import json
from pathlib import Path

from django.db import transaction

from events.models import EventKind

DEFAULT_KINDS_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "event_kinds.json"
KIND_FIELDS = ("name", "colour", "icon", "order")


def default_kinds() -> list[dict]:
    """The default kinds as field dicts (slug, name, colour, icon, order) from the fixture file."""
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
