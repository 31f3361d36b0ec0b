"""/api/v1/tags and /api/v1/rewards: the tenant's own, read only."""

import pytest

from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World
from ..rewards.helpers import due_reward
from .conftest import ApiClient, MakeToken

pytestmark = pytest.mark.django_db


def test_tags_are_the_tenants_active_ones(world: World, api: ApiClient) -> None:
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    f.make_tag(world.globex, "Berlin")
    Tag.objects.create(tenant=world.acme, kind=Tag.Kind.SECTOR, name="Old", is_archived=True)
    names = {t["name"] for t in api.get("/tags").json()["results"]}
    assert names == {"Lyon", "Sales"}
    families = api.get("/tags", {"kind": "family"}).json()["results"]
    assert families == [{"id": sales.pk, "kind": "family", "name": "Sales"}]


def test_rewards_list_and_read(world: World, api: ApiClient) -> None:
    reward = due_reward(world, amount="750.00")
    listed = api.get("/rewards").json()["results"]
    assert [r["id"] for r in listed] == [reward.pk]
    body = api.get(f"/rewards/{reward.pk}").json()
    assert body["state"] == "due" and body["amount"] == "750.00"
    assert body["member_id"] == world.member.pk
    assert api.get("/rewards", {"state": "paid"}).json()["results"] == []


def test_another_tenants_reward_is_a_404(world: World, make_token: MakeToken) -> None:
    reward = due_reward(world)
    _token, globex_secret = make_token(admin=world.outsider)
    client = ApiClient(globex_secret, host="globex.localhost")
    assert client.get(f"/rewards/{reward.pk}").status_code == 404
    assert client.get("/rewards").json()["results"] == []


def test_rewards_need_their_scope(world: World, make_token: MakeToken) -> None:
    reward = due_reward(world)
    _token, secret = make_token(scopes=["jobs:read"])
    assert ApiClient(secret).get("/rewards").status_code == 403
    assert ApiClient(secret).get(f"/rewards/{reward.pk}").status_code == 403
    assert ApiClient(secret).get("/tags").status_code == 403
