"""Readers of job feeds: XML in the job-board layout, JSON and CSV, each into ``JobRecord``s
(``coopt.jobs.external``) and the entries it had to reject."""

from .common import FeedError, ParsedFeed, reason_label
from .csv_feed import parse_csv
from .json_feed import parse_json
from .xml_feed import parse_xml

__all__ = ["FeedError", "ParsedFeed", "parse_feed", "reason_label"]


def parse_feed(kind: str, data: bytes, *, max_bytes: int) -> ParsedFeed:
    """Read ``data`` as the source's ``kind`` ("xml", "json" or "csv"); ``FeedError`` when
    the file cannot be read at all."""
    if kind == "csv":
        return parse_csv(data, max_bytes=max_bytes)
    if kind == "json":
        return parse_json(data)
    return parse_xml(data)
