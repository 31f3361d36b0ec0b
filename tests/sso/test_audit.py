"""The audit log's two single sign-on actions, in words on the audit log page."""

from coopt.audit.models import AuditEvent
from coopt.privacy.audit_details import describe_details
from tests.conftest import World

from .oidc import enable_oidc


def test_saved_settings_read_as_the_protocol_the_state_and_the_fields(world: World) -> None:
    enable_oidc(world.acme, "https://login.acme.example")
    event = AuditEvent.objects.get(action=AuditEvent.Action.SSO_SETTINGS_SAVED)

    lines = describe_details(event)

    assert lines[:2] == ["OpenID Connect", "Single sign-on on"]
    assert lines[2].startswith("Changed: protocol, single sign-on enabled, issuer URL")
    assert "client secret" in lines[2]
    assert "a-long-client-secret" not in " ".join(lines)


def test_a_member_who_joined_reads_as_the_protocol(world: World) -> None:
    event = AuditEvent(
        tenant=world.acme,
        action=AuditEvent.Action.MEMBER_JOINED_BY_SSO,
        details={"protocol": "saml"},
    )
    assert describe_details(event) == ["SAML 2.0"]
