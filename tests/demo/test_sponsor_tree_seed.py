"""The demo's sponsor tree, on a network tenant made by the factories (N1, R6)."""

import pytest

from coopt.demo.network import seed_sponsor_tree
from coopt.network.charters import charters_pending
from coopt.network.selectors import sponsor_tree
from coopt.taxonomy.models import Tag

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_it_builds_the_tree_three_levels_deep_of_members_who_accepted_the_charter() -> None:
    tenant = f.make_tenant("reseau", "Réseau", mode="network")
    for name, kind in (("Lyon", "location"), ("Sales", "family"), ("Energy", "sector")):
        f.make_tag(tenant, name, kind)
    made = seed_sponsor_tree(tenant)
    assert len(made) == 57
    roots = sponsor_tree(tenant=tenant)
    assert len(roots) == 3
    assert max(root.depth for root in roots) == 2  # three levels: roots, sponsees, theirs
    assert sum(1 + root.descendants for root in roots) == 57
    assert len({member.user.email for member in made}) == 57
    assert all(member.employer_name for member in made)
    assert any(member.employer_domain for member in made)
    assert all(charters_pending(member=member) == [] for member in made)
    assert all(member.interests.count() == 3 for member in made)
    assert Tag.objects.filter(tenant=tenant).count() == 3
