"""The audit log in the back office: /office/privacy/audit/ (Y4)."""

from django.urls import path

from . import views_audit

urlpatterns = [
    path("audit/", views_audit.audit_log, name="audit"),
    path("audit/export.csv", views_audit.audit_export, name="audit_export"),
]
