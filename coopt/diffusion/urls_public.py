"""Pages reached from solicitation e-mails, without signing in: /unsubscribe/<token>/ (D3)."""

from django.urls import path

from . import views_public as views

app_name = "diffusion_public"
urlpatterns = [
    path("<str:token>/", views.unsubscribe, name="unsubscribe"),
]
