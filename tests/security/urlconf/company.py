"""Company A (acme) with one real object of each kind a URL can name, built on first use
through the real services, and what "nothing changed in company A" means."""

import datetime as dt
from functools import cache, cached_property
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone

from coopt.accounts.models import Membership, User
from coopt.accounts.services import invitation_token, member_create, membership_deactivate
from coopt.api.models import ApiToken
from coopt.api.services import token_create
from coopt.ats.models import AtsCandidateLink
from coopt.ats.services import candidate_push_queue, connection_save
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.clients.models import ClientCompany
from coopt.clients.services import client_save
from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import Send
from coopt.diffusion.unsubscribe import unsubscribe_token
from coopt.gamification.models import Contest
from coopt.gamification.services import contest_create
from coopt.integrations.models import JobFeedRun, JobFeedSource
from coopt.integrations.runs import feed_run_upload
from coopt.integrations.sources import feed_source_create
from coopt.jobs.models import ExternalTagMapping, Job, JobTemplate
from coopt.jobs.services import job_template_save, share_link_for
from coopt.network.charters import charter_publish
from coopt.network.models import CharterVersion
from coopt.network.services import sponsorship_invite
from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import email_queue_text
from coopt.privacy.models import PurgeRun, SubjectRequest
from coopt.privacy.purge import purge_tenant
from coopt.privacy.requests import person_request_other
from coopt.referrals.dedup import email_key
from coopt.referrals.models import Document, Referral, Reminder
from coopt.referrals.self_service_links import self_service_token
from coopt.referrals.services import ReferralData, consent_confirm, referral_submit, reminder_add
from coopt.referrals.services.submit import referral_consent_path
from coopt.rewards.models import Charity, JobPostRequest, Reward
from coopt.taxonomy.models import Tag
from coopt.taxonomy.services import tag_set_archived
from coopt.tenants.models import Tenant
from coopt.webhooks.models import Event, WebhookDelivery, WebhookEndpoint
from coopt.webhooks.services import webhook_endpoint_create, webhook_test_send

from ... import factories as f
from ...conftest import World
from ...referrals.cv_files import pdf_upload
from ...rewards.helpers import add_charity, hire, reward_of, set_rule

PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)

# Text found only in company A's pages: a page of company B showing one of these leaks.
MARKERS = ("Acme", "acme.test", "acme.localhost", "Account manager", "Lovelace", "Hopper")

# The audit log records each refusal: a refused request may add that row, and no other.
REFUSALS = AuditEvent.Action.ACCESS_REFUSED


