"""Events in the admin: the map form, citations inline, the review list and its actions."""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext, ngettext_lazy
from django.views.decorators.http import require_GET
from simple_history.admin import SimpleHistoryAdmin

from events import tasks
from events.admin import geocoder_views
from events.admin.filters import MissingCoordinatesFilter
from events.admin.forms import EventAdminForm
from events.fields import UnreadableValue
from events.models import Article, Citation, Event
from events.services import publishing
from events.services.countries import country_name
from events.services.dates import date_in_words
from events.services.locating import ALREADY_PLACED, event_locate, event_needs_geocoding, events_relocate
from events.services.recovery import event_citations_restore

CANDIDATE_NAME_DISPLAY_LENGTH = 120
RELOCATE_INLINE_MAX = 200  # more selected events are re-geocoded by a background task
# What a bulk status action says it did, whole sentences for the translations.
STATUS_CHANGED = {
    "published": ngettext_lazy("Published %(count)d event.", "Published %(count)d events.", "count"),
    "unpublished": ngettext_lazy("Unpublished %(count)d event.", "Unpublished %(count)d events.", "count"),
    "archived": ngettext_lazy("Archived %(count)d event.", "Archived %(count)d events.", "count"),
}


class CitationInline(admin.TabularInline):
    model = Citation
    fields = ["article", "quote"]
    extra = 1
    autocomplete_fields = ["article"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    form = EventAdminForm
    inlines = [CitationInline]
    list_display = [
        "title",
        "kind",
        "place_name",
        "status",
        "date_known",
        "country",
        "border_distance",
        "geocode_status",
    ]
    list_select_related = ["kind"]
    list_filter = ["status", "kind", "country_code", "geocode_status", MissingCoordinatesFilter]
    date_hierarchy = "date"
    search_fields = ["title", "place_name", "citations__article__title"]
    prepopulated_fields = {"key": ["title"]}
    actions = ["publish_selected", "unpublish_selected", "archive_selected", "locate_selected"]
    readonly_fields = [
        "published_at",
        "geocode_source",
        "geocode_confidence",
        "geocode_reason",
        "geocode_candidates_text",
        "geocoded_at",
        "country_code",
        "border_country",
        "border_distance_km",
        "source_dataset",
        "source_id",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["title", "key", "kind", "status", "published_at", "description", ("date", "date_precision")]},
        ),
        (
            "Location",
            {
                "fields": [
                    "place_name",
                    "country_hint",
                    "location_map",
                    ("latitude", "longitude"),
                    "precision",
                    "geometry",
                    "picked_candidate",
                ]
            },
        ),
        (
            "Geocoding",
            {
                "fields": [
                    "geocode_status",
                    "geocode_source",
                    "geocode_confidence",
                    "geocode_reason",
                    "geocode_candidates_text",
                    "geocoded_at",
                ]
            },
        ),
        ("Computed facts", {"fields": ["country_code", "border_country", "border_distance_km"]}),
        ("Attributes", {"fields": ["attributes"]}),
        ("Source", {"fields": ["source_dataset", "source_id"]}),
    ]

    # --- URLs: the map's JSON views ------------------------------------------------

    def get_urls(self):
        def guarded(view):
            """Staff with change_event only (admin_view does login, staff and CSRF); GET only."""

            def wrapper(request):
                if not self.has_change_permission(request):
                    raise PermissionDenied
                return view(request)

            return self.admin_site.admin_view(require_GET(wrapper))

        return [
            path("geocode/", guarded(geocoder_views.place_search_json), name="events_event_geocode"),
            path("reverse/", guarded(geocoder_views.place_reverse_json), name="events_event_reverse"),
            *super().get_urls(),
        ]

    # --- Permissions ---------------------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        # Deleting is for superusers only; a deleted event is restored from its history.
        return request.user.is_superuser

    # --- Display -------------------------------------------------------------------

    @admin.display(description=gettext_lazy("date"), ordering="date")
    def date_known(self, event):
        """As precisely as it is known: "March 2025", never 1 March."""
        return date_in_words(event.date, event.date_precision) if event.date else None

    @admin.display(description=gettext_lazy("country"), ordering="country_code")
    def country(self, event):
        return f"{country_name(event.country_code)} ({event.country_code})" if event.country_code else None

    @admin.display(description=gettext_lazy("border"), ordering="border_distance_km")
    def border_distance(self, event):
        if event.border_distance_km is None:
            return None
        neighbour = country_name(event.border_country) if event.border_country else "?"
        return f"{event.border_distance_km:.1f} km ({neighbour})"

    @admin.display(description=gettext_lazy("stored candidates"))
    def geocode_candidates_text(self, event):
        """The geocoder's candidates as plain lines of text (the admin escapes them)."""
        if isinstance(event.geocode_candidates, UnreadableValue):
            return gettext("The stored candidates cannot be shown: they %(reason)s") % {
                "reason": event.geocode_candidates.reason
            }
        return "\n".join(candidate_line(n, c) for n, c in enumerate(event.geocode_candidates or [], 1)) or None

    # --- Adding an event from an article --------------------------------------------

    def article_from_request(self, request):
        try:
            return Article.objects.get(pk=int(request.GET.get("article", "")))
        except (ValueError, Article.DoesNotExist):
            return None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop("article", None)
        article = self.article_from_request(request)
        if article and article.country_hint:
            initial.setdefault("country_hint", article.country_hint)
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CitationInline) and request.method == "GET" and obj.pk is None:
            article = self.article_from_request(request)
            if article:
                kwargs["initial"] = [{"article": article.pk}]
        return kwargs

    # --- Saving --------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        obj.staff_edited = True
        if "status" in form.changed_data:
            publishing.event_status_apply(obj, obj.status)
        if form.point_changed:
            point_origin_record(obj, form.cleaned_data.get("picked_candidate"))
        needs_geocoder = event_needs_geocoding(obj)
        if not needs_geocoder:
            event_locate(obj)  # facts only: no geocoder, nothing slow inside the admin's transaction
        recovered = change and not Event.objects.filter(pk=obj.pk).exists()  # reverted from history after a delete
        super().save_model(request, obj, form, change)
        if recovered:
            restored = event_citations_restore(obj)
            message = ngettext(
                "Recovered the deleted event and %(count)d of its citations.",
                "Recovered the deleted event and %(count)d of its citations.",
                restored,
            )
            self.message_user(request, message % {"count": restored})
        if needs_geocoder:
            # Geocoding may go online: do it after the admin's transaction commits.
            transaction.on_commit(partial(event_locate_and_save, obj.pk))

    # --- Bulk actions --------------------------------------------------------------

    def status_change(self, request, queryset, status, done):
        events = list(queryset)
        for event in events:
            publishing.event_status_apply(event, status)
            event.save(update_fields=["status", "published_at", "updated_at"])
        self.message_user(request, done % {"count": len(events)}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Publish selected events"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self.status_change(request, queryset, Event.Status.PUBLISHED, STATUS_CHANGED["published"])

    @admin.action(description=gettext_lazy("Unpublish selected events (back to draft)"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self.status_change(request, queryset, Event.Status.DRAFT, STATUS_CHANGED["unpublished"])

    @admin.action(description=gettext_lazy("Archive selected events"), permissions=["change"])
    def archive_selected(self, request, queryset):
        self.status_change(request, queryset, Event.Status.ARCHIVED, STATUS_CHANGED["archived"])

    @admin.action(
        description=gettext_lazy("Re-geocode selected events and recompute their facts"), permissions=["change"]
    )
    def locate_selected(self, request, queryset):
        """Geocode the events that have no point; recompute facts for all. Large selections go to a worker."""
        if queryset.count() > RELOCATE_INLINE_MAX:
            ids = list(queryset.values_list("pk", flat=True))
            tasks.events_relocate_task.enqueue(ids)
            self.message_user(
                request,
                ngettext(
                    "Re-geocoding %(count)d event in the background; its status shows the outcome as it goes.",
                    "Re-geocoding %(count)d events in the background; their status shows the outcome as it goes.",
                    len(ids),
                )
                % {"count": len(ids)},
                messages.INFO,
            )
            return
        outcomes = events_relocate(queryset)
        ordered = sorted(outcomes.items(), key=lambda item: (item[0] == ALREADY_PLACED, item[0]))
        summary = ", ".join(f"{count} {label}" for label, count in ordered)
        message = ngettext(
            "Re-geocoded %(count)d event: %(summary)s.",
            "Re-geocoded %(count)d events: %(summary)s.",
            sum(outcomes.values()),
        )
        self.message_user(request, message % {"count": sum(outcomes.values()), "summary": summary}, messages.INFO)


def point_origin_record(event, picked):
    """Record where a changed point came from: a picked geocoder candidate, or a hand edit."""
    if not event.has_point:
        event.geocode_status = Event.GeocodeStatus.PENDING
        event.geocode_source, event.geocode_confidence = "", None
        return
    if picked:
        event.geocode_status = Event.GeocodeStatus.OK
        event.geocode_source, event.geocode_confidence = picked["source"], picked["confidence"]
    else:
        event.geocode_status = Event.GeocodeStatus.MANUAL
        event.geocode_source, event.geocode_confidence = "staff", None
    event.geocode_reason = ""
    event.geocoded_at = timezone.now()


def event_locate_and_save(event_pk):
    event = Event.objects.filter(pk=event_pk).first()
    if event is None or not event_needs_geocoding(event):
        return
    event_locate(event)
    event._change_reason = "Located by the geocoder after a staff edit"
    event.save()


def candidate_line(number, candidate) -> str:
    if not isinstance(candidate, dict):
        return f"{number}. {str(candidate)[:CANDIDATE_NAME_DISPLAY_LENGTH]}"
    name = str(candidate.get("name", "?"))
    if len(name) > CANDIDATE_NAME_DISPLAY_LENGTH:
        name = name[:CANDIDATE_NAME_DISPLAY_LENGTH] + "…"
    parts = [f"{number}. {name}"]
    if candidate.get("country_code"):
        parts[0] += f" ({candidate['country_code']})"
    if candidate.get("latitude") is not None and candidate.get("longitude") is not None:
        parts.append(f"{candidate['latitude']}, {candidate['longitude']}")
    for label in ("precision", "feature_code", "source", "match"):
        if candidate.get(label):
            parts.append(f"{label} {candidate[label]}")
    if isinstance(candidate.get("population"), int) and candidate["population"]:
        parts.append(f"population {candidate['population']:,}")
    if isinstance(candidate.get("confidence"), int | float):
        parts.append(f"confidence {candidate['confidence']:.2f}")
    return " · ".join(parts)
