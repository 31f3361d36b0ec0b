"""The export and the correction page read the person's fields from ``PERSONAL_FIELDS``."""

import pytest

from coopt.privacy import export
from coopt.privacy.forms.requests import RectifyForm
from coopt.privacy.requests import RECTIFIABLE_FIELDS, person_rectify
from coopt.privacy.selectors import person_data
from coopt.referrals.models import PERSONAL_FIELDS, PersonalField, Referral

from .requests_helpers import JANE_KEY, refer_jane

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(world) -> Referral:
    referral = refer_jane(world)
    Referral.objects.filter(pk=referral.pk).update(in_process_note="Field engineer")
    referral.refresh_from_db()
    return referral


def exported_referral(world) -> dict[str, object]:
    [referral] = export.person_export_json(person_data(tenant=world.acme, key=JANE_KEY))[
        "referrals"
    ]
    return referral


def test_every_personal_field_is_exported_with_its_value(world, jane):
    referral = exported_referral(world)
    for name in PERSONAL_FIELDS:
        assert referral[name] == getattr(jane, name), name


def test_a_field_added_to_the_list_is_exported_even_if_left_out_of_the_facts(
    world, jane, monkeypatch
):
    monkeypatch.setattr(export, "REFERRAL_EXCLUDED", {*export.REFERRAL_EXCLUDED, "language"})
    assert "language" not in exported_referral(world)
    monkeypatch.setitem(PERSONAL_FIELDS, "language", PersonalField())
    assert exported_referral(world)["language"] == "en"


def test_the_correction_form_offers_the_rectifiable_personal_fields():
    form = RectifyForm()
    assert tuple(form.fields) == RECTIFIABLE_FIELDS == ("first_name", "last_name", "phone")
    assert all(PERSONAL_FIELDS[name].rectifiable for name in form.fields)
    assert [str(field.label) for field in form.fields.values()] == [
        "First name",
        "Last name",
        "Phone",
    ]
    assert [field.required for field in form.fields.values()] == [True, True, False]
    # As long as the referral holds.
    assert [field.max_length for field in form.fields.values()] == [100, 100, 40]  # type: ignore[attr-defined]


def test_the_correction_form_keeps_its_phone_check():
    form = RectifyForm({"first_name": "Jane", "last_name": "Doe", "phone": "call me"})
    assert not form.is_valid()
    assert list(form.errors) == ["phone"]


def test_correcting_takes_exactly_the_rectifiable_fields(world, jane):
    with pytest.raises(TypeError):
        person_rectify(tenant=world.acme, key=JANE_KEY, first_name="Janet", last_name="Doe")
    with pytest.raises(TypeError):
        person_rectify(
            tenant=world.acme,
            key=JANE_KEY,
            first_name="Janet",
            last_name="Doe",
            phone="",
            email="janet@example.org",
        )
    jane.refresh_from_db()
    assert jane.first_name == "Jane"
