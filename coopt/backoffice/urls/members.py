"""Members, imports, invitations, roles, branding and e-mail templates."""

from django.urls import path

from ..views import members, outbox, settings

urlpatterns = [
    path("members/", members.members, name="members"),
    path("members/invite/", members.member_invite_view, name="member_invite"),
    path("members/import/", members.member_import, name="member_import"),
    path("members/import/confirm/", members.member_import_confirm, name="member_import_confirm"),
    path(
        "members/<int:membership_id>/deactivate/",
        members.member_deactivate,
        name="member_deactivate",
    ),
    path(
        "members/<int:membership_id>/reactivate/",
        members.member_reactivate,
        name="member_reactivate",
    ),
    path("members/<int:membership_id>/roles/", members.member_roles, name="member_roles"),
    path(
        "members/<int:membership_id>/invitation/",
        members.member_resend_invitation,
        name="member_resend_invitation",
    ),
    path("settings/delivery/", outbox.outbox, name="outbox"),
    path(
        "settings/delivery/<int:message_id>/retry/",
        outbox.outbox_retry,
        name="outbox_retry",
    ),
    path("settings/", settings.branding, name="settings"),
    path("settings/emails/", settings.email_templates, name="email_templates"),
    path(
        "settings/emails/<slug:key>/<slug:status>/<slug:language>/",
        settings.email_template_edit,
        name="email_template_edit",
    ),
]
