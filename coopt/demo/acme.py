"""Maison Lumière, the main demo tenant (slug ``acme``)."""

import random
from datetime import timedelta

from django.utils import timezone

from coopt.referrals.models import Consent
from coopt.rewards.services.ledger import rewards_make_due
from coopt.tenants.models import Tenant

from . import acme_jobs_field, acme_jobs_office
from .acme_stories import STORIES, TEXTS
from .brands import ACME_BRAND, ADMIN, MEMBER, RECRUITER
from .common import create_tenant, enable_sign_in, mark_old_notifications_read
from .contests import seed_contests
from .diffusion import seed_diffusion
from .jobs import backdate_jobs, create_jobs, create_templates, finish_jobs
from .people import Organisation, create_acme_people
from .referrals import Cast, expire, mark_outbox_sent, play
from .rewards import set_up_rewards
from .timeline import backdate_memberships, backdate_story
from .visits import seed_visits

HISTORY_DAYS = 150


def seed_acme(rng: random.Random) -> Tenant:
    tenant = create_tenant(ACME_BRAND)
    org = Organisation(tenant=tenant)
    create_acme_people(org, rng)
    for account in (RECRUITER, ADMIN, MEMBER):
        enable_sign_in(org.member(account), account)
    recruiter = org.member(RECRUITER)
    demo_member = org.member(MEMBER)
    set_up_rewards(admin=org.member(ADMIN))

    specs = acme_jobs_field.JOBS + acme_jobs_office.JOBS
    templates = create_templates(org, acme_jobs_field.TEMPLATES)
    jobs = create_jobs(org, author=recruiter.user, specs=specs, templates=templates)

    pool = [m for m in org.members if not m.is_staff_role and m.pk != demo_member.pk]
    cast = Cast(
        recruiter=recruiter, demo_member=demo_member, pool=pool, jobs=jobs, rng=rng, texts=TEXTS
    )
    played = [play(cast, story) for story in STORIES]
    finish_jobs(jobs, specs)

    # Date everything in the past, then let the unanswered requests expire.
    backdate_memberships(org.members, rng, days=HISTORY_DAYS)
    Tenant.objects.filter(pk=tenant.pk).update(
        created_at=timezone.now() - timedelta(days=HISTORY_DAYS + 5)
    )
    backdate_jobs(jobs, specs)
    for story in played:
        backdate_story(story, rng)
    mark_outbox_sent([tenant.pk])
    for story in played:
        if story.story.consent == Consent.EXPIRED:
            expire(story.referrals[0])
    # What the daily task does: hires past their (zero) probation become due.
    rewards_make_due()
    seed_diffusion(recruiter=recruiter, jobs=jobs)
    seed_contests(recruiter=recruiter)
    seed_visits([demo_member, *pool[:8]], rng)
    mark_old_notifications_read(tenant, keep_unread=demo_member)
    return tenant
