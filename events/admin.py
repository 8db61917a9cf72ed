"""Staff admin for articles, events, kinds and the gazetteer."""

from django.contrib import admin

from events.models import Article, Citation, Event, EventKind, Place


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 1
    autocomplete_fields = ["article"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on"]
    search_fields = ["title", "publisher", "url"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "colour", "icon", "order"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "place_name", "status", "date", "geocode_status"]
    list_filter = ["status", "kind", "geocode_status", "precision"]
    search_fields = ["title", "place_name", "citations__article__title"]
    inlines = [CitationInline]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country_code", "feature_code", "population", "source"]
    list_filter = ["source", "feature_class"]
    search_fields = ["name", "ascii_name"]
