"""Maison Lumière's organisation: tags, departments and the people who work there."""

import random
import unicodedata
from dataclasses import dataclass, field

from coopt.accounts.models import Department, Membership
from coopt.accounts.services import member_create, member_invite, membership_onboard
from coopt.audit.actors import Actor
from coopt.taxonomy.models import Tag
from coopt.taxonomy.services import tag_create, tenant_set_default_country
from coopt.tenants.models import Tenant

from .brands import ADMIN, MEMBER, RECRUITER, Account

LOCATIONS = (
    "Paris",
    "Lyon",
    "Bordeaux",
    "Lille",
    "Nantes",
    "Bruxelles",
    "Munich",
    "Milan",
    "Barcelone",
    "Varsovie",
    "Amsterdam",
)
FAMILIES = (
    "Commercial & ventes",
    "Ingénierie",
    "Data & IT",
    "Finance",
    "Ressources humaines",
    "Marketing",
    "Supply chain",
    "Service client",
    "Juridique",
)
SECTORS = ("Énergie", "Distribution", "Services", "Industrie", "Numérique")
COUNTRY = "FR"  # the company's default country: the French cities name none of their own
COUNTRIES = {
    "Bruxelles": "BE",
    "Munich": "DE",
    "Milan": "IT",
    "Barcelone": "ES",
    "Varsovie": "PL",
    "Amsterdam": "NL",
}
# Names in the company's other languages where they differ from the French one.
TRANSLATIONS = {
    "Bruxelles": {"en": "Brussels", "de": "Brüssel", "nl": "Brussel", "it": "Bruxelles"},
    "Munich": {"de": "München", "it": "Monaco di Baviera", "pl": "Monachium", "es": "Múnich"},
    "Milan": {"it": "Milano", "de": "Mailand", "es": "Milán", "pl": "Mediolan"},
    "Barcelone": {"en": "Barcelona", "es": "Barcelona", "de": "Barcelona", "it": "Barcellona"},
    "Varsovie": {"en": "Warsaw", "pl": "Warszawa", "de": "Warschau", "nl": "Warschau"},
    "Commercial & ventes": {"en": "Sales", "de": "Vertrieb", "es": "Ventas", "it": "Vendite"},
    "Ingénierie": {"en": "Engineering", "de": "Ingenieurwesen", "es": "Ingeniería"},
    "Ressources humaines": {"en": "Human resources", "de": "Personal", "es": "Recursos humanos"},
    "Service client": {
        "en": "Customer service",
        "de": "Kundenservice",
        "es": "Atención al cliente",
    },
    "Juridique": {"en": "Legal", "de": "Recht", "es": "Jurídico"},
    "Énergie": {"en": "Energy", "de": "Energie", "es": "Energía"},
    "Industrie": {"en": "Industry", "es": "Industria"},
    "Numérique": {"en": "Digital", "de": "Digital", "es": "Digital"},
}

# Department -> the job families its people usually follow.
DEPARTMENTS = {
    "Direction commerciale": ("Commercial & ventes", "Marketing"),
    "Ingénierie & travaux": ("Ingénierie", "Supply chain"),
    "Systèmes d'information": ("Data & IT", "Ingénierie"),
    "Finance & contrôle de gestion": ("Finance", "Juridique"),
    "Ressources humaines": ("Ressources humaines", "Service client"),
    "Marketing & communication": ("Marketing", "Data & IT"),
    "Logistique": ("Supply chain", "Commercial & ventes"),
    "Relation client": ("Service client", "Commercial & ventes"),
}

