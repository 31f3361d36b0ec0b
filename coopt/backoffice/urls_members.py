"""Members, imports, invitations, roles, branding and e-mail templates."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