class CompanyA:
    """The objects of company A that URLs take, each built the first time it is asked for.

    The reminder belongs to the recruiter (only its owner may mark it done), the due and
    the pending rewards to the member (only they may choose how to take them)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.tenant = world.acme

    # People -------------------------------------------------------------------------

    @cached_property
    def nobody(self) -> Membership:
        """A membership of company A that holds no role at all."""
        return f.make_member(self.tenant, email="nobody@acme.test", is_member=False)

    @cached_property
    def client(self) -> ClientCompany:
        """A client company of A. Company A is in internal mode: its client pages are 404,
        and none of its jobs is the client's."""
        return client_save(
            tenant=self.tenant, actor=Actor.system("test"), name="Hooli", is_confidential=False
        )

    @cached_property
    def client_recruiter(self) -> Membership:
        """A recruiter of one client company (N2): none of A's jobs is theirs."""
        return f.make_member(
            self.tenant,
            email="client-recruiter@acme.test",
            is_member=False,
            is_recruiter=True,
            client=self.client,
        )

    @cached_property
    def colleague(self) -> Membership:
        """The member whom the admin's member actions target."""
        return f.make_member(self.tenant, email="colleague@acme.test")

    @cached_property
    def leaver(self) -> Membership:
        """A member who left: the admin may reactivate them."""
        leaver = f.make_member(self.tenant, email="leaver@acme.test")
        return membership_deactivate(membership=leaver, actor=Actor.system())

    @cached_property
    def invited(self) -> Membership:
        return member_create(tenant=self.tenant, email="ivy@acme.test", first_name="Ivy")

    @property
    def member(self) -> Membership:
        return self.world.member

    # Jobs ---------------------------------------------------------------------------

    @property
    def job(self) -> Job:
        return self.world.job

    @cached_property
    def other_job(self) -> Job:
        return f.make_job(self.tenant, author=self.world.recruiter.user, title="Acme buyer")

    @cached_property
    def template(self) -> JobTemplate:
        return job_template_save(tenant=self.tenant, name="Acme sales template", title="Sales rep")

    @cached_property
    def lyon(self) -> Tag:
        return Tag.objects.get(tenant=self.tenant, name="Lyon")

    @cached_property
    def spare_tag(self) -> Tag:
        """A location the admin edits or archives."""
        return f.make_tag(self.tenant, "Acme Grenoble")

    @cached_property
    def archived_tag(self) -> Tag:
        tag = f.make_tag(self.tenant, "Acme Annecy")
        return tag_set_archived(tag=tag, archived=True, actor=Actor.system())

    @cached_property
    def merged_tag(self) -> Tag:
        """A location that the admin merges into Lyon."""
        return f.make_tag(self.tenant, "Lyon 2e")

    @cached_property
    def interests(self) -> list[Tag]:
        return [
            self.lyon,
            f.make_tag(self.tenant, "Acme sales", Tag.Kind.FAMILY),
            f.make_tag(self.tenant, "Acme retail", Tag.Kind.SECTOR),
        ]

    # Referrals ----------------------------------------------------------------------

    @cached_property
    def referral(self) -> Referral:
        """Ada, recommended by the member with a CV, and confirmed."""
        referral = referral_submit(
            member=self.world.member,
            job=self.job,
            cv=pdf_upload("ada-cv.pdf"),
            data=ReferralData(
                first_name="Ada",
                last_name="Lovelace",
                email="ada@example.org",
                relationship="Former colleague",
                motivation="Sharp and kind",
            ),
        )
        return consent_confirm(referral=referral)

    @cached_property
    def awaiting(self) -> Referral:
        """Grace, recommended by the expert, who has not confirmed yet."""
        return referral_submit(
            member=self.world.expert,
            job=self.job,
            data=ReferralData(
                first_name="Grace",
                last_name="Hopper",
                email="grace@example.org",
                relationship="Friend",
                motivation="Knows compilers",
            ),
        )

    @cached_property
    def document(self) -> Document:
        return self.referral.documents.get()

    @cached_property
    def reminder(self) -> Reminder:
        return reminder_add(
            referral=self.referral,
            owner=self.world.recruiter,
            due_on=timezone.localdate(),
            text="Call Ada",
        )

    # Diffusion, gamification, rewards -----------------------------------------------

    @cached_property
    def followers(self) -> list[Membership]:
        """The member and the expert follow Lyon, where the job is: a send's audience."""
        for member in (self.world.member, self.world.expert):
            member.interests.add(self.lyon)
        return [self.world.member, self.world.expert]

    @cached_property
    def send(self) -> Send:
        assert self.followers
        return sends.send_start(job=self.job, spec=AudienceSpec(), author=self.world.recruiter.user)

    @cached_property
    def contest(self) -> Contest:
        now = timezone.now()
        return contest_create(
            tenant=self.tenant,
            author=self.world.admin,
            title="Acme spring contest",
            starts_at=now - dt.timedelta(days=1),
            ends_at=now + dt.timedelta(days=5),
            criterion="made",
            prize="A bike",
        )

    def _reward(self, title: str, **rule: Any) -> Reward:
        """The member's reward for a hire on a job of its own, with its own rule."""
        job = f.make_job(self.tenant, author=self.world.recruiter.user, title=title)
        set_rule(self.tenant, job=job, **rule)
        return reward_of(hire(self.world.member, job, recruiter=self.world.recruiter))

    @cached_property
    def reward(self) -> Reward:
        """Due: the job's rule pays at once."""
        return self._reward("Acme closer")

    @cached_property
    def pending_reward(self) -> Reward:
        """Pending: three months of probation first."""
        return self._reward("Acme trainee", probation_months=3)

    @cached_property
    def job_with_rule(self) -> Job:
        return self.reward.referral.job

    @cached_property
    def charity(self) -> Charity:
        return add_charity(self.tenant, "Acme food bank")

    @cached_property
    def job_post_request(self) -> JobPostRequest:
        """A member's request to post a job with a credit. The service takes them only in a
        network, and company A is internal: the row is written as a network would have it."""
        return JobPostRequest.objects.create(
            tenant=self.tenant,
            member=self.member,
            company_name="Acme Widgets",
            contact_name="Ada",
            contact_email="ada@widgets.test",
            title="Widget maker",
            description="Make widgets.",
            location="Lyon",
        )

    # Job feeds ------------------------------------------------------------------------

    @cached_property
    def feed_source(self) -> JobFeedSource:
        """A source whose address the outbound guard refuses: a run fails, reaching nothing."""
        return feed_source_create(
            tenant=self.tenant,
            actor=Actor.system("test"),
            name="Acme careers feed",
            url="http://127.0.0.1:9/jobs.xml",
            schedule=JobFeedSource.Schedule.OFF,
        )

    @cached_property
    def feed_run(self) -> JobFeedRun:
        return feed_run_upload(
            source=self.feed_source,
            data=b"<source><job><referencenumber>F1</referencenumber><title>Acme feed baker"
            b"</title><city>Acme upon Sea</city></job></source>",
            actor=Actor.system("test"),
        )

    @cached_property
    def external_name(self) -> ExternalTagMapping:
        """A location a feed named that no tag stands for yet."""
        self.feed_run  # noqa: B018 - the run records the name
        return ExternalTagMapping.objects.get(tenant=self.tenant, key="acme upon sea")

    # Privacy, e-mail, branding --------------------------------------------------------

    @cached_property
    def subject_request(self) -> SubjectRequest:
        return person_request_other(
            tenant=self.tenant,
            key=email_key(self.referral.email),
            kind=SubjectRequest.Kind.ACCESS,
            details="What do you hold about me?",
        )

    @cached_property
    def purge_run(self) -> PurgeRun:
        return purge_tenant(tenant=self.tenant)[0]

    @cached_property
    def failed_email(self) -> OutboundEmail:
        message = email_queue_text(
            tenant=self.tenant,
            to="bounced@example.org",
            subject="News",
            text="Hello",
            html=None,
            language="en",
        )
        OutboundEmail.objects.filter(pk=message.pk).update(
            status=OutboundEmail.Status.FAILED, attempts=54, last_error="550 No such user"
        )
        return message

    @cached_property
    def ats_link(self) -> AtsCandidateLink:
        """Ada, sent to A's ATS (switched off since): the push failed and waits for a retry."""
        referral = self.referral  # confirmed before the ATS was connected
        connection_save(
            tenant=self.tenant,
            actor=Actor.system("test"),
            api_key="acme-harvest-key",
            connector="greenhouse",
            enabled=True,
            push_candidates=True,
        )
        [link] = candidate_push_queue(referral=referral)
        AtsCandidateLink.objects.filter(pk=link.pk).update(
            attempts=3, last_error="HTTP 503", state=AtsCandidateLink.State.FAILED
        )
        connection_save(tenant=self.tenant, actor=Actor.system("test"), enabled=False)
        return link

    @cached_property
    def logo(self) -> Tenant:
        self.tenant.logo.save("logo.png", ContentFile(PNG))
        self.tenant.favicon.save("favicon.png", ContentFile(PNG))
        return self.tenant

    # Webhooks ------------------------------------------------------------------------------

    @cached_property
    def webhook_endpoint(self) -> WebhookEndpoint:
        """An endpoint on a name that never resolves (.test): nothing leaves the machine."""
        return webhook_endpoint_create(
            tenant=self.tenant,
            url="https://hooks.acme.test/coopt",
            description="Acme ATS",
            events=[Event.REFERRAL_CREATED, Event.JOB_PUBLISHED],
            actor=Actor.system("test"),
        )

    @cached_property
    def webhook_delivery(self) -> WebhookDelivery:
        return webhook_test_send(endpoint=self.webhook_endpoint)

    @cached_property
    def api_token(self) -> ApiToken:
        return token_create(
            tenant=self.tenant,
            name="ATS sync",
            scopes=["jobs:read"],
            expires_at=None,
            created_by=self.world.admin,
            actor=Actor.member(self.world.admin),
        ).token

    # Network mode ----------------------------------------------------------------------

    @cached_property
    def network(self) -> Tenant:
        """Company A turned into a network of outside members (sponsorship, the tree)."""
        self.tenant.mode = Tenant.Mode.NETWORK
        self.tenant.save(update_fields=["mode"])
        return self.tenant

    @cached_property
    def charter(self) -> CharterVersion:
        """A published charter nobody has accepted yet."""
        return charter_publish(
            tenant=self.tenant,
            kind=CharterVersion.Kind.CHARTER,
            texts={"en": "One candidate per job."},
            actor=Actor.member(self.world.admin),
        )

    # Tokens: the keys of the public pages ---------------------------------------------

    @cached_property
    def invitation_token(self) -> str:
        return invitation_token(self.invited)

    @cached_property
    def share_token(self) -> str:
        return share_link_for(job=self.job, member=self.world.member).token

    @cached_property
    def consent_token(self) -> str:
        return referral_consent_path(self.awaiting).split("/")[2]

    @cached_property
    def privacy_token(self) -> str:
        """Ada's own data page."""
        return self_service_token(tenant=self.tenant, email=self.referral.email)

    @cached_property
    def sponsorship_token(self) -> str:
        self.network  # noqa: B018 - sponsorship is open in network mode only
        sponsorship_invite(
            member=self.world.member, email="grace@example.org", first_name="Grace", language="en"
        )
        message = OutboundEmail.objects.filter(template="sponsorship").latest("pk")
        return message.body_text.split("/join/")[1].split("/")[0]

    @cached_property
    def unsubscribe_token(self) -> str:
        return unsubscribe_token(member_id=self.world.member.pk, tenant_id=self.tenant.pk)

    def url_value(self, name: str) -> Any:
        """What the URL carries for the object ``name``: its id, or the token itself."""
        value = getattr(self, name)
        return value.pk if isinstance(value, Model) else value


