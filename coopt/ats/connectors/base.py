"""What every ATS connector does: the interface, and the errors it raises.

A connector is built from a company's ``AtsConnection`` and speaks to one ATS:

* ``fetch_jobs()`` reads the ATS's open jobs into ``JobRecord``s (``coopt/jobs/external.py``),
  which the shared upsert stores on ``Job.external_id`` as ``"<key>:<id>"``;
* ``push_candidate(referral)`` adds a confirmed referral to the ATS, the referrer credited,
  and returns the ATS's application id;
* ``read_stage(application_id)`` returns the ATS's stage name of that application.

``push`` and ``read`` are the richer forms the services call: a connector whose ATS also
answers the candidate's id or the application's status overrides them; the defaults wrap
the three methods above. Every request goes through ``coopt.lib.outbound.fetch`` (the SSRF
guard). Connectors are found by key in ``registry.py``.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from coopt.jobs.external import JobRecord
from coopt.referrals.models import Referral

if TYPE_CHECKING:
    from ..models import AtsConnection


class AtsError(Exception):
    """The ATS refused the request or answered something unreadable; worth trying again."""


class NotConfigured(AtsError):
    """The connection lacks a setting this action needs (a key, a token, a mapped job)."""


class NotConsented(Exception):
    """The referral's person has not confirmed (or their data is gone): never sent."""


@dataclass(frozen=True)
class Pushed:
    application_id: str
    candidate_id: str = ""


@dataclass(frozen=True)
class StageRead:
    stage: str
    status: str = ""  # the ATS's own word: Greenhouse says active, rejected or hired


class AtsConnector(ABC):
    key: ClassVar[str]  # stored on AtsConnection.connector and in Job.external_id's prefix
    name: ClassVar[str]  # shown to admins

    def __init__(self, connection: "AtsConnection") -> None:
        self.connection = connection

    @abstractmethod
    def fetch_jobs(self) -> list[JobRecord]: ...

    @abstractmethod
    def push_candidate(self, referral: Referral) -> str: ...

    @abstractmethod
    def read_stage(self, external_application_id: str) -> str: ...

    def push(self, referral: Referral) -> Pushed:
        return Pushed(application_id=self.push_candidate(referral))

    def read(self, external_application_id: str) -> StageRead:
        return StageRead(stage=self.read_stage(external_application_id))

    def check(self) -> None:
        """Make one harmless request with the connection's settings; raise AtsError if the
        ATS does not answer as it should. The default reads the jobs."""
        self.fetch_jobs()

    def external_job_id(self, referral: Referral) -> str:
        """The ATS's id of the referral's job, from ``Job.external_id`` (``"<key>:<id>"``)."""
        prefix = f"{self.key}:"
        external_id = referral.job.external_id
        if not external_id.startswith(prefix) or len(external_id) == len(prefix):
            raise NotConfigured(f"the job is not linked to a {self.name} job")
        return external_id[len(prefix) :]


def ensure_consented(referral: Referral) -> None:
    """Only a person who confirmed is sent anywhere (R3): checked again at each attempt."""
    if not referral.is_visible_to_recruiter:
        raise NotConsented
