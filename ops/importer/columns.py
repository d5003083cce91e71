"""The columns of a backlog file: their names, meanings and the checks on each cell.

A row is read into `ImportRow`, the same kind of field model the API's bodies are:
enums for the vocabularies, bounded labels, ISO dates (or spreadsheet dates). A
cell's error names its column, so a bad row is reported by row and column. The
template files in `docs/` carry exactly these columns, in this order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from api.schemas import EARLIEST, Clean
from domain.intake import OriginKind
from domain.kinds import ArchiveGrounds, Channel, Complexity, EffectOnContested, Kind, Procedure


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("import_id", "stable id of the row (the paper register's number)", required=True),
    Column("received_on", "date the petition was received (YYYY-MM-DD)", required=True),
    Column("receiving_agency", "registry code of the agency that received it", required=True),
    Column("channel", "reception, post, online, phone_or_email or forwarded", required=True),
    Column("summary", "what the petition is about (no names needed)", required=True),
    Column("petitioner_count", "how many signed it (default 1)"),
    Column("petitioner_name", "the petitioner's full name; empty: anonymous"),
    Column("petitioner_address", "the petitioner's address"),
    Column("petitioner_contact", "phone or e-mail"),
    Column("petitioner_id_number", "identity card number"),
    Column("received_by", "username of the officer who received it; empty: imported"),
    Column("origin_kind", "forwarded: national_assembly_delegation, peoples_council, ..."),
    Column("origin_name", "forwarded: the name of the body that forwarded it"),
    Column("dispatch_number", "forwarded: the number of its dispatch"),
    Column("dispatch_date", "forwarded: the date of its dispatch"),
    Column("classified_on", "date it was classified"),
    Column("kind", "complaint, denunciation, recommendation or reflection"),
    Column("field", "the field (đất đai, giao thông...)"),
    Column("competent_agency", "registry code of the competent agency"),
    Column("decision_known_on", "complaints: when the contested decision became known"),
    Column("procedure", "administrative (default) or disciplinary"),
    Column("classified_by", "username of the officer who classified it"),
    Column("referred_on", "date it was referred to another agency"),
    Column("referred_to", "registry code of the agency it was referred to"),
    Column("referred_by", "username of the officer who referred it"),
    Column("archived_on", "date it was archived"),
    Column("archive_grounds", "ineligible, anonymous, limitation_expired or not_a_petition"),
    Column("archived_by", "username of the officer who archived it"),
    Column("guided_on", "date the citizen was guided to another body"),
    Column("guided_to", "the body the citizen was guided to"),
    Column("guided_by", "username of the officer who guided the citizen"),
    Column("accepted_on", "date it was accepted for settlement (thụ lý)"),
    Column("complexity", "ordinary (default), complex or particularly_complex"),
    Column("accepted_by", "username of the officer who accepted it"),
    Column("concluded_on", "date it was settled"),
    Column("outcome", "right/partly_right/wrong, true/partly_true/false, accepted/..."),
    Column("effect_on_contested", "complaints: upheld, annulled or amended"),
    Column("decision_ref", "the number of the decision or conclusion"),
    Column("concluded_by", "username of the officer who concluded it"),
    Column("withdrawn_on", "date it was withdrawn in writing"),
    Column("withdrawn_by", "username of the officer who recorded the withdrawal"),
    Column("note", "a reason recorded with every step (the source row is always added)"),
)
NAMES = tuple(c.name for c in COLUMNS)


def _blank_is_none(value: Any) -> Any:  # noqa: ANN401
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _day(value: Any) -> Any:  # noqa: ANN401
    value = _blank_is_none(value)
    if isinstance(value, datetime):
        return value.date()
    return value


def _text(value: Any) -> Any:  # noqa: ANN401
    value = _blank_is_none(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value


Day = Annotated[Annotated[date, Field(ge=EARLIEST)] | None, BeforeValidator(_day)]
Label = Annotated[
    Annotated[str, StringConstraints(max_length=500), Clean] | None, BeforeValidator(_text)
]
Summary = Annotated[
    str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=20_000), Clean
]
ImportId = Annotated[
    str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=200), Clean
]
Code = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=500)]
Username = Annotated[
    Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$")] | None,
    BeforeValidator(_text),
]


class ImportRow(BaseModel):
    """One row of a backlog file, each cell checked as the API checks the same field."""

    model_config = ConfigDict(extra="forbid")

    import_id: Annotated[
        str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=200), Clean
    ]
    received_on: Annotated[date, BeforeValidator(_day), Field(ge=EARLIEST)]
    receiving_agency: Annotated[
        str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=500)
    ]
    channel: Annotated[Channel, BeforeValidator(_blank_is_none)]
    summary: Summary
    petitioner_count: Annotated[int, BeforeValidator(lambda v: _blank_is_none(v) or 1)] = Field(
        default=1, ge=1, le=100_000
    )
    petitioner_name: Label = None
    petitioner_address: Label = None
    petitioner_contact: Label = None
    petitioner_id_number: Label = None
    received_by: Username = None
    origin_kind: Annotated[OriginKind | None, BeforeValidator(_blank_is_none)] = None
    origin_name: Label = None
    dispatch_number: Label = None
    dispatch_date: Day = None
    classified_on: Day = None
    kind: Annotated[Kind | None, BeforeValidator(_blank_is_none)] = None
    field: Label = None
    competent_agency: Label = None
    decision_known_on: Day = None
    procedure: Annotated[Procedure | None, BeforeValidator(_blank_is_none)] = None
    classified_by: Username = None
    referred_on: Day = None
    referred_to: Label = None
    referred_by: Username = None
    archived_on: Day = None
    archive_grounds: Annotated[ArchiveGrounds | None, BeforeValidator(_blank_is_none)] = None
    archived_by: Username = None
    guided_on: Day = None
    guided_to: Label = None
    guided_by: Username = None
    accepted_on: Day = None
    complexity: Annotated[Complexity | None, BeforeValidator(_blank_is_none)] = None
    accepted_by: Username = None
    concluded_on: Day = None
    outcome: Label = None
    effect_on_contested: Annotated[EffectOnContested | None, BeforeValidator(_blank_is_none)] = None
    decision_ref: Label = None
    concluded_by: Username = None
    withdrawn_on: Day = None
    withdrawn_by: Username = None
    note: Label = None
