from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Mapper staff"
admin.site.site_title = "Mapper"
admin.site.index_title = "Articles, events and places"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("events.urls")),
]
