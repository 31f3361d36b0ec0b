"""The recruiter's diffusion pages, under /office/diffusion/."""

from django.urls import path

from . import views

app_name = "diffusion"
urlpatterns = [
    path("jobs/<int:job_id>/send/", views.audience_editor, name="editor"),
    path("jobs/<int:job_id>/feature/", views.feature, name="feature"),
    path("sends/", views.send_list, name="sends"),
    path("sends/<int:send_id>/", views.send_detail, name="send"),
    path("sends/<int:send_id>/stop/", views.stop, name="stop"),
    path("settings/", views.cap_settings, name="settings"),
]
