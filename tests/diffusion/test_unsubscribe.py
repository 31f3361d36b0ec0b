"""One-click unsubscribe (D3, RFC 8058): without signing in, at once, never on GET."""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from coopt.accounts.models import Membership
from coopt.diffusion import digest, sends
from coopt.diffusion.audience import AudienceSpec, counts
from coopt.diffusion.digest import catalogue as digest_catalogue
from coopt.diffusion.models import FeaturedJob
from coopt.diffusion.unsubscribe import unsubscribe_url
from coopt.taxonomy.models import Tag

from ..conftest import ACME_HOST, GLOBEX_HOST
from ..emails import html_of

pytestmark = pytest.mark.django_db
NEVER = Membership.DigestFrequency.NEVER


@pytest.fixture(autouse=True)
def _no_cached_catalogue() -> Iterator[None]:
    """A worker keeps a run's jobs for a while; test databases reuse run ids."""
    digest_catalogue._cache.clear()
    yield
    digest_catalogue._cache.clear()


def path_of(url: str) -> str:
    return urlsplit(url).path


def page_section(html: str) -> str:
    """The page's own content, without the header's language switch."""
    return html.split('data-testid="unsubscribe"', 1)[1].split("</section>", 1)[0]


def unsubscribed(member: Membership) -> bool:
    member.refresh_from_db()
    return not member.notify_targeted and member.digest_frequency == NEVER


def anonymous(host: str = ACME_HOST) -> Client:
    """A mail client or a browser with no cookie, whose CSRF token would be checked."""
    return Client(enforce_csrf_checks=True, HTTP_HOST=host)


def test_the_page_shows_one_button_and_changes_nothing(world):
    url = path_of(unsubscribe_url(member=world.member))
    response = anonymous().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    section = page_section(html)
    assert section.count("<button") == 1 and 'method="post"' in section
    assert "Unsubscribe from job e-mails" in html and "Acme" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not unsubscribed(world.member)


def test_the_button_unsubscribes_at_once_without_signing_in(world):
    url = path_of(unsubscribe_url(member=world.member))
    response = anonymous().post(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You are unsubscribed" in html
    assert 'href="/preferences/"' in html  # to subscribe again
    assert unsubscribed(world.member)
    # Only the member behind the link, only these two settings.
    world.expert.refresh_from_db()
    assert world.expert.notify_targeted and world.expert.digest_frequency != NEVER
    world.member.refresh_from_db()
    assert world.member.is_active


def test_a_mail_clients_one_click_post_unsubscribes(world):
    url = path_of(unsubscribe_url(member=world.member))
    response = anonymous().post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert unsubscribed(world.member)


def test_a_second_visit_says_it_is_done(world):
    url = path_of(unsubscribe_url(member=world.member))
    anonymous().post(url)
    html = anonymous().get(url).content.decode()
    assert "You are unsubscribed" in html and "<button" not in page_section(html)


def test_a_link_on_another_tenants_host_is_not_found(world):
    url = path_of(unsubscribe_url(member=world.member))
    assert anonymous(GLOBEX_HOST).get(url).status_code == 404
    assert anonymous(GLOBEX_HOST).post(url).status_code == 404
    assert not unsubscribed(world.member)
    # And a globex member's link does nothing on acme's host.
    outsider = path_of(unsubscribe_url(member=world.outsider_member))
    assert anonymous().post(outsider).status_code == 404
    assert not unsubscribed(world.outsider_member)


def test_a_tampered_link_is_not_found(world):
    url = path_of(unsubscribe_url(member=world.member))
    token = url.rstrip("/").rsplit("/", 1)[-1]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")  # the signature no longer fits
    assert anonymous().post(f"/unsubscribe/{forged}/").status_code == 404
    assert anonymous().get("/unsubscribe/not-a-token/").status_code == 404
    assert not unsubscribed(world.member)


def test_the_page_speaks_the_members_language_unless_they_chose_one(world):
    world.member.user.language = "fr"
    world.member.user.save()
    url = path_of(unsubscribe_url(member=world.member))
    assert '<html lang="fr">' in anonymous().get(url).content.decode()
    chooser = anonymous()
    chooser.cookies["django_language"] = "de"
    assert '<html lang="de">' in chooser.get(url).content.decode()


def test_the_link_in_a_targeted_email_works_end_to_end(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    world.member.interests.set([lyon])
    send = sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)
    sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    sends.send_batch(send_id=send.pk)
    (message,) = mail.outbox
    _check_email_links(message, world.member)
    # Unsubscribed members are out of the next targeted audience.
    assert counts(job=world.job, spec=AudienceSpec()).opted_out == 1


def test_the_link_in_a_digest_works_end_to_end(world):
    FeaturedJob.objects.create(tenant=world.acme, job=world.job)
    Membership.objects.filter(tenant=world.acme).exclude(pk=world.member.pk).update(
        digest_frequency=NEVER
    )
    run = digest.digest_start(tenant=world.acme, frequency="weekly", enqueue=False)
    digest.digest_batch(run_id=run.pk)
    (message,) = mail.outbox
    _check_email_links(message, world.member)


def _check_email_links(message: mail.EmailMessage, member: Membership) -> None:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    url = header[1:-1]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url in html_of(message)
    parts = urlsplit(url)
    client = anonymous(parts.hostname or "")
    assert client.get(parts.path).status_code == 200
    assert not unsubscribed(member)
    response = client.post(
        parts.path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert unsubscribed(member)
