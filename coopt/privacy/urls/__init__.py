"""The privacy pages of the back office, under /office/privacy/ (admins only).

The person's own pages, outside the back office, are ``public.py`` (/privacy/<token>/)."""

from .audit import urlpatterns as audit_urls
from .requests import urlpatterns as requests_urls
from .retention import urlpatterns as retention_urls

app_name = "privacy"
urlpatterns = [*retention_urls, *requests_urls, *audit_urls]
