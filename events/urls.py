from django.urls import path
from django.views.decorators.cache import cache_control

from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("api/events/", views.events_api, name="events-api"),
    path("api/events/list/", views.events_list_api, name="events-list-api"),
    path("api/events/histogram/", views.events_histogram_api, name="events-histogram-api"),
    path("feeds/events/", feeds.events_feed, name="events-feed"),
    # Boundary data changes only with a release, so clients and proxies may keep it for a day.
    path("api/borders/", cache_control(public=True, max_age=86400)(views.borders_api), name="borders-api"),
    path("api/countries/", cache_control(public=True, max_age=86400)(views.countries_api), name="countries-api"),
    path("articles/<slug:slug>/", views.article_page, name="article"),
    path("events/<int:pk>/", views.event_page, name="event"),
]
