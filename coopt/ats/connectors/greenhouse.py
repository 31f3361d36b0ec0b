"""Greenhouse: jobs from the Job Board API, candidates to and stages from the Harvest API.

* Jobs: ``GET https://boards-api.greenhouse.io/v1/boards/{board_token}/jobs?content=true``,
  public, no key. Each job *post* names its job (``internal_job_id``), the id Harvest's
  applications take: that id is the record's external id (``Job.external_id`` holds
  ``"greenhouse:<internal_job_id>"``); a prospect post (no job) is left out, and a job with
  several posts comes in once. ``content`` is HTML escaped as entities: unescaped, then
  sanitised like any description.
* Candidates: ``POST https://harvest.greenhouse.io/v1/candidates``, Basic auth with the Harvest
  key as the user name and an empty password, ``On-Behalf-Of`` the acting Greenhouse user;
  the body names the person, their e-mail and phone, and one application to the job with the
  member credited as Greenhouse's ``referrer`` (``{"type": "email"|"outside", "value": …}``).
* Stages: ``GET https://harvest.greenhouse.io/v1/applications/{id}``: ``current_stage.name``
  and ``status`` (active, rejected, hired).
"""

import base64
import html
import json
from typing import Any
from urllib.parse import quote

from coopt.jobs.external import JobRecord
from coopt.jobs.sanitize import clean_html
from coopt.lib.outbound import OutboundError, Response, fetch
from coopt.referrals.models import Referral

from .base import (
    AtsConnector,
    AtsError,
    NotConfigured,
    Pushed,
    StageRead,
    ensure_consented,
)

BOARD_JOBS_URL = "https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true"
HARVEST_URL = "https://harvest.greenhouse.io/v1"
TIMEOUT = 20.0
MAX_BYTES = 20_000_000  # a large board with full descriptions


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


