"""Top-level URLs: the guide pages at the root, the admin at /admin/."""

from django.contrib import admin
from django.urls import include, path, register_converter

from common.converters import IdConverter

from .health import healthz

register_converter(IdConverter, "id")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("practice.urls")),
    path("", include("guide.urls")),
]
