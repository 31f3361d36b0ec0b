"""The admin's job feed pages, under /office/integrations/feeds/."""

from django.urls import path

from .. import views

app_name = "integrations"
urlpatterns = [
    path("", views.sources, name="sources"),
    path("new/", views.source_create, name="source_create"),
    path("<int:source_id>/", views.source_edit, name="source"),
    path("<int:source_id>/delete/", views.source_delete, name="source_delete"),
    path("<int:source_id>/run/", views.source_run, name="source_run"),
    path("<int:source_id>/upload/", views.source_upload, name="upload"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("names/", views.names, name="names"),
    path("names/<int:mapping_id>/", views.name_map, name="name_map"),
    path("public-feed/", views.feed_settings, name="feed_settings"),
]
