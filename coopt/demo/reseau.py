"""Réseau Clé (slug ``reseau``): a network of outside coopteurs in network mode (N2).

Its admin is the operator's staff and posts jobs for three client companies, one of them
confidential (members read "une enseigne de distribution", never its name); each client has
one recruiter, who sees only that company's jobs and candidates, once the operator
qualified and forwarded them. About 60 referrers in a sponsor tree three deep; candidates
at every stage (``reseau_pipeline.py``); the bounty by level of the seeds (500, 750 or
1,000 EUR) with the charity top-up.
"""

import random

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.clients.models import ClientCompany
from coopt.clients.services import client_recruiter_invite, client_save
from coopt.jobs.services import job_update
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant
from coopt.tenants.services import tenant_create

from .brands import RESEAU_ADMIN, RESEAU_BRAND, RESEAU_CLIENT_RECRUITERS, RESEAU_COOPTEUR
from .common import enable_sign_in
from .jobs import JobSpec, create_jobs
from .network import seed_sponsor_tree
from .people import Organisation, add_member, create_departments, create_tags, email_for
from .referrals import mark_outbox_sent
from .reseau_pipeline import seed_network_pipeline
from .rewards import set_up_rewards

LOCATIONS = ("Paris", "Lyon", "Nantes")
FAMILIES = ("Vente", "Production", "Encadrement")
SECTORS = ("Commerce", "Artisanat")
DEPARTMENTS = ("Équipe Réseau Clé", "Coopteurs")

# Name, contact, confidential, public description.
CLIENTS = (
    ("Boulangeries Marcel", ("Inès Garnier", "rh@boulangerie.localhost"), False, ""),
    ("Atelier Durand", ("Marc Dupuis", "rh@atelier.localhost"), False, ""),
    (
        "Galeries Opale",
        ("Sofia Moreau", "rh@enseigne.localhost"),
        True,
        "une enseigne de distribution",
    ),
)

COOPTEURS = (
    ("Julien", "Perrin", "Paris"),
    ("Chloé", "Bernard", "Lyon"),
    ("Karim", "Haddad", "Nantes"),
)

REWARD = "Prime de 500 à 1 000 EUR selon votre niveau"


def _job(key: str, title: str, family: str, sector: str, city: str, intro: str) -> JobSpec:
    return JobSpec(
        key=key,
        title=title,
        family=family,
        sector=sector,
        locations=(city,),
        contract="permanent",
        salary=None,
        reward=REWARD,
        intro=intro,
        missions=("Accueillir et conseiller les clients", "Tenir les objectifs de l'équipe"),
        profile=("Une première expérience réussie", "Le goût du travail bien fait"),
        age_days=10,
    )


# Client name → its jobs.
JOBS = {
    "Boulangeries Marcel": [
        _job(
            "boulanger-paris",
            "Boulanger (H/F)",
            "Production",
            "Artisanat",
            "Paris",
            "Vous fabriquez le pain et les viennoiseries de notre boutique du 11e.",
        ),
        _job(
            "vendeur-paris",
            "Vendeur en boulangerie (H/F)",
            "Vente",
            "Commerce",
            "Paris",
            "Vous accueillez nos clients du matin au déjeuner.",
        ),
    ],
    "Atelier Durand": [
        _job(
            "ebeniste-lyon",
            "Ébéniste (H/F)",
            "Production",
            "Artisanat",
            "Lyon",
            "Vous réalisez des meubles sur mesure dans notre atelier de la Croix-Rousse.",
        ),
        _job(
            "chef-atelier-lyon",
            "Chef d'atelier (H/F)",
            "Encadrement",
            "Artisanat",
            "Lyon",
            "Vous encadrez une équipe de huit artisans.",
        ),
    ],
    "Galeries Opale": [
        _job(
            "directeur-nantes",
            "Directeur de magasin (H/F)",
            "Encadrement",
            "Commerce",
            "Nantes",
            "Vous dirigez un grand magasin de centre-ville et ses 60 collaborateurs.",
        ),
        _job(
            "conseiller-nantes",
            "Conseiller de vente (H/F)",
            "Vente",
            "Commerce",
            "Nantes",
            "Vous conseillez nos clients au rayon maison.",
        ),
    ],
}


def seed_reseau(rng: random.Random) -> Tenant:
    actor = Actor.system("seed_demo")
    brand = RESEAU_BRAND
    tenant = tenant_create(
        name=brand.name,
        slug=brand.slug,
        domains=[brand.domain],
        mode=Tenant.Mode.NETWORK,
        primary_colour=brand.primary_colour,
        accent_colour=brand.accent_colour,
        email_sender_name=brand.email_sender_name,
        email_sender_address=brand.email_sender_address,
        default_language=brand.default_language,
        enabled_languages=list(brand.enabled_languages),
    )
    org = Organisation(tenant=tenant, employee_prefix="RC")
    create_tags(org, Tag.Kind.LOCATION, LOCATIONS)
    create_tags(org, Tag.Kind.FAMILY, FAMILIES)
    create_tags(org, Tag.Kind.SECTOR, SECTORS)
    create_departments(org, list(DEPARTMENTS))
    operator = add_member(
        org,
        rng,
        first_name=RESEAU_ADMIN.first_name,
        last_name=RESEAU_ADMIN.last_name,
        email=RESEAU_ADMIN.email,
        language=RESEAU_ADMIN.language,
        department=DEPARTMENTS[0],
        location="Paris",
        families=FAMILIES,
        sectors=SECTORS,
        is_recruiter=True,
        is_admin=True,
    )
    enable_sign_in(operator, RESEAU_ADMIN)
    for index, (first, last, city) in enumerate(COOPTEURS):
        coopteur = add_member(
            org,
            rng,
            first_name=first,
            last_name=last,
            language="fr",
            email=RESEAU_COOPTEUR.email if index == 0 else email_for(first, last, brand.domain),
            department=DEPARTMENTS[1],
            location=city,
            families=FAMILIES,
            sectors=SECTORS,
        )
        if index == 0:
            enable_sign_in(coopteur, RESEAU_COOPTEUR)
    tree = seed_sponsor_tree(tenant)
    set_up_rewards(admin=operator)
    recruiters: dict[int, Membership] = {}
    clients: dict[str, ClientCompany] = {}
    for (name, (contact, email), confidential, description), account in zip(
        CLIENTS, RESEAU_CLIENT_RECRUITERS, strict=True
    ):
        client = client_save(
            tenant=tenant,
            actor=actor,
            name=name,
            contact_name=contact,
            contact_email=email,
            is_confidential=confidential,
            public_description=description,
        )
        clients[name] = client
        recruiter: Membership = client_recruiter_invite(
            client=client,
            actor=actor,
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
        )
        enable_sign_in(recruiter, account)
        recruiters[client.pk] = recruiter
    jobs = {}
    for name, specs in JOBS.items():
        created = create_jobs(org, author=operator.user, specs=specs)
        for job in created.values():
            job_update(job=job, client=clients[name])
        jobs.update(created)
    seed_network_pipeline(
        operator=operator,
        recruiters=recruiters,
        jobs=jobs,
        referrers=[*org.members[1:], *tree],
        rng=rng,
    )
    mark_outbox_sent([tenant.pk])
    return tenant
