from django.http import HttpResponse
from django.urls import include, path

from guide.models import Guide


def baseline(request):
    """The floor every page is compared with: Django's full stack and one query."""
    return HttpResponse(str(Guide.objects.count()), content_type="text/plain")


urlpatterns = [path("bench/baseline", baseline), path("", include("config.urls"))]
