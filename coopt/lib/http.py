"""Small helpers for views: what a form was posted with, where to go back, which page."""

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.http import url_has_allowed_host_and_scheme


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data of a POST, even an empty one; None for a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    """The uploaded files of a POST, even none; None for a GET."""
    return request.FILES if request.method == "POST" else None


def safe_next(request: HttpRequest) -> str:
    """The ``next`` field of a form, when it points back into this site; "" otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def querystring_without_page(request: HttpRequest) -> str:
    """The current query string minus ``page``, ready for partials/pagination.html."""
    query = request.GET.copy()
    query.pop("page", None)
    return (query.urlencode() + "&") if query else ""


# What an e-mail column holds (Django's EmailField): a form refuses a longer address with
# its own message instead of letting the database refuse it.
EMAIL_MAX_LENGTH = 254
