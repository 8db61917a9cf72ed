from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Mapper staff"
admin.site.site_title = "Mapper"
admin.site.index_title = "Articles, events and places"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin): answer, never 404.
    path("favicon.ico", RedirectView.as_view(url=static("events/favicon.svg"), permanent=True)),
    path("", include("events.urls")),
]
