"""A network tenant (N2): the operator's admin, two client companies (Boulanger and a
confidential one), a recruiter of each, a published job and a confirmed referral each,
forwarded to the client by the operator."""

from dataclasses import dataclass

import pytest
from django.test import Client

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.clients.models import ClientCompany
from coopt.clients.services import client_save
from coopt.jobs.models import Job
from coopt.referrals.models import Referral
from coopt.tenants.models import Tenant

from .. import factories as f

NETWORK_HOST = "reseau.localhost"


@dataclass
class Network:
    tenant: Tenant
    operator: Membership  # an admin of the network: the operator's staff
    bakery: ClientCompany
    secret: ClientCompany  # confidential
    bakery_recruiter: Membership
    secret_recruiter: Membership
    coopteur: Membership
    bakery_job: Job
    secret_job: Job
    bakery_referral: Referral
    secret_referral: Referral

    def client_for(self, membership: Membership | None) -> Client:
        client = Client(HTTP_HOST=NETWORK_HOST)
        if membership is not None:
            client.force_login(membership.user)
        return client


@pytest.fixture
def network(db: None) -> Network:
    tenant = f.make_tenant("reseau", "Réseau Clé", mode=Tenant.Mode.NETWORK)
    operator = f.make_member(tenant, email="staff@reseau.test", is_admin=True)
    actor = Actor.system("test")
    bakery = client_save(tenant=tenant, actor=actor, name="Boulanger SA")
    secret = client_save(
        tenant=tenant,
        actor=actor,
        name="Maison Secrète",
        is_confidential=True,
        public_description="a retail company",
    )
    bakery_recruiter = f.make_member(
        tenant, email="rh@boulanger.test", is_member=False, is_recruiter=True, client=bakery
    )
    secret_recruiter = f.make_member(
        tenant, email="rh@secrete.test", is_member=False, is_recruiter=True, client=secret
    )
    coopteur = f.make_member(tenant, email="coopteur@reseau.test")
    bakery_job = f.make_job(tenant, author=operator.user, title="Baker", client=bakery)
    secret_job = f.make_job(tenant, author=operator.user, title="Store manager", client=secret)
    return Network(
        tenant=tenant,
        operator=operator,
        bakery=bakery,
        secret=secret,
        bakery_recruiter=bakery_recruiter,
        secret_recruiter=secret_recruiter,
        coopteur=coopteur,
        bakery_job=bakery_job,
        secret_job=secret_job,
        # Qualified and forwarded by the operator (N3): before that, no client sees them.
        bakery_referral=f.forward(
            f.refer(referrer=coopteur, job=bakery_job, first_name="Paul", confirmed=True),
            by=operator,
        ),
        secret_referral=f.forward(
            f.refer(referrer=coopteur, job=secret_job, first_name="Claire", confirmed=True),
            by=operator,
        ),
    )
