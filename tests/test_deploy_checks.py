"""The deploy check refuses a SQLite database on a network file system (hostile-inputs row 34)."""

from events import checks

MOUNTS = "\n".join(
    [
        "/dev/sda1 / ext4 rw,relatime 0 0",
        "server:/export /mnt/share nfs4 rw,relatime 0 0",
        "//nas/maps /srv/my\\040maps cifs rw 0 0",
    ]
)


def test_the_file_system_is_that_of_the_longest_mount_point():
    assert checks.file_system_of(checks.Path("/mnt/share/mapper/db.sqlite3"), MOUNTS) == "nfs4"
    assert checks.file_system_of(checks.Path("/srv/my maps/db.sqlite3"), MOUNTS) == "cifs"
    assert checks.file_system_of(checks.Path("/mnt/shared/db.sqlite3"), MOUNTS) == "ext4"  # a prefix, not inside


SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/mnt/share/mapper/db.sqlite3"}


def test_a_database_on_nfs_is_a_deploy_error():
    [error] = checks.sqlite_storage_problems(SQLITE, MOUNTS)
    assert error.id == "mapper.E020" and "network file system (nfs4)" in error.msg


def test_a_database_on_a_local_disk_or_postgresql_passes():
    assert checks.sqlite_storage_problems(SQLITE | {"NAME": "/var/lib/mapper/db.sqlite3"}, MOUNTS) == []
    assert checks.sqlite_storage_problems({"ENGINE": "django.db.backends.postgresql", "NAME": "mapper"}, MOUNTS) == []


def test_the_check_reads_this_machines_mounts_without_complaint():
    assert checks.sqlite_on_local_disk_check(None) == []  # the test database is on a local disk
