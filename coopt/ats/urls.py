"""The admin's ATS pages, under /office/ats/."""

from django.urls import path

from . import views

app_name = "ats"
urlpatterns = [
    path("", views.connection_page, name="connection"),
    path("test/", views.test, name="test"),
    path("sync/", views.sync, name="sync"),
    path("jobs/link/", views.job_link_view, name="job_link"),
    path("candidates/<int:link_id>/retry/", views.retry, name="retry"),
]
