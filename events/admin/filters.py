"""Change-list filters for the review workflow."""

from django.contrib import admin
from django.db.models import Q


class MissingCoordinatesFilter(admin.SimpleListFilter):
    """Events with no point: the ones still to place (or placed only as a line/area)."""

    title = "coordinates"
    parameter_name = "coordinates"

    def lookups(self, request, model_admin):
        return [("missing", "Missing coordinates"), ("present", "Has coordinates")]

    def queryset(self, request, queryset):
        missing = Q(latitude__isnull=True) | Q(longitude__isnull=True)
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "present":
            return queryset.exclude(missing)
        return queryset
