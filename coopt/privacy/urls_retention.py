"""Retention in the back office: /office/privacy/retention/ (Y2)."""

from django.urls import path

from . import views_retention

urlpatterns = [
    path("retention/", views_retention.retention_settings, name="retention"),
    path("retention/purges/", views_retention.purge_runs, name="purge_runs"),
    path("retention/purges/<int:run_id>/", views_retention.purge_run, name="purge_run"),
    path("retention/hired.csv", views_retention.hired_export, name="hired_export"),
]
