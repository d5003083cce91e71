"""The cases behind a report's figure, and petitions by field."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.cases import CaseIndexItem
from api.schemas.common import PeriodOut


class FigureCasesOut(BaseModel):
    """The cases a figure counts: `count` equals the figure; `items` are their index rows.

    `items` holds at most the `limit` asked (all of them when `count` is no more).
    """

    figure: str
    period: PeriodOut
    agency_id: UUID | None
    count: int
    items: list[CaseIndexItem]


class FieldsOut(BaseModel):
    """Petitions received in the period by the subtree, by field code ("": not classified)."""

    period: PeriodOut
    agency_id: UUID | None
    kind: str | None
    petitions_by_field: dict[str, int] = Field(
        description="Petitions (đơn) received, by field code, most first"
    )
