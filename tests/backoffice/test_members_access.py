"""Who may reach member administration and settings: admins of this tenant only."""

import pytest
from django.urls import reverse

from coopt.accounts.models import Membership

GLOBEX_HOST = "globex.localhost"

PAGES = [
    ("members", ()),
    ("member_invite", ()),
    ("member_import", ()),
    ("settings", ()),
    ("email_templates", ()),
    ("email_template_edit", ("candidate-status", "contacted", "en")),
]
ACTIONS = ["member_deactivate", "member_reactivate", "member_roles", "member_resend_invitation"]


def page_url(name: str, args: tuple) -> str:
    return reverse(f"backoffice:{name}", args=args)


def action_url(name: str, membership: Membership) -> str:
    return reverse(f"backoffice:{name}", args=[membership.pk])


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_an_admin_opens_each_page(world, name, args):
    response = world.client_for(world.admin).get(page_url(name, args))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize("persona", ["member", "expert", "recruiter"])
def test_other_roles_get_403_on_each_page(world, name, args, persona):
    response = world.client_for(getattr(world, persona)).get(page_url(name, args))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_from_each_page(world, acme_client, name, args):
    url = page_url(name, args)
    response = acme_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_a_globex_admin_cannot_use_the_acme_host(world, name, args):
    client = world.client_for(world.outsider, host="acme.localhost")
    response = client.get(page_url(name, args))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_on_another_tenants_member_are_404(world, name):
    client = world.client_for(world.outsider)  # signed in on globex, their own host
    response = client.post(action_url(name, world.member), {"is_admin": "on"})
    assert response.status_code == 404
    world.member.refresh_from_db()
    assert world.member.is_active and not world.member.is_admin
    assert world.member.invited_at is None


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("persona", ["member", "recruiter"])
def test_other_roles_get_403_on_each_action(world, name, persona):
    response = world.client_for(getattr(world, persona)).post(
        action_url(name, world.expert), {"is_admin": "on"}
    )
    assert response.status_code == 403
    world.expert.refresh_from_db()
    assert world.expert.is_active and not world.expert.is_admin


@pytest.mark.parametrize("name", ACTIONS)
def test_anonymous_visitors_cannot_act(world, acme_client, name):
    response = acme_client.post(action_url(name, world.expert))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    world.expert.refresh_from_db()
    assert world.expert.is_active


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_refuse_get(world, name):
    response = world.client_for(world.admin).get(action_url(name, world.expert))
    assert response.status_code == 405


def test_an_admin_without_two_factor_is_sent_to_set_it_up(world):
    from .. import factories as f

    admin = f.make_member(world.acme, is_admin=True, with_totp=False)
    response = world.client_for(admin).get(reverse("backoffice:members"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
