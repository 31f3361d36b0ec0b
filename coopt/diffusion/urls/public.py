"""Pages reached from solicitation e-mails, without signing in: /unsubscribe/<token>/ (D3)."""

from django.urls import path

from ..views import unsubscribe

app_name = "diffusion_public"
urlpatterns = [
    path("<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
