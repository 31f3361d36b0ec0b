from .credits import (
    JobPostData,
    credits_earn_for_reward,
    job_post_request_approve,
    job_post_request_decline,
    job_post_request_submit,
)
from .ledger import (
    RewardError,
    reward_create_for_hire,
    reward_mark_paid,
    reward_record_departure,
    rewards_for_referral_event,
    rewards_make_due,
    rewards_mark_paid,
)
from .payout import Payout, available_choices, payout_split, reward_choose_payout
from .rules import charity_save, payout_settings_save, reward_rule_delete_for_job, reward_rule_save
from .sponsor_bonus import sponsor_bonus_cancel_with_hire, sponsor_bonus_for_hire

__all__ = [
    "JobPostData",
    "Payout",
    "RewardError",
    "available_choices",
    "charity_save",
    "credits_earn_for_reward",
    "job_post_request_approve",
    "job_post_request_decline",
    "job_post_request_submit",
    "payout_settings_save",
    "payout_split",
    "reward_choose_payout",
    "reward_create_for_hire",
    "reward_mark_paid",
    "reward_record_departure",
    "reward_rule_delete_for_job",
    "reward_rule_save",
    "rewards_for_referral_event",
    "rewards_make_due",
    "rewards_mark_paid",
    "sponsor_bonus_cancel_with_hire",
    "sponsor_bonus_for_hire",
]
