"""The back office's token pages, under /office/api/ (admins only). The API itself is
mounted at /api/v1/ (``coopt.api.api``)."""

from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/new/", views.token_new, name="token_new"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
]
