"""The test client's response, for annotations.

django-stubs types what ``Client.get()`` and ``post()`` return as ``_MonkeyPatchedWSGIResponse``:
an ``HttpResponse`` with ``context``, ``templates``, ``wsgi_request`` and ``json()``. That class
exists only in the stubs, so at run time the name stands for ``HttpResponse``.
"""

from typing import TYPE_CHECKING

from django.http import StreamingHttpResponse

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    from django.http import HttpResponse as Response

__all__ = ["Response", "streamed"]


def streamed(response: Response) -> bytes:
    """The whole body of a streaming response (a file, an export): the stubs type what the
    client returns as a plain response."""
    assert isinstance(response, StreamingHttpResponse), "expected a streaming response"
    return response.getvalue()
