"""Top-level URLs: the guide pages at the root, the admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("practice.urls")),
    path("", include("guide.urls")),
]
