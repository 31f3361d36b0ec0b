"""One-click unsubscribe from solicitation e-mails (D3, RFC 8058).

Every targeted e-mail and digest carries a signed link to the member's own
unsubscribe page, in the body and in the ``List-Unsubscribe`` header, with
``List-Unsubscribe-Post`` so that mail clients can unsubscribe with one POST and
no sign-in. The token names the membership; it does not expire, as an old e-mail
must still let its reader leave.
"""

from django.core import signing
from django.urls import reverse

from coopt.accounts.models import Membership

SALT = "coopt.diffusion.unsubscribe"
NEVER = Membership.DigestFrequency.NEVER


class InvalidToken(Exception):
    """Tampered with, or made for another tenant."""


def unsubscribe_token(*, member_id: int, tenant_id: int) -> str:
    return signing.dumps({"m": member_id, "t": tenant_id}, salt=SALT)


def unsubscribe_url(*, member: Membership) -> str:
    token = unsubscribe_token(member_id=member.pk, tenant_id=member.tenant_id)
    return member.tenant.absolute_url(reverse("diffusion_public:unsubscribe", args=[token]))


def unsubscribe_headers(*, url: str) -> dict[str, str]:
    """The RFC 8058 headers for a message whose unsubscribe link is ``url``."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def member_id_from_token(*, token: str, tenant_id: int) -> int:
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise InvalidToken from error
    if not isinstance(payload, dict) or payload.get("t") != tenant_id:
        raise InvalidToken
    return int(payload["m"])


def is_unsubscribed(member: Membership) -> bool:
    """Neither targeted e-mails nor digests: the page says it is already done."""
    return not member.notify_targeted and member.digest_frequency == NEVER


def member_unsubscribe(*, member: Membership) -> None:
    """No more targeted e-mails and no more digests, at once."""
    Membership.objects.filter(pk=member.pk).update(notify_targeted=False, digest_frequency=NEVER)
