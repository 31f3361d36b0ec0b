"""Rendering a batch's digests: the frame once per language, the offers once, the same
e-mail as the templates rendered for each member."""

from datetime import UTC, datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from coopt.diffusion.digest import render as digest_render
from coopt.diffusion.digest.catalogue import DigestJob
from coopt.diffusion.digest.content import Offer
from coopt.diffusion.digest.render import DigestRenderer, fill, marker
from coopt.diffusion.explain import explanation
from coopt.diffusion.matching import Reasons

from .. import factories as f

pytestmark = pytest.mark.django_db
LINKS = {
    "tenant_url": "http://acme.localhost",
    "board_url": "http://acme.localhost/jobs/",
    "preferences_url": "http://acme.localhost/account/preferences/",
}
PUBLISHED = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def offers() -> list[Offer]:
    featured = DigestJob(
        pk=7, title="Head of R&D <Lyon>", published_at=PUBLISHED, featured=True,
        locations=[(1, "Lyon"), (2, "Paris")],
    )  # fmt: skip
    plain = DigestJob(pk=8, title="Sales lead", published_at=PUBLISHED, locations=[(1, "Lyon")])
    return [
        Offer(job=featured, reasons=Reasons()),
        Offer(job=plain, reasons=Reasons(locations=["Lyon"], family="Sales")),
    ]


def rendered_directly(
    renderer: DigestRenderer, *, first_name: str, unsubscribe_url: str, language: str
) -> tuple[str, str, str]:
    """The templates rendered for one member, without any marker."""
    with translation.override(language):
        items = []
        for offer in offers():
            item = {
                "title": offer.job.title,
                "url": LINKS["tenant_url"] + offer.job.path,
                "locations": ", ".join(name for _pk, name in offer.job.locations),
                "featured": offer.job.featured,
                "why": explanation(offer.reasons),
            }
            ctx = {**renderer.context(language=language), "offer": item}
            items.append(
                (
                    render_to_string("emails/job-digest-offer.txt", ctx).strip(),
                    render_to_string("emails/job-digest-offer.html", ctx),
                )
            )
        ctx = {
            **renderer.context(language=language),
            "first_name": first_name,
            "unsubscribe_url": unsubscribe_url,
            "offers_text": "\n\n".join(text for text, _html in items),
            "offers_html": mark_safe("".join(html for _text, html in items)),  # noqa: S308
            "count": len(items),
        }
        return (
            " ".join(render_to_string("emails/job-digest-subject.txt", ctx).split()),
            render_to_string("emails/job-digest-body-text.txt", ctx).strip(),
            render_to_string("emails/job-digest-body-html.html", ctx),
        )


@pytest.mark.parametrize("language", ["fr", "de", "en"])
@pytest.mark.parametrize(
    "first_name",
    ["Zoé", 'Jean-Marc "JM" <O\'Neil> & Co', "", marker("offers"), marker("unsubscribe_url")],
)
def test_each_digest_is_the_templates_rendered_for_its_member(language, first_name):
    renderer = DigestRenderer(tenant=f.make_tenant("acme"), links=LINKS)
    url = "http://acme.localhost/unsubscribe/abc:def/?a=1&b=2"
    email, notice = renderer.render(
        first_name=first_name, unsubscribe_url=url, offers=offers(), language=language
    )
    subject, text, html = rendered_directly(
        renderer, first_name=first_name, unsubscribe_url=url, language=language
    )
    assert (email.subject, email.text, email.html) == (subject, text, html)
    assert "\ue000" not in email.text.replace(first_name, "")
    assert "\ue000" not in email.html.replace(first_name, "")
    with translation.override(language):
        assert notice == translation.ngettext(
            "%(count)s new job for you in your digest",
            "%(count)s new jobs for you in your digest",
            2,
        ) % {"count": 2}


def test_the_html_part_escapes_the_member_the_text_part_does_not():
    renderer = DigestRenderer(tenant=f.make_tenant("acme"), links=LINKS)
    email, _notice = renderer.render(
        first_name="Ann & <Bob>", unsubscribe_url="http://x/?a=1&b=2", offers=offers(),
        language="en",
    )  # fmt: skip
    assert "Hello Ann &amp; &lt;Bob&gt;," in email.html
    assert 'href="http://x/?a=1&amp;b=2"' in email.html
    assert "Head of R&amp;D &lt;Lyon&gt;" in email.html
    assert email.text.startswith("Hello Ann & <Bob>,")
    assert "http://x/?a=1&b=2" in email.text and "- Head of R&D <Lyon> (Featured)" in email.text
    assert "Why you: You follow Lyon and Sales\n  http://acme.localhost/jobs/8/" in email.text


def test_an_offer_is_rendered_once_per_language_and_reasons_and_kept_for_the_next_batch():
    kept: dict[object, object] = {}
    tenant = f.make_tenant("acme")
    first = DigestRenderer(tenant=tenant, links=LINKS, rendered=kept)
    for name in ("Ann", "Bob"):
        first.render(first_name=name, unsubscribe_url="u", offers=offers(), language="fr")
    assert len(kept) == 2  # two offers, each rendered once for both members
    first.render(first_name="Cid", unsubscribe_url="u", offers=offers(), language="de")
    assert len(kept) == 4
    other_reasons = [Offer(job=offers()[1].job, reasons=Reasons(locations=["Lyon"]))]
    first.render(first_name="Dan", unsubscribe_url="u", offers=other_reasons, language="fr")
    assert len(kept) == 5
    # The next batch's renderer finds them.
    second = DigestRenderer(tenant=tenant, links=LINKS, rendered=kept)
    email, _notice = second.render(
        first_name="Eve", unsubscribe_url="u", offers=offers(), language="fr"
    )
    assert len(kept) == 5 and "Sales lead" in email.html


def test_the_kept_offers_are_bounded(monkeypatch):
    monkeypatch.setattr(digest_render, "MAX_RENDERED_OFFERS", 1)
    kept: dict[object, object] = {}
    renderer = DigestRenderer(tenant=f.make_tenant("acme"), links=LINKS, rendered=kept)
    email, _notice = renderer.render(
        first_name="Ann", unsubscribe_url="u", offers=offers(), language="en"
    )
    assert len(kept) == 1
    assert "Head of R&amp;D" in email.html and "Sales lead" in email.html


def test_fill_reads_each_marker_once():
    frame = f"a {marker('first_name')} b {marker('offers')}"
    filled = fill(frame, first_name=marker("offers"), offers="X")
    assert filled == f"a {marker('offers')} b X"
