from .contests import (
    ContestError,
    contest_close,
    contest_create,
    contest_delete,
    contest_update,
    contests_close_ended,
)
from .points import (
    point_rules_update,
    points_award,
    points_for_job_visit,
    points_for_referral_event,
    points_for_reward,
    points_for_share_visit,
)
from .settings import LevelSettingsError, level_settings_update

__all__ = [
    "ContestError",
    "LevelSettingsError",
    "contest_close",
    "contest_create",
    "contest_delete",
    "contest_update",
    "contests_close_ended",
    "level_settings_update",
    "point_rules_update",
    "points_award",
    "points_for_job_visit",
    "points_for_referral_event",
    "points_for_reward",
    "points_for_share_visit",
]
