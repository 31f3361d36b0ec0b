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

__all__ = [
    "Payout",
    "RewardError",
    "available_choices",
    "charity_save",
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
]
