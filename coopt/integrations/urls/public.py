"""The tenant's public job feed (X4), mounted at the root."""

from django.urls import path

from .. import views

app_name = "integrations_public"
urlpatterns = [
    path("jobs/feed.xml", views.jobs_feed, name="feed"),
]
