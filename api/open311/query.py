"""GET Service Requests' filters, read as the specification defines them.

`start_date` and `end_date` are W3C date-times (an offset, or Z, should be given;
without one, Vietnam's time is meant). Without them the span is the last 90 days; a
span may not be longer. `service_code` and `status` may be comma-separated lists.

Query strings are strict: a parameter the specification does not define for the
call is refused (400, in the specification's error format), not silently ignored.
Every call takes `jurisdiction_id`, `api_key` (the spec's key, which some clients
send on every call) and `extensions` (the flag asking for extended attributes; the
base fields are answered). The pagination extension (`page`, `page_size`) is refused:
answering page 1 again for `page=2` would loop a client paging until an empty page.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from api.open311.formats import VIETNAM, Open311Error
from projections.open311.persistence import RequestFilter
from projections.open311.projection import utc_text

SPAN = timedelta(days=90)
EVERY_CALL = ("jurisdiction_id", "api_key", "extensions")
REQUESTS_QUERY = ("service_request_id", "service_code", "start_date", "end_date", "status")
STATUSES = {"open": False, "closed": True}


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def check_query(query: Mapping[str, str], *takes: str) -> None:
    """400 naming each query parameter neither the call (`takes`) nor every call takes."""
    unknown = sorted(set(query) - {*EVERY_CALL, *takes})
    if unknown:
        names = ", ".join(unknown)
        allowed = ", ".join(sorted({*EVERY_CALL, *takes}))
        raise Open311Error(400, f"unknown query parameter: {names} (this call takes {allowed})")


def request_filter(query: Mapping[str, str]) -> RequestFilter:
    """The view's filter for a GET Service Requests query (400 for a bad parameter)."""
    start = _moment(query, "start_date")
    end = _moment(query, "end_date")
    if start is None and end is None:
        end = datetime.now(VIETNAM)
    if start is None and end is not None:
        start = end - SPAN
    if end is None and start is not None:
        end = start + SPAN
    if start is None or end is None:  # for the type checker: both are set by now
        raise Open311Error(400, "start_date or end_date is wrong")
    if end < start:
        raise Open311Error(400, "end_date is before start_date")
    if end - start > SPAN:
        raise Open311Error(400, "start_date and end_date may not span more than 90 days")
    return RequestFilter(
        tuple(split(query.get("service_code", ""))),
        _closed(query.get("status", "")),
        utc_text(start),
        utc_text(end),
    )


def _moment(query: Mapping[str, str], name: str) -> datetime | None:
    text = query.get(name, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Open311Error(
            400, f"{name} is not a W3C date-time such as 2010-01-01T00:00:00Z"
        ) from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
    try:
        for edge in (moment - SPAN, moment + SPAN):  # the span's other end, read in UTC
            edge.astimezone(UTC)
    except OverflowError:
        raise Open311Error(
            400, f"{name} is out of range: a span of 90 days around it must fit years 1 to 9999"
        ) from None
    return moment


def _closed(value: str) -> bool | None:
    wanted = set(split(value))
    unknown = wanted - set(STATUSES)
    if unknown:
        raise Open311Error(400, "status is open, closed, or both separated by a comma")
    if len(wanted) == 1:
        return STATUSES[wanted.pop()]
    return None
