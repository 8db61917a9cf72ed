from django.urls import path

from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("api/events/", views.events_api, name="events-api"),
    path("feeds/events/", feeds.events_feed, name="events-feed"),
    path("articles/<slug:slug>/", views.article_page, name="article"),
    path("events/<int:pk>/", views.event_page, name="event"),
]
