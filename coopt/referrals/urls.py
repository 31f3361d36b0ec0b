from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("jobs/<int:job_id>/recommend/", views.recommend, name="recommend"),
    path("jobs/<int:job_id>/apply/", views.apply_internal, name="apply_internal"),
    path("me/", views.dashboard, name="dashboard"),
    path("c/<str:token>/", views.consent, name="consent"),
]
