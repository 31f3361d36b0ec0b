"""Nordwind Logistik (slug ``globex``): a small German tenant that shows isolation."""

import random
from datetime import timedelta

from django.utils import timezone

from coopt.audit.actors import Actor
from coopt.referrals.models import Consent, Status
from coopt.taxonomy.models import Tag
from coopt.taxonomy.services import tenant_set_default_country
from coopt.tenants.models import Tenant

from .brands import GLOBEX_ADMIN, GLOBEX_BRAND
from .common import create_tenant, enable_sign_in, mark_old_notifications_read
from .jobs import JobSpec, backdate_jobs, create_jobs
from .people import Organisation, add_member, create_departments, create_tags, email_for
from .referrals import Cast, Story, Texts, mark_outbox_sent, play
from .timeline import backdate_memberships, backdate_story

LOCATIONS = ("Hamburg", "Bremen", "Rotterdam")
FAMILIES = ("Disposition & Transport", "Lager & Logistik", "Vertrieb")
SECTORS = ("Transport", "Kontraktlogistik")
TRANSLATIONS = {
    "Disposition & Transport": {"en": "Dispatch & transport", "nl": "Planning & transport"},
    "Lager & Logistik": {"en": "Warehouse & logistics", "pl": "Magazyn i logistyka"},
    "Vertrieb": {"en": "Sales", "nl": "Verkoop", "pl": "Sprzedaż"},
    "Kontraktlogistik": {"en": "Contract logistics", "nl": "Contractlogistiek"},
}
DEPARTMENTS = ("Geschäftsführung & Personal", "Disposition", "Lager Bremen")

# First name, last name, language, city, department.
PEOPLE = (
    ("Jonas", "Becker", "de", "Hamburg", "Disposition"),
    ("Mira", "Hansen", "de", "Bremen", "Lager Bremen"),
    ("Piotr", "Zieliński", "pl", "Hamburg", "Disposition"),
    ("Femke", "de Boer", "nl", "Rotterdam", "Disposition"),
)

REWARD = "1.000 EUR nach bestandener Probezeit"

JOBS = [
    JobSpec(
        key="dispatcher-hamburg",
        title="Disponent (m/w/d) Nahverkehr",
        family="Disposition & Transport",
        sector="Transport",
        locations=("Hamburg",),
        contract="permanent",
        salary=(42000, 48000),
        reward=REWARD,
        age_days=30,
        language="de",
        intro="Sie planen die täglichen Touren unserer 40 Fahrzeuge im Großraum Hamburg.",
        missions=(
            "Touren planen und Fahrzeuge wirtschaftlich einsetzen",
            "Ansprechpartner für Fahrer und Kunden bei Abweichungen",
            "Lenk- und Ruhezeiten im Blick behalten",
        ),
        profile=(
            "Ausbildung als Kaufmann/-frau für Spedition und Logistikdienstleistung",
            "Erfahrung in der Disposition und gute Deutschkenntnisse",
        ),
    ),
    JobSpec(
        key="warehouse-lead-bremen",
        title="Lagerleiter (m/w/d)",
        family="Lager & Logistik",
        sector="Kontraktlogistik",
        locations=("Bremen",),
        contract="permanent",
        salary=(50000, 58000),
        reward="1.500 EUR nach bestandener Probezeit",
        age_days=45,
        language="de",
        intro="Sie führen unser Kontraktlogistik-Lager in Bremen mit 25 Mitarbeitenden.",
        missions=(
            "Prozesse im Wareneingang, in der Kommissionierung und im Versand steuern",
            "Kennzahlen berichten und Verbesserungen umsetzen",
            "Das Team führen und weiterentwickeln",
        ),
        profile=("Mehrjährige Führungserfahrung im Lager", "Sicherer Umgang mit einem WMS"),
    ),
    JobSpec(
        key="truck-driver-hamburg",
        title="Berufskraftfahrer (m/w/d) CE",
        family="Disposition & Transport",
        sector="Transport",
        locations=("Hamburg", "Rotterdam"),
        contract="permanent",
        salary=(36000, 40000),
        reward="750 EUR nach bestandener Probezeit",
        age_days=20,
        language="de",
        intro="Feste Linienverkehre zwischen Hamburg und Rotterdam, jedes Wochenende zu Hause.",
        missions=("Sicherer und pünktlicher Transport", "Abfahrtskontrolle und Ladungssicherung"),
        profile=("Führerschein CE mit Eintrag 95", "Zuverlässigkeit und Teamgeist"),
    ),
]

TEXTS = Texts(
    relationships=("Ehemaliger Kollege bei einer Spedition", "Wir kennen uns aus dem Sportverein"),
    motivations=(
        "Sehr zuverlässig und kennt den Hamburger Hafen wie seine Westentasche.",
        "Hat jahrelang Touren im Nahverkehr geplant, ruhig auch unter Druck.",
    ),
    mobility_motivation="",
)

STORIES = (
    Story("dispatcher-hamburg", ("Tim", "Albrecht", "de"), 4, consent=Consent.AWAITING),
    Story(
        "truck-driver-hamburg",
        ("Marek", "Nowicki", "pl"),
        12,
        steps=((Status.CONTACTED, "Telefonat, Führerschein geprüft"),),
    ),
)


def seed_globex(rng: random.Random) -> Tenant:
    tenant = create_tenant(GLOBEX_BRAND)
    org = Organisation(tenant=tenant, employee_prefix="NW")
    tenant_set_default_country(tenant=org.tenant, country="DE", actor=Actor.system("seed_demo"))
    create_tags(org, Tag.Kind.LOCATION, LOCATIONS, countries={"Rotterdam": "NL"})
    create_tags(org, Tag.Kind.FAMILY, FAMILIES, translations=TRANSLATIONS)
    create_tags(org, Tag.Kind.SECTOR, SECTORS, translations=TRANSLATIONS)
    create_departments(org, list(DEPARTMENTS))
    admin = add_member(
        org,
        rng,
        first_name=GLOBEX_ADMIN.first_name,
        last_name=GLOBEX_ADMIN.last_name,
        email=GLOBEX_ADMIN.email,
        language=GLOBEX_ADMIN.language,
        department=DEPARTMENTS[0],
        location="Hamburg",
        families=FAMILIES,
        sectors=SECTORS,
        is_recruiter=True,
        is_admin=True,
    )
    enable_sign_in(admin, GLOBEX_ADMIN)
    for first, last, language, city, department in PEOPLE:
        add_member(
            org,
            rng,
            first_name=first,
            last_name=last,
            language=language,
            email=email_for(first, last, GLOBEX_BRAND.domain),
            department=department,
            location=city,
            manager=admin if department == "Disposition" else None,
            families=FAMILIES[:2] if department != "Geschäftsführung & Personal" else FAMILIES,
            sectors=SECTORS,
        )
    jobs = create_jobs(org, author=admin.user, specs=JOBS)
    cast = Cast(
        recruiter=admin,
        demo_member=org.members[1],
        pool=org.members[1:],
        jobs=jobs,
        rng=rng,
        texts=TEXTS,
    )
    played = [play(cast, story) for story in STORIES]
    backdate_memberships(org.members, rng, days=60)
    Tenant.objects.filter(pk=tenant.pk).update(created_at=timezone.now() - timedelta(days=65))
    backdate_jobs(jobs, JOBS)
    for story in played:
        backdate_story(story, rng)
    mark_outbox_sent([tenant.pk])
    mark_old_notifications_read(tenant, keep_unread=org.members[1])
    return tenant
