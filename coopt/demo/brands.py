"""The two demo tenants and the accounts a visitor signs in with."""

from dataclasses import dataclass

from django.conf import settings

PASSWORD = "coopt-demo-2026"  # noqa: S105 - published demo password, dev data only
# One fixed TOTP secret (base32) for every demo back-office account, so that a
# visitor can add it to an authenticator app once; `demo_totp_code` prints codes.
TOTP_SECRET = "COOPTDEMOTOTPSECRETMAISONLUMIERE"  # noqa: S105
SEED = 2026

ACME = "acme"
GLOBEX = "globex"
RESEAU = "reseau"


@dataclass(frozen=True)
class Brand:
    slug: str
    name: str
    domain: str
    logo: str  # a file under static/
    primary_colour: str
    accent_colour: str
    email_sender_name: str
    email_sender_address: str
    default_language: str
    enabled_languages: tuple[str, ...]


ACME_BRAND = Brand(
    slug=ACME,
    name="Maison Lumière",
    domain="acme.localhost",
    logo="demo/maison-lumiere.svg",
    primary_colour="#0b3d5c",
    accent_colour="#f2a33a",
    email_sender_name="Maison Lumière – Cooptation",
    email_sender_address="cooptation@acme.localhost",
    default_language="fr",
    enabled_languages=tuple(code for code, _name in settings.LANGUAGES),
)

GLOBEX_BRAND = Brand(
    slug=GLOBEX,
    name="Nordwind Logistik",
    domain="globex.localhost",
    logo="demo/nordwind-logistik.svg",
    primary_colour="#0f5257",
    accent_colour="#e4572e",
    email_sender_name="Nordwind Logistik – Empfehlungsprogramm",
    email_sender_address="empfehlungen@globex.localhost",
    default_language="de",
    enabled_languages=("de", "en", "pl", "nl"),
)

# A network of outside coopteurs (network mode, N2): the operator posts jobs for its client
# companies. No logo file: the network shows its name.
RESEAU_BRAND = Brand(
    slug=RESEAU,
    name="Réseau Clé",
    domain="reseau.localhost",
    logo="",
    primary_colour="#2d1e5f",
    accent_colour="#f0b429",
    email_sender_name="Réseau Clé",
    email_sender_address="equipe@reseau.localhost",
    default_language="fr",
    enabled_languages=("fr", "en"),
)


@dataclass(frozen=True)
class Account:
    """A demo sign-in printed at the end of the seed."""

    tenant: str
    email: str
    first_name: str
    last_name: str
    role: str
    language: str
    is_recruiter: bool = False
    is_admin: bool = False

    @property
    def needs_totp(self) -> bool:
        return self.is_recruiter or self.is_admin


RECRUITER = Account(
    ACME, "recruteuse@acme.localhost", "Camille", "Martin", "recruiter", "fr", is_recruiter=True
)
ADMIN = Account(ACME, "admin@acme.localhost", "Nathalie", "Rousseau", "admin", "fr", is_admin=True)
MEMBER = Account(ACME, "membre@acme.localhost", "Léa", "Fontaine", "member", "fr")
GLOBEX_ADMIN = Account(
    GLOBEX,
    "admin@globex.localhost",
    "Katrin",
    "Vogel",
    "admin and recruiter",
    "de",
    is_recruiter=True,
    is_admin=True,
)
RESEAU_ADMIN = Account(
    RESEAU,
    "equipe@reseau.localhost",
    "Hugo",
    "Lambert",
    "operator admin",
    "fr",
    is_recruiter=True,
    is_admin=True,
)
# One recruiter per client company: each sees only their company's jobs and candidates.
RESEAU_CLIENT_RECRUITERS = (
    Account(
        RESEAU,
        "rh@boulangerie.localhost",
        "Inès",
        "Garnier",
        "recruiter, Boulangeries Marcel",
        "fr",
        True,
    ),
    Account(
        RESEAU, "rh@atelier.localhost", "Marc", "Dupuis", "recruiter, Atelier Durand", "fr", True
    ),
    Account(
        RESEAU, "rh@enseigne.localhost", "Sofia", "Moreau", "recruiter, Galeries Opale", "fr", True
    ),
)
# A referrer of the network, with candidates at several stages and points.
RESEAU_COOPTEUR = Account(
    RESEAU, "coopteur@reseau.localhost", "Julien", "Perrin", "referrer (coopteur)", "fr"
)
ACCOUNTS = (
    RECRUITER,
    ADMIN,
    MEMBER,
    GLOBEX_ADMIN,
    RESEAU_ADMIN,
    *RESEAU_CLIENT_RECRUITERS,
    RESEAU_COOPTEUR,
)


def urls() -> list[tuple[str, str]]:
    """(URL, what it serves) for the printout, with the development port."""
    port = f":{settings.COOPT_URL_PORT}" if settings.COOPT_URL_PORT else ""
    scheme = settings.COOPT_URL_SCHEME
    return [
        (f"{scheme}://{ACME_BRAND.domain}{port}/", ACME_BRAND.name),
        (f"{scheme}://localhost{port}/", f"{ACME_BRAND.name} (fallback tenant)"),
        (f"{scheme}://{GLOBEX_BRAND.domain}{port}/", GLOBEX_BRAND.name),
        (f"{scheme}://{RESEAU_BRAND.domain}{port}/", f"{RESEAU_BRAND.name} (network mode)"),
    ]
