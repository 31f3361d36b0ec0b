"""Data subject requests in the back office: /office/privacy/requests/ (Y3)."""

from django.urls import path

from ..views import requests as views

urlpatterns = [
    path("requests/", views.requests_list, name="requests"),
    path(
        "requests/<int:request_id>/close/",
        views.request_close,
        name="request_close",
    ),
]
