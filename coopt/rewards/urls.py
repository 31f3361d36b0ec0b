"""Member pages under /rewards/, back office under /office/rewards/ (mounted at the root)."""

from django.urls import path

from . import views, views_documents, views_office, views_settings

app_name = "rewards"
urlpatterns = [
    path("rewards/", views.mine, name="mine"),
    path("rewards/<int:reward_id>/choose/", views.choose, name="choose"),
    path("rewards/rules/", views.rules, name="rules"),
    path("rewards/statement/<int:year>/", views.statement, name="statement"),
    path("rewards/statement/<int:year>/pdf/", views.statement_pdf_view, name="statement_pdf"),
    path("office/rewards/", views_office.ledger_view, name="ledger"),
    path("office/rewards/pay/", views_office.rewards_pay, name="pay_bulk"),
    path("office/rewards/<int:reward_id>/", views_office.reward_detail, name="detail"),
    path("office/rewards/<int:reward_id>/pay/", views_office.reward_pay, name="pay"),
    path(
        "office/rewards/<int:reward_id>/departure/",
        views_office.reward_departure,
        name="departure",
    ),
    path("office/rewards/rules/", views_settings.default_rule, name="default_rule"),
    path("office/rewards/jobs/<int:job_id>/rule/", views_settings.job_rule, name="job_rule"),
    path(
        "office/rewards/jobs/<int:job_id>/rule/delete/",
        views_settings.job_rule_delete,
        name="job_rule_delete",
    ),
    path("office/rewards/payout/", views_settings.payout_options, name="payout"),
    path("office/rewards/charities/new/", views_settings.charity_create, name="charity_create"),
    path(
        "office/rewards/charities/<int:charity_id>/",
        views_settings.charity_edit,
        name="charity_edit",
    ),
    path("office/rewards/export/", views_documents.export, name="export"),
    path(
        "office/rewards/members/<int:member_id>/statement/<int:year>/",
        views_documents.member_statement,
        name="member_statement",
    ),
    path(
        "office/rewards/members/<int:member_id>/statement/<int:year>/pdf/",
        views_documents.member_statement_pdf,
        name="member_statement_pdf",
    ),
]
