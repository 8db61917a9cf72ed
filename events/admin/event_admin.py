"""Events in the admin: the map form, citations inline, the review list and its actions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext, ngettext_lazy
from django.views.decorators.http import require_GET
from django_tasks import TaskResultStatus
from simple_history.admin import SimpleHistoryAdmin

from events import tasks
from events.admin import geocoder_views
from events.admin.filters import MissingCoordinatesFilter
from events.admin.forms import EventAdminForm
from events.admin.review_map import review_map_config
from events.fields import UnreadableValue
from events.models import Article, Citation, Event, Precision
from events.services import publishing, staff_edits
from events.services.countries import country_name
from events.services.dates import date_in_words
from events.services.locating import ALREADY_PLACED
from events.services.recovery import event_citations_restore

CANDIDATE_NAME_DISPLAY_LENGTH = 120
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

    class Media:
        css = {"all": ["events/css/admin_fit.css"]}  # the list and the form at 1280 px and on a tablet

    list_filter = ["status", "kind", "country_code", "geocode_status", MissingCoordinatesFilter]
    date_hierarchy = "date"
    search_fields = ["title", "place_name", "citations__article__title"]
    prepopulated_fields = {"key": ["title"]}
    actions = ["publish_selected", "unpublish_selected", "archive_selected", "locate_selected", "recompute_selected"]
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

    def changelist_view(self, request, extra_context=None):
        """The list with its events on a map above it (``review_map``)."""
        response = super().changelist_view(request, extra_context)
        change_list = getattr(response, "context_data", None) and response.context_data.get("cl")
        if change_list:  # not on a redirect (an action) or an error page
            response.context_data["review_map"] = review_map_config(change_list)
        return response

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
        neighbour = country_name(event.border_country) if event.border_country else gettext("unknown country")
        distance = number_format(event.border_distance_km, 1)
        return gettext("%(distance)s km (%(country)s)") % {"distance": distance, "country": neighbour}

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
        staff_edits.event_staff_edit(
            obj,
            status_changed="status" in form.changed_data,
            point_changed=form.point_changed,
            picked=form.cleaned_data.get("picked_candidate"),
        )
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
        staff_edits.event_staff_edit_saved(obj)

    # --- Bulk actions --------------------------------------------------------------

    def status_change(self, request, queryset, status, done):
        changed = publishing.events_status_change(queryset, status)
        self.message_user(request, done % {"count": changed}, messages.SUCCESS)

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
        """Geocode the events that have no point and recompute facts for all, in a background task."""
        ids = list(queryset.values_list("pk", flat=True))
        result = tasks.events_relocate_task.enqueue(ids)
        if not result.is_finished:  # a worker runs it (MAPPER_TASKS_INLINE=false)
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
        outcomes = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else {}
        ordered = sorted(outcomes.items(), key=lambda item: (item[0] == ALREADY_PLACED, item[0]))
        summary = ", ".join(f"{count} {label}" for label, count in ordered) or gettext("the geocoder failed")
        message = ngettext(
            "Re-geocoded %(count)d event: %(summary)s.",
            "Re-geocoded %(count)d events: %(summary)s.",
            sum(outcomes.values()),
        )
        self.message_user(request, message % {"count": sum(outcomes.values()), "summary": summary}, messages.INFO)

    @admin.action(
        description=gettext_lazy("Recompute border facts of selected events (in the background)"),
        permissions=["change"],
    )
    def recompute_selected(self, request, queryset):
        """Country, nearest border and distance recomputed by a task worker, as ``recompute_geometry`` does."""
        count = queryset.count()
        everything = count == Event.objects.count()  # "select all": no list of a million ids in the task row
        tasks.facts_recompute_task.enqueue(None if everything else list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "Recomputing the border facts of %(count)d event in the background; "
                "it shows in the event's history if it changes.",
                "Recomputing the border facts of %(count)d events in the background; "
                "each changed event shows it in its history.",
                count,
            )
            % {"count": count},
            messages.INFO,
        )


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
    if candidate.get("precision"):
        parts.append(Precision.label_of(candidate["precision"]))
    for label in ("feature_code", "source", "match"):
        if candidate.get(label):
            parts.append(f"{label} {candidate[label]}")
    if isinstance(candidate.get("population"), int) and candidate["population"]:
        parts.append(f"population {candidate['population']:,}")
    if isinstance(candidate.get("confidence"), int | float):
        parts.append(f"confidence {candidate['confidence']:.2f}")
    return " · ".join(parts)
