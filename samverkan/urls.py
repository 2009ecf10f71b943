from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from meetings import auth
from meetings.views import bench, health

urlpatterns = [
    path("health/", health.health, name="health"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (OpenID Connect); both answer 404 unless OIDC_ENABLED.
    path("oidc/authenticate/", auth.oidc_authenticate, name="oidc_authenticate"),
    path("oidc/callback/", auth.oidc_callback, name="oidc_callback"),
    path("admin/", admin.site.urls),
    path("", include("meetings.urls")),
]

if settings.BENCH_FLOOR_PAGE:
    # bench/load.py's floor: a login-required page with nothing but base.html.
    urlpatterns.insert(0, path("bench/floor/", bench.floor, name="bench_floor"))
