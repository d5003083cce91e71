"""Case index rows as the API and pages list them, their sealed summaries opened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from api.schemas.cases import CaseIndexItem

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from projections.case_index.persistence import CaseEntry


class SummaryOpener(Protocol):
    def opened_summaries(self, stored: list[tuple[str, UUID | None]]) -> list[str | None]: ...


def index_items(
    opener: SummaryOpener, entries: Iterable[CaseEntry | None], on: date
) -> list[CaseIndexItem]:
    """The entries (None: skipped) as listed on `on`, their summaries opened in one key read.

    A summary whose data key was erased (shredded) is listed as null, `summary_shredded`.
    """
    found = [e for e in entries if e is not None]
    summaries = opener.opened_summaries([(e.summary, e.summary_key_id) for e in found])
    return [_item(e, summary, on) for e, summary in zip(found, summaries, strict=True)]


def _item(entry: CaseEntry, summary: str | None, on: date) -> CaseIndexItem:
    fields = {k: v for k, v in vars(entry).items() if k != "summary_key_id"}
    return CaseIndexItem.model_validate(
        fields
        | {"summary": summary, "summary_shredded": summary is None, "overdue": entry.is_overdue(on)}
    )
