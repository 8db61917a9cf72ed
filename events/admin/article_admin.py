"""Articles in the admin: the events they report, "add event" from an article, and importing files."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from events.admin.article_text_view import article_from_text_view
from events.admin.import_view import REQUIRED_PERMISSIONS, import_job_view, import_upload_view
from events.models import Article, Citation, HttpURLField


class ArticleCitationInline(admin.TabularInline):
    model = Citation
    fields = ["event", "event_status", "quote"]
    readonly_fields = ["event_status"]
    autocomplete_fields = ["event"]
    extra = 0
    show_change_link = True
    verbose_name = "event cited"
    verbose_name_plural = "events reported by this article"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    @admin.display(description="status")
    def event_status(self, citation):
        return citation.event.get_status_display() if citation.event_id else None


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "published_on", "language"]
    list_filter = ["publisher", "language"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["add_event_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "url", "publisher", "published_on", "language", "country_hint"]}),
        ("Text", {"fields": ["text"]}),
        ("Events", {"fields": ["add_event_link"]}),
    ]
    inlines = [ArticleCitationInline]
    formfield_overrides = {HttpURLField: {"assume_scheme": "https"}}  # Django 6's default, asked for now

    @admin.display(description="new event")
    def add_event_link(self, article):
        if not article.pk:
            return "Save the article first, then add the events it reports."
        url = reverse(f"{self.admin_site.name}:events_event_add")
        return format_html(
            '<a class="addlink" href="{}?article={}">Add an event citing this article</a>', url, article.pk
        )

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # articles come back from their history if deleted by mistake

    def get_urls(self):
        upload = self.admin_site.admin_view(lambda request: import_upload_view(self, request))
        job = self.admin_site.admin_view(lambda request, job_id: import_job_view(self, request, job_id))
        from_text = self.admin_site.admin_view(lambda request: article_from_text_view(self, request))
        return [
            path("import/", upload, name="events_article_import"),
            path("import/<int:job_id>/", job, name="events_import_job"),
            path("from-text/", from_text, name="events_article_from_text"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_import": request.user.has_perms(REQUIRED_PERMISSIONS), **(extra_context or {})}
        return super().changelist_view(request, extra_context)
