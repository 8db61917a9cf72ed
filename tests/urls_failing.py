"""The real URLs plus one view that raises, to see what users get on a bug."""

from django.urls import path

from mapper.urls import urlpatterns as real_urlpatterns


def failing_view(request):
    raise RuntimeError("boom: SECRET internal detail")


urlpatterns = [path("boom/", failing_view), *real_urlpatterns]
