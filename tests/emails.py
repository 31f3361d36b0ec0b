"""Reading the messages Django's test outbox (``mail.outbox``) holds."""

from django.core.mail import EmailMessage, EmailMultiAlternatives


def html_of(message: EmailMessage) -> str:
    """The HTML alternative of a sent message.

    django-stubs type ``mail.outbox`` as plain ``EmailMessage``s and an alternative's
    content as text, bytes or a message: this says which one a test expects.
    """
    assert isinstance(message, EmailMultiAlternatives), "expected an HTML alternative"
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    assert isinstance(html, str)
    return html
