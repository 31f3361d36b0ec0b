"""Points for regular visits to the jobs (G1, N6), recorded cheaply.

The job board and job pages call ``job_visit_record``. The session remembers the day that
was counted, so the database is asked at most once a day per member and session, and
written at most once a day per member (the point event itself).
"""

from django.utils import timezone

from coopt.accounts.http import MemberRequest

from .services import points_for_job_visit

SESSION_KEY = "coopt_visit_day"


def job_visit_record(request: MemberRequest) -> None:
    membership = request.membership
    today = timezone.localdate()
    mark = f"{membership.pk}:{today.isoformat()}"
    if request.session.get(SESSION_KEY) == mark:
        return
    points_for_job_visit(member=membership, day=today)
    request.session[SESSION_KEY] = mark
