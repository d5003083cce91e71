"""Request bodies of the commands of settlement: handling, decisions, closures, corrections.

The commands that bring a petition in (recording, classifying, routing) are in
`api.schemas.case_commands`.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import ConfigDict, Field, StrictBool, StrictInt

from api.schemas.common import (
    EARLIEST,
    ActIn,
    IsoDate,
    Required,
    Strict,
    Text,
    example,
)
from domain.kinds import (
    OUTCOMES,
    Complexity,
    DueDateClock,
    EffectOnContested,
    EffectOnFirst,
    Kind,
    ReexaminationGrounds,
    TerminationGrounds,
)


class AssignIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"officer_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "legal_date": "2025-09-17"}
            ]
        },
    )

    officer_id: UUID


class ExtendIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "complexity": "complex",
                    "days": 15,
                    "legal_date": "2025-10-10",
                    "reason": "Vụ việc phức tạp",
                }
            ]
        },
    )

    complexity: Complexity
    days: StrictInt = Field(ge=1, le=365)


class VerifyIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "step": "Làm việc với người khiếu nại",
                    "findings": "Đã xác minh hiện trạng",
                    "legal_date": "2025-09-20",
                }
            ]
        },
    )

    step: Required
    findings: Text = ""


OUTCOMES_BY_KIND = ", ".join(f"{k.value}: {'/'.join(sorted(v))}" for k, v in OUTCOMES.items())


Amount = Annotated[StrictInt, Field(ge=0, le=10**15)]


class RemediesIn(Strict):
    """What the decision recovered or returned (VND, m²) and whose rights it restored."""

    model_config = example(money_to_state_vnd=12_000_000, land_returned_m2=250, persons_restored=3)

    money_to_state_vnd: Amount = 0
    money_returned_vnd: Amount = 0
    land_to_state_m2: Amount = 0
    land_returned_m2: Amount = 0
    persons_restored: Amount = 0


class MeasuresIn(Strict):
    """The sanctions a settlement recommends and its transfer to the investigating authority."""

    model_config = example(
        persons_sanction_recommended=2,
        transferred_to_investigators=True,
        persons_to_investigators=1,
    )

    persons_sanction_recommended: Amount = 0
    transferred_to_investigators: StrictBool = False
    persons_to_investigators: Amount = 0


class ConcludeIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "outcome": "partly_right",
                    "decision_ref": "123/QĐ-UBND",
                    "effect_on_contested": "amended",
                    "legal_date": "2025-10-15",
                    "reason": "Khiếu nại đúng một phần",
                }
            ]
        },
    )

    outcome: Annotated[
        Required,
        Field(
            json_schema_extra={"enum": sorted(set().union(*OUTCOMES.values()))},
            description=f"The outcomes allowed per kind: {OUTCOMES_BY_KIND}",
        ),
    ]
    decision_ref: Required
    effect_on_contested: EffectOnContested | None = None
    effect_on_first: EffectOnFirst | None = Field(
        default=None,
        description="A second-instance complaint decision's effect on the first-instance "
        "decision: upheld (recognised), annulled or amended (settlement-results form row 14, "
        "docs/forms.md); 422 on any other case, and while no first-instance decision was "
        "made before it (a second complaint filed on the first instance's silence); upheld "
        "only where effect_on_contested is the first decision's",
    )
    remedies: RemediesIn | None = Field(
        default=None,
        description="Money and land recovered or returned, persons whose rights were restored, "
        "where the decision records them (the settlement-results form, docs/forms.md)",
    )
    measures: MeasuresIn | None = Field(
        default=None,
        description="Persons recommended for sanctions and the transfer to investigators, "
        "where a complaint decision or denunciation conclusion orders them (the "
        "settlement-results form, docs/forms.md)",
    )


class MethodIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"method": "Gửi quyết định qua bưu điện", "legal_date": "2025-10-16"}]
        },
    )

    method: Required


class ChaseUpIn(ActIn):
    model_config = example(document_ref="15/CV-UBND", legal_date="2025-10-20", reason="Quá hạn")

    document_ref: Required = Field(description="The document urging settlement (công văn)")


class WithdrawIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "partial": False,
                    "proceeds": False,
                    "legal_date": "2025-09-25",
                    "reason": "Người khiếu nại rút đơn bằng văn bản",
                }
            ]
        },
    )

    partial: StrictBool = False
    proceeds: StrictBool = False


class TerminateIn(ActIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "grounds": "settled_by_judgment",
                    "legal_date": "2025-09-25",
                    "reason": "Đã có bản án",
                }
            ]
        },
    )

    grounds: TerminationGrounds


class ReexamineIn(ActIn):
    grounds: ReexaminationGrounds


class KindCorrectionIn(ActIn):
    kind: Kind
    decision_known_on: IsoDate | None = Field(
        default=None,
        ge=EARLIEST,
        description="Corrected to a complaint: when the decision complained of was known "
        "(required unless the classification gave it); the filing limit is checked",
    )
    filing_days_excluded: StrictInt = Field(default=0, ge=0, le=3650)


class DueDateCorrectionIn(ActIn):
    clock: DueDateClock | None = Field(
        default=None,
        description="The dated duty to correct; default: the running intake or settlement one",
    )


class PartIn(ActIn):
    kind: Kind
    summary: Required


class ForwardIn(ActIn):
    to_agency_id: UUID = Field(description="The agency that inspects (itself or a competent one)")
