"""The members list: search, filters, pagination, what each row shows."""

from django.urls import reverse
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.accounts.services import membership_deactivate
from coopt.audit.actors import Actor

from .. import factories as f
from ..responses import Response

URL = reverse("backoffice:members")


def listed(response: Response) -> set[str]:
    return {m.user.email for m in response.context["members"]}


def test_it_lists_this_tenants_members_only(world):
    response = world.client_for(world.admin).get(URL)
    assert listed(response) == {
        "admin@acme.test",
        "recruiter@acme.test",
        "member@acme.test",
        "expert@acme.test",
    }
    assert b"globex.test" not in response.content


def test_a_globex_admin_sees_only_globex_members(world):
    response = world.client_for(world.outsider).get(URL)
    assert listed(response) == {"recruiter@globex.test", "member@globex.test"}
    assert b"acme.test" not in response.content


def test_each_row_shows_name_email_department_location_roles_and_dates(world):
    lyon = f.make_tag(world.acme, "Lyon")
    world.expert.department = f.make_department(world.acme, "Finance")
    world.expert.location = lyon
    world.expert.invited_at = timezone.now()
    world.expert.save()
    world.expert.user.first_name, world.expert.user.last_name = "Erin", "Expert"
    world.expert.user.save()
    response = world.client_for(world.admin).get(URL, {"q": "expert@"})
    html = response.content.decode()
    for text in ("Erin Expert", "expert@acme.test", "Finance", "Lyon", "member, expert", "Invited"):
        assert text in html
    assert 'data-confirm="Deactivate Erin Expert?' in html


def test_search_by_name_or_email(world):
    world.member.user.first_name, world.member.user.last_name = "Marie", "Curie"
    world.member.user.save()
    client = world.client_for(world.admin)
    assert listed(client.get(URL, {"q": "curie"})) == {"member@acme.test"}
    assert listed(client.get(URL, {"q": "marie CURIE"})) == {"member@acme.test"}
    assert listed(client.get(URL, {"q": "recruiter@acme"})) == {"recruiter@acme.test"}
    assert listed(client.get(URL, {"q": "nobody-like-this"})) == set()


def test_filter_by_department_role_and_state(world):
    sales = f.make_department(world.acme, "Sales")
    world.member.department = sales
    world.member.save()
    membership_deactivate(membership=world.expert, actor=Actor.system())
    client = world.client_for(world.admin)
    assert listed(client.get(URL, {"department": sales.pk})) == {"member@acme.test"}
    assert listed(client.get(URL, {"role": "recruiter"})) == {"recruiter@acme.test"}
    assert listed(client.get(URL, {"role": "admin"})) == {"admin@acme.test"}
    assert listed(client.get(URL, {"state": "inactive"})) == {"expert@acme.test"}
    assert "expert@acme.test" not in listed(client.get(URL, {"state": "active"}))
    assert listed(client.get(URL, {"state": "active", "role": "expert"})) == set()


def test_another_tenants_department_is_not_a_valid_filter(world):
    globex_sales = f.make_department(world.globex, "Sales")
    response = world.client_for(world.admin).get(URL, {"department": globex_sales.pk})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(listed(response)) == 4


def test_it_shows_25_per_page_and_keeps_filters_across_pages(world):
    for number in range(30):
        f.make_member(world.acme, email=f"bulk{number:02}@acme.test")
    client = world.client_for(world.admin)
    first = client.get(URL, {"q": "bulk"})
    assert len(first.context["members"]) == 25
    assert first.context["page_obj"].paginator.num_pages == 2
    assert 'href="?q=bulk&amp;page=2"' in first.content.decode()
    second = client.get(URL, {"q": "bulk", "page": 2})
    assert len(second.context["members"]) == 5
    assert listed(first).isdisjoint(listed(second))


def test_the_list_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for number in range(30):
        membership = f.make_member(world.acme, email=f"many{number}@acme.test")
        membership.department = f.make_department(world.acme, f"Dept {number % 3}")
        membership.location = f.make_tag(world.acme, f"City {number % 4}")
        membership.save()
    client = world.client_for(world.admin)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert len(response.context["members"]) == 25


def test_an_empty_search_says_so(world):
    response = world.client_for(world.admin).get(URL, {"q": "zzz"})
    assert b"No member matches these filters." in response.content


def test_deactivated_members_offer_reactivation_not_deactivation(world):
    membership_deactivate(membership=world.expert, actor=Actor.system())
    html = world.client_for(world.admin).get(URL, {"q": "expert@"}).content.decode()
    assert reverse("backoffice:member_reactivate", args=[world.expert.pk]) in html
    assert reverse("backoffice:member_deactivate", args=[world.expert.pk]) not in html


def test_an_admin_is_not_offered_to_deactivate_themself(world):
    html = world.client_for(world.admin).get(URL).content.decode()
    assert reverse("backoffice:member_deactivate", args=[world.admin.pk]) not in html
    assert reverse("backoffice:member_deactivate", args=[world.member.pk]) in html
    assert Membership.objects.filter(tenant=world.acme).count() == 4
