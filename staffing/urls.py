from django.urls import path

from staffing import views, views_history, views_import

app_name = "staffing"

urlpatterns = [
    path("", views.staffing_index, name="index"),
    path("history/<slug:kind>/<int:pk>/", views_history.history, name="record-history"),
    path("<slug:slug>/", views.staffing_page, name="service"),
    path("<slug:slug>/posts/<str:year>/<str:kind>/", views.posts_grid, name="posts"),
    path("<slug:slug>/posts/<str:year>/<str:kind>/import/", views_import.import_posts, name="import"),
    path("<slug:slug>/posts/<str:year>/<str:kind>/history/", views.column_history, name="column-history"),
    path("<slug:slug>/post/<int:pk>/history/", views.post_history, name="post-history"),
]
