"""The Open311 requests: one row per request filed online, as GeoReport v2 lists them.

Rows hold only what the public may read: the reference code, the service, the status,
the dates, the handling agency, the place the request is about and its media link;
never the petitioner, the description or an officer's note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from projections.rows import Table
from projections.store import RowStore

MAX_REQUESTS = 1000  # GeoReport v2: "first 1000 requests returned"


@dataclass(frozen=True)
class RequestRow:
    case_id: UUID
    service_request_id: str
    service_code: str
    case_status: str
    closed: bool
    requested_at: str  # UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ", so text order is time order
    updated_at: str
    expected_on: date | None
    handling_agency_id: UUID
    lat: str
    long: str
    address: str
    media_url: str


@dataclass(frozen=True)
class RequestFilter:
    """GeoReport v2's filters: service codes, statuses, and a span of request times."""

    service_codes: tuple[str, ...] = ()
    closed: bool | None = None  # None: open and closed
    start: str = ""  # UTC text bounds, as `requested_at`
    end: str = ""


REQUESTS: Table[RequestRow] = Table(
    "requests",
    RequestRow,
    "case_id",
    indexes=(("requested_at",), ("service_request_id",)),
)


class Open311View(RowStore):
    name: ClassVar[str] = "open311"
    tables: ClassVar[tuple[Table[Any], ...]] = (REQUESTS,)

    def search(self, f: RequestFilter, limit: int = MAX_REQUESTS) -> list[RequestRow]:
        """Requests matching `f`, newest first, at most `limit`."""
        where: list[str] = ["requested_at >= ?", "requested_at <= ?"]
        params: list[object] = [f.start, f.end or "9999"]
        if f.service_codes:
            where.append(f"service_code IN ({', '.join('?' * len(f.service_codes))})")
            params += list(f.service_codes)
        if f.closed is not None:
            where.append("closed = ?")
            params.append(f.closed)
        tail = f"ORDER BY requested_at DESC, case_id LIMIT {max(1, min(limit, MAX_REQUESTS))}"
        return self.select_rows(REQUESTS, " AND ".join(where), params, tail)