class GreenhouseConnector(AtsConnector):
    key = "greenhouse"
    name = "Greenhouse"

    # Jobs -------------------------------------------------------------------------------

    def fetch_jobs(self) -> list[JobRecord]:
        token = self.connection.board_token.strip()
        if not token:
            raise NotConfigured("no job board token")
        answer = self._json(self._send("GET", BOARD_JOBS_URL.format(token=quote(token, safe=""))))
        jobs = answer.get("jobs") if isinstance(answer, dict) else None
        if not isinstance(jobs, list):
            raise AtsError("the job board's answer has no list of jobs")
        records: dict[str, JobRecord] = {}
        for job in jobs:
            record = job_record(job) if isinstance(job, dict) else None
            if record is not None and record.external_id not in records:
                records[record.external_id] = record
        return list(records.values())

    # Candidates -------------------------------------------------------------------------

    def push_candidate(self, referral: Referral) -> str:
        return self.push(referral).application_id

    def push(self, referral: Referral) -> Pushed:
        ensure_consented(referral)
        job_id = self.external_job_id(referral)
        if not job_id.isdigit():
            raise NotConfigured("the job's Greenhouse id is not a number")
        answer = self._json(
            self._harvest("POST", "/candidates", body=candidate_body(referral, int(job_id), self))
        )
        if not isinstance(answer, dict) or answer.get("id") is None:
            raise AtsError("Greenhouse's answer names no candidate")
        application_id = _application_for(answer, int(job_id))
        if not application_id:
            raise AtsError("Greenhouse's answer names no application")
        return Pushed(application_id=application_id, candidate_id=str(answer["id"]))

    def referrer_of(self, referral: Referral) -> dict[str, str] | None:
        """Greenhouse's ``referrer`` object for the member who recommended the person."""
        member = referral.referrer
        if member is None:
            return None  # an application or a mobility: nobody to credit
        if self.connection.credit_referrer_as == "outside":
            return {"type": "outside", "value": member.user.get_full_name() or member.user.email}
        return {"type": "email", "value": member.user.email}

    # Stages -----------------------------------------------------------------------------

    def read_stage(self, external_application_id: str) -> str:
        return self.read(external_application_id).stage

    def read(self, external_application_id: str) -> StageRead:
        if not external_application_id.isdigit():
            raise AtsError("not a Greenhouse application id")
        answer = self._json(self._harvest("GET", f"/applications/{external_application_id}"))
        if not isinstance(answer, dict):
            raise AtsError("Greenhouse's answer is not an application")
        stage = answer.get("current_stage")
        name = _text(stage.get("name")) if isinstance(stage, dict) else ""
        return StageRead(stage=name[:200], status=_text(answer.get("status"))[:20])

    def check(self) -> None:
        """The board answers with jobs (if a token is set), and the Harvest key is accepted
        for the acting user (``GET /v1/users/{id}``)."""
        if self.connection.board_token.strip():
            self.fetch_jobs()
        if self.connection.api_key:
            self._harvest("GET", f"/users/{self._acting_user()}")

    # HTTP -------------------------------------------------------------------------------

    def _acting_user(self) -> str:
        user_id = self.connection.on_behalf_of.strip()
        if not user_id.isdigit():
            raise NotConfigured("no acting Greenhouse user id (On-Behalf-Of)")
        return user_id

    def _harvest(self, method: str, path: str, body: dict[str, Any] | None = None) -> Response:
        if not self.connection.api_key:
            raise NotConfigured("no Harvest API key")
        credential = base64.b64encode(f"{self.connection.api_key}:".encode()).decode("ascii")
        headers = {
            "Authorization": f"Basic {credential}",
            "Accept": "application/json",
            "On-Behalf-Of": self._acting_user(),
        }
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        return self._send(method, f"{HARVEST_URL}{path}", body=data, headers=headers)

    def _send(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        try:
            response = fetch(
                url,
                method=method,
                body=body,
                headers=headers or {"Accept": "application/json"},
                timeout=TIMEOUT,
                max_bytes=MAX_BYTES,
            )
        except OutboundError as error:
            raise AtsError(f"Greenhouse could not be reached ({type(error).__name__})") from error
        if response.status >= 400:
            raise AtsError(_describe_refusal(response))
        return response

    @staticmethod
    def _json(response: Response) -> Any:
        try:
            return json.loads(response.body)
        except ValueError as error:
            raise AtsError("Greenhouse answered something that is not JSON") from error


def job_record(job: dict[str, Any]) -> JobRecord | None:
    """One job post of the board as a record, or None for a prospect post or no title."""
    job_id = job.get("internal_job_id")
    title = _text(job.get("title"))
    if not isinstance(job_id, int) or not title:
        return None
    location = job.get("location")
    location_name = _text(location.get("name")) if isinstance(location, dict) else ""
    departments = [
        _text(department.get("name"))
        for department in job.get("departments") or []
        if isinstance(department, dict) and _text(department.get("name"))
    ]
    url = _text(job.get("absolute_url"))
    return JobRecord(
        external_id=str(job_id),
        title=title[:200],
        description=clean_html(html.unescape(_text(job.get("content")))),
        locations=(location_name,) if location_name else (),
        job_family=departments[0] if departments else "",
        url=url if url.startswith(("https://", "http://")) else "",
        extra={
            "post_id": str(job.get("id", "")),
            "updated_at": _text(job.get("updated_at")),
            "departments": ", ".join(departments),
        },
    )


def candidate_body(referral: Referral, job_id: int, connector: GreenhouseConnector) -> dict:
    """The body of Harvest's ``POST /v1/candidates`` for a confirmed referral."""
    application: dict[str, Any] = {"job_id": job_id}
    referrer = connector.referrer_of(referral)
    if referrer is not None:
        application["referrer"] = referrer
    body: dict[str, Any] = {
        "first_name": referral.first_name,
        "last_name": referral.last_name,
        "email_addresses": [{"value": referral.email, "type": "personal"}],
        "applications": [application],
    }
    if referral.phone:
        body["phone_numbers"] = [{"value": referral.phone, "type": "mobile"}]
    return body


def _application_for(candidate: dict[str, Any], job_id: int) -> str:
    """The id of the candidate's application to ``job_id`` in Greenhouse's answer (a
    truncated answer may hold only ``application_ids``)."""
    for application in candidate.get("applications") or []:
        if not isinstance(application, dict):
            continue
        jobs = application.get("jobs") or []
        if any(isinstance(job, dict) and job.get("id") == job_id for job in jobs):
            return str(application.get("id", ""))
    ids = candidate.get("application_ids") or []
    return str(ids[0]) if ids else ""


def _describe_refusal(response: Response) -> str:
    """Greenhouse's refusal in a line, with its own message (never the request's data)."""
    if response.status == 401:
        return "HTTP 401: Greenhouse refused the API key"
    message = ""
    try:
        answer = json.loads(response.body)
    except ValueError:
        answer = None
    if isinstance(answer, dict) and isinstance(answer.get("message"), str):
        message = answer["message"][:200]
    return f"HTTP {response.status}: {message}" if message else f"HTTP {response.status}"
