"""`seed_demo` loads a realistic demo through the services; `demo_totp_code` signs it in."""

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from coopt.accounts.models import Department, Membership, User
from coopt.clients.models import ClientCompany
from coopt.demo.brands import PASSWORD, TOTP_SECRET
from coopt.jobs.models import Job, JobTemplate
from coopt.notifications.models import Notification, OutboundEmail
from coopt.referrals.models import Consent, Note, Referral, Reminder, Status, StatusChange
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .. import factories as f

pytestmark = pytest.mark.django_db

COUNTED = (
    Tenant,
    User,
    Membership,
    Department,
    Tag,
    Job,
    JobTemplate,
    Referral,
    StatusChange,
    Note,
    Reminder,
    Notification,
    OutboundEmail,
    Authenticator,
)


def seed(**options: object) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo() -> str:
    return seed()


def acme() -> Tenant:
    return Tenant.objects.get(slug="acme")


def globex() -> Tenant:
    return Tenant.objects.get(slug="globex")


def test_it_loads_a_demo_that_meets_the_minimums(demo: str) -> None:
    tenant = acme()
    members = Membership.objects.filter(tenant=tenant)
    jobs = Job.objects.filter(tenant=tenant)
    assert tenant.name == "Maison Lumière" and tenant.default_language == "fr"
    assert len(tenant.enabled_languages) == 7 and str(tenant.logo.name).endswith(".png")
    assert tenant.primary_domain == "acme.localhost"
    assert members.count() >= 50
    assert Department.objects.filter(tenant=tenant).count() >= 5
    assert Tag.objects.filter(tenant=tenant, kind=Tag.Kind.LOCATION).count() >= 4
    assert jobs.count() >= 20
    assert jobs.values("job_family").distinct().count() >= 5
    assert jobs.values("sector").distinct().count() >= 4
    assert set(jobs.values_list("status", flat=True)) == set(Job.Status.values)
    assert JobTemplate.objects.filter(tenant=tenant).count() == 2
    assert not members.filter(onboarded_at__isnull=True).exists()
    assert members.filter(manager__isnull=False).exists()
    assert all(3 <= m.interests.count() <= 4 for m in members)
    assert len(set(members.values_list("user__language", flat=True))) == 7
    # Every pipeline status and every consent answer, from every source.
    referrals = Referral.objects.filter(tenant=acme())
    assert set(referrals.values_list("status", flat=True)) == set(Status.values)
    assert set(referrals.values_list("consent", flat=True)) == set(Consent.values)
    assert {"referral", "share_link", "application", "mobility"} <= set(
        referrals.values_list("source", flat=True)
    )
    assert referrals.exclude(in_process_note="").exists()
    # The recruiter wrote the history, and a reminder is due today.
    recruiter = User.objects.get(email="recruteuse@acme.localhost")
    assert StatusChange.objects.filter(referral__tenant_id=acme().pk, author=recruiter).exists()
    assert Reminder.objects.filter(tenant=acme(), done_at__isnull=True).exists()
    assert Notification.objects.filter(recipient__user__email="membre@acme.localhost").exists()


def test_demo_locations_have_a_country_and_tags_read_in_several_languages(demo: str) -> None:
    acme = Tenant.objects.get(slug="acme")
    globex = Tenant.objects.get(slug="globex")
    assert (str(acme.default_country), str(globex.default_country)) == ("FR", "DE")
    acme_tags = Tag.objects.filter(tenant=acme)
    assert str(acme_tags.get(name="Munich").country) == "DE"
    assert not acme_tags.get(name="Lyon").country  # the company's default country
    assert str(Tag.objects.get(tenant=globex, name="Rotterdam").country) == "NL"
    munich = acme_tags.get(name="Munich")
    with translation.override("de"):
        assert str(munich) == "München"
    with translation.override("fr"):
        assert str(munich) == "Munich"
    assert acme_tags.exclude(translations={}).filter(kind=Tag.Kind.FAMILY).exists()


def test_the_demo_has_sends_to_follow_and_featured_jobs(demo: str) -> None:
    from coopt.diffusion.models import Delivery, FeaturedJob, Send

    sends = Send.objects.filter(tenant=acme())
    assert set(sends.values_list("status", flat=True)) == {Send.Status.DONE, Send.Status.WAITING}
    for send in sends:
        assert Delivery.objects.filter(send=send).exists()
        assert send.audience_size >= Delivery.objects.filter(send=send).count() > 0
    assert FeaturedJob.objects.filter(tenant=acme()).count() == 2
    assert not OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).exists()


