"""The recruiter's diffusion pages, under /office/diffusion/."""

from django.urls import path

from ..views import office

app_name = "diffusion"
urlpatterns = [
    path("jobs/<int:job_id>/send/", office.audience_editor, name="editor"),
    path("jobs/<int:job_id>/feature/", office.feature, name="feature"),
    path("sends/", office.send_list, name="sends"),
    path("sends/<int:send_id>/", office.send_detail, name="send"),
    path("sends/<int:send_id>/stop/", office.stop, name="stop"),
    path("settings/", office.cap_settings, name="settings"),
]