def _rows_query(model: type[Model]) -> QuerySet[Any]:
    """All rows of ``model`` of one company (the tenant's id is the query's one parameter)."""
    if "tenant" in {field.name for field in model._meta.fields}:
        rows = model._default_manager.filter(tenant=0)
    else:  # a child row: its parent names the tenant
        parent = next(
            field.name
            for field in model._meta.fields
            if field.related_model is not None
            and "tenant" in {f.name for f in field.related_model._meta.fields}
        )
        rows = model._default_manager.filter(**{f"{parent}__tenant": 0})
    return rows.order_by("pk").values_list()


@cache
def _state_queries() -> dict[str, tuple[str, tuple[Any, ...]]]:
    """The SQL of each table's rows, compiled once: the state is read twice a test."""
    queries = {}
    for model in apps.get_models():
        if not model.__module__.startswith("coopt.") or model is User:
            continue
        if model is Tenant:
            rows: QuerySet[Any] = Tenant.objects.filter(pk=0).values_list()
        else:
            rows = _rows_query(model)
        if model is AuditEvent:
            rows = rows.exclude(action=REFUSALS)
        sql, params = rows.query.sql_with_params()
        assert params[0] == 0, (model, params)
        queries[model._meta.label] = (sql, params[1:])
    users = (
        User.objects.filter(memberships__tenant=0)
        .order_by("pk")
        .values_list("pk", "email", "password", "language", "first_name", "last_name")
    )
    queries["users"] = (users.query.sql_with_params()[0], ())
    return queries


def company_state(tenant: Tenant) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of company A in the project's tables (the audit log's refusals aside), its
    people's accounts, and the company itself: what a refused request must leave as it was."""
    state = {}
    with connection.cursor() as cursor:
        for label, (sql, params) in _state_queries().items():
            cursor.execute(sql, [tenant.pk, *params])
            state[label] = cursor.fetchall()
    return state