def test_the_demo_has_a_running_contest_and_an_ended_one_with_winners(demo: str) -> None:
    from coopt.gamification.models import Contest, ContestWinner

    contests = Contest.objects.filter(tenant=acme())
    running = [c for c in contests if c.starts_at <= timezone.now() < c.ends_at]
    ended = [c for c in contests if c.announced_at is not None]
    assert len(running) == 1 and len(ended) == 1
    assert ContestWinner.objects.filter(contest=ended[0]).exists()


def test_the_demo_members_visited_the_jobs_once_a_day_and_referrals_keep_their_level(
    demo: str,
) -> None:
    from coopt.demo.brands import MEMBER
    from coopt.gamification.models import Action, PointEvent, ReferralLevel

    member = Membership.objects.get(tenant=acme(), user__email=MEMBER.email)
    visits = PointEvent.objects.filter(member=member, action=Action.VISIT)
    assert visits.count() >= 5
    days = {timezone.localtime(event.created_at).date().isoformat() for event in visits}
    assert {event.ref for event in visits} == {f"visit:{day}" for day in days}
    assert ReferralLevel.objects.filter(referral__tenant=acme()).exists()


def test_erased_referrals_keep_no_personal_data_and_no_email_waits(demo: str) -> None:
    erased = Referral.objects.filter(tenant=acme(), consent__in=[Consent.DECLINED, Consent.EXPIRED])
    assert erased.count() >= 2
    for referral in erased:
        assert referral.personal_data_deleted_at is not None
        assert (referral.first_name, referral.last_name, referral.email, referral.phone) == (
            "",
            "",
            "",
            "",
        )
        assert referral.email_key is None and referral.motivation == ""
        assert not referral.notes.exists() and not referral.reminders.exists()
        assert not Notification.objects.filter(subject_ref=f"referral:{referral.pk}").exists()
    # The seed's e-mails count as sent: starting the worker sends no burst of demo mail.
    assert OutboundEmail.objects.exists()
    assert not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists()
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()


def test_a_second_run_changes_nothing_and_both_print_the_sign_ins(demo: str) -> None:
    before = counts()
    output = seed()
    assert "Demo data already loaded" in output
    assert "recruteuse@acme.localhost" in output and PASSWORD in output
    assert counts() == before
    for text in (
        "http://acme.localhost",
        "http://localhost",
        "http://globex.localhost",
        "admin@acme.localhost",
        "membre@acme.localhost",
        "admin@globex.localhost",
        PASSWORD,
        TOTP_SECRET,
        "otpauth://totp/",
        "manage.py demo_totp_code",
    ):
        assert text in demo and text in output


def test_globex_shares_nothing_with_acme(demo: str) -> None:
    a, g = acme(), globex()
    assert g.name == "Nordwind Logistik" and g.default_language == "de"
    assert g.primary_colour != a.primary_colour
    assert Membership.objects.filter(tenant=g).count() >= 5
    assert Job.objects.filter(tenant=g).count() == 3
    assert Referral.objects.filter(tenant=g).count() == 2
    acme_users = set(Membership.objects.filter(tenant=a).values_list("user_id", flat=True))
    globex_users = set(Membership.objects.filter(tenant=g).values_list("user_id", flat=True))
    assert not acme_users & globex_users
    for referral in Referral.objects.filter(tenant=g).select_related("job", "referrer"):
        assert referral.referrer is not None
        assert referral.job.tenant_id == g.pk and referral.referrer.tenant_id == g.pk
    for job in Job.objects.filter(tenant=g):
        assert {tag.tenant_id for tag in job.locations.all()} == {g.pk}
        assert job.job_family is not None and job.sector is not None
        assert job.job_family.tenant_id == g.pk and job.sector.tenant_id == g.pk
    assert not Notification.objects.filter(tenant=g, recipient__tenant=a).exists()
    assert not OutboundEmail.objects.filter(tenant=g, to_email__endswith="@acme.localhost").exists()


