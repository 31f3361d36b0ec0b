"""Reads of the sponsor tree (N1) for the back office."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from .models import CharterVersion, Sponsorship


@dataclass
class TreeNode:
    """A member in the sponsor tree, with the size and depth of the branch below them."""

    pk: int
    name: str
    employer_name: str
    is_active: bool
    children: list["TreeNode"] = field(default_factory=list)
    # Members below this one, at any depth, and levels below it (0 for a leaf).
    descendants: int = 0
    depth: int = 0


def sponsor_tree(*, tenant: Tenant) -> list[TreeNode]:
    """The tenant's members as a forest: the roots (joined by the operator's invitation)
    first, each with their sponsees below. One query, whatever the size of the tree."""
    rows = (
        Membership.objects.filter(tenant=tenant, is_member=True)
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list(
            "pk",
            "sponsor_id",
            "user__first_name",
            "user__last_name",
            "user__email",
            "employer_name",
            "is_active",
        )
    )
    nodes: dict[int, TreeNode] = {}
    parents: dict[int, int | None] = {}
    for pk, sponsor_id, first, last, email, employer, active in rows:
        name = f"{first} {last}".strip() or email
        nodes[pk] = TreeNode(pk=pk, name=name, employer_name=employer, is_active=active)
        parents[pk] = sponsor_id
    roots: list[TreeNode] = []
    for pk, node in nodes.items():
        parent = parents[pk]
        if parent is not None and parent in nodes:
            nodes[parent].children.append(node)
        else:
            roots.append(node)
    for root in roots:
        _measure(root)
    return roots


def _measure(root: TreeNode) -> None:
    """Counts and depths from the leaves up, without recursion (a deep chain is fine)."""
    order: list[TreeNode] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(node.children)
    for node in reversed(order):
        node.descendants = sum(1 + child.descendants for child in node.children)
        node.depth = max((1 + child.depth for child in node.children), default=0)


def sponsorships_sent(*, member: Membership) -> QuerySet[Sponsorship]:
    return Sponsorship.objects.filter(sponsor=member).select_related("joined__user")


def require_network(tenant: Tenant) -> None:
    """Sponsorship and the tree exist in network mode only: 404 elsewhere."""
    if tenant.mode != Tenant.Mode.NETWORK:
        raise Http404


def charter_versions_of(*, tenant: Tenant) -> QuerySet[CharterVersion]:
    return CharterVersion.objects.filter(tenant=tenant).select_related("published_by")
