"""Réseau Clé's candidates at every stage of a network's pipeline (N3), played through the
real services: waiting for the person's answer, in the operator's queue (one of them past
the target, one assigned with call notes), declined at qualification, forwarded to the
client, then contacted, met, not retained or hired by the client's recruiter.

Each referral is made by a different member of the sponsor tree for its job (one
candidate per referrer per job), and dated afterwards so the queue shows real ages.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.jobs.models import Job
from coopt.referrals.models import Qualification, Referral, Status
from coopt.referrals.services import (
    ReferralData,
    consent_confirm,
    referral_set_status,
    referral_submit,
)
from coopt.referrals.services.qualification import (
    Assessment,
    qualification_assign,
    qualification_save,
    referral_decline,
    referral_forward,
)

from .people import email_for

AWAITING = "awaiting"
QUEUE = "queue"
ASSIGNED = "assigned"
DECLINED = "declined"
FORWARDED = "forwarded"


@dataclass(frozen=True)
class Case:
    job: str
    person: tuple[str, str]
    stage: str  # AWAITING, QUEUE, ASSIGNED, DECLINED, FORWARDED or a pipeline status
    days_ago: int


CASES = (
    Case("boulanger-paris", ("Thomas", "Roux"), Status.MET, 21),
    Case("boulanger-paris", ("Mélanie", "Caron"), QUEUE, 4),
    Case("boulanger-paris", ("Rayan", "Benali"), AWAITING, 1),
    Case("vendeur-paris", ("Léna", "Duval"), Status.HIRED, 40),
    Case("vendeur-paris", ("Bastien", "Colin"), ASSIGNED, 2),
    Case("vendeur-paris", ("Yasmine", "Amrani"), DECLINED, 9),
    Case("ebeniste-lyon", ("Élodie", "Marchand"), FORWARDED, 3),
    Case("ebeniste-lyon", ("Victor", "Lemoine"), Status.CONTACTED, 12),
    Case("ebeniste-lyon", ("Pauline", "Barbier"), QUEUE, 1),
    Case("chef-atelier-lyon", ("Antoine", "Gauthier"), Status.NOT_RETAINED, 30),
    Case("chef-atelier-lyon", ("Clara", "Renaud"), AWAITING, 2),
    Case("directeur-nantes", ("Nicolas", "Faure"), AWAITING, 2),
    Case("directeur-nantes", ("Sophie", "Brun"), Status.MET, 18),
    Case("conseiller-nantes", ("Malik", "Diallo"), QUEUE, 0),
    Case("conseiller-nantes", ("Emma", "Noël"), Status.HIRED, 60),
)

# What a client's recruiter does after a forward, in order, up to the case's status.
CLIENT_STEPS: dict[str, tuple[str, ...]] = {
    Status.CONTACTED: (Status.CONTACTED,),
    Status.MET: (Status.CONTACTED, Status.MET),
    Status.HIRED: (Status.CONTACTED, Status.MET, Status.HIRED),
    Status.NOT_RETAINED: (Status.CONTACTED, Status.NOT_RETAINED),
}
SUMMARY = (
    "Appel de 20 minutes : expérience solide sur le poste, très motivé(e) par le projet, "
    "disponible sous un mois. Prétentions dans la fourchette."
)


def _phone(rng: random.Random) -> str:
    # 06 39 98 xx xx is reserved by ARCEP for fiction.
    return f"+33 6 39 98 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"


def _date(referral: Referral, days_ago: int) -> None:
    """Move the referral back in time: made ``days_ago`` days ago, answered the next day."""
    made = timezone.now() - timedelta(days=days_ago, hours=3)
    answered = made + timedelta(hours=20) if referral.consent_answered_at else None
    Referral.objects.filter(pk=referral.pk).update(
        created_at=made, consent_requested_at=made, consent_answered_at=answered
    )


def seed_network_pipeline(
    *,
    operator: Membership,
    recruiters: dict[int, Membership],
    jobs: dict[str, Job],
    referrers: list[Membership],
    rng: random.Random,
) -> list[Referral]:
    """Play ``CASES``; ``recruiters`` maps a client company's id to its recruiter."""
    actor = Actor.member(operator)
    made: list[Referral] = []
    for index, case in enumerate(CASES):
        job = jobs[case.job]
        referrer = referrers[index % len(referrers)]
        first, last = case.person
        referral = referral_submit(
            member=referrer,
            job=job,
            data=ReferralData(
                first_name=first,
                last_name=last,
                email=email_for(first, last, "example.org"),
                phone=_phone(rng),
                relationship="Ancien collègue",
                motivation="Sérieux, apprécié de ses équipes, cherche un nouveau défi.",
                language="fr",
            ),
        )
        if case.stage != AWAITING:
            referral = consent_confirm(referral=referral)
        if case.stage == ASSIGNED:
            qualification_assign(referral=referral, qualifier=operator, author=operator.user)
            qualification_save(
                referral=referral,
                author=operator.user,
                assessment=Assessment(
                    fit=4,
                    motivation=4,
                    availability=Qualification.Availability.ONE_MONTH,
                    salary_expectation="30 à 32 k€",
                    notes="Premier appel : à rappeler jeudi pour les horaires.",
                ),
            )
        elif case.stage == DECLINED:
            referral = referral_decline(
                referral=referral,
                reason=Qualification.DeclineReason.AVAILABILITY,
                message="Nous garderons votre profil en tête pour la rentrée.",
                actor=actor,
                author=operator.user,
            )
        elif case.stage not in (AWAITING, QUEUE):
            referral = referral_forward(
                referral=referral, summary=SUMMARY, actor=actor, author=operator.user
            )
            client_recruiter = recruiters[job.client_id] if job.client_id else operator
            for status in CLIENT_STEPS.get(case.stage, ()):
                referral = referral_set_status(
                    referral=referral, status=status, author=client_recruiter.user
                )
        _date(referral, case.days_ago)
        made.append(referral)
    return made
