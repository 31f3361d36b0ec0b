"""The referred person's data is listed once (``PERSONAL_FIELDS``): every field of a referral
is declared personal or not, and erasure and transfer follow the list."""

from collections.abc import Iterable

import pytest
from django.db import models

from coopt.referrals.models import (
    NOT_PERSONAL_FIELDS,
    PERSONAL_FIELDS,
    PersonalField,
    Referral,
)
from coopt.referrals.services import referral_erase_personal_data, referral_transfer

from .. import factories as f

# What personal data looks like: text a person typed, an address, a file.
PERSONAL_LOOKING = (models.CharField, models.TextField, models.FileField)


def fields_of_a_referral() -> list[models.Field]:
    return [*Referral._meta.concrete_fields, *Referral._meta.local_many_to_many]


def unclassified(fields: Iterable[models.Field]) -> list[str]:
    return [
        field.name
        for field in fields
        if field.name not in PERSONAL_FIELDS and field.name not in NOT_PERSONAL_FIELDS
    ]


def test_every_field_of_a_referral_is_declared_personal_or_not():
    assert unclassified(fields_of_a_referral()) == [], (
        "add the new field to PERSONAL_FIELDS (with what erasing writes) or to "
        "NOT_PERSONAL_FIELDS in coopt/referrals/models.py"
    )


def test_a_text_field_not_declared_as_non_personal_must_be_personal():
    # EmailField is a CharField.
    looking = [f.name for f in fields_of_a_referral() if isinstance(f, PERSONAL_LOOKING)]
    assert looking
    assert [name for name in looking if name not in NOT_PERSONAL_FIELDS] == [
        name for name in looking if name in PERSONAL_FIELDS
    ]


def test_a_new_field_in_neither_list_fails_the_check():
    nickname = models.CharField(max_length=50, blank=True)
    nickname.set_attributes_from_name("nickname")
    assert unclassified([*fields_of_a_referral(), nickname]) == ["nickname"]


def test_the_lists_name_real_fields_and_never_the_same_one_twice():
    names = {field.name for field in fields_of_a_referral()}
    assert set(PERSONAL_FIELDS) <= names
    assert names >= NOT_PERSONAL_FIELDS
    assert not set(PERSONAL_FIELDS) & NOT_PERSONAL_FIELDS


def test_what_erasing_writes_fits_the_field():
    for name, personal in PERSONAL_FIELDS.items():
        field = Referral._meta.get_field(name)
        assert isinstance(field, models.Field)
        assert personal.erased is not None or field.null, name


# --- Erasure and transfer follow the list --------------------------------------------------


def filled_in(world, email: str = "jane@example.org") -> Referral:
    """A confirmed referral with every personal field holding something."""
    referral = f.refer(
        referrer=world.member, job=world.job, confirmed=True, email=email, phone="06 12 34 56 78"
    )
    Referral.objects.filter(pk=referral.pk).update(
        in_process_note="Field engineer", current_employer="Initech"
    )
    referral.refresh_from_db()
    return referral


@pytest.mark.django_db
def test_the_filled_in_referral_holds_every_personal_field(world):
    referral = filled_in(world)
    assert [name for name in PERSONAL_FIELDS if not getattr(referral, name)] == []


@pytest.mark.django_db
def test_erasing_writes_in_each_personal_field_what_the_list_says(world):
    referral = referral_erase_personal_data(referral=filled_in(world))
    for name, personal in PERSONAL_FIELDS.items():
        assert getattr(referral, name) == personal.erased, name
    assert referral.personal_data_deleted_at is not None


@pytest.mark.django_db
def test_a_field_added_to_the_list_is_erased(world, monkeypatch):
    referral = filled_in(world)
    assert referral.language == "en"
    monkeypatch.setitem(PERSONAL_FIELDS, "language", PersonalField(erased=""))
    referral = referral_erase_personal_data(referral=referral)
    assert referral.language == ""


@pytest.mark.django_db
def test_a_transfer_copies_the_personal_fields_marked_transferred(world):
    referral = filled_in(world)
    other = f.make_job(world.acme, author=world.recruiter.user, title="Field engineer")
    new = referral_transfer(referral=referral, job=other, author=world.recruiter.user)
    for name, personal in PERSONAL_FIELDS.items():
        expected = getattr(referral, name) if personal.transferred else ""
        assert getattr(new, name) == expected, name
    assert new.in_process_note == ""  # it named this referral's other jobs
