"""The links e-mailed to a referred person carry random tokens that reveal nothing, kept in
the database as their hash only; the consent, download and erase flows still work through them."""

import base64
import binascii
import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from coopt.privacy.purge import purge_all_tenants
from coopt.referrals.models import Consent, LinkToken, Referral
from coopt.referrals.self_service_links import MAX_AGE
from coopt.referrals.services import (
    ReferralData,
    consent_confirm,
    referral_erase_personal_data,
    referral_submit,
)

from .. import factories as f
from ..conftest import World
from ..emails import consent_tokens_in, html_of, privacy_tokens_in
from .requests_helpers import anonymous

pytestmark = pytest.mark.django_db

JANE = "jane.doe@example.org"


def _refer_jane(world: World, capture) -> tuple[Referral, mail.EmailMessage]:
    """Jane referred through the real service; the consent e-mail as the outbox sent it."""
    data = ReferralData(
        first_name="Jane",
        last_name="Doe",
        email=JANE,
        relationship="Colleague",
        motivation="Sharp",
    )
    with capture(execute=True):
        referral = referral_submit(member=world.member, job=world.job, data=data)
    [message] = [m for m in mail.outbox if JANE in m.to]
    return referral, message


def _decodings(token: str) -> list[bytes]:
    """Every way a reader might try to decode the token (base64, padded or not, URL-safe)."""
    found = []
    for part in token.replace(":", ".").split("."):
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                found.append(decode(part + "=" * (-len(part) % 4)))
            except (binascii.Error, ValueError):
                continue
    return found


@pytest.fixture
def sent(world: World, django_capture_on_commit_callbacks) -> tuple[Referral, mail.EmailMessage]:
    return _refer_jane(world, django_capture_on_commit_callbacks)


def test_the_tokens_in_the_email_decode_to_nothing_personal(sent):
    _referral, message = sent
    text = message.body + html_of(message)
    tokens = consent_tokens_in(text) + privacy_tokens_in(text)
    assert len(set(consent_tokens_in(text))) == 1 and len(set(privacy_tokens_in(text))) == 1
    for token in tokens:
        assert len(token) >= 43  # 32 random bytes
        assert ":" not in token  # no signed payload
        for decoded in _decodings(token):
            lowered = decoded.lower()
            # Words of at least four bytes: random bytes hold a lone "@" one time in eight.
            for personal in (b"jane", b"doe@", b"@example", b"example"):
                assert personal not in lowered


def test_the_database_holds_only_the_hash_of_each_token(sent):
    referral, message = sent
    [consent] = set(consent_tokens_in(message.body))
    [privacy] = set(privacy_tokens_in(message.body))
    rows = LinkToken.objects.filter(tenant=referral.tenant)
    assert {row.token_hash for row in rows} == {
        hashlib.sha256(consent.encode()).hexdigest(),
        hashlib.sha256(privacy.encode()).hexdigest(),
    }
    # No table keeps the token itself (the outbox keeps the message until it is erased).
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table == "notifications_outboundemail":
                continue
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) IN (%s, %s)',  # noqa: S608
                    [consent, privacy],
                )
                assert cursor.fetchone()[0] == 0, f"{table}.{column}"


def test_the_consent_link_of_the_email_confirms(world, sent):
    referral, message = sent
    [token] = set(consent_tokens_in(message.body))
    client = anonymous(world.acme)
    assert client.get(f"/c/{token}/").status_code == 200
    response = client.post(f"/c/{token}/", {"answer": "confirm"})
    assert response.status_code in (200, 302)
    referral.refresh_from_db()
    assert referral.consent == Consent.CONFIRMED


def test_the_data_page_link_of_the_email_downloads_then_erases(world, sent):
    referral, message = sent
    [token] = set(privacy_tokens_in(message.body))
    client = anonymous(world.acme)
    page = client.get(f"/privacy/{token}/")
    assert page.status_code == 200 and "Jane" in page.content.decode()
    download = client.post(f"/privacy/{token}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    erased = client.post(f"/privacy/{token}/erase/")
    assert erased.status_code == 200
    referral.refresh_from_db()
    assert referral.personal_data_deleted_at is not None
    assert not LinkToken.objects.filter(purpose=LinkToken.Purpose.SELF_SERVICE).exists()
    assert client.get(f"/privacy/{token}/").status_code == 404


def test_another_tenants_host_cannot_open_either_link(world, sent):
    referral, message = sent
    [consent] = set(consent_tokens_in(message.body))
    [privacy] = set(privacy_tokens_in(message.body))
    other = anonymous(world.globex)
    assert other.get(f"/c/{consent}/").status_code == 404
    assert other.post(f"/c/{consent}/", {"answer": "decline"}).status_code == 404
    assert other.get(f"/privacy/{privacy}/").status_code == 404
    assert other.post(f"/privacy/{privacy}/erase/").status_code == 404
    referral.refresh_from_db()
    assert referral.consent == Consent.AWAITING and referral.personal_data_deleted_at is None


def test_an_unknown_consent_link_is_a_translated_404(world):
    response = anonymous(world.acme).get("/c/" + "A" * 43 + "/", headers={"accept-language": "fr"})
    assert response.status_code == 404
    assert response["Content-Language"] == "fr"


def test_an_unknown_data_page_link_is_a_clear_page_not_an_error(world):
    response = anonymous(world.acme).get("/privacy/" + "A" * 43 + "/")
    assert response.status_code == 404
    assert 'data-testid="link-refused"' in response.content.decode()


def test_the_purge_deletes_the_rows_of_expired_links(world, sent):
    referral, _message = sent
    consent_confirm(referral=referral)  # an open referral: the purge keeps its data
    assert LinkToken.objects.filter(purpose=LinkToken.Purpose.SELF_SERVICE).count() == 1
    with time_machine.travel(timezone.now() + MAX_AGE + timedelta(days=1)):
        purge_all_tenants()
    assert not LinkToken.objects.filter(purpose=LinkToken.Purpose.SELF_SERVICE).exists()
    # The consent link has no expiry of its own: the page closes by itself.
    assert LinkToken.objects.filter(referral=referral).exists()
    referral.refresh_from_db()
    assert referral.personal_data_deleted_at is None


def test_erasing_a_referral_erases_the_persons_links_once_nothing_of_theirs_is_held(world, sent):
    referral, _message = sent
    second = f.make_job(world.acme, author=world.recruiter.user, title="Field engineer")
    other = f.refer(referrer=world.member, job=second, email=JANE)
    held = LinkToken.objects.filter(tenant=world.acme, email_key=JANE)
    assert held.count() == 2
    referral_erase_personal_data(referral=referral)
    assert held.count() == 2  # her other referral is still held: its links still open
    referral_erase_personal_data(referral=other)
    assert not held.exists()
