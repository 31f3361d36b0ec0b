"""Data subject requests in the back office: /office/privacy/requests/ (Y3)."""

from django.urls import path

from . import views_requests

urlpatterns = [
    path("requests/", views_requests.requests_list, name="requests"),
    path(
        "requests/<int:request_id>/close/",
        views_requests.request_close,
        name="request_close",
    ),
]
