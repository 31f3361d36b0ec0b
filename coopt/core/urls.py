from django.urls import include, path

from . import views

# The member's inbox of in-app notifications, under the name the templates know.
notification_patterns = (
    [
        path("notifications/", views.notification_list, name="list"),
        path("notifications/read/", views.mark_all_read, name="mark_all_read"),
    ],
    "notifications",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon_ico, name="favicon_ico"),
    path("", include(notification_patterns)),
]
