"""A sponsor tree for a network tenant of the demo (N1, R6): 57 outside members on three
levels, each with their employer, who all accepted the charter and the terms.

``seed_sponsor_tree(tenant)`` is called for the demo's network tenant once it has one.
"""

import random
import unicodedata

from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.accounts.services import member_create, membership_onboard
from coopt.audit.actors import Actor
from coopt.network.charters import charter_publish, charters_accept, current_versions
from coopt.network.models import CharterVersion
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .brands import SEED

CHARTER = {
    "fr": (
        "Charte éthique du coopteur\n\n"
        "1. Je ne recommande qu'un seul candidat par annonce : celui que j'estime le meilleur.\n"
        "2. Si je recommande une personne de mon entreprise et qu'elle est recrutée, ma prime "
        "est reversée à une association partenaire."
    ),
    "en": (
        "The referrer's ethics charter\n\n"
        "1. I recommend one candidate per job: the one I think best.\n"
        "2. If I recommend someone from my own company and they are hired, my reward goes to "
        "a partner charity."
    ),
}
TERMS = {
    "fr": (
        "Conditions d'utilisation et barème des points : 10 points par recommandation, 30 par "
        "entretien, 500 par recrutement, 10 par filleul."
    ),
    "en": (
        "Terms and points: 10 points per referral, 30 per interview, 500 per hire, 10 per "
        "member you sponsor."
    ),
}
FIRST_NAMES = (
    "Camille",
    "Hugo",
    "Inès",
    "Louis",
    "Manon",
    "Nathan",
    "Chloé",
    "Théo",
    "Léa",
    "Jules",
    "Sarah",
    "Enzo",
    "Zoé",
    "Adam",
    "Jade",
    "Lucas",
    "Alice",
    "Tom",
    "Rose",
    "Noah",
)
LAST_NAMES = ("Roux", "Lefèvre", "Garnier", "Perrin", "Chevalier", "Robin", "Morel")
# (employer, its e-mail domain); independents have no domain.
EMPLOYERS = (
    ("Banque Arpège", "arpege-banque.example"),
    ("Transports Lenoir", "lenoir-transports.example"),
    ("Clinique Saint-Roch", "saint-roch.example"),
    ("Atelier Numérique", "atelier-numerique.example"),
    ("Groupe Hélios", "helios-groupe.example"),
    ("Cabinet Vidal", "cabinet-vidal.example"),
    ("Indépendant", ""),
    ("Agence Boréal", "boreal-agence.example"),
    ("Mairie de Lyon", "mairie-lyon.example"),
    ("Librairie Colette", "colette-librairie.example"),
)
# About 60 referrers with the three of ``reseau.py``: three roots invited by the operator,
# each sponsoring four, each of whom sponsors three or four more.
SIZE = 57
ROOTS = 3
SECOND_LEVEL = 12


def people(size: int = SIZE) -> list[tuple[str, str, str, str]]:
    """(first name, last name, employer, its e-mail domain) of the tree, fixed by their
    place: the same demo at every load."""
    made = []
    for index in range(size):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES) + index) % len(LAST_NAMES)]
        employer, domain = EMPLOYERS[index % len(EMPLOYERS)]
        made.append((first, last, employer, domain))
    return made


def _charters(tenant: Tenant) -> list[CharterVersion]:
    current = current_versions(tenant=tenant)
    if current:
        return current
    system = Actor.system("seed_demo")
    return [
        charter_publish(
            tenant=tenant, kind=CharterVersion.Kind.CHARTER, texts=CHARTER, actor=system
        ),
        charter_publish(tenant=tenant, kind=CharterVersion.Kind.TERMS, texts=TERMS, actor=system),
    ]


def _interests(tenant: Tenant, rng: random.Random) -> list[Tag]:
    tags = list(Tag.objects.filter(tenant=tenant, is_archived=False).order_by("pk"))
    return rng.sample(tags, k=min(3, len(tags))) if len(tags) >= 3 else []


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def seed_sponsor_tree(
    tenant: Tenant, *, email_domain: str = "reseau.example", size: int = SIZE
) -> list[Membership]:
    """``size`` members of the network ``tenant`` on three levels below three
    operator-invited roots, with their employers, all having accepted the current charter
    and terms."""
    rng = random.Random(SEED)
    versions = _charters(tenant)
    now = timezone.now()
    made: list[Membership] = []
    for index, (first, last, employer, domain) in enumerate(people(size)):
        if index < ROOTS:
            sponsor = None
        elif index < ROOTS + SECOND_LEVEL:
            sponsor = made[(index - ROOTS) % ROOTS]  # second level: under a root
        else:
            sponsor = made[ROOTS + (index - ROOTS - SECOND_LEVEL) % SECOND_LEVEL]  # third
        email = _ascii(f"{first}.{last}.{index + 1}@{email_domain}")
        member = member_create(
            tenant=tenant, email=email, first_name=first, last_name=last, language="fr"
        )
        member.sponsor = sponsor
        member.employer_name = employer
        member.employer_domain = domain
        member.joined_at = now
        member.save(update_fields=["sponsor", "employer_name", "employer_domain", "joined_at"])
        membership_onboard(
            membership=member,
            interests=_interests(tenant, rng),
            language="fr",
            notify_targeted=True,
            digest_frequency=Membership.DigestFrequency.WEEKLY,
        )
        charters_accept(member=member, versions=versions)
        made.append(member)
    return made
