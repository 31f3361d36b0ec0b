"""The network operator's qualification queue and actions (N3)."""

from django.urls import path

from ..views import qualification

urlpatterns = [
    path("qualification/", qualification.queue, name="qualification_queue"),
    path(
        "candidates/<int:referral_id>/qualification/",
        qualification.assess,
        name="qualification_assess",
    ),
    path(
        "candidates/<int:referral_id>/qualification/assign/",
        qualification.assign,
        name="qualification_assign",
    ),
    path(
        "candidates/<int:referral_id>/qualification/forward/",
        qualification.forward,
        name="qualification_forward",
    ),
    path(
        "candidates/<int:referral_id>/qualification/decline/",
        qualification.decline,
        name="qualification_decline",
    ),
]
