"""Retention in the back office: /office/privacy/retention/ (Y2)."""

from django.urls import path

from ..views import retention as views

urlpatterns = [
    path("retention/", views.retention_settings, name="retention"),
    path("retention/purges/", views.purge_runs, name="purge_runs"),
    path("retention/purges/<int:run_id>/", views.purge_run, name="purge_run"),
    path("retention/hired.csv", views.hired_export, name="hired_export"),
]
