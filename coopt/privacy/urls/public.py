"""The person's own data page, outside the back office: /privacy/<token>/ (Y3)."""

from django.urls import path

from ..views import self_service as views

app_name = "privacy_self"
urlpatterns = [
    path("<str:token>/", views.page, name="page"),
    path("<str:token>/language/", views.language, name="language"),
    path("<str:token>/download/", views.download, name="download"),
    path("<str:token>/correct/", views.correct, name="correct"),
    path("<str:token>/erase/", views.erase, name="erase"),
    path("<str:token>/request/", views.other_request, name="request"),
]
