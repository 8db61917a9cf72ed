"""System checks: configuration that would fail later fails loudly at start."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

KNOWN_GEOCODERS = {"gazetteer", "nominatim"}


@register(deploy=True)
def secret_key_check(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the built-in development key.",
                hint="Set the SECRET_KEY environment variable to a long random string.",
                id="mapper.E010",
            )
        ]
    return []


@register()
def geocoder_settings_check(app_configs, **kwargs):
    problems = []
    unknown = [name for name in settings.MAPPER_GEOCODERS if name not in KNOWN_GEOCODERS]
    if unknown:
        problems.append(
            Error(
                f"MAPPER_GEOCODERS names unknown providers: {', '.join(unknown)}.",
                hint=f"Use a comma-separated list of: {', '.join(sorted(KNOWN_GEOCODERS))}.",
                id="mapper.E001",
            )
        )
    if "nominatim" in settings.MAPPER_GEOCODERS:
        agent = settings.MAPPER_GEOCODER_USER_AGENT
        if not agent or "geopy" in agent.lower() or "@" not in agent and "http" not in agent:
            problems.append(
                Warning(
                    "Nominatim is enabled without a user agent that names the app and a contact.",
                    hint='Set MAPPER_GEOCODER_USER_AGENT, e.g. "mapper/1.0 (newsroom@example.org)".',
                    id="mapper.W001",
                )
            )
    if not 0 < settings.MAPPER_GEOCODE_MIN_CONFIDENCE <= 1:
        problems.append(
            Error(
                "MAPPER_GEOCODE_MIN_CONFIDENCE must be above 0 and at most 1.",
                hint="0.6 pins names the gazetteer is sure of and leaves the rest for review.",
                id="mapper.E002",
            )
        )
    if settings.MAPPER_GEOCODER_TIMEOUT <= 0 or settings.MAPPER_NOMINATIM_SCHEME not in ("http", "https"):
        problems.append(
            Error(
                "MAPPER_GEOCODER_TIMEOUT must be positive and MAPPER_NOMINATIM_SCHEME http or https.",
                id="mapper.E003",
            )
        )
    return problems


# SQLite's WAL needs shared memory that network file systems do not provide (hostile-inputs row 34).
NETWORK_FILE_SYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "fuse.sshfs"}
MOUNTS = Path("/proc/mounts")


def file_system_of(path: Path, mounts_text: str) -> str:
    """The type of the file system ``path`` lives on, from /proc/mounts text (the longest mount point wins)."""
    best, best_type = "", ""
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        inside = str(path) == mount_point or str(path).startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, fields[2]
    return best_type


@register(deploy=True)
def sqlite_on_local_disk_check(app_configs, **kwargs):
    if not MOUNTS.exists():  # not Linux: nothing to read the mounts from
        return []
    return sqlite_storage_problems(settings.DATABASES["default"], MOUNTS.read_text())


def sqlite_storage_problems(database: dict, mounts_text: str) -> list:
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return []
    path = Path(database["NAME"]).resolve()
    kind = file_system_of(path, mounts_text)
    if kind in NETWORK_FILE_SYSTEMS:
        return [
            Error(
                f"The SQLite database {path} is on a network file system ({kind}): WAL locking does not work there.",
                hint="Keep db.sqlite3 on a local disk, or use PostgreSQL through DATABASE_URL.",
                id="mapper.E020",
            )
        ]
    return []
