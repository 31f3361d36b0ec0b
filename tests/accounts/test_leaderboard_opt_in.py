"""Appearing by name on leaderboards and contests is the member's opt-in, on their
preferences page, off until they tick it (G3)."""

from django.urls import reverse
from django.utils import translation

from coopt.gamification.services import points_award

from ..conftest import World
from .test_onboarding import PREFERENCES, answers, newcomer, tags  # noqa: F401  (fixtures)


def test_it_is_off_until_the_member_ticks_it(world: World, newcomer, tags):  # noqa: F811
    client = world.client_for(newcomer)
    client.post(reverse("accounts:onboarding"), answers(tags, "lyon", "paris", "sales"))
    newcomer.refresh_from_db()
    assert newcomer.leaderboard_name_shown is False
    response = client.get(PREFERENCES)
    page = response.content.decode()
    with translation.override("en"):
        assert str(response.context["form"]["leaderboard_name_shown"].label) == (
            "Show my name on leaderboards and contests"
        )
    assert 'name="leaderboard_name_shown"' in page
    assert response.context["form"].initial["leaderboard_name_shown"] is False


def test_ticking_it_puts_the_name_on_the_leaderboard_and_unticking_hides_it(
    world: World,
    newcomer,  # noqa: F811
    tags,  # noqa: F811
):
    points_award(member=newcomer, action="hire", ref="x")
    client = world.client_for(newcomer)
    viewer = world.client_for(world.member)
    name = newcomer.display_name

    client.post(reverse("accounts:onboarding"), answers(tags, "lyon", "paris", "sales"))
    board = viewer.get(reverse("gamification:leaderboard")).content.decode()
    assert name not in board
    assert "Anonymous" in board
    assert 'data-rank="1"' in board  # ranked all the same

    response = client.post(
        PREFERENCES,
        {**answers(tags, "lyon", "paris", "sales"), "leaderboard_name_shown": "on"},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.leaderboard_name_shown is True
    assert name in viewer.get(reverse("gamification:leaderboard")).content.decode()

    client.post(PREFERENCES, answers(tags, "lyon", "paris", "sales"))
    newcomer.refresh_from_db()
    assert newcomer.leaderboard_name_shown is False
    assert name not in viewer.get(reverse("gamification:leaderboard")).content.decode()


def test_a_member_always_sees_their_own_rank_on_the_page(world: World):
    points_award(member=world.member, action="answer", ref="x")
    page = world.client_for(world.member).get(reverse("gamification:leaderboard"))
    html = page.content.decode()
    assert "(you)" in html
    assert "Anonymous" in html
