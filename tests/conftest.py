"""Personas across two tenants: admin, recruiter, member of ``acme``; and an
outsider, a recruiter of ``globex`` with their own job and referral."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.tenants.models import Tenant

from . import factories as f

ACME_HOST = "acme.localhost"
GLOBEX_HOST = "globex.localhost"


@dataclass
class World:
    acme: Tenant
    globex: Tenant
    admin: Membership
    recruiter: Membership
    member: Membership
    expert: Membership
    outsider: Membership  # a recruiter of globex
    outsider_member: Membership
    job: Job
    globex_job: Job

    def client_for(self, membership: Membership | None, host: str | None = None) -> Client:
        """A client signed in as ``membership``, talking to its own tenant unless told."""
        if host is None:
            host = f"{membership.tenant.slug}.localhost" if membership else ACME_HOST
        client = Client(HTTP_HOST=host)
        if membership is not None:
            client.force_login(membership.user)
        return client


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: None) -> World:
    acme = f.make_tenant("acme", "Acme", primary_colour="#123456")
    globex = f.make_tenant("globex", "Globex")
    admin = f.make_member(acme, email="admin@acme.test", is_admin=True)
    recruiter = f.make_member(acme, email="recruiter@acme.test", is_recruiter=True)
    member = f.make_member(acme, email="member@acme.test")
    expert = f.make_member(acme, email="expert@acme.test", is_expert=True)
    outsider = f.make_member(
        globex, email="recruiter@globex.test", is_recruiter=True, is_admin=True
    )
    outsider_member = f.make_member(globex, email="member@globex.test")
    lyon = f.make_tag(acme, "Lyon")
    job = f.make_job(acme, author=recruiter.user, title="Account manager", locations=[lyon])
    globex_job = f.make_job(globex, author=outsider.user, title="Globex analyst")
    return World(
        acme=acme,
        globex=globex,
        admin=admin,
        recruiter=recruiter,
        member=member,
        expert=expert,
        outsider=outsider,
        outsider_member=outsider_member,
        job=job,
        globex_job=globex_job,
    )


@pytest.fixture
def acme_client() -> Client:
    return Client(HTTP_HOST=ACME_HOST)
