from collections.abc import Iterator

import pytest
import time_machine
from django.utils import timezone


@pytest.fixture
def one_instant() -> Iterator[None]:
    """Self-service links are signed with the second they are made: a link the test builds and
    the one the page renders must be made in the same second to be equal."""
    with time_machine.travel(timezone.now(), tick=False):
        yield