def test_demo_accounts_sign_in_and_reach_their_pages(demo: str) -> None:
    for email in (
        "recruteuse@acme.localhost",
        "admin@acme.localhost",
        "membre@acme.localhost",
        "admin@globex.localhost",
    ):
        assert authenticate(email=email, password=PASSWORD) is not None, email
    staff = ("recruteuse@acme.localhost", "admin@acme.localhost", "admin@globex.localhost")
    assert (
        Authenticator.objects.filter(type=Authenticator.Type.TOTP, user__email__in=staff).count()
        == 3
    )
    assert not Authenticator.objects.filter(user__email="membre@acme.localhost").exists()
    # With TOTP set up, the two-factor middleware lets the recruiter through.
    member = Client(HTTP_HOST="acme.localhost")
    member.force_login(User.objects.get(email="membre@acme.localhost"))
    assert member.get("/jobs/").status_code == 200
    assert member.get("/me/").status_code == 200
    assert member.get("/brand/logo").status_code == 200
    recruiter = Client(HTTP_HOST="acme.localhost")
    recruiter.force_login(User.objects.get(email="recruteuse@acme.localhost"))
    response = recruiter.get("/", follow=True)
    assert response.status_code == 200
    assert "totp" not in response.redirect_chain[-1][0]


@time_machine.travel(datetime(2026, 3, 14, 9, 26, 53, tzinfo=UTC), tick=False)
def test_demo_totp_code_prints_a_code_allauth_accepts(demo: str) -> None:
    out = StringIO()
    call_command("demo_totp_code", "recruteuse@acme.localhost", stdout=out, stderr=StringIO())
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert validate_totp_code(TOTP_SECRET, code)
    authenticator = Authenticator.objects.get(
        user__email="recruteuse@acme.localhost", type=Authenticator.Type.TOTP
    )
    assert TOTP(authenticator).validate_code(code)


def test_demo_totp_code_prints_the_code_and_the_hint_on_two_lines(demo: str) -> None:
    out = StringIO()
    call_command("demo_totp_code", "recruteuse@acme.localhost", stdout=out, stderr=out)
    code, hint = out.getvalue().splitlines()
    assert len(code) == 6 and code.isdigit()
    assert hint.startswith("(valid for ")


def test_demo_totp_code_refuses_an_account_with_its_own_secret(demo: str) -> None:
    f.make_member(acme(), email="someone@acme.localhost", is_recruiter=True)  # own secret
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_totp_code", "someone@acme.localhost", stdout=StringIO())
    with pytest.raises(CommandError, match="no two-factor"):
        call_command("demo_totp_code", "membre@acme.localhost", stdout=StringIO())
    with pytest.raises(CommandError, match="No account"):
        call_command("demo_totp_code", "nobody@acme.localhost", stdout=StringIO())


def test_reset_replaces_the_demo_and_the_people_who_only_belonged_to_it(demo: str) -> None:
    before = counts()
    old_ids = set(Tenant.objects.values_list("pk", flat=True))
    outsider = f.make_tenant("initech", "Initech")
    shared = Membership.objects.get(user__email="membre@acme.localhost").user
    Membership.objects.create(tenant=outsider, user=shared)
    Tenant.objects.filter(slug="acme").update(name="Maison Lumière SA")  # renamed while trying it
    output = seed(reset=True)
    assert "Demo data loaded" in output
    assert not old_ids & set(
        Tenant.objects.filter(slug__in=["acme", "globex"]).values_list("pk", flat=True)
    )
    after = counts()
    # Everything came back once; the member who also works for Initech was kept, not doubled.
    assert after["Tenant"] == before["Tenant"] + 1
    assert after["User"] == before["User"]
    assert after["Referral"] == before["Referral"]
    assert Membership.objects.filter(user=shared).count() == 2
    assert acme().name == "Maison Lumière"


def test_reset_refuses_a_tenant_that_is_not_the_demo(db: None) -> None:
    f.make_tenant("acme", "Acme Corporation")
    with pytest.raises(CommandError, match="not the demo"):
        seed(reset=True)
    assert Tenant.objects.get(slug="acme").name == "Acme Corporation"


def test_it_refuses_to_load_next_to_a_foreign_globex(db: None) -> None:
    f.make_tenant("globex", "Globex Corporation")
    with pytest.raises(CommandError, match="--reset"):
        seed()
    assert not Tenant.objects.filter(slug="acme").exists()


