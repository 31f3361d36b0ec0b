"""The client companies of a network, in the back office (N2)."""

from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("", views.clients, name="list"),
    path("new/", views.client_create, name="create"),
    path("<int:client_id>/", views.client_edit, name="edit"),
    path("<int:client_id>/invite/", views.client_recruiter_invite_view, name="invite"),
    path("<int:client_id>/jobs/import/", views.client_job_import, name="job_import"),
]
