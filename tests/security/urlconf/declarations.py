"""Who may use each URL of the project: one line per pattern name.

A line gives the pattern's access level, the methods it answers, and for each method the
status the right role gets and the data it sends. The URL's parameters name objects of
company A (attributes of ``CompanyA``, built through the real services) or are plain
values (``Plain``): a year, an e-mail template's key.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ...referrals.cv_files import pdf_upload
from .company import CompanyA

# Levels ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    name: str
    rule: str
    allowed: tuple[str, ...]  # the personas of company A that get the page; the first one acts
    refused: dict[str, int] = field(default_factory=dict)  # other personas of A, and their status
    sign_in: bool = True  # anonymous visitors are sent to sign in
    token: bool = False  # the URL carries a secret token: it is the key
    tenant: bool = True  # the page belongs to a company (the host names it)

    def __str__(self) -> str:
        return self.name


PUBLIC = Level("public", "anyone, without signing in", allowed=("anonymous",), sign_in=False)
PUBLIC_TOKEN = Level(
    "public-token",
    "anyone holding the token company A sent; a wrong token is a 404",
    allowed=("anonymous",),
    sign_in=False,
    token=True,
)
NO_TENANT = Level(
    "no-tenant",
    "anyone, on any host: it names no company (load balancer probe)",
    allowed=("anonymous",),
    sign_in=False,
    tenant=False,
)
MEMBER = Level(
    "member",
    "a signed-in member of company A, whatever their role",
    allowed=("member", "expert", "recruiter", "admin"),
    refused={"nobody": 403},
)
OWN = Level(
    "own-object-of-member",
    "the member the object belongs to; another member of A gets 404",
    allowed=("member",),
    refused={"nobody": 403, "expert": 404, "admin": 404},
)
RECRUITER = Level(
    "recruiter",
    "a recruiter or an admin of company A",
    allowed=("recruiter", "admin"),
    refused={"nobody": 403, "member": 403, "expert": 403},
)
ADMIN = Level(
    "admin",
    "an admin of company A",
    allowed=("admin",),
    refused={"nobody": 403, "member": 403, "expert": 403, "recruiter": 403},
)

# Declarations ------------------------------------------------------------------------

Data = Callable[[CompanyA], dict[str, Any]]


@dataclass(frozen=True)
class Plain:
    """A URL parameter that names nothing of company A."""

    value: Any


@dataclass(frozen=True)
class Call:
    ok: int  # the status the right role gets
    data: Data | None = None  # query string (GET) or form (POST), from company A's objects


@dataclass(frozen=True)
class Declared:
    level: Level
    args: tuple[str | Plain, ...] = ()  # names of CompanyA's objects, or plain values
    get: Call | None = None
    post: Call | None = None
    needs: tuple[str, ...] = ()  # objects of A the page shows though its URL names none
    # What a client company's recruiter (N2) gets on GET; None: refused (403, or 404 since
    # none of A's jobs is their company's).
    client_recruiter: int | None = None

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(m for m in ("GET", "POST") if getattr(self, m.lower()) is not None)

    def call(self, method: str) -> Call:
        found = getattr(self, method.lower())
        assert found is not None, method
        return found

    @property
    def names_objects_of_a(self) -> bool:
        return any(isinstance(arg, str) for arg in self.args)


YEAR = Plain(timezone.localdate().year)
PAGE = Call(200)
DONE = Call(302)  # an action: done, then a redirect
SAME_AS_GET = Call(200)  # the view takes any method, and a POST only reads the page


def _soon() -> str:
    return (timezone.localdate() + dt.timedelta(days=2)).isoformat()


def _later(days: int) -> str:
    return (timezone.localtime() + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def preferences(a: CompanyA) -> dict[str, Any]:
    return {
        "locations": [t.pk for t in a.interests if t.kind == "location"],
        "families": [t.pk for t in a.interests if t.kind == "family"],
        "sectors": [t.pk for t in a.interests if t.kind == "sector"],
        "language": "en",
        "notify_targeted": "on",
        "digest_frequency": "monthly",
    }


def job_form(a: CompanyA) -> dict[str, Any]:
    return {
        "title": "Data engineer",
        "description": "<p>Build pipelines.</p>",
        "locations": [a.lyon.pk],
        "contract_type": "permanent",
        "salary_min": "45000",
        "salary_max": "60000",
        "salary_currency": "EUR",
        "reward_note": "",
    }


def template_form(a: CompanyA) -> dict[str, Any]:
    data = job_form(a)
    del data["locations"]
    return {**data, "name": "Data, Lyon"}


def contest_form(a: CompanyA) -> dict[str, Any]:
    return {
        "title": "Summer sprint",
        "description": "",
        "starts_at": _later(1),
        "ends_at": _later(31),
        "criterion": "confirmed",
        "job_family": "",
        "prize": "A weekend for two",
    }


JOB_POST = {
    "company_name": "Acme Widgets",
    "contact_name": "Ada",
    "contact_email": "ada@widgets.test",
    "title": "Widget maker",
    "description": "Make widgets.",
    "location": "Lyon",
}
FEED = {
    "name": "Careers site",
    "kind": "xml",
    "url": "http://127.0.0.1:9/jobs.xml",
    "schedule": "off",
    "is_enabled": "on",
    "close_missing": "on",
    "publish_new": "on",
}


def _feed_file() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "jobs.xml",
        b"<source><job><referencenumber>N1</referencenumber><title>Driver</title></job></source>",
    )


RULE = {"kind": "cash", "amount": "900", "currency": "EUR", "probation_months": "3", "points": "0"}
POINTS = {
    "referral_made": "10",
    "referral_confirmed": "20",
    "interview": "30",
    "hire": "500",
    "share": "2",
    "answer": "5",
    "sponsorship": "10",
    "visit": "1",
    "visit_days_per_month": "20",
}
LEVEL_NAMES = {
    "beginner_name": "Rookie",
    "confirmed_name": "",
    "confirmed_threshold": "150",
    "expert_name": "Star",
    "expert_threshold": "400",
}
RETENTION = {
    "unconfirmed_days": "14",
    "not_retained_months": "6",
    "talent_pool_months": "12",
    "hired_months": "",
}
BRANDING = {
    "name": "Renamed company",
    "primary_colour": "#112233",
    "accent_colour": "#aabbcc",
    "email_sender_name": "Talent team",
    "email_sender_address": "talent@example.org",
    "default_language": "en",
    "enabled_languages": ["en", "fr"],
}
PEOPLE_CSV = (
    b"first_name;last_name;email;department;location;manager\n"
    b"Alan;Turing;alan@example.org;R&D;Lyon;\n"
)
APPLICATION = {
    "first_name": "Alan",
    "last_name": "Turing",
    "email": "alan@example.org",
    "phone": "",
    "motivation": "I like the team",
    "consent": "on",
}
RECOMMENDATION = {
    "first_name": "Alan",
    "last_name": "Turing",
    "email": "alan@example.org",
    "phone": "",
    "relationship": "Former colleague",
    "motivation": "Brilliant",
    "language": "en",
}
PASSWORD = "a long and unusual passphrase"
JOIN = {
    "first_name": "Grace",
    "last_name": "Brewster",
    "employer_name": "Navy",
    "employer_domain": "navy.example",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


DECLARED: dict[str, Declared] = {
    # Core, branding, language ---------------------------------------------------------
    "home": Declared(PUBLIC, get=PAGE, post=SAME_AS_GET),
    "health": Declared(NO_TENANT, get=PAGE),
    "brand_css": Declared(PUBLIC, get=PAGE),
    "robots_txt": Declared(PUBLIC, get=PAGE),
    "favicon_ico": Declared(PUBLIC, get=DONE),  # a redirect to the company's icon or ours
    "tenants:logo": Declared(PUBLIC, get=PAGE, needs=("logo",)),
    "tenants:favicon": Declared(PUBLIC, get=PAGE, needs=("logo",)),
    # A's client company has no logo (tests/clients/test_client_logo.py serves one).
    "client_logos:logo": Declared(PUBLIC, ("client",), get=Call(404)),
    "set_language": Declared(PUBLIC, post=Call(302, lambda a: {"language": "fr", "next": "/"})),
    # Accounts ---------------------------------------------------------------------------
    "accounts:onboarding": Declared(MEMBER, get=PAGE, post=Call(302, preferences)),
    "accounts:preferences": Declared(MEMBER, get=PAGE, post=Call(302, preferences)),
    "accounts:invitation": Declared(
        PUBLIC_TOKEN,
        ("invitation_token",),
        get=PAGE,
        post=Call(302, lambda a: {"password1": PASSWORD, "password2": PASSWORD}),
    ),
    # Jobs and referrals -------------------------------------------------------------------
    "jobs:board": Declared(MEMBER, get=PAGE),
    "jobs:detail": Declared(MEMBER, ("job",), get=PAGE),
    "jobs:public": Declared(
        PUBLIC, ("job",), get=PAGE, post=Call(200, lambda a: {**APPLICATION, "cv": pdf_upload()})
    ),
    "jobs:shared": Declared(PUBLIC_TOKEN, ("share_token",), get=Call(302)),
    "referrals:recommend": Declared(
        MEMBER, ("job",), get=PAGE, post=Call(302, lambda a: RECOMMENDATION)
    ),
    "referrals:apply_internal": Declared(
        MEMBER, ("job",), get=PAGE, post=Call(302, lambda a: {"motivation": "Ready for it"})
    ),
    "referrals:dashboard": Declared(MEMBER, get=PAGE),
    "referrals:consent": Declared(
        PUBLIC_TOKEN, ("consent_token",), get=PAGE, post=Call(302, lambda a: {"answer": "confirm"})
    ),
    # Network mode: sponsorship, the charter, the sponsor tree ------------------------------
    "network:sponsor": Declared(
        MEMBER,
        get=PAGE,
        post=Call(
            302, lambda a: {"first_name": "Grace", "email": "grace@example.org", "language": "en"}
        ),
        needs=("network",),
    ),
    "network:join": Declared(
        PUBLIC_TOKEN, ("sponsorship_token",), get=PAGE, post=Call(302, lambda a: JOIN)
    ),
    "network:accept": Declared(
        MEMBER, get=PAGE, post=Call(302, lambda a: {"accept": "on"}), needs=("charter",)
    ),
    "network:tree": Declared(ADMIN, get=PAGE, needs=("network",)),
    "network:rules": Declared(
        ADMIN,
        post=Call(
            302,
            lambda a: {
                "sponsorships_per_month": "3",
                "one_candidate_per_job": "on",
                "wave_delay_hours": "24",
                "qualification_target_hours": "48",
            },
        ),
    ),
    "network:charters": Declared(
        ADMIN, get=PAGE, post=Call(302, lambda a: {"kind": "charter", "text_en": "Be fair."})
    ),
    # Notifications and points -------------------------------------------------------------
    "notifications:list": Declared(MEMBER, get=PAGE),
    "notifications:mark_all_read": Declared(MEMBER, post=DONE, needs=("referral",)),
    "gamification:points": Declared(MEMBER, get=PAGE),
    "gamification:history": Declared(MEMBER, get=PAGE),
    "gamification:leaderboard": Declared(MEMBER, get=PAGE),
    "gamification:contests": Declared(MEMBER, get=PAGE, needs=("contest",)),
    "gamification:contest": Declared(MEMBER, ("contest",), get=PAGE),
    "gamification:office_points": Declared(ADMIN, get=PAGE, post=Call(302, lambda a: POINTS)),
    "gamification:office_levels": Declared(ADMIN, get=PAGE, post=Call(302, lambda a: LEVEL_NAMES)),
    "gamification:office_contests": Declared(ADMIN, get=PAGE, post=SAME_AS_GET, needs=("contest",)),
    "gamification:office_contest_new": Declared(ADMIN, get=PAGE, post=Call(302, contest_form)),
    "gamification:office_contest": Declared(
        ADMIN, ("contest",), get=PAGE, post=Call(302, contest_form)
    ),
    "gamification:office_contest_delete": Declared(ADMIN, ("contest",), post=DONE),
    # Rewards: the member's pages --------------------------------------------------------
    "rewards:mine": Declared(MEMBER, get=PAGE),
    "rewards:choose": Declared(
        OWN, ("reward",), post=Call(302, lambda a: {f"reward-{a.reward.pk}-choice": "keep"})
    ),
    "rewards:rules": Declared(MEMBER, get=PAGE),
    "rewards:tax_sheet": Declared(MEMBER, get=PAGE),
    "rewards:statement": Declared(MEMBER, (YEAR,), get=PAGE),
    "rewards:statement_pdf": Declared(MEMBER, (YEAR,), get=PAGE),
    # Company A is in internal mode: posting a job with job-ad credits is for networks, a 404
    "rewards:post_job": Declared(MEMBER, get=Call(404), post=Call(404, lambda a: JOB_POST)),
    # Rewards: the back office ------------------------------------------------------------
    "rewards:ledger": Declared(RECRUITER, get=PAGE, needs=("reward",)),
    "rewards:detail": Declared(RECRUITER, ("reward",), get=PAGE),
    "rewards:departure": Declared(
        RECRUITER,
        ("pending_reward",),
        post=Call(
            302,
            lambda a: {"left_on": a.pending_reward.hired_on.isoformat(), "reason": "Resigned"},
        ),
    ),
    "rewards:job_rule": Declared(RECRUITER, ("job",), get=PAGE, post=Call(302, lambda a: RULE)),
    "rewards:job_rule_delete": Declared(RECRUITER, ("job_with_rule",), post=DONE),
    "rewards:pay": Declared(ADMIN, ("reward",), post=DONE),
    "rewards:pay_bulk": Declared(ADMIN, post=Call(302, lambda a: {"rewards": [a.reward.pk]})),
    "rewards:default_rule": Declared(ADMIN, get=PAGE, post=Call(302, lambda a: RULE)),
    "rewards:payout": Declared(
        ADMIN,
        get=PAGE,
        post=Call(
            302,
            lambda a: {
                "charity_top_up": "250",
                "top_up_currency": "EUR",
                "credits_per_reward": "3",
                "sponsor_bonus": "250",
                "sponsor_bonus_currency": "EUR",
            },
        ),
    ),
    "rewards:charity_create": Declared(
        ADMIN, post=Call(302, lambda a: {"name": "Food bank", "is_active": "on"})
    ),
    "rewards:charity_edit": Declared(
        ADMIN, ("charity",), get=PAGE, post=Call(302, lambda a: {"name": "Renamed"})
    ),
    "rewards:export": Declared(
        ADMIN,
        get=Call(
            200,
            lambda a: {
                "start": f"{YEAR.value}-01-01",
                "end": f"{YEAR.value}-12-31",
                "scope": "due,paid",
                "format": "csv",
            },
        ),
        needs=("reward",),
    ),
    # The operator's decisions on members' job ads: network mode only, 404 in company A
    "rewards:job_posts": Declared(RECRUITER, get=Call(404)),
    "rewards:job_post_approve": Declared(RECRUITER, ("job_post_request",), post=Call(404)),
    "rewards:job_post_decline": Declared(
        RECRUITER, ("job_post_request",), post=Call(404, lambda a: {"reason": "Not a company"})
    ),
    "rewards:member_statement": Declared(ADMIN, ("member", YEAR), get=PAGE),
    "rewards:member_statement_pdf": Declared(ADMIN, ("member", YEAR), get=PAGE),
    # Client companies of a network (N2): company A is in internal mode, where they are 404
    "clients:list": Declared(ADMIN, get=Call(404)),
    "clients:create": Declared(ADMIN, get=Call(404), post=Call(404, lambda a: {"name": "X"})),
    "clients:edit": Declared(
        ADMIN, ("client",), get=Call(404), post=Call(404, lambda a: {"name": "X"})
    ),
    "clients:invite": Declared(
        ADMIN, ("client",), get=Call(404), post=Call(404, lambda a: {"email": "x@acme.test"})
    ),
    "clients:job_import": Declared(
        ADMIN,
        ("client",),
        get=Call(404),
        post=Call(404, lambda a: {"file": SimpleUploadedFile("jobs.csv", b"title\nBaker\n")}),
    ),
    # Back office: jobs, pipeline, candidates -----------------------------------------------
    "backoffice:home": Declared(RECRUITER, get=PAGE, needs=("referral",), client_recruiter=200),
    "backoffice:jobs": Declared(RECRUITER, get=PAGE, client_recruiter=200),
    "backoffice:job_create": Declared(RECRUITER, get=PAGE, post=Call(302, job_form)),
    "backoffice:job_edit": Declared(RECRUITER, ("job",), get=PAGE, post=Call(302, job_form)),
    "backoffice:job_clone": Declared(RECRUITER, ("job",), post=DONE),
    "backoffice:job_status": Declared(
        RECRUITER, ("job",), post=Call(302, lambda a: {"status": "closed"})
    ),
    "backoffice:templates": Declared(RECRUITER, get=PAGE, needs=("template",)),
    "backoffice:template_create": Declared(RECRUITER, get=PAGE, post=Call(302, template_form)),
    "backoffice:template_edit": Declared(
        RECRUITER, ("template",), get=PAGE, post=Call(302, template_form)
    ),
    "backoffice:job_from_template": Declared(RECRUITER, ("template",), post=DONE),
    "backoffice:job_pipeline": Declared(RECRUITER, ("job",), get=PAGE, needs=("referral",)),
    "backoffice:job_pipeline_list": Declared(
        RECRUITER,
        ("job",),
        get=PAGE,
        post=Call(302, lambda a: {"referrals": [a.referral.pk], "status": "contacted"}),
    ),
    "backoffice:candidate": Declared(RECRUITER, ("referral",), get=PAGE),
    "backoffice:candidate_status": Declared(
        RECRUITER, ("referral",), post=Call(302, lambda a: {"status": "contacted"})
    ),
    "backoffice:candidate_transfer": Declared(
        RECRUITER, ("referral",), post=Call(302, lambda a: {"job": a.other_job.pk})
    ),
    "backoffice:candidate_note": Declared(
        RECRUITER, ("referral",), post=Call(302, lambda a: {"body": "Sharp and kind."})
    ),
    "backoffice:reminder_create": Declared(
        RECRUITER, ("referral",), post=Call(302, lambda a: {"due_on": _soon(), "text": "Call"})
    ),
    "backoffice:document_download": Declared(RECRUITER, ("document",), get=PAGE),
    "backoffice:reminders": Declared(
        RECRUITER, get=PAGE, needs=("reminder",), client_recruiter=200
    ),
    "backoffice:reminder_done": Declared(RECRUITER, ("reminder",), post=DONE),
    # Qualification by a network's operator (N3): company A is a company, not a network,
    # so its own recruiters get 404 (tests/network/test_qualification*.py try a network).
    "backoffice:qualification_queue": Declared(RECRUITER, get=Call(404)),
    "backoffice:qualification_assess": Declared(
        RECRUITER, ("referral",), post=Call(404, lambda a: {"fit": "4", "notes": "Called"})
    ),
    "backoffice:qualification_assign": Declared(
        RECRUITER, ("referral",), post=Call(404, lambda a: {"qualifier": a.world.recruiter.pk})
    ),
    "backoffice:qualification_forward": Declared(
        RECRUITER, ("referral",), post=Call(404, lambda a: {"summary": "Strong fit."})
    ),
    "backoffice:qualification_decline": Declared(
        RECRUITER, ("referral",), post=Call(404, lambda a: {"reason": "profile"})
    ),
    # Back office: members and settings ---------------------------------------------------
    "backoffice:taxonomy": Declared(ADMIN, get=PAGE, needs=("spare_tag",)),
    "backoffice:taxonomy_create": Declared(
        ADMIN, (Plain("sector"),), get=PAGE, post=Call(302, lambda a: {"name": "Acme energy"})
    ),
    "backoffice:taxonomy_edit": Declared(
        ADMIN,
        ("spare_tag",),
        get=PAGE,
        post=Call(302, lambda a: {"name": "Acme Grenoble", "country": "FR", "name_de": "Grenoble"}),
    ),
    "backoffice:taxonomy_merge": Declared(
        ADMIN, ("merged_tag",), get=PAGE, post=Call(302, lambda a: {"into": a.lyon.pk})
    ),
    "backoffice:taxonomy_archive": Declared(ADMIN, ("spare_tag",), post=DONE),
    "backoffice:taxonomy_unarchive": Declared(ADMIN, ("archived_tag",), post=DONE),
    "backoffice:taxonomy_default_country": Declared(
        ADMIN, post=Call(302, lambda a: {"default_country": "FR"})
    ),
    "backoffice:members": Declared(ADMIN, get=PAGE, post=SAME_AS_GET),
    "backoffice:member_invite": Declared(
        ADMIN,
        get=PAGE,
        post=Call(
            302,
            lambda a: {
                "email": "newcomer@example.org",
                "first_name": "New",
                "last_name": "Comer",
                "department": "",
                "location": "",
            },
        ),
    ),
    "backoffice:member_import": Declared(
        ADMIN,
        get=PAGE,
        post=Call(200, lambda a: {"file": SimpleUploadedFile("people.csv", PEOPLE_CSV)}),
    ),
    # Confirming or cancelling a preview: an unknown token is an expired preview, 302.
    "backoffice:member_import_confirm": Declared(
        ADMIN,
        post=Call(302, lambda a: {"token": "unknown-token-of-no-preview", "action": "cancel"}),
    ),
    "backoffice:member_deactivate": Declared(ADMIN, ("colleague",), post=DONE),
    "backoffice:member_reactivate": Declared(ADMIN, ("leaver",), post=DONE),
    "backoffice:member_roles": Declared(
        ADMIN, ("colleague",), post=Call(302, lambda a: {"is_expert": "on"})
    ),
    "backoffice:member_resend_invitation": Declared(ADMIN, ("colleague",), post=DONE),
    "backoffice:outbox": Declared(ADMIN, get=PAGE, needs=("failed_email",)),
    "backoffice:outbox_retry": Declared(ADMIN, ("failed_email",), post=DONE),
    "backoffice:checklist_dismiss": Declared(ADMIN, post=DONE),
    "backoffice:settings": Declared(ADMIN, get=PAGE, post=Call(302, lambda a: BRANDING)),
    "backoffice:email_templates": Declared(ADMIN, get=PAGE, post=SAME_AS_GET),
    "backoffice:email_template_edit": Declared(
        ADMIN,
        (Plain("candidate-status"), Plain("contacted"), Plain("en")),
        get=PAGE,
        post=Call(302, lambda a: {"subject": "News", "body": "Hello {{ candidate_first_name }}"}),
    ),
    # Diffusion ----------------------------------------------------------------------------
    "diffusion:editor": Declared(
        RECRUITER,
        ("job",),
        get=PAGE,
        post=Call(302, lambda a: {"edited": "1", "confirm": "1", "tags": [a.lyon.pk]}),
        needs=("followers",),
    ),
    "diffusion:feature": Declared(RECRUITER, ("job",), post=Call(302, lambda a: {"featured": "1"})),
    # API tokens (the API itself, /api/v1/, is a group below) ------------------------------
    "api:tokens": Declared(ADMIN, get=PAGE, needs=("api_token",)),
    "api:token_new": Declared(
        ADMIN,
        get=PAGE,
        post=Call(201, lambda a: {"name": "ATS", "scopes": ["jobs:read"], "expires_in": "30"}),
    ),
    "api:token_revoke": Declared(ADMIN, ("api_token",), get=PAGE, post=DONE),
    # Webhooks (X2) ---------------------------------------------------------------------------
    "webhooks:list": Declared(ADMIN, get=PAGE, needs=("webhook_endpoint",)),
    "webhooks:create": Declared(
        ADMIN,
        get=PAGE,
        post=Call(302, lambda a: {"url": "https://ats.acme.test/in", "events": ["job.published"]}),
    ),
    "webhooks:endpoint": Declared(
        ADMIN, ("webhook_endpoint",), get=PAGE, needs=("webhook_delivery",)
    ),
    "webhooks:edit": Declared(
        ADMIN,
        ("webhook_endpoint",),
        get=PAGE,
        post=Call(
            302,
            lambda a: {"url": "https://hooks.acme.test/v2", "events": ["referral.hired"]},
        ),
    ),
    "webhooks:rotate": Declared(ADMIN, ("webhook_endpoint",), post=DONE),
    "webhooks:enabled": Declared(
        ADMIN, ("webhook_endpoint",), post=Call(302, lambda a: {"enabled": "0"})
    ),
    "webhooks:test": Declared(ADMIN, ("webhook_endpoint",), post=DONE),
    "webhooks:delete": Declared(ADMIN, ("webhook_endpoint",), post=DONE),
    "webhooks:delivery": Declared(ADMIN, ("webhook_delivery",), get=PAGE),
    "webhooks:redeliver": Declared(ADMIN, ("webhook_delivery",), post=DONE),
    "diffusion:sends": Declared(RECRUITER, get=PAGE, needs=("send",)),
    "diffusion:send": Declared(RECRUITER, ("send",), get=PAGE),
    "diffusion:stop": Declared(RECRUITER, ("send",), post=DONE),
    "diffusion:settings": Declared(ADMIN, get=PAGE, post=Call(302, lambda a: {"weekly_cap": "3"})),
    "diffusion_public:unsubscribe": Declared(
        PUBLIC_TOKEN, ("unsubscribe_token",), get=PAGE, post=PAGE
    ),
    # Job feeds (J3) and the public feed (X4) ---------------------------------------------
    "integrations:sources": Declared(ADMIN, get=PAGE, needs=("feed_source",)),
    "integrations:source_create": Declared(ADMIN, get=PAGE, post=Call(302, lambda a: FEED)),
    "integrations:source": Declared(
        ADMIN, ("feed_source",), get=PAGE, post=Call(302, lambda a: FEED)
    ),
    "integrations:source_delete": Declared(ADMIN, ("feed_source",), post=DONE),
    "integrations:source_run": Declared(ADMIN, ("feed_source",), post=DONE),
    "integrations:upload": Declared(
        ADMIN, ("feed_source",), get=PAGE, post=Call(302, lambda a: {"file": _feed_file()})
    ),
    "integrations:runs": Declared(ADMIN, get=PAGE, needs=("feed_run",)),
    "integrations:run": Declared(ADMIN, ("feed_run",), get=PAGE),
    "integrations:names": Declared(ADMIN, get=PAGE, needs=("external_name",)),
    "integrations:name_map": Declared(
        ADMIN,
        ("external_name",),
        post=Call(302, lambda a: {f"name{a.external_name.pk}-tag": a.lyon.pk}),
    ),
    "integrations:feed_settings": Declared(ADMIN, post=Call(302, lambda a: {"publish_feed": ""})),
    "integrations_public:feed": Declared(PUBLIC, get=PAGE),
    # ATS connection (X3): an admin's; the actions without a saved connection only say so.
    "ats:connection": Declared(
        ADMIN,
        get=PAGE,
        post=Call(
            302,
            lambda a: {
                "connector": "greenhouse",
                "board_token": "acme",
                "credit_referrer_as": "email",
            },
        ),
        needs=("ats_link",),
    ),
    "ats:test": Declared(ADMIN, post=DONE),
    "ats:sync": Declared(ADMIN, post=DONE),
    "ats:job_link": Declared(
        ADMIN,
        post=Call(302, lambda a: {"job": a.job.pk, "external_job_id": "2034567"}),
        needs=("ats_link",),
    ),
    "ats:retry": Declared(ADMIN, ("ats_link",), post=DONE),
    # Privacy: the back office -------------------------------------------------------------
    "privacy:retention": Declared(ADMIN, get=PAGE, post=Call(302, lambda a: RETENTION)),
    "privacy:purge_runs": Declared(ADMIN, get=PAGE, needs=("purge_run",)),
    "privacy:purge_run": Declared(ADMIN, ("purge_run",), get=PAGE),
    "privacy:hired_export": Declared(ADMIN, get=PAGE),
    "privacy:requests": Declared(ADMIN, get=PAGE, needs=("subject_request",)),
    "privacy:request_close": Declared(
        ADMIN, ("subject_request",), post=Call(302, lambda a: {"state": "done", "note": "Sent"})
    ),
    "privacy:audit": Declared(ADMIN, get=PAGE),
    "privacy:audit_export": Declared(ADMIN, get=PAGE),
    # Single sign-on (M2): the admin's settings page -------------------------------------------
    "sso:settings": Declared(
        ADMIN,
        get=PAGE,
        post=Call(
            302,
            lambda a: {
                "protocol": "oidc",
                "oidc_issuer": "https://id.example.com",
                "oidc_client_id": "coopt",
                "allowed_domains": "example.com",
                "password_sign_in": "on",
            },
        ),
    ),
    # Privacy: the person's own page --------------------------------------------------------
    "privacy_self:page": Declared(PUBLIC_TOKEN, ("privacy_token",), get=PAGE),
    "privacy_self:language": Declared(
        PUBLIC_TOKEN, ("privacy_token",), post=Call(302, lambda a: {"language": "fr"})
    ),
    "privacy_self:download": Declared(PUBLIC_TOKEN, ("privacy_token",), post=PAGE),
    "privacy_self:correct": Declared(
        PUBLIC_TOKEN,
        ("privacy_token",),
        get=PAGE,
        post=Call(302, lambda a: {"first_name": "Ada", "last_name": "King", "phone": ""}),
    ),
    # Erased: the answer is the last page (the links went with the data), not a redirect.
    "privacy_self:erase": Declared(PUBLIC_TOKEN, ("privacy_token",), get=PAGE, post=Call(200)),
    "privacy_self:request": Declared(
        PUBLIC_TOKEN,
        ("privacy_token",),
        get=PAGE,
        post=Call(302, lambda a: {"kind": "access", "details": "What do you hold?"}),
    ),
}


# Groups declared as a whole ------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    prefix: str  # every pattern whose route starts with it
    rule: str


GROUPS = (
    Group(
        "accounts/",
        "allauth's sign-in, password and two-factor pages: public, or sign-in first; "
        "never a company's content",
    ),
    Group(
        "api/v1/",
        "the REST API: a bearer token of the company, never a session; no token is a 401 "
        "problem, another company's token too (tests/api/, and the walk below)",
    ),
)
# In that group, single sign-on (coopt/sso, docs/sso.md): accounts/oidc/<provider_id>/ and
# accounts/saml/<organization_slug>/ answer only the host's own identity provider (404 for any
# other id, or without SSO on); allauth's social sign-up, connections, cancelled and error pages
# (accounts/3rdparty/, accounts/social/) are answered first by coopt/sso/urls/closed.py, which
# sends to the sign-in page.

# The operator's host (COOPT_OPERATOR_HOST) ------------------------------------------------
# Its URLconf (config/urls_operator.py) is walked too: every console page answers 404 on a
# company's host, sends anonymous visitors to sign in, and refuses (403) a signed-in account
# that is not the operator's staff. The value names the parameters: "tenant" is company A.

OPERATOR_URLCONF = "config.urls_operator"
OPERATOR_DECLARED: dict[str, tuple[str, ...]] = {
    "home": (),
    "console:tenant_new": (),
    "console:suspend": ("tenant",),
    "console:reactivate": ("tenant",),
}
# allauth's sign-in pages on the operator's host: the same group as on a company's host.
OPERATOR_GROUPS = (GROUPS[0],)
