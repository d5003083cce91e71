"""What an officer can do from a case page: each form is an API command.

An action pairs the API's request schema with the API's route function, so a form
is validated by the same model and runs the same application command as a JSON
request; its errors come back as the API's: field by field for a 422.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from api.i18n import N_, Language
from api.problems import FieldProblem
from api.problems import _field as field_path  # the API's own naming
from api.routes import case_settlement, case_steps, cases
from api.schemas import (
    AcceptIn,
    ActIn,
    ArchiveIn,
    AssignIn,
    ClassifyIn,
    CommandResult,
    ConcludeIn,
    ExtendIn,
    GuideIn,
    MethodIn,
    ReferIn,
    TerminateIn,
    TransferIn,
    VerifyIn,
    WithdrawIn,
)
from api.security import Principal
from api.stores import Stores
from domain.kinds import OUTCOMES, Kind
from domain.views import CaseDetails
from pages import labels

Run = Callable[[CaseDetails, Any, Stores, Principal], CommandResult]
INTAKE = frozenset({"received", "classified", "referred"})
OPEN = frozenset({"in_progress", "suspended"})
LONG_TEXT = frozenset({"reason", "findings"})


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    schema: type[ActIn]
    run: Run
    statuses: frozenset[str]


def _simple(call: Callable[..., CommandResult]) -> Run:
    return lambda case, body, stores, who: call(case, body, stores.petitions, who)


ACTIONS: tuple[Action, ...] = (
    Action("classify", N_("Classify"), ClassifyIn, _simple(cases.classify), INTAKE),
    Action("accept", N_("Accept for settlement"), AcceptIn, _simple(cases.accept), INTAKE),
    Action("refer", N_("Refer to another agency"), ReferIn, _simple(cases.refer), INTAKE),
    Action(
        "referral-receipt",
        N_("Record receiving the referred petition"),
        ActIn,
        _simple(cases.receive_referral),
        frozenset({"referred"}),
    ),
    Action("guide", N_("Guide the citizen elsewhere"), GuideIn, _simple(cases.guide), INTAKE),
    Action("archive", N_("Archive"), ArchiveIn, _simple(cases.archive), INTAKE),
    Action(
        "assign",
        N_("Assign an officer"),
        AssignIn,
        lambda case, body, stores, who: case_settlement.assign(
            case, body, stores.petitions, who, stores
        ),
        OPEN,
    ),
    Action(
        "verify",
        N_("Record a verification step"),
        VerifyIn,
        _simple(case_settlement.verify),
        frozenset({"in_progress"}),
    ),
    Action(
        "conclude",
        N_("Conclude"),
        ConcludeIn,
        _simple(case_settlement.conclude),
        frozenset({"in_progress"}),
    ),
    Action(
        "extend",
        N_("Extend the time limit"),
        ExtendIn,
        _simple(case_settlement.extend),
        frozenset({"in_progress"}),
    ),
    Action(
        "suspend",
        N_("Suspend"),
        ActIn,
        _simple(case_settlement.suspend),
        frozenset({"in_progress"}),
    ),
    Action(
        "resume", N_("Resume"), ActIn, _simple(case_settlement.resume), frozenset({"suspended"})
    ),
    Action(
        "notify",
        N_("Record notifying the citizen"),
        MethodIn,
        _simple(case_settlement.notify),
        frozenset({"concluded"}),
    ),
    Action(
        "publish",
        N_("Record publishing the decision"),
        MethodIn,
        _simple(case_settlement.publish),
        frozenset({"concluded"}),
    ),
    Action(
        "withdraw",
        N_("Record a withdrawal"),
        WithdrawIn,
        _simple(case_settlement.withdraw),
        INTAKE | OPEN,
    ),
    Action("terminate", N_("Terminate"), TerminateIn, _simple(case_settlement.terminate), OPEN),
    Action(
        "acceptance-notice",
        N_("Record the notice of acceptance"),
        MethodIn,
        _simple(case_steps.notify_acceptance),
        OPEN,
    ),
    Action(
        "refusal-notice",
        N_("Record the notice of refusal"),
        MethodIn,
        _simple(case_steps.notify_refusal),
        frozenset({"archived"}),
    ),
    Action(
        "transfer", N_("Transfer the case"), TransferIn, _simple(case_steps.transfer), INTAKE | OPEN
    ),
    Action(
        "enforcement",
        N_("Record starting enforcement"),
        ActIn,
        _simple(case_steps.start_enforcement),
        frozenset({"concluded"}),
    ),
)
BY_KEY = {a.key: a for a in ACTIONS}


@dataclass(frozen=True)
class Widget:
    """One input of a form: its name, kind of input, choices and whether it is required."""

    name: str
    kind: str  # text, textarea, date, number, checkbox, select
    required: bool
    choices: tuple[tuple[str, str], ...] = ()
    default: str = ""


Choices = Mapping[str, tuple[tuple[str, str], ...]]


def widgets(action: Action, case: CaseDetails, choices: Choices, lang: Language) -> list[Widget]:
    """The inputs of `action`'s form, from its request schema (the version is hidden)."""
    fields = action.schema.model_fields
    return [
        _widget(name, info, case, choices, lang)
        for name, info in fields.items()
        if name != "expected_version"
    ]


def _widget(
    name: str, info: FieldInfo, case: CaseDetails, choices: Choices, lang: Language
) -> Widget:
    required = info.is_required()
    annotation = _unwrapped(info.annotation)
    if name in choices:
        return Widget(name, "select", required, choices[name])
    codes: tuple[str, ...] = ()
    if name == "outcome" and case.kind:
        codes = tuple(sorted(OUTCOMES[Kind(case.kind)]))
    elif isinstance(annotation, type) and issubclass(annotation, StrEnum):
        codes = tuple(m.value for m in annotation)
    if codes:
        default = str(info.default) if isinstance(info.default, StrEnum) else ""
        labelled = tuple((c, labels.value_label(lang, c)) for c in codes)
        return Widget(name, "select", required, labelled, default)
    kinds: dict[object, str] = {date: "date", bool: "checkbox", int: "number"}
    kind = kinds.get(annotation, "textarea" if name in LONG_TEXT else "text")
    return Widget(name, kind, required)


def _unwrapped(annotation: object) -> object:
    args = [a for a in get_args(annotation) if a is not type(None)]
    return args[0] if args and type(None) in get_args(annotation) else annotation


def parsed(action: Action, form: Mapping[str, str]) -> BaseModel | list[FieldProblem]:
    """The form as the API's request model, or the API's field errors."""
    data: dict[str, object] = {}
    for name, info in action.schema.model_fields.items():
        raw = form.get(name, "")
        if _unwrapped(info.annotation) is bool:
            data[name] = "true" if raw in {"on", "true", "1"} else "false"
        elif raw.strip():
            data[name] = raw
    try:
        # Form values are text: read them as the strings they are (the JSON API stays strict).
        return action.schema.model_validate_strings(data)
    except ValidationError as error:
        return [FieldProblem(field=field_path(e["loc"]), reason=e["msg"]) for e in error.errors()]


def run(
    action: Action, case: CaseDetails, body: BaseModel, stores: Stores, who: Principal
) -> CommandResult:
    """Run the API's command for `action`; the API's errors propagate."""
    return action.run(case, body, stores, who)
