from django.urls import path

from .views import member, office

app_name = "gamification"
urlpatterns = [
    path("points/", member.points, name="points"),
    path("points/history/", member.history, name="history"),
    path("leaderboard/", member.leaderboard_page, name="leaderboard"),
    path("contests/", member.contests, name="contests"),
    path("contests/<int:contest_id>/", member.contest, name="contest"),
    path("office/gamification/", office.point_table_edit, name="office_points"),
    path("office/gamification/levels/", office.levels_edit, name="office_levels"),
    path("office/gamification/contests/", office.contest_list, name="office_contests"),
    path("office/gamification/contests/new/", office.contest_new, name="office_contest_new"),
    path(
        "office/gamification/contests/<int:contest_id>/",
        office.contest_edit,
        name="office_contest",
    ),
    path(
        "office/gamification/contests/<int:contest_id>/delete/",
        office.contest_remove,
        name="office_contest_delete",
    ),
]
