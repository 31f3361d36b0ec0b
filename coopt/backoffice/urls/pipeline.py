"""Jobs, pipeline, candidates and reminders."""

from django.urls import path

from ..views import candidates, jobs, pipeline, reminders

urlpatterns = [
    path("", pipeline.home, name="home"),
    path("checklist/dismiss/", pipeline.checklist_dismiss_view, name="checklist_dismiss"),
    # Jobs and templates (J1, J2)
    path("jobs/", jobs.jobs, name="jobs"),
    path("jobs/new/", jobs.job_create_view, name="job_create"),
    path("jobs/<int:job_id>/edit/", jobs.job_edit, name="job_edit"),
    path("jobs/<int:job_id>/clone/", jobs.job_clone_view, name="job_clone"),
    path("jobs/<int:job_id>/status/", jobs.job_status, name="job_status"),
    path("templates/", jobs.templates, name="templates"),
    path("templates/new/", jobs.template_create, name="template_create"),
    path("templates/<int:template_id>/edit/", jobs.template_edit, name="template_edit"),
    path("templates/<int:template_id>/use/", jobs.job_from_template_view, name="job_from_template"),
    # Pipeline (R4, R5)
    path("jobs/<int:job_id>/pipeline/", pipeline.job_pipeline, name="job_pipeline"),
    path("jobs/<int:job_id>/pipeline/list/", pipeline.job_pipeline_list, name="job_pipeline_list"),
    path("candidates/<int:referral_id>/", candidates.candidate, name="candidate"),
    path(
        "candidates/<int:referral_id>/status/",
        candidates.candidate_status,
        name="candidate_status",
    ),
    path(
        "candidates/<int:referral_id>/transfer/",
        candidates.candidate_transfer,
        name="candidate_transfer",
    ),
    path("candidates/<int:referral_id>/notes/", candidates.candidate_note, name="candidate_note"),
    path(
        "candidates/<int:referral_id>/reminders/",
        reminders.reminder_create,
        name="reminder_create",
    ),
    path("documents/<int:document_id>/", candidates.document_download, name="document_download"),
    path("reminders/", reminders.reminders, name="reminders"),
    path("reminders/<int:reminder_id>/done/", reminders.reminder_done, name="reminder_done"),
]
