from django.urls import path

from . import views

app_name = "tenants"
urlpatterns = [
    path("brand/logo", views.logo, name="logo"),
    path("brand/favicon", views.favicon, name="favicon"),
]
