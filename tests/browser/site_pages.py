"""Every main page of the product, by URL name: the list the accessibility sweep walks.

To add a page, add one ``SitePage`` below: the URL name, who looks at it, and (for a page
that needs an id or a token) which object of the seeded site fills its arguments. The
sweep (test_accessibility.py) runs axe-core and the width check on it at each viewport.
If the page needs an object the site does not have yet, add it to ``seed_site``.
"""

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Literal

from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from coopt.accounts.models import Membership, User
from coopt.audit.actors import Actor
from coopt.clients.models import ClientCompany
from coopt.clients.services import client_save
from coopt.jobs.models import Job
from coopt.network.charters import charter_publish
from coopt.network.models import CharterVersion, Sponsorship
from coopt.referrals.link_tokens import link_token_issue
from coopt.referrals.models import LinkToken, Referral, Status
from coopt.referrals.self_service_links import self_service_token
from coopt.rewards.models import CreditAccount, Reward, RewardRule
from coopt.rewards.services import JobPostData, job_post_request_submit, reward_rule_save
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant
from coopt.webhooks.models import WebhookDelivery, WebhookEndpoint
from coopt.webhooks.services import webhook_endpoint_create, webhook_test_send
from tests import factories as f

# Who looks at a page: a signed-in member, a member on their first visit, an admin (who
# sees the whole back office), the operator's staff (the console, on the operator's host),
# or a visitor who is not signed in.
Persona = Literal[
    "member",
    "newcomer",
    "admin",
    "operator",
    "network_admin",
    "network_member",
    "client_recruiter",
    "visitor",
]

ADMIN_EMAIL = "ada.admin@acme.test"
MEMBER_EMAIL = "max.member@acme.test"
NEWCOMER_EMAIL = "nina.newcomer@acme.test"
OPERATOR_EMAIL = "olga.operator@coopt.test"
NETWORK = "reseau"  # a network-mode tenant beside acme: its operator, a referrer, a client
PERSONA_EMAILS: dict[Persona, str] = {
    "member": MEMBER_EMAIL,
    "newcomer": NEWCOMER_EMAIL,
    "admin": ADMIN_EMAIL,
    "operator": OPERATOR_EMAIL,
    "network_admin": "nora.operator@reseau.test",
    "network_member": "remi.referrer@reseau.test",
    "client_recruiter": "carla.client@reseau.test",
}
# Who signs in with a password and a TOTP code.
TWO_FACTOR_PERSONAS: set[Persona] = {"admin", "operator", "network_admin", "client_recruiter"}
OPERATOR_HOST = "operator"  # the host name's first label: operator.localhost
# Where each persona signs in: its tenant's host (acme unless named here).
PERSONA_HOSTS: dict[Persona, str] = {
    "operator": OPERATOR_HOST,
    "network_admin": NETWORK,
    "network_member": NETWORK,
    "client_recruiter": NETWORK,
}
JOIN_TOKEN = "a-sponsorship-link-for-the-sweep-0123456789abcdef"
OPERATOR_URLCONF = "config.urls_operator"
CANDIDATE_EMAIL = "camille.martin@example.org"


@dataclass
class Site:
    """The objects the pages are drawn from (one tenant with the default colours)."""

    tenant: Tenant
    admin: Membership
    member: Membership
    job: Job
    hired: Referral  # the member's referral, hired: a reward, notifications
    awaiting: Referral  # waiting for the person's consent: the consent page
    reward: Reward
    location: Tag  # Lyon, which the job carries
    other_location: Tag  # Paris, which nothing carries: merged into Lyon on the merge page
    client: ClientCompany  # of the network: its recruiter is the client_recruiter persona
    client_job: Job  # the network's job for that client
    queued: Referral  # confirmed, in the operator's qualification queue
    forwarded: Referral  # qualified and forwarded to the client


