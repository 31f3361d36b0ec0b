"""In-app notifications: the unread count in the header, the list, "mark all as read"."""

import pytest

from coopt.notifications.models import Notification
from coopt.notifications.services import notification_create

from ..conftest import World

LIST = "/notifications/"
READ = "/notifications/read/"


def badge(html: str) -> str | None:
    marker = 'data-testid="unread-count">'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("<", 1)[0]


@pytest.fixture
def two_unread(world: World) -> None:
    notification_create(recipient=world.member, text="Jane confirmed her interest.", url="/me/")
    notification_create(recipient=world.member, text="John, Account manager: Met")
    notification_create(recipient=world.recruiter, text="For the recruiter only")
    notification_create(recipient=world.outsider_member, text="Globex news")


def test_the_header_shows_how_many_are_unread(world: World, two_unread: None) -> None:
    html = world.client_for(world.member).get("/me/").content.decode()
    assert badge(html) == "2"


def test_the_header_shows_no_count_when_everything_is_read(world: World) -> None:
    html = world.client_for(world.member).get("/me/").content.decode()
    assert badge(html) is None


def test_the_list_shows_my_notifications_newest_first(world: World, two_unread: None) -> None:
    response = world.client_for(world.member).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("John, Account manager: Met") < html.index("Jane confirmed her interest.")
    assert 'href="/me/"' in html
    assert "Mark all as read" in html
    assert "For the recruiter only" not in html
    assert "Globex news" not in html


def test_an_empty_list_says_what_will_appear_here(world: World) -> None:
    html = world.client_for(world.member).get(LIST).content.decode()
    assert "No notifications yet" in html
    assert "Mark all as read" not in html


def test_a_long_list_is_paginated(world: World) -> None:
    for number in range(35):
        notification_create(recipient=world.member, text=f"Notification number {number:02d}")
    client = world.client_for(world.member)
    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()
    assert "Notification number 34" in first and "Notification number 00" not in first
    assert "Notification number 00" in second and "Notification number 34" not in second


def test_mark_all_read_clears_my_count_and_only_mine(world: World, two_unread: None) -> None:
    client = world.client_for(world.member)
    response = client.post(READ)
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Notification.objects.filter(recipient=world.member, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.recruiter, read_at__isnull=True).count() == 1
    assert (
        Notification.objects.filter(recipient=world.outsider_member, read_at__isnull=True).count()
        == 1
    )
    html = client.get(LIST).content.decode()
    assert badge(html) is None
    assert "Jane confirmed her interest." in html  # still listed, no longer new
    assert "Mark all as read" not in html


def test_mark_all_read_only_accepts_post(world: World, two_unread: None) -> None:
    assert world.client_for(world.member).get(READ).status_code == 405
    assert Notification.objects.filter(recipient=world.member, read_at__isnull=True).count() == 2


def test_another_tenants_member_sees_only_their_own(world: World, two_unread: None) -> None:
    client = world.client_for(world.outsider_member)  # on globex.localhost
    html = client.get(LIST).content.decode()
    assert "Globex news" in html
    assert "Jane confirmed her interest." not in html
    assert badge(html) == "1"
    client.post(READ)
    assert Notification.objects.filter(recipient=world.member, read_at__isnull=True).count() == 2


def test_an_unknown_host_gets_404(world: World, two_unread: None) -> None:
    client = world.client_for(world.member, host="unknown.localhost")
    assert client.get(LIST).status_code == 404
    assert client.post(READ).status_code == 404
