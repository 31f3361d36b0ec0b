"""A match's reasons as one sentence in the active language (D1)."""

from django.utils.translation import gettext, ngettext, pgettext

from .matching import Reasons


def join_names(names: list[str]) -> str:
    """ "Lyon", "Lyon and Sales", "Lyon, Paris and Sales", with translated words."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    separator = pgettext("list separator", ", ")
    return gettext("%(items)s and %(last)s") % {
        "items": separator.join(names[:-1]),
        "last": names[-1],
    }


def explanation(reasons: Reasons) -> str:
    """The sentence, e.g. "You follow Lyon and Sales", with the past successes in the
    job family when there are any; an empty string when nothing is worth explaining."""
    names = join_names(reasons.followed)
    count = reasons.past_successes
    if count and reasons.success_family:
        values = {"names": names, "count": count, "family": reasons.success_family}
        if names:
            return (
                ngettext(
                    "You follow %(names)s; one of your referrals in %(family)s reached an "
                    "interview",
                    "You follow %(names)s; %(count)s of your referrals in %(family)s reached an "
                    "interview",
                    count,
                )
                % values
            )
        return (
            ngettext(
                "One of your referrals in %(family)s reached an interview",
                "%(count)s of your referrals in %(family)s reached an interview",
                count,
            )
            % values
        )
    if names:
        return gettext("You follow %(names)s") % {"names": names}
    return ""