# First name, last name, language, home city (None: any French city).
NAMES: tuple[tuple[str, str, str, str | None], ...] = (
    ("Sophie", "Lefèvre", "fr", "Paris"),
    ("Thomas", "Bernard", "fr", "Lyon"),
    ("Inès", "Benali", "fr", "Paris"),
    ("Nicolas", "Durand", "fr", "Bordeaux"),
    ("Chloé", "Girard", "fr", "Nantes"),
    ("Julien", "Moreau", "fr", "Lille"),
    ("Manon", "Petit", "fr", None),
    ("Antoine", "Laurent", "fr", None),
    ("Amina", "Traoré", "fr", "Paris"),
    ("Maxime", "Roux", "fr", None),
    ("Élodie", "Fournier", "fr", None),
    ("Hugo", "Mercier", "fr", None),
    ("Claire", "Dupont", "fr", None),
    ("Karim", "Haddad", "fr", "Lyon"),
    ("Margaux", "Chevalier", "fr", None),
    ("Sébastien", "Blanc", "fr", None),
    ("Pauline", "Garnier", "fr", None),
    ("Romain", "Faure", "fr", None),
    ("Océane", "Lambert", "fr", None),
    ("Aurélien", "Bonnet", "fr", None),
    ("Sarah", "N'Diaye", "fr", "Paris"),
    ("Mathieu", "Clément", "fr", None),
    ("Julie", "Gauthier", "fr", None),
    ("Benoît", "Perrin", "fr", None),
    ("Yanis", "Morel", "fr", None),
    ("Camille", "Robin", "fr", None),
    ("Olivier", "Masson", "fr", None),
    ("Émilie", "Guérin", "fr", None),
    ("Louis", "Vincent", "fr", None),
    ("Anne-Laure", "Dumont", "fr", None),
    ("Pierre-Yves", "Le Gall", "fr", "Nantes"),
    ("Fatima", "El Amrani", "fr", "Lille"),
    ("Lukas", "Schneider", "de", "Munich"),
    ("Katharina", "Weber", "de", "Munich"),
    ("Felix", "Hoffmann", "de", "Munich"),
    ("Lena", "Schäfer", "de", "Munich"),
    ("Giulia", "Romano", "it", "Milan"),
    ("Marco", "Bianchi", "it", "Milan"),
    ("Francesca", "Colombo", "it", "Milan"),
    ("Alessandro", "Ricci", "it", "Milan"),
    ("Katarzyna", "Nowak", "pl", "Varsovie"),
    ("Piotr", "Wiśniewski", "pl", "Varsovie"),
    ("Agnieszka", "Kamińska", "pl", "Varsovie"),
    ("Tomasz", "Lewandowski", "pl", "Varsovie"),
    ("Daan", "de Vries", "nl", "Amsterdam"),
    ("Sanne", "Jansen", "nl", "Amsterdam"),
    ("Bram", "van Dijk", "nl", "Bruxelles"),
    ("Lucía", "Fernández", "es", "Barcelone"),
    ("Javier", "Martínez", "es", "Barcelone"),
    ("Carmen", "Romero", "es", "Barcelone"),
    ("Emily", "Clarke", "en", "Paris"),
    ("James", "Walker", "en", "Bruxelles"),
    ("Olivia", "Bennett", "en", "Amsterdam"),
    ("Marie", "Claes", "fr", "Bruxelles"),
    ("Arnaud", "Peeters", "nl", "Bruxelles"),
)
FRENCH_CITIES = ("Paris", "Lyon", "Bordeaux", "Lille", "Nantes")
# Members who also answer career questions (expert role).
EXPERTS = {"Sophie Lefèvre", "Karim Haddad", "Lukas Schneider", "Giulia Romano"}


def email_for(first_name: str, last_name: str, domain: str) -> str:
    """`Pierre-Yves Le Gall` -> `pierre-yves.legall@domain`, accents and spaces dropped."""

    def ascii_part(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text.replace("ł", "l"))
        kept = "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == "-"))
        return kept.lower()

    return f"{ascii_part(first_name)}.{ascii_part(last_name)}@{domain}"


@dataclass
class Organisation:
    """What the seed created, by name, for the later steps."""

    tenant: Tenant
    employee_prefix: str = "ML"
    tags: dict[str, Tag] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    members: list[Membership] = field(default_factory=list)
    by_email: dict[str, Membership] = field(default_factory=dict)

    def tag(self, name: str) -> Tag:
        return self.tags[name]

    def member(self, account: Account) -> Membership:
        return self.by_email[account.email]


def create_tags(
    org: Organisation,
    kind: str,
    names: tuple[str, ...],
    *,
    countries: dict[str, str] | None = None,
    translations: dict[str, dict[str, str]] | None = None,
) -> None:
    """The tenant's tags as an admin writes them in the taxonomy editor."""
    for name in names:
        org.tags[name] = tag_create(
            tenant=org.tenant,
            kind=kind,
            name=name,
            translations=(translations or {}).get(name),
            country=(countries or {}).get(name, ""),
            actor=Actor.system("seed_demo"),
        )


