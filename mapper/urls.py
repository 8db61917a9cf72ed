from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Mapper staff"
admin.site.site_title = "Mapper"
admin.site.index_title = "Articles, events and places"

urlpatterns = [
    # First: the map and its API are most of the requests, and none of their paths starts like the others.
    path("", include("events.urls")),
    path("admin/", admin.site.urls),
    # set_language: the language switcher's form posts here; the choice is kept in a cookie.
    path("i18n/", include("django.conf.urls.i18n")),
]
