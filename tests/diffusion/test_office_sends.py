"""Sending from the editor (D2): the confirmation step, the send, its progress and history,
and featuring a job in the digests (D3)."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import Delivery, DiffusionSettings, FeaturedJob, Send, Solicitation
from coopt.diffusion.selectors import progress_by_send
from coopt.gamification.models import MemberScore
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World
from .test_office_audience import bulk_members, editor_url, follow

pytestmark = pytest.mark.django_db


def send_url(send: Send) -> str:
    return reverse("diffusion:send", args=[send.pk])


def progress_tag(html: str) -> str:
    """The opening tag of the counters block: where the polling is set, or not."""
    start = html.index('<div id="send-progress"')
    return html[start : html.index(">", start)]


def run_send(send: Send) -> None:
    """What the worker does, in process: prepare, release, batches until done."""
    sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    while sends.send_batch(send_id=send.pk, size=2).handled:
        pass


def start(world: Any, **kwargs: Any) -> Send:
    return sends.send_start(
        job=world.job, spec=AudienceSpec(), author=world.recruiter.user, **kwargs
    )


@pytest.fixture
def lyon(world: World) -> Tag:
    return Tag.objects.get(tenant=world.acme, name="Lyon")


@pytest.fixture
def followers(world: World, lyon: Tag) -> list[Membership]:
    follow(lyon, world.member, world.expert)
    return [world.member, world.expert]


def form_values(lyon: Tag, **extra: Any) -> dict[str, Any]:
    return {"edited": "1", "tags": [lyon.pk], "wave_by": "", **extra}


# --- Confirmation and send ------------------------------------------------------


def test_the_send_button_leads_to_a_confirmation_that_states_the_size(world, lyon, followers):
    client = world.client_for(world.recruiter)
    response = client.get(editor_url(world.job), form_values(lyon, review="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 members will receive this job by e-mail and in their notifications." in html
    assert "Everyone at once." in html
    assert f'name="tags" value="{lyon.pk}"' in html
    assert 'name="confirm"' in html
    assert "review" not in response.context["back_url"]
    assert not Send.objects.exists()


def test_confirming_starts_the_send_and_opens_its_progress(world, lyon, followers):
    paris = f.make_tag(world.acme, "Paris")
    parisian = f.make_member(world.acme, email="parisian@acme.test")
    follow(paris, parisian)
    data = form_values(lyon, confirm="1", tags=[lyon.pk, paris.pk])
    data["remove_emails"] = world.member.user.email
    response = world.client_for(world.recruiter).post(editor_url(world.job), data)
    send = Send.objects.get()
    assert response.status_code == 302
    assert response["Location"] == send_url(send)
    assert send.audience_size == 2
    assert send.created_by == world.recruiter.user
    assert send.audience["add_tags"] == [paris.pk]
    assert send.audience["remove_members"] == [world.member.pk]
    assert send.status == Send.Status.PREPARING


def test_a_send_runs_end_to_end_through_the_task_queue(
    world, lyon, followers, django_capture_on_commit_callbacks
):
    """The tasks run eagerly in tests: the commit of the send prepares and sends it."""
    client = world.client_for(world.recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(editor_url(world.job), form_values(lyon, confirm="1"))
    send = Send.objects.get()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in followers)
    response = client.get(send_url(send))
    progress = response.context["progress"]
    assert (progress.queued, progress.sent, progress.failed, progress.deferred) == (0, 2, 0, 0)
    assert response.context["done"]


def test_waves_by_level_need_a_delay(world, lyon, followers):
    client = world.client_for(world.recruiter)
    response = client.post(editor_url(world.job), form_values(lyon, confirm="1", wave_by="level"))
    assert response.status_code == 200
    assert "Give the number of hours between two waves." in response.content.decode()
    assert not Send.objects.exists()


@pytest.mark.parametrize("hours", ["0", "169", "soon"])
def test_the_delay_between_waves_is_checked(world, lyon, followers, hours):
    data = form_values(lyon, confirm="1", wave_by="level", wave_delay_hours=hours)
    response = world.client_for(world.recruiter).post(editor_url(world.job), data)
    assert response.context["form"].errors["wave_delay_hours"]
    assert not Send.objects.exists()


def test_waves_by_level_are_saved_with_their_delay(world, lyon, followers):
    data = form_values(lyon, confirm="1", wave_by="level", wave_delay_hours="24")
    world.client_for(world.recruiter).post(editor_url(world.job), data)
    send = Send.objects.get()
    assert (send.wave_by, send.wave_delay) == (Send.WaveBy.LEVEL, timedelta(hours=24))


def test_a_refused_send_explains_why_and_keeps_the_values(world, lyon, followers):
    pasted = f"{world.member.user.email}\n{world.expert.user.email}"
    data = form_values(lyon, confirm="1", remove_emails=pasted)
    response = world.client_for(world.recruiter).post(editor_url(world.job), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nobody is in the audience: widen it before sending." in html
    assert f"{world.member.user.email}\n{world.expert.user.email}</textarea>" in html
    assert not Send.objects.exists()


def test_the_confirmation_is_refused_for_an_empty_audience(world, lyon):
    response = world.client_for(world.recruiter).get(
        editor_url(world.job), form_values(lyon, review="1")
    )
    assert "Nobody is in the audience: widen it before sending." in response.content.decode()
    assert "confirm" not in response.context


def test_unknown_addresses_block_the_send(world, lyon, followers):
    data = form_values(lyon, confirm="1", add_emails="ghost@acme.test")
    response = world.client_for(world.recruiter).post(editor_url(world.job), data)
    assert "ghost@acme.test" in response.content.decode()
    assert not Send.objects.exists()


def test_the_editor_lists_the_jobs_previous_sends(world, followers):
    send = start(world)
    response = world.client_for(world.recruiter).get(editor_url(world.job))
    assert response.context["history"] == [send]
    assert send_url(send) in response.content.decode()


# --- Progress ---------------------------------------------------------------------


def test_progress_counts_sent_and_deferred_after_the_pipeline_ran(world, followers):
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=1)
    Solicitation.objects.create(
        tenant=world.acme, member=world.expert, kind="targeted", created_at=timezone.now()
    )
    send = start(world)
    run_send(send)
    response = world.client_for(world.admin).get(send_url(send))
    assert response.status_code == 200
    progress = response.context["progress"]
    assert (progress.queued, progress.sent, progress.failed, progress.deferred) == (0, 1, 0, 1)
    html = response.content.decode()
    assert 'data-testid="count-deferred">1<' in html
    assert "deferred to their next digest because of the weekly limit" in html
    assert '<progress max="2" value="2"' in html
    assert "hx-trigger" not in progress_tag(html)


def test_a_send_in_progress_polls_for_its_counters(world, followers):
    send = start(world)
    response = world.client_for(world.recruiter).get(send_url(send))
    opening = progress_tag(response.content.decode())
    assert 'hx-trigger="every 2s"' in opening
    assert f'hx-get="{send_url(send)}"' in opening
    assert response.context["progress"].total == 0
    assert "Preparing" in response.content.decode()


def test_the_poll_answers_with_the_counters_only(world, followers):
    send = start(world)
    run_send(send)
    response = world.client_for(world.recruiter).get(send_url(send), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="send-progress"')
    assert 'data-testid="count-sent">2<' in html
    assert 'data-done="yes"' in html and "hx-trigger" not in html


def test_waves_show_their_level_and_release(world, followers):
    MemberScore.objects.create(tenant=world.acme, member=world.expert, points=400)
    send = start(world, wave_by=Send.WaveBy.LEVEL, wave_delay=timedelta(hours=2))
    run_send(send)
    response = world.client_for(world.recruiter).get(send_url(send))
    rows = [(row.wave.number, row.level_name, row.wave.size) for row in response.context["waves"]]
    assert rows == [(1, "Expert", 1), (2, "Beginner", 1)]
    assert [row.wave.released_at is not None for row in response.context["waves"]] == [True, False]
    html = response.content.decode()
    assert "Waiting for the next wave" in html
    assert "Due on" in html and "Released on" in html
    assert 'hx-trigger="every 30s"' in progress_tag(html)  # hours may pass: a slower poll


def test_the_progress_poll_costs_the_same_queries_for_5_or_40_members(
    world, lyon, django_assert_max_num_queries
):
    client = world.client_for(world.recruiter)

    def sent_to(members: int, prefix: str) -> Send:
        bulk_members(world.acme, members, tag=lyon, prefix=prefix)
        send = sends.send_start(
            job=f.make_job(world.acme, title=prefix, locations=[lyon]),
            spec=AudienceSpec(),
            author=world.recruiter.user,
        )
        run_send(send)
        return send

    def poll(send: Send) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(send_url(send), headers={"HX-Request": "true"})
        return response.context["progress"].sent, len(queries)

    few_send, many_send = sent_to(5, "few"), sent_to(35, "more")
    poll(few_send)  # the first request of a session reads a little more
    few = poll(few_send)
    # 7 for the request itself; the send, its deliveries by status, its waves, level names.
    with django_assert_max_num_queries(11):
        many = poll(many_send)
    assert (few[0], many[0]) == (5, 40)
    assert few[1] == many[1]


# --- History ----------------------------------------------------------------------


def test_the_history_lists_every_send_newest_first_with_its_counters(world, followers):
    first = start(world)
    run_send(first)
    other = f.make_job(world.acme, title="Buyer", locations=[Tag.objects.get(name="Lyon")])
    second = sends.send_start(job=other, spec=AudienceSpec(), author=world.admin.user)
    response = world.client_for(world.recruiter).get(reverse("diffusion:sends"))
    assert [send for send, _progress in response.context["rows"]] == [second, first]
    assert response.context["rows"][1][1].sent == 2
    html = response.content.decode()
    assert "Account manager" in html and "Buyer" in html
    assert "Each member receives at most 3 job e-mails a week" in html


def test_the_history_filters_by_job_and_by_title(world, followers):
    first = start(world)
    other = f.make_job(world.acme, title="Buyer", locations=[Tag.objects.get(name="Lyon")])
    second = sends.send_start(job=other, spec=AudienceSpec(), author=world.admin.user)
    client = world.client_for(world.recruiter)
    by_job = client.get(reverse("diffusion:sends"), {"job": world.job.pk})
    assert [send for send, _p in by_job.context["rows"]] == [first]
    assert "Only the sends of “Account manager”." in by_job.content.decode()
    by_title = client.get(reverse("diffusion:sends"), {"q": "buy"})
    assert [send for send, _p in by_title.context["rows"]] == [second]


def test_another_tenants_history_shows_none_of_these_sends(world, followers):
    start(world)
    response = world.client_for(world.outsider).get(reverse("diffusion:sends"))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Account manager" not in response.content.decode()


def test_another_tenants_job_cannot_filter_the_history(world):
    response = world.client_for(world.recruiter).get(
        reverse("diffusion:sends"), {"job": world.globex_job.pk}
    )
    assert response.status_code == 404


def test_the_history_is_paginated_by_25(world):
    Send.objects.bulk_create(
        Send(tenant=world.acme, job=world.job, created_by=world.recruiter.user, audience_size=n)
        for n in range(26)
    )
    client = world.client_for(world.recruiter)
    assert len(client.get(reverse("diffusion:sends")).context["rows"]) == 25
    assert len(client.get(reverse("diffusion:sends"), {"page": 2}).context["rows"]) == 1


def test_the_counters_of_a_page_match_each_sends_progress(world, followers):
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=1)
    Solicitation.objects.create(
        tenant=world.acme, member=world.member, kind="targeted", created_at=timezone.now()
    )
    send = start(world)
    run_send(send)
    assert progress_by_send(send_ids=[send.pk])[send.pk] == sends.progress_of(send=send)


# --- Featured jobs (D3) -----------------------------------------------------------


def test_a_recruiter_features_a_job_and_takes_it_back(world):
    client = world.client_for(world.recruiter)
    url = reverse("diffusion:feature", args=[world.job.pk])
    response = client.post(url, {"featured": "1"})
    assert response.status_code == 302
    assert response["Location"] == editor_url(world.job)
    client.post(url, {"featured": "1"})  # twice is the same as once
    assert FeaturedJob.objects.get().job == world.job
    assert FeaturedJob.objects.get().tenant == world.acme
    assert 'data-testid="featured"' in client.get(editor_url(world.job)).content.decode()
    edit_page = client.get(reverse("backoffice:job_edit", args=[world.job.pk]))
    assert "Featured in the digests" in edit_page.content.decode()
    client.post(url, {"featured": "0", "next": reverse("backoffice:jobs")})
    assert not FeaturedJob.objects.exists()


def test_the_job_pages_link_to_the_editor_for_published_jobs_only(world):
    draft = f.make_job(world.acme, title="Draft job", published=False)
    client = world.client_for(world.recruiter)
    listing = client.get(reverse("backoffice:jobs")).content.decode()
    assert editor_url(world.job) in listing
    assert editor_url(draft) not in listing
    assert (
        editor_url(world.job)
        in client.get(reverse("backoffice:job_edit", args=[world.job.pk])).content.decode()
    )


def stop_url(send: Send) -> str:
    return reverse("diffusion:stop", args=[send.pk])


def test_a_recruiter_stops_a_send_after_confirming(world, followers):
    send = start(world)
    sends.send_prepare(send_id=send.pk)
    client = world.client_for(world.recruiter)
    page = client.get(send_url(send)).content.decode()
    assert 'data-testid="stop-send"' in page
    assert "The members not reached yet will not receive the job." in page  # data-confirm

    response = client.post(stop_url(send), follow=True)

    assert response.redirect_chain == [(send_url(send), 302)]
    send.refresh_from_db()
    assert send.status == Send.Status.STOPPED and send.finished_at is not None
    assert not Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).exists()
    html = response.content.decode()
    assert "The send is stopped: nobody else will receive it." in html
    assert 'data-testid="stop-send"' not in html
    assert "hx-trigger" not in progress_tag(html)  # an ended send stops polling
    sends.waves_release_due()
    assert sends.send_batch(send_id=send.pk).handled == 0
    assert mail.outbox == []


def test_stopping_a_send_that_ended_changes_nothing(world, followers):
    send = start(world)
    run_send(send)
    client = world.client_for(world.recruiter)
    assert 'data-testid="stop-send"' not in client.get(send_url(send)).content.decode()

    response = client.post(stop_url(send), follow=True)

    assert "The send had already ended." in response.content.decode()
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert len(mail.outbox) == 2


def test_stop_refuses_get(world, followers):
    send = start(world)
    response = world.client_for(world.recruiter).get(stop_url(send))
    assert response.status_code == 405
    send.refresh_from_db()
    assert send.status == Send.Status.PREPARING
