from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("companies/new/", views.tenant_new, name="tenant_new"),
    path("companies/<int:tenant_id>/suspend/", views.suspend, name="suspend"),
    path("companies/<int:tenant_id>/reactivate/", views.reactivate, name="reactivate"),
]