@dataclass(frozen=True)
class SitePage:
    url_name: str
    persona: Persona
    args: Callable[[Site], Sequence[object]] = lambda site: ()
    host: str = "acme"  # the tenant's slug, or OPERATOR_HOST; another name is an unknown host
    name: str = ""  # the test id, when the URL name is not enough
    query: Callable[[Site], str] = lambda site: ""  # a query string, without its "?"
    urlconf: str | None = None  # OPERATOR_URLCONF for the console's pages

    @property
    def id(self) -> str:
        return self.name or self.url_name

    def path(self, site: Site) -> str:
        path = reverse(self.url_name, args=list(self.args(site)), urlconf=self.urlconf)
        query = self.query(site)
        return f"{path}?{query}" if query else path


def _job(site: Site) -> Sequence[object]:
    return [site.job.pk]


def _webhook_delivery(site: Site) -> WebhookDelivery:
    """An endpoint with one test event in its log, made on first use. Its address is one the
    guard refuses at once (TEST-NET), so the attempt fails without leaving the machine."""
    endpoint = WebhookEndpoint.objects.filter(tenant=site.tenant).first()
    if endpoint is None:
        endpoint = webhook_endpoint_create(
            tenant=site.tenant,
            url="https://192.0.2.10/coopt/webhooks/receiver-with-a-rather-long-path",
            description="Our applicant tracking system",
            events=["referral.created", "referral.hired"],
            actor=Actor.member(site.admin),
        )
        webhook_test_send(endpoint=endpoint)
    return WebhookDelivery.objects.filter(endpoint=endpoint).latest("pk")


def _consent_token(site: Site) -> str:
    """A new link to the consent page, as the next e-mail to the person would carry."""
    return link_token_issue(
        tenant=site.tenant, purpose=LinkToken.Purpose.CONSENT, referral=site.awaiting
    )


MEMBER_PAGES = [
    SitePage("jobs:board", "member"),
    SitePage("jobs:detail", "member", _job),
    SitePage("referrals:recommend", "member", _job),
    SitePage("referrals:apply_internal", "member", _job),
    SitePage("referrals:dashboard", "member"),
    SitePage("notifications:list", "member"),
    SitePage("accounts:preferences", "member"),
    SitePage("gamification:points", "member"),
    SitePage("gamification:history", "member"),
    SitePage("gamification:leaderboard", "member"),
    SitePage("gamification:contests", "member"),
    SitePage("rewards:mine", "member"),
    SitePage("rewards:rules", "member"),
    SitePage("accounts:onboarding", "newcomer"),
]

PUBLIC_PAGES = [
    SitePage("home", "visitor", name="welcome"),
    SitePage("account_login", "visitor"),
    SitePage("jobs:public", "visitor", _job),
    SitePage("referrals:consent", "visitor", lambda site: [_consent_token(site)]),
    SitePage(
        "privacy_self:page",
        "visitor",
        lambda site: [self_service_token(tenant=site.tenant, email=CANDIDATE_EMAIL)],
    ),
    SitePage("home", "visitor", host="nowhere", name="unknown-host"),
]

OFFICE_PAGES = [
    SitePage("backoffice:home", "admin"),
    SitePage("backoffice:jobs", "admin"),
    SitePage("backoffice:job_create", "admin"),
    SitePage("backoffice:job_edit", "admin", _job),
    SitePage("backoffice:job_pipeline", "admin", _job),
    SitePage("backoffice:job_pipeline_list", "admin", _job),
    SitePage("backoffice:candidate", "admin", lambda site: [site.hired.pk]),
    SitePage("backoffice:templates", "admin"),
    SitePage("backoffice:reminders", "admin"),
    SitePage("backoffice:members", "admin"),
    SitePage("backoffice:member_invite", "admin"),
    SitePage("backoffice:settings", "admin"),
    SitePage("backoffice:email_templates", "admin"),
    SitePage("backoffice:outbox", "admin"),
    SitePage("diffusion:editor", "admin", _job),
    SitePage("diffusion:sends", "admin"),
    SitePage("diffusion:settings", "admin"),
    SitePage("rewards:ledger", "admin"),
    SitePage("rewards:detail", "admin", lambda site: [site.reward.pk]),
    SitePage("rewards:default_rule", "admin"),
    SitePage("gamification:office_points", "admin"),
    SitePage("gamification:office_contests", "admin"),
    SitePage("privacy:audit", "admin"),
    SitePage("privacy:requests", "admin"),
    SitePage("privacy:retention", "admin"),
    SitePage("webhooks:list", "admin"),
    SitePage("webhooks:create", "admin"),
    SitePage("webhooks:endpoint", "admin", lambda site: [_webhook_delivery(site).endpoint_id]),
    SitePage("webhooks:delivery", "admin", lambda site: [_webhook_delivery(site).pk]),
    SitePage("sso:settings", "admin"),
    SitePage("backoffice:taxonomy", "admin"),
    SitePage("backoffice:taxonomy_create", "admin", lambda site: ["location"]),
    SitePage("backoffice:taxonomy_edit", "admin", lambda site: [site.location.pk]),
    SitePage(
        "backoffice:taxonomy_merge",
        "admin",
        lambda site: [site.other_location.pk],
        query=lambda site: f"into={site.location.pk}",
    ),
]