def test_the_demo_has_an_operator_who_reaches_the_console_with_a_demo_code(demo: str) -> None:
    operator = User.objects.get(email="operateur@coopt.localhost")
    assert operator.is_staff and not Membership.objects.filter(user=operator).exists()
    out = StringIO()
    call_command("demo_totp_code", operator.email, stdout=out, stderr=StringIO())
    assert validate_totp_code(TOTP_SECRET, out.getvalue().strip())
    console = Client(HTTP_HOST="operator.localhost")
    console.force_login(operator)
    assert console.get("/").status_code == 200
    printed = StringIO()
    call_command("seed_demo", stdout=printed)  # already loaded: prints, keeps one operator
    assert "Operator console: http://operator.localhost" in printed.getvalue()
    assert "demo_totp_code operateur@coopt.localhost" in printed.getvalue()
    assert User.objects.filter(email="operateur@coopt.localhost").count() == 1


def test_the_network_demo_has_clients_and_a_recruiter_who_sees_only_theirs(demo: str) -> None:
    reseau = Tenant.objects.get(slug="reseau")
    assert reseau.mode == Tenant.Mode.NETWORK
    clients = list(ClientCompany.objects.filter(tenant=reseau))
    assert len(clients) == 3
    assert [c.public_name for c in clients if c.is_confidential] == ["une enseigne de distribution"]
    for client in clients:
        assert Job.objects.filter(tenant=reseau, client=client).count() >= 2
        assert (
            Membership.objects.filter(tenant=reseau, client=client, is_recruiter=True).count() == 1
        )
    assert not Job.objects.filter(tenant=reseau, client__isnull=True).exists()
    for text in ("http://reseau.localhost", "equipe@reseau.localhost", "rh@boulangerie.localhost"):
        assert text in demo
    staff = Authenticator.objects.filter(
        type=Authenticator.Type.TOTP,
        user__email__in=["equipe@reseau.localhost", "rh@boulangerie.localhost"],
    )
    assert staff.count() == 2
    recruiter = Client(HTTP_HOST="reseau.localhost")
    recruiter.force_login(User.objects.get(email="rh@boulangerie.localhost"))
    page = recruiter.get("/office/jobs/").content.decode()
    assert "Boulanger (H/F)" in page and "Ébéniste" not in page
    board = Client(HTTP_HOST="reseau.localhost")
    coopteur = Membership.objects.get(tenant=reseau, user__email__startswith="karim.haddad@")
    board.force_login(coopteur.user)
    jobs = board.get("/jobs/").content.decode()
    assert "une enseigne de distribution" in jobs and "Galeries Opale" not in jobs


def test_the_network_demo_has_referrers_in_a_tree_and_candidates_at_every_stage(
    demo: str,
) -> None:
    from coopt.network.selectors import sponsor_tree
    from coopt.referrals.models import Qualification
    from coopt.rewards.models import Reward

    reseau = Tenant.objects.get(slug="reseau")
    referrers = Membership.objects.filter(tenant=reseau, is_member=True, client__isnull=True)
    assert 55 <= referrers.count() <= 65
    roots = sponsor_tree(tenant=reseau)
    assert max(root.depth for root in roots) == 2
    referrals = Referral.objects.filter(tenant=reseau)
    queue = referrals.filter(consent=Consent.CONFIRMED, forwarded_at__isnull=True)
    assert queue.filter(status=Status.RECOMMENDED).count() >= 3
    assert referrals.filter(consent=Consent.AWAITING).count() >= 2
    assert Qualification.objects.filter(
        tenant=reseau, decision=Qualification.Decision.DECLINED
    ).exists()
    assert Qualification.objects.filter(tenant=reseau, assigned_to__isnull=False).exists()
    forwarded = referrals.filter(forwarded_at__isnull=False)
    assert set(forwarded.values_list("status", flat=True)) >= {
        Status.RECOMMENDED,
        Status.CONTACTED,
        Status.MET,
        Status.HIRED,
        Status.NOT_RETAINED,
    }
    hired = Reward.objects.filter(referral__tenant=reseau, milestone="hire")
    assert hired.count() == 2
    assert {str(reward.amount) for reward in hired} <= {"500.00", "750.00", "1000.00"}
    # The operator's queue opens on the demo, with one past the target.
    operator = Client(HTTP_HOST="reseau.localhost")
    operator.force_login(User.objects.get(email="equipe@reseau.localhost"))
    page = operator.get("/office/qualification/").content.decode()
    assert page.count('data-testid="queue-row"') >= 3
    assert 'data-testid="overdue"' in page
