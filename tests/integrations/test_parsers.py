"""Each feed format read into records, and what a bad file or entry gives: the file refused
as a whole with a reason, or the entry rejected with its own."""

import datetime

import pytest

from coopt.integrations.feeds import FeedError, parse_feed, reason_label
from coopt.integrations.feeds.common import BAD_DATE, BAD_SALARY, NOT_AN_OBJECT, salary_text
from coopt.jobs.models import ContractType

from .feeds import CSV, JSON, XML

LIMIT = 10 * 1024 * 1024


def test_the_job_board_xml_layout_is_read_job_by_job():
    parsed = parse_feed("xml", XML, max_bytes=LIMIT)

    assert parsed.rejected == []
    baker, manager = parsed.records
    assert (baker.external_id, baker.title) == ("B-12", "Baker")
    assert baker.locations == ("Lyon",)
    assert baker.job_family == "Production"
    assert baker.contract_type == ContractType.PERMANENT
    assert (baker.salary_min, baker.salary_max, baker.salary_currency) == (30000, 36000, "EUR")
    assert baker.closes_on == datetime.date(2030, 6, 30)
    assert baker.url == "https://careers.acme.test/jobs/b-12"
    assert "<strong>mornings</strong>" in baker.description  # sanitised by the upsert
    assert baker.extra == {"country": "FR", "company": "Acme"}
    assert manager.contract_type == ContractType.FIXED_TERM
    assert manager.salary_min is None and manager.locations == ("Paris",)


def test_xml_with_a_namespace_or_jobs_deeper_is_read_too():
    data = (
        b'<feed xmlns="urn:jobs"><jobs><job><referencenumber>1</referencenumber>'
        b"<title>Cook</title></job></jobs></feed>"
    )
    [record] = parse_feed("xml", data, max_bytes=LIMIT).records
    assert record.title == "Cook"


@pytest.mark.parametrize(
    "data",
    [
        b"this is not XML",
        b"<source><job><title>Cut</title>",
        b"<rss><channel><item>News</item></channel></rss>",
    ],
)
def test_a_file_that_is_not_a_job_feed_is_refused_with_a_reason(data: bytes):
    with pytest.raises(FeedError) as refused:
        parse_feed("xml", data, max_bytes=LIMIT)
    assert refused.value.message


def test_xml_entities_are_refused_never_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><source><job><title>&lol2;</title>'
        b"<referencenumber>1</referencenumber></job></source>"
    )
    with pytest.raises(FeedError) as refused:
        parse_feed("xml", bomb, max_bytes=LIMIT)
    assert "DTD" in refused.value.message


def test_an_xml_entry_with_a_bad_date_is_rejected_with_its_reason():
    data = (
        b"<source><job><referencenumber>X1</referencenumber><title>Cook</title>"
        b"<expirationdate>next summer</expirationdate></job>"
        b"<job><referencenumber>X2</referencenumber><title>Chef</title>"
        b"<expirationdate>Tue, 30 Jun 2030 00:00:00 GMT</expirationdate></job></source>"
    )
    parsed = parse_feed("xml", data, max_bytes=LIMIT)
    assert parsed.rejected == [("X1", BAD_DATE)]
    assert parsed.records[0].closes_on == datetime.date(2030, 6, 30)
    assert "closing date" in reason_label(BAD_DATE)


def test_json_is_read_as_a_list_or_under_jobs_with_its_aliases():
    parsed = parse_feed("json", JSON, max_bytes=LIMIT)

    baker, manager = parsed.records
    assert (baker.external_id, baker.salary_max, baker.locations) == ("B-12", 36000, ("Lyon",))
    assert baker.closes_on == datetime.date(2030, 6, 30)
    assert (manager.external_id, manager.locations) == ("S-7", ("Paris",))
    assert manager.contract_type == ContractType.FIXED_TERM
    assert (
        parse_feed("json", b'[{"id": 1, "title": "Cook"}]', max_bytes=LIMIT).records[0].external_id
        == "1"
    )


def test_a_bad_json_entry_is_rejected_and_a_bad_file_refused():
    parsed = parse_feed(
        "json",
        b'[{"id": "J1", "title": "Cook", "salary_min": "a lot"}, "Chef", '
        b'{"id": "J3", "title": "Waiter", "salary_max": 1.5}]',
        max_bytes=LIMIT,
    )
    assert parsed.records == []
    assert parsed.rejected == [("J1", BAD_SALARY), ("", NOT_AN_OBJECT), ("J3", BAD_SALARY)]
    for bad in (b"{not json", b'{"title": "Cook"}', b"\xff\xfe"):
        with pytest.raises(FeedError):
            parse_feed("json", bad, max_bytes=LIMIT)


def test_csv_is_read_with_its_column_names_aliases_and_several_locations():
    parsed = parse_feed("csv", CSV, max_bytes=LIMIT)

    baker, manager = parsed.records
    assert (baker.external_id, baker.job_family, baker.salary_min) == ("B-12", "Production", 30000)
    assert baker.salary_currency == "EUR"
    assert manager.locations == ("Paris", "Lyon")
    assert manager.contract_type == ContractType.FIXED_TERM


def test_a_csv_without_the_required_columns_or_too_large_is_refused():
    with pytest.raises(FeedError) as refused:
        parse_feed("csv", b"title;description\nCook;Hot\n", max_bytes=LIMIT)
    assert "id" in refused.value.message
    with pytest.raises(FeedError):
        parse_feed("csv", CSV, max_bytes=10)
    with pytest.raises(FeedError):
        parse_feed("csv", b"id;title\n\xff;Cook\n", max_bytes=LIMIT)


def test_a_csv_line_with_a_bad_value_is_rejected_alone():
    parsed = parse_feed(
        "csv", b"id,title,closes_on\nC1,Cook,30/06/2030\nC2,Chef,\n", max_bytes=LIMIT
    )
    assert parsed.rejected == [("C1", BAD_DATE)]
    assert [record.external_id for record in parsed.records] == ["C2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30000-36000 EUR", (30000, 36000, "EUR")),
        ("€45k", (45000, 45000, "EUR")),
        ("$50,000 per year", (50000, 50000, "USD")),
        ("Competitive", (None, None, "")),
    ],
)
def test_a_job_boards_salary_text_is_read_as_far_as_it_can_be(text: str, expected: tuple):
    assert salary_text(text) == expected