NETWORK_PAGES = [
    SitePage("network:sponsor", "network_member", host=NETWORK),
    SitePage("network:accept", "network_member", host=NETWORK),
    SitePage(
        "jobs:detail",
        "network_member",
        lambda site: [site.client_job.pk],
        host=NETWORK,
        name="network-job",
    ),
    SitePage("network:join", "visitor", lambda site: [JOIN_TOKEN], host=NETWORK),
    SitePage("network:tree", "network_admin", host=NETWORK),
    SitePage("network:charters", "network_admin", host=NETWORK),
    SitePage("rewards:post_job", "network_member", host=NETWORK),
    SitePage("rewards:job_posts", "network_admin", host=NETWORK),
    SitePage("clients:list", "network_admin", host=NETWORK),
    SitePage("clients:create", "network_admin", host=NETWORK),
    SitePage("clients:edit", "network_admin", lambda site: [site.client.pk], host=NETWORK),
    SitePage("clients:invite", "network_admin", lambda site: [site.client.pk], host=NETWORK),
    SitePage("clients:job_import", "network_admin", lambda site: [site.client.pk], host=NETWORK),
    SitePage("backoffice:qualification_queue", "network_admin", host=NETWORK),
    SitePage(
        "backoffice:candidate",
        "network_admin",
        lambda site: [site.queued.pk],
        host=NETWORK,
        name="qualification-panel",
    ),
    SitePage(
        "backoffice:candidate",
        "client_recruiter",
        lambda site: [site.forwarded.pk],
        host=NETWORK,
        name="client-candidate",
    ),
    SitePage("backoffice:home", "client_recruiter", host=NETWORK, name="client-home"),
    SitePage("backoffice:jobs", "client_recruiter", host=NETWORK, name="client-jobs"),
    SitePage(
        "backoffice:job_pipeline",
        "client_recruiter",
        lambda site: [site.client_job.pk],
        host=NETWORK,
        name="client-pipeline",
    ),
]

CONSOLE_PAGES = [
    SitePage("home", "operator", host=OPERATOR_HOST, urlconf=OPERATOR_URLCONF, name="console"),
    SitePage("console:tenant_new", "operator", host=OPERATOR_HOST, urlconf=OPERATOR_URLCONF),
    SitePage(
        "console:suspend",
        "operator",
        lambda site: [site.tenant.pk],
        host=OPERATOR_HOST,
        urlconf=OPERATOR_URLCONF,
    ),
]

PAGES: list[SitePage] = [
    *MEMBER_PAGES,
    *PUBLIC_PAGES,
    *OFFICE_PAGES,
    *NETWORK_PAGES,
    *CONSOLE_PAGES,
]


