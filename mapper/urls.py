from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Mapper staff"
admin.site.site_title = "Mapper"
admin.site.index_title = "Articles, events and places"

urlpatterns = [
    path("admin/", admin.site.urls),
    # set_language: the language switcher's form posts here; the choice is kept in a cookie.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("events.urls")),
]
