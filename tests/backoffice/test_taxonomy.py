"""The taxonomy editor: lists by kind with their counts, create, rename and translate, merge
with its confirmation, archive; admins only, and only their own company's tags."""

import pytest
from django.urls import reverse

from coopt.accounts.services import membership_onboard
from coopt.audit.models import AuditEvent
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db

LIST = reverse("backoffice:taxonomy")


def lyon(world: World) -> Tag:
    return Tag.objects.get(tenant=world.acme, name="Lyon")


def follow(membership, *tags: Tag) -> None:
    membership_onboard(
        membership=membership,
        interests=list(tags),
        language="en",
        notify_targeted=True,
        digest_frequency="weekly",
    )


def test_the_list_shows_each_kind_with_its_jobs_and_followers(world):
    paris = f.make_tag(world.acme, "Paris")
    sales = f.make_tag(world.acme, "Sales", Tag.Kind.FAMILY)
    f.make_job(world.acme, title="Paris sales", locations=[paris, lyon(world)], job_family=sales)
    follow(world.member, lyon(world), sales, paris)
    follow(world.expert, lyon(world), sales, f.make_tag(world.acme, "Retail", Tag.Kind.SECTOR))
    f.make_tag(world.globex, "Berlin")
    client = world.client_for(world.admin)

    response = client.get(LIST)
    rows = {tag.name: (usage.jobs, usage.members) for tag, usage in response.context["rows"]}
    assert rows == {"Lyon": (2, 2), "Paris": (1, 1)}
    assert "Berlin" not in response.content.decode()

    families = client.get(LIST, {"kind": "family"})
    assert [(t.name, u.jobs, u.members) for t, u in families.context["rows"]] == [("Sales", 1, 2)]


def test_an_empty_list_says_what_to_do(world):
    response = world.client_for(world.admin).get(LIST, {"kind": "sector"})
    html = response.content.decode()
    assert 'data-testid="taxonomy-empty"' in html
    assert "The list “Sectors” is empty. Add the ones your jobs use" in html
    assert reverse("backoffice:taxonomy_create", args=["sector"]) in html


def test_the_list_is_paginated(world):
    for number in range(55):
        f.make_tag(world.acme, f"Sector {number:02}", Tag.Kind.SECTOR)
    client = world.client_for(world.admin)
    first = client.get(LIST, {"kind": "sector"})
    assert len(first.context["rows"]) == 50
    second = client.get(LIST, {"kind": "sector", "page": 2})
    assert [t.name for t, _u in second.context["rows"]] == [f"Sector {n}" for n in range(50, 55)]
    assert "kind=sector&amp;page=2" in first.content.decode()


def test_an_admin_creates_a_location_with_a_country_and_a_translation(world):
    world.acme.enabled_languages = ["en", "de", "fr"]
    world.acme.save()
    url = reverse("backoffice:taxonomy_create", args=["location"])
    client = world.client_for(world.admin)
    form = client.get(url).content.decode()
    assert 'name="name_de"' in form and 'name="name_fr"' in form and 'name="name_it"' not in form
    assert 'name="country"' in form

    response = client.post(url, {"name": "Munich", "name_de": "München", "country": "DE"})

    assert response.status_code == 302
    munich = Tag.objects.get(tenant=world.acme, name="Munich")
    assert (munich.kind, munich.translations, str(munich.country)) == (
        "location",
        {"de": "München"},
        "DE",
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TAG_CREATED).count() == 1


