"""Job-ad credits (W3, item 9): a reward paid as credits adds to the member's balance; one
credit posts a job for the member's own company once the operator approved the company."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.clients.models import ClientCompany
from coopt.clients.services import client_save
from coopt.notifications.models import Notification
from coopt.privacy.audit_details import describe_details
from coopt.rewards.models import CreditAccount, CreditMovement, JobPostRequest
from coopt.rewards.selectors import credit_balance
from coopt.rewards.services import (
    JobPostData,
    RewardError,
    credits_earn_for_reward,
    job_post_request_approve,
    job_post_request_decline,
    job_post_request_submit,
    reward_choose_payout,
    reward_mark_paid,
)

from .. import factories as f
from ..conftest import World
from ..network.helpers import make_network
from .helpers import due_reward, set_payout

pytestmark = pytest.mark.django_db

WIDGETS = JobPostData(
    company_name="Widgets SA",
    company_website="https://widgets.example",
    contact_name="Ada Lovelace",
    contact_email="ada@widgets.example",
    title="Widget maker",
    description="Make <b>widgets</b>.\n\nIn a team of five.",
    location="Lyon",
)


def _earn_credits(world: World) -> int:
    """world.member takes a due reward as credits, and the admin pays it."""
    set_payout(world.acme, credits_enabled=True, credits_per_reward=3)
    reward = due_reward(world)
    reward_choose_payout(reward=reward, member=world.member, choice="credits")
    reward_mark_paid(reward=reward, author=world.admin.user)
    return credit_balance(world.member)


def _operator(world: World) -> Actor:
    return Actor.member(world.admin)


def _request(world: World, data: JobPostData = WIDGETS) -> JobPostRequest:
    return job_post_request_submit(member=world.member, data=data)


# The balance ------------------------------------------------------------------------------


def test_a_reward_paid_as_credits_adds_them_to_the_members_balance_once(world):
    assert _earn_credits(world) == 3

    movement = CreditMovement.objects.get()
    assert (movement.delta, movement.reason, movement.author) == (3, "earned", world.admin.user)
    assert movement.reward is not None
    assert credits_earn_for_reward(reward=movement.reward) == movement  # a retry adds nothing
    assert credit_balance(world.member) == 3


def test_credits_chosen_but_not_yet_paid_are_not_on_the_balance(world):
    set_payout(world.acme, credits_enabled=True)
    reward = due_reward(world)
    reward_choose_payout(reward=reward, member=world.member, choice="credits")

    assert credit_balance(world.member) == 0


def test_the_database_refuses_a_negative_balance(world):
    account = CreditAccount.objects.create(tenant=world.acme, member=world.member)
    account.balance = -1
    with pytest.raises(IntegrityError), transaction.atomic():
        account.save()


# A member asks, the operator decides ------------------------------------------------------


def test_a_first_request_waits_for_the_operator_and_spends_nothing(world):
    make_network(world)
    _earn_credits(world)

    job_post = _request(world)

    assert job_post.state == "pending"
    assert job_post.client is None
    assert credit_balance(world.member) == 3
    assert not ClientCompany.objects.filter(name="Widgets SA").exists()
    asked = Notification.objects.get(recipient=world.admin)
    assert "Widget maker" in asked.text
    assert asked.url == reverse("rewards:job_posts")
    others = Notification.objects.filter(subject_ref__startswith="jobpost:")
    assert not others.exclude(recipient=world.admin).exists()


def test_the_operators_approval_adds_the_client_creates_a_draft_and_spends_one_credit(world):
    make_network(world)
    _earn_credits(world)
    job_post = _request(world)

    job_post = job_post_request_approve(job_post=job_post, actor=_operator(world))

    client = ClientCompany.objects.get(tenant=world.acme, name="Widgets SA")
    assert (client.contact_name, client.contact_email) == ("Ada Lovelace", "ada@widgets.example")
    assert job_post.job is not None
    job = job_post.job
    assert (job.status, job.client, job.title) == ("draft", client, "Widget maker")
    assert "&lt;b&gt;widgets&lt;/b&gt;" in job.description  # the member's text, escaped
    assert [t.name for t in job.locations.all()] == ["Lyon"]
    assert (job_post.state, job_post.decided_by) == ("approved", world.admin.user)
    assert credit_balance(world.member) == 2
    spent = CreditMovement.objects.get(reason="spent")
    assert (spent.delta, spent.job_post) == (-1, job_post)
    event = AuditEvent.objects.get(action="job_post_approved")
    assert (event.actor, event.target) == (world.admin.user, f"jobpost:{job_post.pk}")
    assert event.details == {"client": client.pk, "job": job.pk}
    told = Notification.objects.get(recipient=world.member, subject_ref=f"jobpost:{job_post.pk}")
    assert "Widgets SA" in told.text


def test_a_location_the_network_does_not_list_stays_in_the_description(world):
    make_network(world)
    _earn_credits(world)
    data = JobPostData(**{**WIDGETS.__dict__, "location": "Valparaíso"})

    job_post = job_post_request_approve(job_post=_request(world, data), actor=_operator(world))

    assert job_post.job is not None
    job = job_post.job
    assert not job.locations.exists()
    assert job.description.startswith("<p>Valparaíso</p>")


def test_a_declined_request_spends_nothing_and_tells_the_member_why(world):
    make_network(world)
    _earn_credits(world)
    job_post = _request(world)

    with pytest.raises(RewardError):
        job_post_request_decline(job_post=job_post, actor=_operator(world), reason="  ")
    job_post = job_post_request_decline(
        job_post=job_post, actor=_operator(world), reason="We could not reach the company"
    )

    assert (job_post.state, job_post.job) == ("declined", None)
    assert credit_balance(world.member) == 3
    assert not CreditMovement.objects.filter(reason="spent").exists()
    assert not ClientCompany.objects.filter(name="Widgets SA").exists()
    told = Notification.objects.get(recipient=world.member, subject_ref=f"jobpost:{job_post.pk}")
    assert "We could not reach the company" in told.text
    event = AuditEvent.objects.get(action="job_post_declined")
    assert event.target == f"jobpost:{job_post.pk}"


def test_a_request_is_decided_once(world):
    make_network(world)
    _earn_credits(world)
    job_post = job_post_request_approve(job_post=_request(world), actor=_operator(world))

    with pytest.raises(RewardError):
        job_post_request_approve(job_post=job_post, actor=_operator(world))
    with pytest.raises(RewardError):
        job_post_request_decline(job_post=job_post, actor=_operator(world), reason="No")
    assert credit_balance(world.member) == 2


def test_a_later_job_for_an_approved_company_skips_the_approval_and_spends_one_credit(world):
    make_network(world)
    _earn_credits(world)
    first = job_post_request_approve(job_post=_request(world), actor=_operator(world))
    assert first.client is not None

    again = _request(
        world,
        JobPostData(
            title="Senior widget maker", description="More.", location="Lyon", client=first.client
        ),
    )

    assert again.state == "approved"
    assert again.job is not None
    assert (again.job.status, again.job.client) == ("draft", first.client)
    assert credit_balance(world.member) == 1
    assert ClientCompany.objects.filter(name="Widgets SA").count() == 1
    ready = Notification.objects.filter(recipient=world.admin).latest("pk")
    assert "the draft is ready to publish" in ready.text


def test_a_member_cannot_name_a_company_approved_for_someone_else(world):
    make_network(world)
    _earn_credits(world)
    other = client_save(tenant=world.acme, actor=Actor.system("test"), name="Boulanger SA")

    with pytest.raises(RewardError):
        _request(
            world, JobPostData(title="Baker", description="Bake.", location="Lyon", client=other)
        )
    assert credit_balance(world.member) == 3


def test_a_member_asks_for_no_more_jobs_than_credits(world):
    make_network(world)
    set_payout(world.acme, credits_enabled=True, credits_per_reward=1)
    reward = due_reward(world)
    reward_choose_payout(reward=reward, member=world.member, choice="credits")
    reward_mark_paid(reward=reward, author=world.admin.user)
    _request(world)

    with pytest.raises(RewardError):
        _request(world, JobPostData(**{**WIDGETS.__dict__, "company_name": "Other SA"}))
    assert JobPostRequest.objects.count() == 1


def test_the_balance_never_goes_below_zero_on_approval(world):
    make_network(world)
    set_payout(world.acme, credits_enabled=True, credits_per_reward=1)
    reward = due_reward(world)
    reward_choose_payout(reward=reward, member=world.member, choice="credits")
    reward_mark_paid(reward=reward, author=world.admin.user)
    first = _request(world)
    CreditAccount.objects.filter(member=world.member).update(balance=0)

    with pytest.raises(RewardError):
        job_post_request_approve(job_post=first, actor=_operator(world))

    first.refresh_from_db()
    assert first.state == "pending"
    assert credit_balance(world.member) == 0
    assert not ClientCompany.objects.filter(name="Widgets SA").exists()


def test_an_existing_client_name_is_not_taken_over(world):
    make_network(world)
    _earn_credits(world)
    client_save(tenant=world.acme, actor=Actor.system("test"), name="Widgets SA")

    with pytest.raises(RewardError):
        job_post_request_approve(job_post=_request(world), actor=_operator(world))
    assert credit_balance(world.member) == 3


def test_an_internal_programme_takes_no_request(world):
    _earn_credits(world)

    with pytest.raises(RewardError):
        _request(world)


# Pages ------------------------------------------------------------------------------------


def _client_recruiter(world: World) -> Membership:
    client = client_save(tenant=world.acme, actor=Actor.system("test"), name="Hooli")
    return f.make_member(
        world.acme, email="rh@hooli.test", is_member=False, is_recruiter=True, client=client
    )


def test_the_rewards_page_offers_to_post_a_job_only_in_a_network_with_credits(world):
    member = world.client_for(world.member)
    link = reverse("rewards:post_job")
    make_network(world)
    assert link not in member.get(reverse("rewards:mine")).content.decode()

    _earn_credits(world)

    page = member.get(reverse("rewards:mine")).content.decode()
    assert link in page
    assert "You have 3 job-ad credits." in page


def test_the_member_posts_a_job_through_the_page(world):
    make_network(world)
    _earn_credits(world)
    member = world.client_for(world.member)

    assert member.get(reverse("rewards:post_job")).status_code == 200
    missing = member.post(reverse("rewards:post_job"), {"title": "X", "description": "Y"})
    assert missing.status_code == 400
    response = member.post(
        reverse("rewards:post_job"),
        {
            "company_name": "Widgets SA",
            "contact_name": "Ada",
            "contact_email": "ada@widgets.example",
            "title": "Widget maker",
            "description": "Make widgets.",
            "location": "Lyon",
        },
    )

    assert response.status_code == 302
    assert JobPostRequest.objects.get().member == world.member
    page = member.get(reverse("rewards:post_job")).content.decode()
    assert "Waiting for the operator" in page


def test_the_operator_approves_and_declines_through_the_page(world):
    make_network(world)
    _earn_credits(world)
    first = _request(world)
    second = _request(world, JobPostData(**{**WIDGETS.__dict__, "company_name": "Other SA"}))
    operator = world.client_for(world.recruiter)

    page = operator.get(reverse("rewards:job_posts"))
    assert page.status_code == 200
    assert "Widgets SA" in page.content.decode()
    approve = operator.post(reverse("rewards:job_post_approve", args=[first.pk]))
    decline = operator.post(
        reverse("rewards:job_post_decline", args=[second.pk]), {"reason": "Unknown company"}
    )

    assert approve.status_code == decline.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("approved", "declined")
    assert second.decline_reason == "Unknown company"


def test_an_internal_programme_has_no_job_post_pages(world):
    _earn_credits(world)
    job_post = JobPostRequest.objects.create(
        tenant=world.acme, member=world.member, company_name="W", title="T", location="L"
    )

    assert world.client_for(world.member).get(reverse("rewards:post_job")).status_code == 404
    operator = world.client_for(world.admin)
    assert operator.get(reverse("rewards:job_posts")).status_code == 404
    url = reverse("rewards:job_post_approve", args=[job_post.pk])
    assert operator.post(url).status_code == 404


def test_another_networks_operator_gets_404_on_this_networks_requests(world):
    make_network(world)
    world.globex.mode = world.globex.Mode.NETWORK
    world.globex.save(update_fields=["mode"])
    _earn_credits(world)
    job_post = _request(world)
    outsider = world.client_for(world.outsider)

    for url in (
        reverse("rewards:job_post_approve", args=[job_post.pk]),
        reverse("rewards:job_post_decline", args=[job_post.pk]),
    ):
        assert outsider.post(url, {"reason": "x"}).status_code == 404
    assert "Widgets SA" not in outsider.get(reverse("rewards:job_posts")).content.decode()
    job_post.refresh_from_db()
    assert job_post.state == "pending"


def test_members_and_client_recruiters_cannot_decide(world):
    make_network(world)
    _earn_credits(world)
    job_post = _request(world)

    for membership in (world.member, world.expert, _client_recruiter(world)):
        client = world.client_for(membership)
        assert client.get(reverse("rewards:job_posts")).status_code in (403, 404)
        url = reverse("rewards:job_post_approve", args=[job_post.pk])
        assert client.post(url).status_code in (403, 404)
        url = reverse("rewards:job_post_decline", args=[job_post.pk])
        assert client.post(url, {"reason": "x"}).status_code in (403, 404)
    job_post.refresh_from_db()
    assert job_post.state == "pending"
    assert credit_balance(world.member) == 3


def test_the_payout_options_edit_the_sponsor_bonus(world):
    response = world.client_for(world.admin).get(reverse("rewards:payout"))

    assert 'name="sponsor_bonus"' in response.content.decode()
    assert Decimal("250.00") == response.context["settings_form"].initial["sponsor_bonus"]


def test_the_audit_log_describes_both_decisions(world):
    make_network(world)
    _earn_credits(world)
    approved = job_post_request_approve(job_post=_request(world), actor=_operator(world))
    other = JobPostData(**{**WIDGETS.__dict__, "company_name": "Other SA"})
    job_post_request_decline(job_post=_request(world, other), actor=_operator(world), reason="No")

    events = {e.action: e for e in AuditEvent.objects.filter(action__startswith="job_post_")}

    assert describe_details(events["job_post_approved"]) == [
        f"Client company added: #{approved.client_id}",
        f"Draft job created: #{approved.job_id}",
    ]
    assert describe_details(events["job_post_declined"]) == []
