"""Helpers of tests/security/test_urlconf_access.py: the URLconf walk, company A's
objects, and the table that declares who may use each URL."""
