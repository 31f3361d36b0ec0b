"""The demo company's reward programme: the seeds' bounties by level, two charities
and the +250 EUR top-up, set through the rewards services like an admin would."""

from decimal import Decimal

from coopt.accounts.models import Membership
from coopt.rewards.models import Charity, PayoutSettings, RewardRule
from coopt.rewards.services.rules import charity_save, payout_settings_save, reward_rule_save

CHARITIES = (
    ("Fondation Lumière Solidaire", "Accès à l'énergie pour les familles en précarité."),
    ("Association Premier Emploi", "Accompagne les jeunes vers leur premier emploi."),
)


def set_up_rewards(*, admin: Membership) -> None:
    tenant = admin.tenant
    reward_rule_save(
        rule=RewardRule(
            kind="cash",
            currency="EUR",
            amount=Decimal("500"),
            amount_beginner=Decimal("500"),
            amount_confirmed=Decimal("750"),
            amount_expert=Decimal("1000"),
            # No probation in the demo, so that hires show a reward to choose for at once.
            probation_months=0,
        ),
        tenant=tenant,
        author=admin.user,
    )
    for name, description in CHARITIES:
        charity_save(charity=Charity(name=name, description=description), tenant=tenant)
    payout_settings_save(
        payout_settings=PayoutSettings(
            charity_top_up=Decimal("250"),
            top_up_currency="EUR",
            credits_enabled=True,
            credits_per_reward=3,
        ),
        tenant=tenant,
    )
