"""tools/check_views.py: view modules reach models only through selectors and services."""

import textwrap
from pathlib import Path

from tools.check_views import Finding, check_source, main, view_modules

VIOLATING = textwrap.dedent(
    """
    from django.shortcuts import get_list_or_404
    from django.shortcuts import get_object_or_404 as fetch
    from django import shortcuts

    from .models import Job


    def detail(request, job_id):
        job = fetch(Job, pk=job_id)
        others = Job.objects.exclude(pk=job.pk)
        first = Job._default_manager.first()
        tags = get_list_or_404(job.locations.all())
        return shortcuts.get_object_or_404(Job, pk=first.pk), others, tags
    """
)

CLEAN = textwrap.dedent(
    """
    from .selectors import access_job


    def detail(request, job_id):
        job = access_job(request.membership, job_id)
        return job.locations.all(), request.objects_seen  # other attributes are fine
    """
)


def test_it_reports_managers_and_shortcuts_with_their_lines():
    findings = check_source(VIOLATING, "coopt/jobpages/views.py")

    assert [(f.line, f.message.split(" in a view")[0]) for f in findings] == [
        (10, "get_object_or_404()"),
        (11, "model manager .objects"),
        (12, "model manager ._default_manager"),
        (13, "get_list_or_404()"),
        (14, "get_object_or_404()"),
    ]
    assert str(findings[0]).startswith("coopt/jobpages/views.py:10: get_object_or_404() in a view")


def test_it_accepts_a_view_that_reads_through_access_helpers():
    assert check_source(CLEAN, "coopt/jobpages/views.py") == []


RECORDING = textwrap.dedent(
    """
    import coopt.audit.services
    from coopt.audit import services as audit
    from coopt.audit.actors import Actor
    from coopt.audit.models import AuditEvent
    from coopt.audit.services import audit_record


    def export(request):
        audit_record(actor=Actor.from_request(request), action=AuditEvent.Action.EXPORT)
    """
)


def test_it_reports_a_view_that_writes_to_the_audit_log():
    findings = check_source(RECORDING, "coopt/privacy/views/audit.py")

    assert [f.line for f in findings] == [2, 3, 6]
    assert all("the service the view calls records the event" in f.message for f in findings)


def test_it_exits_1_and_prints_each_finding(tmp_path: Path, capsys):
    bad, good = tmp_path / "views.py", tmp_path / "views_public.py"
    bad.write_text(VIOLATING)
    good.write_text(CLEAN)

    assert main([str(good)]) == 0
    assert main([str(bad), str(good)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert lines[1] == str(
        Finding(
            str(bad),
            11,
            "model manager .objects in a view: read through a selector (access_* helper), "
            "write through a service",
        )
    )


def test_it_finds_every_kind_of_view_module():
    names = {str(path.relative_to(Path(__file__).parent.parent)) for path in view_modules()}

    assert {"coopt/jobpages/views.py", "coopt/backoffice/views/members.py"} <= names
    assert "coopt/privacy/views/requests.py" in names
    assert "coopt/jobs/selectors.py" not in names
