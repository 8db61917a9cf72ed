"""Event kinds and the gazetteer: editors may look, only superusers change them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from events.models import EventKind, Place


class SuperuserManagedMixin:
    """Adding, changing and deleting are for superusers; others see read-only pages."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(EventKind)
class EventKindAdmin(SuperuserManagedMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "colour", "icon", "order"]
    search_fields = ["name", "slug"]


@admin.register(Place)
class PlaceAdmin(SuperuserManagedMixin, admin.ModelAdmin):
    list_display = ["name", "country_code", "feature_code", "population", "source"]
    list_filter = ["source", "feature_class", "country_code"]
    search_fields = ["name", "ascii_name"]
