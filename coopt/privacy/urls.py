"""The privacy pages of the back office, under /office/privacy/ (admins only)."""

from .urls_audit import urlpatterns as audit_urls
from .urls_requests import urlpatterns as requests_urls
from .urls_retention import urlpatterns as retention_urls

app_name = "privacy"
urlpatterns = [*retention_urls, *requests_urls, *audit_urls]
