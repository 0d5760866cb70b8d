from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("settings/", views.preferences, name="preferences"),
    path("problems/", views.problems, name="problems"),
    path("history/<slug:kind>/<int:pk>/", views.history, name="record-history"),
]
