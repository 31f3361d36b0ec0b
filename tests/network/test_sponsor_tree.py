"""The operator sees the sponsor tree: depth and size of each branch, in a fixed number of
queries whatever its size (N1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopt.accounts.models import Membership
from coopt.network.selectors import sponsor_tree

from .. import factories as f
from ..conftest import World
from .helpers import make_network

pytestmark = pytest.mark.django_db


def sponsee(sponsor: Membership, email: str, employer: str = "") -> Membership:
    member = f.make_member(sponsor.tenant, email=email)
    member.sponsor = sponsor
    member.employer_name = employer
    member.save(update_fields=["sponsor", "employer_name"])
    return member


def grow(root: Membership, prefix: str, width: int, depth: int) -> int:
    """``width`` sponsees under ``root``, each with its own, ``depth`` levels down."""
    if depth == 0:
        return 0
    made = 0
    for number in range(width):
        child = sponsee(root, f"{prefix}{number}@example.org")
        made += 1 + grow(child, f"{prefix}{number}-", width, depth - 1)
    return made


def test_each_branch_counts_its_members_and_its_depth(world: World) -> None:
    make_network(world)
    below = grow(world.member, "m", width=2, depth=3)
    roots = sponsor_tree(tenant=world.acme)
    node = next(root for root in roots if root.pk == world.member.pk)
    assert below == 14
    assert node.descendants == 14
    assert node.depth == 3
    assert [child.depth for child in node.children] == [2, 2]
    assert all(child.descendants == 6 for child in node.children)
    leaf = node.children[0].children[0].children[0]
    assert leaf.descendants == 0 and leaf.depth == 0


def tree_queries(world: World) -> int:
    client = world.client_for(world.admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/office/network/tree/")
    assert response.status_code == 200
    return len(queries)


def test_the_tree_page_costs_the_same_queries_for_a_small_and_a_large_tree(
    world: World,
) -> None:
    make_network(world)
    grow(world.member, "s", width=1, depth=1)
    small = tree_queries(world)
    grow(world.expert, "l", width=3, depth=3)
    large = tree_queries(world)
    assert large == small


def test_the_tree_page_is_a_nested_list_with_counts(world: World) -> None:
    make_network(world)
    first = sponsee(world.member, "ada@example.org", employer="Analytical Engines")
    sponsee(first, "bob@example.org")
    page = world.client_for(world.admin).get("/office/network/tree/").content.decode()
    assert '<ul class="sponsor-tree"' in page
    assert "Analytical Engines" in page
    assert "2 members below, 2 level(s) deep" in page
    assert "1 member below, 1 level(s) deep" in page


def test_the_top_level_is_paginated(world: World) -> None:
    make_network(world)
    for number in range(30):
        f.make_member(world.acme, email=f"root{number}@example.org")
    client = world.client_for(world.admin)
    first = client.get("/office/network/tree/").content.decode()
    assert "Page 1 of 2" in first
    second = client.get("/office/network/tree/?page=2")
    assert second.status_code == 200
    assert "Page 2 of 2" in second.content.decode()


def test_only_admins_see_the_tree_and_only_in_network_mode(world: World) -> None:
    assert world.client_for(world.admin).get("/office/network/tree/").status_code == 404
    make_network(world)
    assert world.client_for(world.recruiter).get("/office/network/tree/").status_code == 403
    assert world.client_for(world.member).get("/office/network/tree/").status_code == 403
    other = world.client_for(world.outsider)
    assert other.get("/office/network/tree/").status_code == 404  # globex is internal
