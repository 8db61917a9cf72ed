from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events map"

    def ready(self):
        # Registers system checks and admin modules (see SimpleAdminConfig in settings).
        import django.contrib.auth.admin  # noqa: F401

        from events import admin, checks  # noqa: F401
