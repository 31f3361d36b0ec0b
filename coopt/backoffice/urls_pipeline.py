"""Jobs, pipeline, candidates and reminders."""

from django.urls import path

from .views import pipeline

urlpatterns = [
    path("", pipeline.home, name="home"),
    path("candidates/<int:referral_id>/", pipeline.candidate, name="candidate"),
]
