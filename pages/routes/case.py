"""The case page: state, due date, the full timeline, downloads, and the officer's forms."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import CASE_READERS, OFFICERS, StoresDep, ensure_role, handled_case, readable_case
from api.i18n import N_
from api.names import Names
from api.problems import ApiProblemError, FieldProblem
from api.problems import _field as field_path
from api.routes.case_reads import case_history
from api.schemas import CaseHistory, CasePublic
from api.stores import Stores
from domain.errors import ConcurrentChangeError, NotFoundError, PetitionError
from domain.idempotency import Command, commanding
from domain.users import Role
from domain.views import CaseDetails
from pages import actions, timeline
from pages.choices import form_choices
from pages.commands import Recorded, form_command, new_key, recorded
from pages.errors import PageRoute
from pages.rendering import Viewer, csv_twin, json_twin, page_language, render
from pages.session import check_csrf
from pages.timeline import TIMELINE_COLUMNS, timeline_rows
from pages.viewer import signed_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)
CHANGED = N_("The case changed while you were filling the form; here it is as it is now.")


class CaseRecord(BaseModel):
    """A case page's data: the case and its full history, as the API answers them."""

    case: CasePublic
    history: CaseHistory


def _readable(request: Request, stores: Stores, case_id: UUID) -> tuple[Viewer, CaseDetails]:
    viewer = signed_in(request, stores)
    ensure_role(viewer.principal, CASE_READERS)
    return viewer, readable_case(case_id, stores, viewer.principal)


def _acting(request: Request, stores: Stores, case_id: UUID) -> tuple[Viewer, CaseDetails]:
    """An officer and a case their agency handles: whom the API lets run the command."""
    viewer = signed_in(request, stores)
    ensure_role(viewer.principal, OFFICERS)
    return viewer, handled_case(case_id, stores, viewer.principal)


def _record(stores: Stores, case: CaseDetails) -> CaseRecord:
    public = CasePublic.model_validate(case, from_attributes=True)
    return CaseRecord(case=public, history=case_history(stores, case.id))


@router.get("/case/{case_id:uuid}.json")
def case_json(case_id: UUID, request: Request, stores: StoresDep) -> Response:
    """The case page's data as JSON: the case and its history."""
    _, case = _readable(request, stores, case_id)
    return json_twin(_record(stores, case))


@router.get("/case/{case_id:uuid}.csv")
def case_csv(case_id: UUID, request: Request, stores: StoresDep) -> Response:
    """The case's timeline as CSV, one event a row."""
    _, case = _readable(request, stores, case_id)
    rows = timeline_rows(_record(stores, case).history)
    return csv_twin(f"case-{case.reference_code}", TIMELINE_COLUMNS, rows)


@router.get("/case/{case_id:uuid}", response_class=HTMLResponse)
def case_page(case_id: UUID, request: Request, stores: StoresDep, done: str = "") -> Response:
    """A case: its state, due date and overdue flag, timeline, and the officer's forms."""
    viewer, case = _readable(request, stores, case_id)
    done_label = actions.BY_KEY[done].label if done in actions.BY_KEY else ""
    return _page(request, stores, viewer, case, {"done": done_label})


@router.post("/case/{case_id:uuid}/act/{action}", response_class=HTMLResponse)
async def act(case_id: UUID, action: str, request: Request, stores: StoresDep) -> Response:
    """Run an officer's form as the API command it stands for; errors come back per field."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    check_csrf(request, form.get("csrf_token"))
    return await run_in_threadpool(_act, request, stores, case_id, action, form)


def _act(
    request: Request, stores: Stores, case_id: UUID, key: str, form: dict[str, str]
) -> Response:
    viewer, case = _acting(request, stores, case_id)
    action = actions.BY_KEY.get(key)
    if action is None:
        raise NotFoundError(f"no action {key}")
    body = actions.parsed(action, form)
    if isinstance(body, list):
        return _failed(request, stores, viewer, case, key, form, body, 422)
    command = form_command(request.url.path, form, viewer.principal, stores.petitions)
    try:
        with commanding(command) if command is not None else nullcontext():
            if command is None or _not_yet_recorded(command, stores):
                actions.run(action, case, body, stores, viewer.principal)
    except RequestValidationError as error:
        errors = [FieldProblem(field=field_path(e["loc"]), reason=e["msg"]) for e in error.errors()]
        return _failed(request, stores, viewer, case, key, form, errors, 422)
    except ConcurrentChangeError:
        fresh = readable_case(case_id, stores, viewer.principal)
        problem = FieldProblem(field="", reason=CHANGED)
        return _failed(request, stores, viewer, fresh, key, {}, [problem], 409)
    except NotFoundError:
        raise
    except (PetitionError, ApiProblemError) as error:
        status = error.status if isinstance(error, ApiProblemError) else 422
        problem = FieldProblem(field="", reason=str(error))
        return _failed(request, stores, viewer, case, key, form, [problem], status)
    return RedirectResponse(f"/case/{case_id}?done={key}#timeline", status_code=303)


def _not_yet_recorded(command: Command, stores: Stores) -> bool:
    """False for a form sent again after its act was saved; a change for another's key."""
    found = recorded(command, stores.petitions)
    if found is Recorded.ANOTHER_FORM:
        raise ConcurrentChangeError("another form was sent with this form's key")
    return found is Recorded.NOTHING


def _failed(
    request: Request,
    stores: Stores,
    viewer: Viewer,
    case: CaseDetails,
    key: str,
    form: dict[str, str],
    errors: list[FieldProblem],
    status: int,
) -> Response:
    lang = page_language(request)
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(error.field, []).append(lang.translate(error.reason))
    failed = {"action": key, "errors": by_field, "values": form}
    return _page(request, stores, viewer, case, {"failed": failed}, status)


def _page(
    request: Request,
    stores: Stores,
    viewer: Viewer,
    case: CaseDetails,
    extra: dict[str, Any],
    status: int = 200,
) -> Response:
    record = _record(stores, case)
    names = Names(stores)
    lang = page_language(request)
    forms = []
    may_act = viewer.principal.role == Role.OFFICER and (
        case.handling_agency_id == viewer.principal.agency_id
    )
    if may_act:
        choices = form_choices(stores, viewer.principal, case)
        forms = [
            (a, actions.widgets(a, case, choices, lang))
            for a in actions.ACTIONS
            if case.status in a.statuses
        ]
    context = {
        "case": record.case,
        "history": record.history.events,
        "agencies": {
            "receiving": names.agency(case.receiving_agency_id),
            "handling": names.agency(case.handling_agency_id),
            "competent": names.agency(case.competent_agency_id),
        },
        "officer": names.person(case.officer_id) if case.officer_id else None,
        "forms": forms,
        "command_key": new_key(),
        "failed": None,
        "done": "",
        "names": names,
        "timeline_details": lambda entry: timeline.details(lang, names, entry),
        **extra,
    }
    return render(request, "case.html", context, viewer=viewer, status_code=status)
