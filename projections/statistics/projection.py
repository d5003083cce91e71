from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.agency import Agency
from domain.case import Case
from domain.case_step_events import INTAKE_CLOCK, SETTLEMENT_CLOCK
from projections.batching import BatchProjection
from projections.rows import path_text
from projections.session import Session
from projections.statistics.contributions import contributions_of, dumps, encode_keys
from projections.statistics.parsed import Parsed, parsed, remember
from projections.statistics.persistence import COUNTERS, FACTS, CaseTimeline, StatisticsView
from projections.statistics.postgres import PostgresStatisticsView
from projections.statistics.spans import change_spans
from projections.statistics.sqlite import SQLiteStatisticsView
from projections.statistics.timeline import fold
from projections.succession import SUCCESSION_EVENTS, record_succession


class StatisticsProjection(BatchProjection[StatisticsView]):
    name = "statistics"
    interests: ClassVar[tuple[type, ...]] = (
        Case.Received,
        Case.Classified,
        Case.Archived,
        Case.Guided,
        Case.Referred,
        Case.Accepted,
        Case.DeadlineExtended,
        Case.Concluded,
        Case.Withdrawn,
        Case.Terminated,
        Case.Suspended,
        Case.Resumed,
        Case.Reopened,
        Case.Transferred,
        *SUCCESSION_EVENTS,
        Agency.MergedInto,
        # Issue 8: a corrected due date or kind changes the figures of the case.
        Case.DueDateCorrected,
        Case.KindCorrected,
        # Issue 11: the intake clock, for the case as it stood at a cut-off.
        Case.ReferralReceived,
        Case.CheckExtended,
    )

    @classmethod
    def view_classes(cls) -> dict[str, type[StatisticsView]]:
        return {"sqlite": SQLiteStatisticsView, "postgres": PostgresStatisticsView}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events change no figure."""

    @handle.register
    def _(self, e: Case.Received, session: Session) -> None:
        origin = str(e.origin["kind"]) if e.origin else ""
        _fact(session, e, "received", path=path_text(e.receiving_agency_path),
              level=e.receiving_level, instance=e.instance, origin=origin,
              due=_iso(e.handling_due_date))  # fmt: skip

    @handle.register
    def _(self, e: Case.Classified, session: Session) -> None:
        _fact(session, e, "classified", kind=e.kind, field=e.field, due=_iso(e.handling_due_date))

    @handle.register
    def _(self, e: Case.Archived, session: Session) -> None:
        _fact(session, e, "archived")

    @handle.register
    def _(self, e: Case.Guided, session: Session) -> None:
        _fact(session, e, "guided")

    @handle.register
    def _(self, e: Case.Referred, session: Session) -> None:
        _fact(session, e, "referred", due=_iso(e.handling_due_date),
              stopped=bool(e.clock_from_receipt), to=path_text(e.to_agency_path))  # fmt: skip

    @handle.register
    def _(self, e: Case.ReferralReceived, session: Session) -> None:
        _fact(session, e, "handling_due", due=_iso(e.handling_due_date))

    @handle.register
    def _(self, e: Case.CheckExtended, session: Session) -> None:
        _fact(session, e, "handling_due", due=_iso(e.handling_due_date))

    @handle.register
    def _(self, e: Case.Accepted, session: Session) -> None:
        _fact(session, e, "accepted", path=path_text(e.agency_path), level=e.level,
              due=_iso(e.due_date))  # fmt: skip

    @handle.register
    def _(self, e: Case.DeadlineExtended, session: Session) -> None:
        _fact(session, e, "due", due=_iso(e.due_date))

    @handle.register
    def _(self, e: Case.Concluded, session: Session) -> None:
        _fact(session, e, "concluded", outcome=e.outcome, effect=quality_effect(e))

    @handle.register
    def _(self, e: Case.Withdrawn, session: Session) -> None:
        if not (e.partial or e.proceeds):
            _fact(session, e, "withdrawn")

    @handle.register
    def _(self, e: Case.Terminated, session: Session) -> None:
        _fact(session, e, "terminated")

    @handle.register
    def _(self, e: Case.Suspended, session: Session) -> None:
        _fact(session, e, "suspended")

    @handle.register
    def _(self, e: Case.Resumed, session: Session) -> None:
        _fact(session, e, "resumed", due=_iso(e.due_date))

    @handle.register
    def _(self, e: Case.Reopened, session: Session) -> None:
        # The re-examining authority holds the case from its re-opening (docs/forms.md).
        path = e.authority_agency_path
        held = {"path": path_text(path), "level": e.authority_level} if path else {}
        _fact(session, e, "reopened", due=_iso(e.due_date), **held)

    @handle.register
    def _(self, e: Case.Transferred, session: Session) -> None:
        # Jurisdiction follows the case: its settlement counts for the new agency.
        _fact(session, e, "transferred", path=path_text(e.to_agency_path), level=e.to_level)

    @handle.register
    def _(self, e: Agency.MergedInto, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Agency.Dissolved, session: Session) -> None:
        record_succession(e, session)

    @handle.register
    def _(self, e: Case.DueDateCorrected, session: Session) -> None:
        if e.clock == SETTLEMENT_CLOCK:
            _fact(session, e, "due", due=_iso(e.due_date))
        elif e.clock == INTAKE_CLOCK:
            _fact(session, e, "handling_due", due=_iso(e.due_date))

    @handle.register
    def _(self, e: Case.KindCorrected, session: Session) -> None:
        _fact(session, e, "kind", kind=e.kind, due=_iso(e.due_date))


def quality_effect(e: Case.Concluded) -> str:
    """The effect the quality shares count: on the first decision where recorded.

    A second-instance decision recording its effect on the first-instance decision
    (Concluded v6) is counted by it ("first:annulled"...); any other keeps its effect on
    the contested decision, as every decision stored before did, so reports issued
    before reproduce as they were.
    """
    if e.effect_on_first:
        return f"first:{e.effect_on_first}"
    return e.effect_on_contested or ""


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _fact(session: Session, e: Any, what: str, **payload: Any) -> None:  # noqa: ANN401
    """Add one fact to the case's timeline.

    The change of its contributions goes to the counters, the change of its
    running-clock spans to the spans. Within a batch the timeline stays parsed
    (`_timelines`): its row is encoded once, when the batch's changes are collected,
    however many of the case's events the batch holds; and the parsed form is
    remembered (`projections.statistics.parsed`), so the next batch decodes no JSON.
    """
    timelines = _timelines(session)
    case_id = e.originator_id
    current = timelines.get(case_id)
    facts, before, old_spans = (
        current if current is not None else parsed(session.get(FACTS, case_id))
    )
    recorded = session.recorded_at.isoformat() if session.recorded_at else ""
    fact = {"p": session.position, "t": recorded, "v": e.originator_version,
            "d": e.legal_date.isoformat(), "e": what, **payload}  # fmt: skip
    facts = [*facts, fact]
    folded = fold(facts)  # once, for the counters and the spans
    after = contributions_of(folded)
    COUNTERS.change(session, before, after)
    spans = change_spans(session, case_id, old_spans, facts, folded)
    timelines[case_id] = (facts, after, spans)


def _timelines(session: Session) -> dict[Any, Parsed]:
    """The timelines this batch changed, parsed; written when its changes are collected."""
    found: dict[Any, Parsed] | None = session.memo.get(FACTS.suffix)
    if found is None:
        found = session.memo[FACTS.suffix] = {}
        session.on_changes(lambda: _put_timelines(session, found))
    return found


def _put_timelines(session: Session, timelines: dict[Any, Parsed]) -> None:
    for case_id, (facts, counts, spans) in timelines.items():
        stored = dumps(sorted([*span, added] for span, added in spans.items()))
        row = CaseTimeline(case_id, dumps(facts), encode_keys(counts), stored)
        session.put(FACTS, row)
        remember(row, facts, counts, spans)