def test_a_name_already_in_the_list_is_a_form_error_not_a_crash(world):
    url = reverse("backoffice:taxonomy_create", args=["location"])
    response = world.client_for(world.admin).post(url, {"name": "LYON"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["“LYON” already exists in this list."]
    assert Tag.objects.filter(tenant=world.acme, name__iexact="lyon").count() == 1


def test_renaming_into_a_taken_name_is_a_form_error(world):
    paris = f.make_tag(world.acme, "Paris")
    url = reverse("backoffice:taxonomy_edit", args=[paris.pk])
    response = world.client_for(world.admin).post(url, {"name": "Lyon"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["“Lyon” already exists in this list."]


def test_renaming_from_the_edit_page_keeps_the_jobs(world):
    tag = lyon(world)
    client = world.client_for(world.admin)
    url = reverse("backoffice:taxonomy_edit", args=[tag.pk])
    assert 'value="Lyon"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Lyon Part-Dieu", "name_it": "Lione", "country": "FR"})
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.translations, str(tag.country)) == (
        "Lyon Part-Dieu",
        {"it": "Lione"},
        "FR",
    )
    assert list(world.job.locations.all()) == [tag]


def test_a_translated_name_shows_on_the_members_board(world):
    tag = lyon(world)
    tag.translations = {"it": "Lione"}
    tag.save()
    world.member.user.language = "it"
    world.member.user.save()
    response = world.client_for(world.member).get(reverse("jobs:board"))
    assert ">Lione</li>" in response.content.decode()


def test_a_merge_shows_what_moves_then_moves_it(world):
    paris = f.make_tag(world.acme, "Paris")
    duplicate = f.make_tag(world.acme, "Paris (75)")
    f.make_job(world.acme, title="One", locations=[duplicate])
    f.make_job(world.acme, title="Two", locations=[duplicate, paris])
    sales = f.make_tag(world.acme, "Sales", Tag.Kind.FAMILY)
    follow(world.member, duplicate, paris, sales)
    follow(world.expert, duplicate, sales, lyon(world))
    client = world.client_for(world.admin)
    url = reverse("backoffice:taxonomy_merge", args=[duplicate.pk])

    choose = client.get(url)
    assert [t.name for t in choose.context["form"].fields["into"].queryset] == ["Lyon", "Paris"]
    confirm = client.get(url, {"into": paris.pk})
    html = confirm.content.decode()
    assert 'data-testid="merge-confirmation"' in html
    assert "2 jobs move, and the interests of 2 members." in " ".join(html.split())
    assert {r.key: r.count for r in confirm.context["references"]} == {
        "accounts.membership.interests": 2,
        "jobs.job.locations": 2,
    }
    assert Tag.objects.filter(pk=duplicate.pk).exists()  # nothing moved yet

    response = client.post(url, {"into": paris.pk})

    assert response.status_code == 302
    assert not Tag.objects.filter(pk=duplicate.pk).exists()
    assert sorted(world.member.interests.values_list("name", flat=True)) == ["Paris", "Sales"]
    assert "Paris" in world.expert.interests.values_list("name", flat=True)
    listed = client.get(LIST)
    rows = {tag.name: (usage.jobs, usage.members) for tag, usage in listed.context["rows"]}
    assert rows["Paris"] == (2, 2)


def test_a_merge_into_another_list_or_company_is_refused(world):
    sales = f.make_tag(world.acme, "Sales", Tag.Kind.FAMILY)
    berlin = f.make_tag(world.globex, "Berlin")
    url = reverse("backoffice:taxonomy_merge", args=[lyon(world).pk])
    client = world.client_for(world.admin)
    for target in (sales, berlin):
        response = client.post(url, {"into": target.pk})
        assert response.status_code == 200
        assert "into" in response.context["form"].errors
    assert Tag.objects.filter(pk=lyon(world).pk).exists()


def test_archiving_hides_the_tag_from_choices_and_restoring_brings_it_back(world):
    tag = lyon(world)
    client = world.client_for(world.admin)
    assert client.post(reverse("backoffice:taxonomy_archive", args=[tag.pk])).status_code == 302
    tag.refresh_from_db()
    assert tag.is_archived
    assert "Archived" in client.get(LIST).content.decode()
    assert client.post(reverse("backoffice:taxonomy_unarchive", args=[tag.pk])).status_code == 302
    tag.refresh_from_db()
    assert not tag.is_archived


def test_the_default_country_is_saved(world):
    client = world.client_for(world.admin)
    url = reverse("backoffice:taxonomy_default_country")
    assert client.post(url, {"default_country": "BE"}).status_code == 302
    world.acme.refresh_from_db()
    assert str(world.acme.default_country) == "BE"
    assert client.post(url, {"default_country": "XX"}).status_code == 302
    world.acme.refresh_from_db()
    assert str(world.acme.default_country) == "BE"


def tag_urls(tag: Tag) -> list[tuple[str, str]]:
    return [
        ("get", reverse("backoffice:taxonomy_edit", args=[tag.pk])),
        ("post", reverse("backoffice:taxonomy_edit", args=[tag.pk])),
        ("get", reverse("backoffice:taxonomy_merge", args=[tag.pk])),
        ("post", reverse("backoffice:taxonomy_merge", args=[tag.pk])),
        ("post", reverse("backoffice:taxonomy_archive", args=[tag.pk])),
        ("post", reverse("backoffice:taxonomy_unarchive", args=[tag.pk])),
    ]


def test_another_companys_admin_gets_404_on_every_tag_url(world):
    tag = lyon(world)
    client = world.client_for(world.outsider)  # an admin of globex, on globex's host
    for method, url in tag_urls(tag):
        response = getattr(client, method)(url, {"name": "Hacked", "into": tag.pk})
        assert response.status_code == 404, url
    tag.refresh_from_db()
    assert (tag.name, tag.is_archived) == ("Lyon", False)


def test_recruiters_and_members_get_403_on_every_url(world):
    tag = lyon(world)
    urls = [
        *tag_urls(tag),
        ("get", LIST),
        ("get", reverse("backoffice:taxonomy_create", args=["location"])),
        ("post", reverse("backoffice:taxonomy_create", args=["location"])),
        ("post", reverse("backoffice:taxonomy_default_country")),
    ]
    for persona in (world.recruiter, world.member, world.expert):
        client = world.client_for(persona)
        for method, url in urls:
            response = getattr(client, method)(url, {"name": "Hacked", "default_country": "FR"})
            assert response.status_code == 403, (persona, url)
    tag.refresh_from_db()
    assert tag.name == "Lyon"
    assert not Tag.objects.filter(name="Hacked").exists()


def test_an_unknown_kind_is_a_404(world):
    url = reverse("backoffice:taxonomy_create", args=["planet"])
    assert world.client_for(world.admin).get(url).status_code == 404