def create_departments(org: Organisation, names: list[str]) -> None:
    for name in names:
        org.departments[name] = Department.objects.create(tenant=org.tenant, name=name)


def pick_interests(
    rng: random.Random,
    org: Organisation,
    *,
    location: str,
    families: tuple[str, ...],
    sectors: tuple[str, ...],
) -> list[Tag]:
    """3 or 4 interests: their city, one or two job families, a sector."""
    chosen = [org.tag(location), org.tag(families[0])]
    if rng.random() < 0.5:
        chosen.append(org.tag(families[1]))
    chosen.append(org.tag(rng.choice(sectors)))
    if len(chosen) == 3 and rng.random() < 0.4:
        others = [
            tag
            for tag in org.tags.values()
            if tag.kind == Tag.Kind.LOCATION and tag.name != location
        ]
        chosen.append(rng.choice(others))
    return chosen


def add_member(
    org: Organisation,
    rng: random.Random,
    *,
    first_name: str,
    last_name: str,
    email: str,
    language: str,
    department: str,
    location: str,
    manager: Membership | None = None,
    families: tuple[str, ...],
    sectors: tuple[str, ...],
    **roles: bool,
) -> Membership:
    """Create, invite and onboard one member the way the product does it."""
    membership = member_create(
        tenant=org.tenant,
        email=email,
        first_name=first_name,
        last_name=last_name,
        department=org.departments[department],
        location=org.tag(location),
        manager=manager,
        employee_id=f"{org.employee_prefix}{10400 + len(org.members) * 7:06d}",
        language=language,
        **roles,
    )
    member_invite(membership=membership)
    membership_onboard(
        membership=membership,
        interests=pick_interests(rng, org, location=location, families=families, sectors=sectors),
        language=language,
        notify_targeted=rng.random() < 0.85,
        digest_frequency=rng.choice(["weekly", "weekly", "weekly", "monthly", "never"]),
        # Appearing by name is opt-in; most demo people said yes, so the leaderboards and
        # contests show names, and one in five shows as "Anonymous" (counted, not named).
        leaderboard_name_shown=len(org.members) % 5 != 4,
    )
    org.members.append(membership)
    org.by_email[email] = membership
    return membership


def create_acme_people(org: Organisation, rng: random.Random) -> None:
    """The demo accounts, a head per department, most others reporting to their head."""
    tenant_set_default_country(tenant=org.tenant, country=COUNTRY, actor=Actor.system("seed_demo"))
    create_tags(org, Tag.Kind.LOCATION, LOCATIONS, countries=COUNTRIES, translations=TRANSLATIONS)
    create_tags(org, Tag.Kind.FAMILY, FAMILIES, translations=TRANSLATIONS)
    create_tags(org, Tag.Kind.SECTOR, SECTORS, translations=TRANSLATIONS)
    create_departments(org, list(DEPARTMENTS))
    for account in (ADMIN, RECRUITER):
        add_member(
            org,
            rng,
            first_name=account.first_name,
            last_name=account.last_name,
            email=account.email,
            language=account.language,
            department="Ressources humaines",
            location="Paris",
            families=DEPARTMENTS["Ressources humaines"],
            sectors=SECTORS,
            is_recruiter=account.is_recruiter,
            is_admin=account.is_admin,
        )
    departments = list(DEPARTMENTS)
    heads: dict[str, Membership] = {}
    for index, (first, last, language, city) in enumerate(NAMES):
        department = departments[index % len(departments)]
        location = city or rng.choice(FRENCH_CITIES)
        head = heads.get(department)
        membership = add_member(
            org,
            rng,
            first_name=first,
            last_name=last,
            language=language,
            email=email_for(first, last, "acme.localhost"),
            department=department,
            location=location,
            manager=head if head and rng.random() < 0.8 else None,
            families=DEPARTMENTS[department],
            sectors=SECTORS,
            is_expert=f"{first} {last}" in EXPERTS,
        )
        heads.setdefault(department, membership)
    # The demo member works in sales in Lyon and reports to the head of sales.
    add_member(
        org,
        rng,
        first_name=MEMBER.first_name,
        last_name=MEMBER.last_name,
        email=MEMBER.email,
        language=MEMBER.language,
        department="Direction commerciale",
        location="Lyon",
        manager=heads["Direction commerciale"],
        families=DEPARTMENTS["Direction commerciale"],
        sectors=("Distribution", "Énergie"),
    )