def seed_site() -> Site:
    """One tenant, Acme, with the default colours, through the real services: a job in Lyon
    (the member's interest, so its tag is a match), a hire with a reward, and a referral
    waiting for the person's consent."""
    tenant = f.make_tenant("acme", "Acme")
    lyon = f.make_tag(tenant, "Lyon")
    paris = f.make_tag(tenant, "Paris")
    logistics = f.make_tag(tenant, "Logistics", kind=Tag.Kind.FAMILY)
    admin = f.make_member(tenant, email=ADMIN_EMAIL, is_admin=True)
    member = f.make_member(tenant, email=MEMBER_EMAIL)
    member.interests.add(lyon, logistics)
    f.make_member(tenant, email=NEWCOMER_EMAIL, onboarded=False)
    operator = User.objects.create_user(OPERATOR_EMAIL, f.PASSWORD, is_staff=True)
    TOTP.activate(operator, f.TOTP_SECRET)
    rule = RewardRule(kind="cash", amount=Decimal("750.00"), currency="EUR", probation_months=0)
    reward_rule_save(rule=rule, tenant=tenant, author=admin.user)
    job = f.make_job(
        tenant,
        author=admin.user,
        title="Warehouse team lead",
        locations=[lyon],
        job_family=logistics,
    )
    hired = f.refer(
        referrer=member,
        job=job,
        first_name="Camille",
        last_name="Martin",
        email=CANDIDATE_EMAIL,
        status=Status.HIRED,
        via=[Status.CONTACTED, Status.MET],
        author=admin.user,
    )
    awaiting = f.refer(referrer=member, job=job, first_name="Sam", last_name="Leroy")
    client, client_job, queued, forwarded = _seed_network()
    return Site(
        tenant=tenant,
        admin=admin,
        member=member,
        job=job,
        hired=hired,
        awaiting=awaiting,
        reward=Reward.objects.get(referral=hired),
        location=lyon,
        other_location=paris,
        client=client,
        client_job=client_job,
        queued=queued,
        forwarded=forwarded,
    )


def _seed_network() -> tuple[ClientCompany, Job, Referral, Referral]:
    """The network: its operator, a referrer with a charter version still to accept (the
    acceptance page), a pending sponsorship (the join page), a client with its recruiter."""
    network = f.make_tenant(NETWORK, "Réseau", mode=Tenant.Mode.NETWORK)
    operator = f.make_member(network, email=PERSONA_EMAILS["network_admin"], is_admin=True)
    referrer = f.make_member(network, email=PERSONA_EMAILS["network_member"])
    lyon = f.make_tag(network, "Lyon")
    referrer.interests.add(lyon)
    actor = Actor.system("sweep")
    charter_publish(
        tenant=network, kind=CharterVersion.Kind.CHARTER, texts={"en": "Be fair."}, actor=actor
    )
    now = timezone.now()
    Sponsorship.objects.create(
        tenant=network,
        sponsor=referrer,
        email="newcomer@example.org",
        first_name="Nadia",
        language="en",
        token_hash=hashlib.sha256(JOIN_TOKEN.encode()).hexdigest(),
        created_at=now,
        expires_at=now + timedelta(days=30),
    )
    client = client_save(
        tenant=network,
        actor=actor,
        name="Opale",
        is_confidential=True,
        public_description="a retail company",
    )
    f.make_member(
        network,
        email=PERSONA_EMAILS["client_recruiter"],
        is_recruiter=True,
        client=client,
        joined_at=now,
    )
    job = f.make_job(
        network, author=operator.user, title="Store manager", locations=[lyon], client=client
    )
    # Job-ad credits: the referrer's balance, and a request waiting for the operator.
    CreditAccount.objects.create(tenant=network, member=referrer, balance=2)
    job_post_request_submit(
        member=referrer,
        data=JobPostData(
            company_name="Atelier Rémi",
            contact_name="Rémi",
            contact_email="remi@atelier.example",
            title="Cabinet maker",
            description="Build furniture.",
            location="Lyon",
        ),
    )
    # Two candidates of two other referrers: one waiting for the operator's call, one
    # forwarded to the client.
    queued = f.refer(referrer=f.make_member(network), job=job, first_name="Quinn", confirmed=True)
    forwarded = f.forward(
        f.refer(referrer=f.make_member(network), job=job, first_name="Farah", confirmed=True),
        by=operator,
    )
    return client, job, queued, forwarded
