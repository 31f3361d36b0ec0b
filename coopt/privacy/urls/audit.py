"""The audit log in the back office: /office/privacy/audit/ (Y4)."""

from django.urls import path

from ..views import audit as views

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
]
