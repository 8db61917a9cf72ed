from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events map")

    def ready(self):
        # Registers system checks and admin modules (see SimpleAdminConfig in settings).
        import django.contrib.auth.admin  # noqa: F401

        from events import admin, checks, settings_checks  # noqa: F401
        from events.services.data_version import data_version_signals_connect

        data_version_signals_connect()
        post_migrate.connect(cache_tables_after_migrate, sender=self)
        post_migrate.connect(derived_tables_after_migrate, dispatch_uid="events-derived-tables")


def cache_tables_after_migrate(using, verbosity=1, **kwargs):
    """Every ``migrate`` (make setup, a deployment, the test database) also creates the database cache tables.

    Idempotent; a no-op when CACHE_URL points at Redis. Data may have changed, so the data version moves on.
    """
    from events.services.data_version import data_version_bump

    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
    data_version_bump()


def derived_tables_after_migrate(app_config, using, **kwargs):
    """After migrate or flush: the search index and the cluster counts exist, with the triggers that keep them.

    Not in a migration: SQLite drops a table's triggers whenever a later migration rebuilds the table.
    """
    if app_config.label != "events":
        return
    from django.db import connections

    from events.cell_index import cell_index_ensure
    from events.day_index import day_index_ensure
    from events.text_search import search_index_ensure

    search_index_ensure(connections[using])
    cell_index_ensure(connections[using])
    day_index_ensure(connections[using])
