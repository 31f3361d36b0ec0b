from django.urls import path

from . import views, views_office

app_name = "gamification"
urlpatterns = [
    path("points/", views.points, name="points"),
    path("points/privacy/", views.privacy, name="privacy"),
    path("points/history/", views.history, name="history"),
    path("leaderboard/", views.leaderboard_page, name="leaderboard"),
    path("contests/", views.contests, name="contests"),
    path("contests/<int:contest_id>/", views.contest, name="contest"),
    path("office/gamification/", views_office.point_table_edit, name="office_points"),
    path("office/gamification/levels/", views_office.levels_edit, name="office_levels"),
    path("office/gamification/contests/", views_office.contest_list, name="office_contests"),
    path("office/gamification/contests/new/", views_office.contest_new, name="office_contest_new"),
    path(
        "office/gamification/contests/<int:contest_id>/",
        views_office.contest_edit,
        name="office_contest",
    ),
    path(
        "office/gamification/contests/<int:contest_id>/delete/",
        views_office.contest_remove,
        name="office_contest_delete",
    ),
]
