"""Reports: resolution statistics, escalations, deadlines and the reception figures."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import EARLIEST, ActIn, IsoDate, PeriodOut


class MetricOut(BaseModel):
    """The metric definition published beside every rate (explained in docs/metrics.md)."""

    key: str
    formula: str
    legal_source: str = ""
    resolved_closures: list[str] = Field(default_factory=lambda: ["concluded"])
    carry_over: bool = True
    exclude_within_limit: bool = False


class CutoffOut(BaseModel):
    """The cut-offs a figure answers for: legal (`as_of`) and knowledge (`known_at`)."""

    as_of: date | None = Field(
        default=None, description="Legal cut-off: facts legally dated after it are left out"
    )
    known_at: int | None = Field(
        default=None,
        description="Knowledge cut-off as a log position (null: everything recorded)",
    )


class FiguresOut(BaseModel):
    """Counts for one kind x level (null: all).

    `petitions_received` counts petitions (đơn); every other count is cases (vụ việc).
    """

    kind: str | None
    level: str | None
    petitions_received: int
    accepted: int
    carried_over: int
    reopened: int = Field(
        default=0, description="Re-opened in the period (back under jurisdiction)"
    )
    resolved: int
    resolved_on_time: int
    resolved_late: int
    resolved_of_accepted: int
    withdrawn: int
    withdrawn_of_accepted: int = 0
    terminated: int
    terminated_of_accepted: int = 0
    suspended: int
    still_open: int
    open_within_limit: int
    overdue: int
    outcomes: dict[str, int]
    rate: float | None


class QualityOut(BaseModel):
    first_instance_complaints_decided: int
    found_right: int
    found_partly_right: int
    second_instance_decided: int
    annulled_or_amended: int
    resolved: int
    resolved_on_time: int
    share_found_right: float | None
    share_annulled_or_amended: float | None
    share_on_time: float | None


class StatisticsOut(BaseModel):
    """Resolution figures of a period for an agency subtree, with formula and target."""

    period: PeriodOut
    agency_id: UUID | None
    on: date
    metric: MetricOut
    rate: float | None
    target: float
    target_met: bool | None
    total: FiguresOut
    rows: list[FiguresOut]
    quality: QualityOut
    cutoff: CutoffOut = Field(default_factory=CutoffOut)
    petitions_by_origin: dict[str, int] = Field(
        default_factory=dict,
        description="Petitions received in the period by the kind of body that forwarded them"
        " (direct: sent by the citizen)",
    )


class EscalationFigureOut(BaseModel):
    above_agency_id: UUID
    competent_agency_id: UUID
    petitions: int


class EscalationsOut(BaseModel):
    """Petitions sent beyond the level (vượt cấp), derived from routing events."""

    period: PeriodOut
    agency_id: UUID | None
    received: int
    escalated: int
    share: float | None
    figures: list[EscalationFigureOut]
    cutoff: CutoffOut = Field(default_factory=CutoffOut)


class OpenItemOut(BaseModel):
    case_id: UUID
    reference_code: str
    kind: str | None
    status: str
    stage: str
    agency_id: UUID
    officer_id: str
    due_date: date
    suspended: bool
    extensions: int
    overdue: bool


class LoadOut(BaseModel):
    key: str
    open: int
    overdue: int
    due_soon: int


class DeadlinesOut(BaseModel):
    """Open petitions and cases: overdue on `on`, due within the window, and the load."""

    on: date
    agency_id: UUID | None
    overdue: list[OpenItemOut]
    due_soon: list[OpenItemOut]
    load: list[LoadOut]
    cutoff: CutoffOut = Field(default_factory=CutoffOut)


class ReceptionFiguresOut(BaseModel):
    """Sessions, visits, persons, matters and delegations apart; dialogues and refusals apart."""

    agency_id: UUID | None
    host_id: str | None
    kind: str | None
    meetings: int
    visits: int
    persons: int
    legacy_persons: int
    new_matters: int
    repeated_matters: int
    delegations: int
    delegation_persons: int
    dialogues: int
    dialogue_visits: int
    dialogue_persons: int
    refusals: int
    refused_persons: int
    petitions: int


class ReceptionOut(BaseModel):
    """Reception sessions (cuộc), visits (lượt), persons and petitions taken, in a period."""

    period: PeriodOut
    agency_id: UUID | None
    figures: list[ReceptionFiguresOut]
    cutoff: CutoffOut = Field(default_factory=CutoffOut)


class IssueIn(ActIn):
    """A report to issue: which figures, over which period and agency, under which metric.

    The figures are computed at the legal cut-off `as_of` (default: the period's end,
    or today while it runs) and at the log position the read models have reached.
    """

    report: Literal["statistics", "letters", "settlement", "reception"] = Field(
        default="statistics",
        description="The statistics report, or an official form (docs/forms.md), whose JSON "
        "is stored as the figures; a form records the metric docs/forms.md/v2 (the rows' version)",
    )
    year: int = Field(ge=1990, le=2200)
    basis: Literal["statistical", "calendar"] = "statistical"
    quarter: int | None = Field(default=None, ge=1, le=4)
    month: int | None = Field(default=None, ge=1, le=12)
    months: Literal[3, 6, 9, 12] | None = None
    agency_id: UUID | None = None
    metric: str = Field(default="current", max_length=64, pattern=r"^[\w./-]*$")
    as_of: IsoDate | None = Field(default=None, ge=EARLIEST)
    corrects: UUID | None = Field(
        default=None,
        description="The issued report this corrects: one the issuer may read, of the same "
        "period and agency",
    )


class IssuedReportOut(BaseModel):
    """An issued report, exactly as issued: its cut-offs and its figures never change."""

    id: UUID
    report: str
    period: PeriodOut
    agency_id: UUID | None
    metric: str
    as_of: date
    position: int = Field(description="The log position the figures were computed at")
    figures: dict[str, Any]
    corrects: UUID | None
    issued_by: str
    issued_on: date
    reason: str
