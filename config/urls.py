from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from partnership import two_factor, views_invitations

urlpatterns = [
    path(
        "sign-in/",
        login_not_required(auth_views.LoginView.as_view(template_name="registration/sign_in.html")),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-in/code/", two_factor.verify, name="two-factor-verify"),
    path("account/two-factor/", two_factor.setup, name="two-factor-setup"),
    path("invitations/<str:token>/", login_not_required(views_invitations.accept), name="invitation-accept"),
    path("admin/", admin.site.urls),
    path("", include("board.urls")),
    path("finance/", include("finance.urls")),
    path("staffing/", include("staffing.urls")),
    path("governance/", include("governance.urls")),
    path("reminders/", include("reminders.urls")),
    path("", include("partnership.urls")),
]

handler403 = "mkip.errors.permission_denied"
