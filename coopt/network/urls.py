from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("sponsor/", views.sponsor, name="sponsor"),
    path("join/<str:token>/", views.join, name="join"),
    path("charter/", views.accept, name="accept"),
    path("office/network/tree/", views.tree, name="tree"),
    path("office/network/charter/", views.charters, name="charters"),
    path("office/network/rules/", views.rules, name="rules"),
]
