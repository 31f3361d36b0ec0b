from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("jobs/", views.board, name="board"),
    path("jobs/<int:job_id>/", views.detail, name="detail"),
    path("p/jobs/<int:job_id>/", views.public, name="public"),
    path("s/<str:token>/", views.shared, name="shared"),
]
