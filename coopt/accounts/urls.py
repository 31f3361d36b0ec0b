from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("welcome/", views.onboarding, name="onboarding"),
    path("preferences/", views.preferences, name="preferences"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
