"""The test client's response, for annotations.

django-stubs types what ``Client.get()`` and ``post()`` return as ``_MonkeyPatchedWSGIResponse``:
an ``HttpResponse`` with ``context``, ``templates``, ``wsgi_request`` and ``json()``. That class
exists only in the stubs, so at run time the name stands for ``HttpResponse``.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    from django.http import HttpResponse as Response

__all__ = ["Response"]
