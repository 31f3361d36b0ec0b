"""The outbox's MIME builder says what Django's would, and leaves Django the hard cases."""

import email
import email.message
import email.policy
from itertools import takewhile
from typing import Any

import pytest
from django.core.mail import EmailMultiAlternatives

from coopt.notifications.mime import OutboxEmail

from ..integration.smtp import text_and_html

TEXT = "Bonjour Zoé,\n\nUn poste pour vous : Développeur·se à Lyon.\n" + "Ligne longue " * 40
HTML = "<p>Bonjour Zoé, <a href='https://acme.example/jobs/1/'>Développeur·se</a></p>"
HEADERS = {
    "Message-ID": "<outbox.42@acme.example>",
    "List-Unsubscribe": "<https://acme.example/unsubscribe/" + "t" * 90 + "/>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def make(cls: type[EmailMultiAlternatives], **overrides: Any) -> EmailMultiAlternatives:
    fields = {
        "subject": "Nouveau poste pour vous : Développeur·se à Lyon, équipe « Ventes »",
        "body": TEXT,
        "from_email": "Acmé Recrutement <noreply@acme.example>",
        "to": ["zoe@example.org"],
        "headers": HEADERS,
        **overrides,
    }
    message = cls(**fields)
    if HTML is not None:
        message.attach_alternative(HTML, "text/html")
    return message


def parsed(message: EmailMultiAlternatives) -> email.message.EmailMessage:
    raw = message.message(policy=email.policy.SMTP).as_bytes()
    return email.message_from_bytes(raw, policy=email.policy.default)


def what_a_reader_sees(message: email.message.EmailMessage) -> dict[str, object]:
    names = ("Subject", "From", "To", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post")
    text, html = text_and_html(message)
    return {
        **{name: str(message[name]) for name in names},
        "text": text,
        "html": html,
        "date": message["Date"] is not None,
    }


def test_it_reads_as_djangos_message():
    ours, djangos = parsed(make(OutboxEmail)), parsed(make(EmailMultiAlternatives))

    assert what_a_reader_sees(ours) == what_a_reader_sees(djangos)
    assert ours["From"].addresses[0].display_name == "Acmé Recrutement"


def test_it_is_written_for_smtp():
    raw = make(OutboxEmail).message(policy=email.policy.SMTP).as_bytes()

    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # every line ends in CRLF
    assert max(len(line) for line in lines) <= 998
    subject = lines.index(next(line for line in lines if line.startswith(b"Subject:")))
    following = takewhile(lambda line: line[:1] == b" ", lines[subject + 1 :])
    folded = [lines[subject], *following]
    assert len(folded) > 1 and max(map(len, folded)) <= 78  # encoded words fold as usual
    assert raw.isascii()
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw
    assert raw.count(b"Content-Transfer-Encoding: quoted-printable") == 2
    assert b"Bonjour Zo=C3=A9," in raw  # readable as it travels


def test_a_text_only_message_is_one_part():
    message = OutboxEmail(
        subject="Plain", body="Hello", from_email="noreply@acme.example", to=["a@example.org"]
    )

    found = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)

    assert found.get_content_type() == "text/plain"
    assert found.get_content().splitlines() == ["Hello"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"to": ["zoé@exemple.fr"]},  # an internationalised address
        {"to": ["a@example.org", "b@example.org"]},
        {"headers": {**HEADERS, "X-Note": "café"}},
        {"cc": ["c@example.org"]},
    ],
)
def test_anything_else_is_left_to_django(overrides):
    built = make(OutboxEmail, **overrides).message()

    assert isinstance(built, email.message.EmailMessage)  # Django's modern builder


def test_a_line_break_in_a_header_is_refused_as_django_refuses_it():
    message = make(OutboxEmail, headers={**HEADERS, "X-Bad": "one\r\nBcc: x@evil.example"})

    with pytest.raises(ValueError, match="linefeed|newline|carriage"):
        message.message()
