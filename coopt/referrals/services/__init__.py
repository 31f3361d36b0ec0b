from .consent import (
    ConsentClosed,
    consent_confirm,
    consent_decline,
    referral_erase_personal_data,
)
from .pipeline import (
    PipelineError,
    note_add,
    referral_set_status,
    referral_transfer,
    referrals_bulk_set_status,
    reminder_add,
    reminder_complete,
    reminders_send_due,
)
from .submit import (
    ApplicationData,
    ReferralData,
    ReferralRefused,
    application_submit,
    mobility_apply,
    referral_submit,
)

__all__ = [
    "ApplicationData",
    "ConsentClosed",
    "PipelineError",
    "ReferralData",
    "ReferralRefused",
    "application_submit",
    "consent_confirm",
    "consent_decline",
    "mobility_apply",
    "note_add",
    "referral_erase_personal_data",
    "referral_set_status",
    "referral_submit",
    "referral_transfer",
    "referrals_bulk_set_status",
    "reminder_add",
    "reminder_complete",
    "reminders_send_due",
]
