"""The official forms (docs/forms.md): a header and tables of numbered rows by column."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import PeriodOut


class FormKey(StrEnum):
    LETTERS = "letters"  # letter handling (xử lý đơn): petitions
    SETTLEMENT = "settlement"  # settlement results: cases by kind and instance
    RECEPTION = "reception"  # citizen reception: sessions, visits, persons, matters


class FormRowOut(BaseModel):
    code: str = Field(description="The row's number on the form")
    label: str
    unit: str = Field(description="petitions, cases, sessions, visits, persons, VND, m²...")
    formula: str
    values: list[int | None] = Field(description="One per column; null: no such figure")


class FormTableOut(BaseModel):
    key: str
    title: str
    columns: list[str]
    rows: list[FormRowOut]


class FormOut(BaseModel):
    """One official form for a period, an agency subtree, a legal and a knowledge cut-off."""

    key: FormKey
    title: str
    legal_source: str
    counted_at: str = Field(description="The agency each row counts against, and its unit")
    reference: str = Field(description="The document in this repository defining every row")
    period: PeriodOut
    agency_id: UUID | None
    agency_name: str
    as_of: date = Field(description="Legal cut-off: acts dated after it are not counted")
    known_at: int | None = Field(
        description="Knowledge cut-off (log position): acts recorded after it are not counted"
    )
    issued_report_id: UUID | None = None
    tables: list[FormTableOut]
