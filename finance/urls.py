from django.urls import path

from finance import views, views_history, views_plan

app_name = "finance"

urlpatterns = [
    path("", views.partnership_finance, name="partnership"),
    path("services/<slug:slug>/", views.service_finance, name="service"),
    path("history/<slug:kind>/<int:pk>/", views_history.history, name="record-history"),
    path("services/<slug:slug>/capital-pot/approve/", views.capital_spend, name="capital-spend"),
    path("services/<slug:slug>/savings-plan/", views_plan.savings_plan, name="savings-plan"),
    path("services/<slug:slug>/savings-plan/edit/", views_plan.savings_plan_edit, name="savings-plan-edit"),
    path("services/<slug:slug>/savings-plan/delivered/", views_plan.delivered_saving, name="delivered-saving"),
    path("services/<slug:slug>/<str:code>/<str:programme>/", views.grid, name="grid"),
    path("services/<slug:slug>/<str:code>/<str:programme>/import/", views.grid_import, name="import"),
    path("services/<slug:slug>/<str:code>/<str:programme>/history/", views.grid_history, name="history"),
]
