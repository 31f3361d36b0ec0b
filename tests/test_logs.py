"""No e-mail address, token or CV content in application logs (Y4)."""

import io
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.urls import reverse

from coopt.lib.logging import GunicornLogger, MaskPersonalData, mask

from . import factories as f

CONSENT_TOKEN = "Zq8x_Rk2-LmN4pQ7sT9vW1yA3bC5dE6f"  # the shape of secrets.token_urlsafe(24)


def masked_output(*records: tuple[str, tuple[object, ...]]) -> str:
    """What a handler with the filter writes for these (message, args) records."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalData())
    logger = logging.getLogger("tests.logs.masked")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for message, args in records:
            logger.warning(message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


# The filter ----------------------------------------------------------------------------------


def test_it_masks_an_email_in_the_message_and_in_the_arguments():
    output = masked_output(
        ("Sent to jane.doe+jobs@example.org", ()),
        ("Sent to %s for %s", ("grace@acme.test", "job 4")),
        ("Search ?q=ada%40acme.test", ()),
    )
    assert "@" not in output and "%40" not in output
    assert output.count("[e-mail]") == 3
    assert "for job 4" in output


@pytest.mark.parametrize(
    ("path", "token"),
    [
        (f"/c/{CONSENT_TOKEN}/", CONSENT_TOKEN),
        (f"/privacy/{CONSENT_TOKEN}/download/", CONSENT_TOKEN),
        ("/invitation/eyJtIjozLCJ0IjoxfQ:1vAbCd:Xy/", "eyJtIjozLCJ0IjoxfQ:1vAbCd:Xy"),
        ("/s/Ab12Cd34Ef56Gh78/", "Ab12Cd34Ef56Gh78"),
        ("/accounts/password/reset/key/1-ab3def-0123456789abcdef/", "1-ab3def"),
    ],
)
def test_it_masks_the_token_in_a_link_path(path, token):
    output = masked_output(("Not Found: %s", (path,)), ('"GET %s HTTP/1.1" 404 179', (path,)))
    assert token not in output
    assert output.count("/…/") == 2


def test_it_masks_share_tokens_in_query_strings_and_other_long_secrets():
    output = masked_output(
        ("GET /p/jobs/4/?ref=Ab12Cd34Ef56Gh78&lang=fr", ()),
        ("signed value %s", ("eyJtIjozLCJ0IjoxfQ-x9Yz8Wv7Ut6Sr5Qp4On3Ml2Kj1",)),
    )
    assert "Ab12Cd34Ef56Gh78" not in output
    assert "?ref=…&lang=fr" in output
    assert "eyJtIjozLCJ0IjoxfQ" not in output
    assert "[token]" in output


def test_it_keeps_normal_text():
    lines = [
        "Outbound e-mail 42 not sent (attempt 3): SMTPServerDisconnected",
        "Task coopt.notifications.tasks.deliver_email[1b4e28ba-2fa1-11d2-883f-0016d3cca427]"
        " succeeded in 0.01s: 'sent'",
        '"GET /office/candidates/12/ HTTP/1.1" 200 5120',
        "SynchronousOnlyOperation in coopt_notifications_outboundemail",
        "Broker unavailable; outbound e-mail 7 left to the relay",
    ]
    output = masked_output(*((line, ()) for line in lines))
    assert output.splitlines() == lines


def test_it_masks_an_exception_message_in_the_traceback():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalData())
    logger = logging.getLogger("tests.logs.exception")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("recipient refused: jane@example.org")
        except ValueError:
            logger.exception("Relaying outbound e-mail %s failed", 5)
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "jane@example.org" not in output
    assert "ValueError: recipient refused: [e-mail]" in output
    assert "Relaying outbound e-mail 5 failed" in output


def test_a_record_is_masked_once_and_never_dropped():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "to %s", ("a@b.example",), None)
    log_filter = MaskPersonalData()
    assert log_filter.filter(record) is True
    assert log_filter.filter(record) is True
    assert record.getMessage() == "to [e-mail]"


def test_mask_leaves_empty_text_alone():
    assert mask("") == ""


def test_the_console_handler_of_the_settings_carries_the_filter():
    assert any(
        isinstance(log_filter, MaskPersonalData)
        for handler in logging.getLogger().handlers
        for log_filter in handler.filters
    )
    # Django's own loggers write through it, not through handlers of their own.
    for name in ("django", "django.request", "django.server"):
        logger = logging.getLogger(name)
        assert logger.handlers == []
        assert logger.propagate


# Real requests -------------------------------------------------------------------------------


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the settings' console handler writes during the test."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler)
        and any(isinstance(log_filter, MaskPersonalData) for log_filter in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.fixture
def server() -> Iterator[str]:
    """Django's development server (the one that writes django.server logs) on a free port."""
    httpd = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    httpd.set_app(WSGIHandler())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def wait_for(stream: io.StringIO, *texts: str, timeout: float = 10.0) -> str:
    """The server logs a request once its answer is sent: wait for the lines."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not all(t in stream.getvalue() for t in texts):
        time.sleep(0.02)
    return stream.getvalue()


def get(base: str, path: str) -> int:
    request = urllib.request.Request(base + path, headers={"Host": "acme.localhost"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - local server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_a_real_request_to_a_consent_link_logs_no_token(world, server, console, caplog):
    caplog.set_level(logging.INFO)
    referral = f.refer(referrer=world.member, job=world.job)
    path = f.consent_path(referral)
    token = path.split("/")[2]
    assert get(server, path) == 200
    assert get(server, reverse("referrals:consent", args=[CONSENT_TOKEN])) == 404
    assert get(server, f"/privacy/{CONSENT_TOKEN}/") == 404
    expected = (
        '"GET /c/…/ HTTP/1.1" 200',  # django.server
        "Not Found: /c/…/",  # django.request
        '"GET /c/…/ HTTP/1.1" 404',
        '"GET /privacy/…/ HTTP/1.1" 404',
    )
    output = wait_for(console, *expected)
    for line in expected:
        assert line in output
    for secret in (token, CONSENT_TOKEN):
        assert secret not in output
        assert secret not in caplog.text
    assert {r.name for r in caplog.records} >= {"django.server", "django.request"}


@pytest.mark.django_db(transaction=True)
def test_a_real_request_with_an_email_in_it_logs_no_email(world, server, console):
    """A sign-in posted without its CSRF cookie: Django logs the 403 and the request line."""
    request = urllib.request.Request(  # noqa: S310 - a local server
        server + "/accounts/login/?next=/office/&email=member%40acme.test",
        data=b"login=member%40acme.test&password=wrong",
        headers={"Host": "acme.localhost"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=20)  # noqa: S310 - local server
    assert refused.value.code == 403
    output = wait_for(console, '"POST /accounts/login/', "Forbidden (CSRF")
    assert '"POST /accounts/login/?next=/office/&email=… HTTP/1.1" 403' in output
    assert "Forbidden (CSRF" in output
    assert "member%40acme.test" not in output and "member@acme.test" not in output


# Gunicorn ------------------------------------------------------------------------------------


def test_gunicorns_access_log_is_masked(capsys):
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/c/{CONSENT_TOKEN}/?email=jane%40example.org",
        "PATH_INFO": f"/c/{CONSENT_TOKEN}/",
        "QUERY_STRING": "email=jane%40example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": f"https://acme.example.com/invitation/{CONSENT_TOKEN}/",
        "HTTP_USER_AGENT": "curl/8",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12))
    line = capsys.readouterr().out
    assert '"GET /c/…/?email=… HTTP/1.1" 200 512' in line
    assert '"https://acme.example.com/invitation/…/"' in line
    assert CONSENT_TOKEN not in line and "jane" not in line


def test_the_procfile_runs_gunicorn_with_the_masking_logger():
    from pathlib import Path

    procfile = (Path(__file__).resolve().parents[1] / "Procfile").read_text()
    web = next(line for line in procfile.splitlines() if line.startswith("web:"))
    assert "--logger-class coopt.lib.logging.GunicornLogger" in web
