"""Member pages under /rewards/, back office under /office/rewards/ (mounted at the root)."""

from django.urls import path

from .views import documents, job_posts, ledger, member, settings

app_name = "rewards"
urlpatterns = [
    path("rewards/", member.mine, name="mine"),
    path("rewards/<int:reward_id>/choose/", member.choose, name="choose"),
    path("rewards/rules/", member.rules, name="rules"),
    path("rewards/tax/", member.tax_sheet, name="tax_sheet"),
    path("rewards/statement/<int:year>/", member.statement, name="statement"),
    path("rewards/statement/<int:year>/pdf/", member.statement_pdf_view, name="statement_pdf"),
    path("rewards/post-a-job/", job_posts.post_job, name="post_job"),
    path("office/rewards/", ledger.ledger_view, name="ledger"),
    path("office/rewards/pay/", ledger.rewards_pay, name="pay_bulk"),
    path("office/rewards/<int:reward_id>/", ledger.reward_detail, name="detail"),
    path("office/rewards/<int:reward_id>/pay/", ledger.reward_pay, name="pay"),
    path(
        "office/rewards/<int:reward_id>/departure/",
        ledger.reward_departure,
        name="departure",
    ),
    path("office/rewards/rules/", settings.default_rule, name="default_rule"),
    path("office/rewards/jobs/<int:job_id>/rule/", settings.job_rule, name="job_rule"),
    path(
        "office/rewards/jobs/<int:job_id>/rule/delete/",
        settings.job_rule_delete,
        name="job_rule_delete",
    ),
    path("office/rewards/payout/", settings.payout_options, name="payout"),
    path("office/rewards/charities/new/", settings.charity_create, name="charity_create"),
    path(
        "office/rewards/charities/<int:charity_id>/",
        settings.charity_edit,
        name="charity_edit",
    ),
    path("office/rewards/job-posts/", job_posts.job_post_requests, name="job_posts"),
    path(
        "office/rewards/job-posts/<int:request_id>/approve/",
        job_posts.job_post_approve,
        name="job_post_approve",
    ),
    path(
        "office/rewards/job-posts/<int:request_id>/decline/",
        job_posts.job_post_decline,
        name="job_post_decline",
    ),
    path("office/rewards/export/", documents.export, name="export"),
    path(
        "office/rewards/members/<int:member_id>/statement/<int:year>/",
        documents.member_statement,
        name="member_statement",
    ),
    path(
        "office/rewards/members/<int:member_id>/statement/<int:year>/pdf/",
        documents.member_statement_pdf,
        name="member_statement_pdf",
    ),
]
