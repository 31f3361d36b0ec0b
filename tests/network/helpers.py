"""A network tenant and its people, made through the real services, for the network tests."""

from coopt.accounts.models import Membership
from coopt.network.services import sponsorship_invite
from coopt.notifications.models import OutboundEmail
from coopt.tenants.models import Tenant

from ..conftest import World

PASSWORD = "a long and unusual passphrase"


def make_network(world: World) -> Tenant:
    """Company A (acme) as a network of outside members."""
    world.acme.mode = Tenant.Mode.NETWORK
    world.acme.save(update_fields=["mode"])
    return world.acme


def sponsorship_link(email: str) -> str:
    """The path of the join link in the last invitation e-mailed to ``email``."""
    message = OutboundEmail.objects.filter(template="sponsorship", to_email=email).latest("pk")
    return "/join/" + message.body_text.split("/join/")[1].split("/")[0] + "/"


def invite(sponsor: Membership, email: str, first_name: str = "Grace") -> str:
    sponsorship_invite(member=sponsor, email=email, first_name=first_name, language="fr")
    return sponsorship_link(email)


def join_form(**fields: str) -> dict[str, str]:
    return {
        "first_name": "Grace",
        "last_name": "Brewster",
        "employer_name": "Navy",
        "employer_domain": "navy.example",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
