"""The logo of a client company, beside its jobs (N2): on the network's host, for members
and visitors when the company is not confidential; a confidential company's logo only for
the operator's staff and the company's own recruiters."""

from django.urls import path

from . import views

app_name = "client_logos"
urlpatterns = [
    path("brand/clients/<int:client_id>/logo", views.client_logo, name="logo"),
]
