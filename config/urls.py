from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from inventory.views.accessibility import statement
from inventory.views.language import set_language
from logistics.urls import home_urlpatterns
from logistics.views.sign_out import LogoutView

urlpatterns = [
    *home_urlpatterns,
    path("", include("logistics.urls")),
    path("", include("inventory.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accessibility/", statement, name="accessibility"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]
