"""Staff admin: events placed on a map, articles and their citations, review and import.

Imported by ``EventsConfig.ready()`` (the project uses SimpleAdminConfig, so
nothing is autodiscovered); each module registers its own ModelAdmins.
"""

from events.admin import article_admin, event_admin, reference_admin  # noqa: F401
