"""Exactness: a generated multi-year history, followed live by the runners, gives views equal
to a rebuild from event zero and to figures computed here from the generator's own record.

The history has a department and an inspectorate under the province, a district merged into
another in 2024, and the 2025 reform (districts and old communes closed on 1 July 2025, their
open cases transferred to the successors): every agency's figures must include those of the
agencies that passed into it, and the province's must not change."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.application import Petitions
from ops.history import OPEN, History, Record, generate
from ops.runners import start_runners
from ops.settings import Settings
from ops.verify import verify
from ops.wiring import Views, open_views
from projections.case_index.persistence import CaseFilter
from projections.catalogue import PROJECTIONS
from projections.periods import Period
from projections.statistics.contributions import closure_metric, half_month
from projections.statistics.figures import CLOSURE_METRICS
from projections.statistics.persistence import COUNTERS

CASES = 800
INTAKE = {"received", "classified", "referred"}
ON = date(2025, 12, 1)


@pytest.fixture
def followed(store_settings: Settings) -> tuple[History, Views]:
    app = Petitions(store_settings.eventsourcing_env())
    try:
        with start_runners(store_settings):
            history = generate(app, CASES, seed=11)
            views = open_views(store_settings)
            assert views.wait_for(history.last_position, timeout=60)
    finally:
        app.close()
    return history, views


def test_live_views_equal_a_rebuild_and_the_independent_figures(
    store_settings: Settings, followed: tuple[History, Views]
) -> None:
    history, views = followed
    assert history.events > 4000  # a few thousand events over four years
    assert sum(r.transfers for r in history.records) > 10  # the reform moved open cases
    for projection in PROJECTIONS.values():
        assert verify(store_settings, projection) == []

    tree = history.tree
    agencies: list[UUID | None] = [None, tree.province.id, tree.successor.id, tree.merged.id]
    agencies += [tree.department.id, tree.communes[0].id, tree.new_communes[1].id]
    agencies += [tree.districts[0].id, tree.new_communes[2].id]
    periods = [Period.calendar_year(y) for y in range(2022, 2026)]
    periods += [Period.statistical_year(y) for y in range(2022, 2026)]
    periods.append(Period.statistical_quarter(2024, 3))
    for period in periods:
        for agency in agencies:
            expected = statistics(history, period, agency)
            total = views.statistics.report(period, agency).total
            actual = {name: getattr(total, name) for name in expected}
            assert actual == expected, (period, agency)
            share = views.escalations.share(period, agency)
            assert (share.escalated, share.received) == escalation_share(history, period, agency)
            (reception,) = views.reception.figures(period, agency)
            assert meetings(history, period, agency) == reception_tuple(reception), agency
        assert escalations(history, period) == {
            (f.above_agency_id, f.competent_agency_id): f.petitions
            for f in views.escalations.figures(period)
        }

    still_open = [r for r in history.records if r.status in OPEN]
    assert len(views.deadlines.open_items(limit=500)) == min(500, len(still_open))
    overdue = [r for r in still_open if not r.suspended and due(r) < ON]
    assert len(views.deadlines.overdue(ON, limit=500)) == len(overdue)
    for status, count in Counter(r.status for r in history.records).items():
        assert views.case_index.count(CaseFilter(status=status)) == count
    # Issue 11: one definition of overdue, so the case list and the deadlines agree.
    assert views.case_index.count(CaseFilter(overdue_on=ON)) == len(overdue)
    for agency in agencies[1:]:
        assert agency is not None
        under = within(history, agency)
        held = [r for r in history.records if _under(r.holder.path, under)]
        assert views.case_index.count(CaseFilter(agency_id=agency)) == len(held), agency
        opened = [r for r in held if r.status in OPEN]
        items = views.deadlines.open_items(agency, limit=500)
        assert len(items) == min(500, len(opened)), agency
    for agency in (None, tree.successor.id):
        for period in _standard_periods():
            for cut in {period.end, min(period.end, period.start + timedelta(days=40))}:
                by_year, by_half_month = _closed_of_accepted(views, period, cut, agency)
                assert by_year == by_half_month, (period, cut, agency)


def _standard_periods() -> list[Period]:
    """Every period `projections.periods` makes for 2022-2025, on both bases."""
    found = []
    for basis in ("statistical", "calendar"):
        for year in range(2022, 2026):
            found += [Period.months_of(year, m, basis) for m in (3, 6, 9, 12)]  # type: ignore[arg-type]
            found += [Period.quarter_of(year, q, basis) for q in range(1, 5)]  # type: ignore[arg-type]
            found += [Period.month_of(year, m, basis) for m in range(1, 13)]  # type: ignore[arg-type]
    return found


def _closed_of_accepted(
    views: Views, period: Period, cut: date, agency: UUID | None
) -> tuple[Counter[tuple[str, ...]], Counter[tuple[str, ...]]]:
    """Closures in start..cut of cases accepted from the start, by kind, level and closure:
    as the report reads them (the acceptance's month within the year), and by the
    acceptance's half month over the whole history (the general metric)."""
    metric, first = closure_metric(period.start, cut)
    assert metric != "closed_by_accepted", period  # a standard period reads the year's
    agencies = None if agency is None else views.statistics.rolled_up(agency)
    sums = COUNTERS.sums(views.statistics, CLOSURE_METRICS, agencies, period.start, cut)

    def kept(name: str, least: str | None) -> Counter[tuple[str, ...]]:
        found: Counter[tuple[str, ...]] = Counter()
        for dims, n in sums[name].items():
            if least is None or dims[3] >= least:
                found[dims[:3]] += n
        return +found

    return kept(metric, first), kept("closed_by_accepted", half_month(period.start))


def within(history: History, agency: UUID) -> list[UUID]:
    """The agency and every agency that passed into it, from the generator's own tree."""
    found = [agency]
    pairs = history.tree.successions()
    for current in found:
        found += [p for p, s in pairs if s == current and p not in found]
    return found


def _under(path: list[UUID] | None, agencies: list[UUID]) -> bool:
    return not agencies or (path is not None and any(a in path for a in agencies))


def statistics(history: History, period: Period, agency: UUID | None) -> dict[str, int]:
    scope = within(history, agency) if agency else []
    cases = [r for r in history.records if r.accepted_on and _under(_path(r.jurisdiction), scope)]
    start, end = period.start, period.end

    def open_at(r: Record, day: date) -> bool:
        return r.closed_on is None or r.closed_on > day

    def count(test: object) -> int:
        return sum(1 for r in cases if test(r))  # type: ignore[operator]

    return {
        "petitions_received": sum(
            1
            for r in history.records
            if r.received_on in period and _under(r.receiving.path, scope)
        ),
        "accepted": count(lambda r: r.accepted_on in period),
        "carried_over": count(
            lambda r: r.accepted_on < start and (r.closed_on is None or r.closed_on >= start)
        ),
        "resolved": count(lambda r: r.concluded_on in period),
        "resolved_on_time": count(lambda r: r.concluded_on in period and r.on_time),
        "resolved_late": count(lambda r: r.concluded_on in period and not r.on_time),
        "withdrawn": count(lambda r: r.withdrawn_on in period),
        "terminated": count(lambda r: r.terminated_on in period),
        "still_open": count(lambda r: r.accepted_on <= end and open_at(r, end)),
        "overdue": count(
            lambda r: (
                r.accepted_on <= end and open_at(r, end) and r.due_date < end and not r.suspended
            )
        ),
    }


def escalations(history: History, period: Period) -> dict[tuple[UUID, UUID], int]:
    found: Counter[tuple[UUID, UUID]] = Counter()
    for r in history.records:
        if r.escalated_via and r.received_on in period and r.escalated_at and r.competent:
            found[(r.escalated_at.id, r.competent.id)] += 1
    return dict(found)


def escalation_share(history: History, period: Period, agency: UUID | None) -> tuple[int, int]:
    scope = within(history, agency) if agency else []
    received = [r for r in history.records if r.received_on in period]
    escalated = [r for r in received if r.escalated_at and _under(r.escalated_at.path, scope)]
    return len(escalated), sum(1 for r in received if _under(r.receiving.path, scope))


def meetings(history: History, period: Period, agency: UUID | None) -> tuple[int, ...]:
    scope = within(history, agency) if agency else []
    held = [m for m in history.meetings if m.held_on in period and _under(m.agency.path, scope)]

    def total(name: str, kinds: tuple[str, ...] = ()) -> int:
        return sum(getattr(m, name) for m in held if not kinds or m.kind in kinds)

    return (
        len(held),
        total("visits"),
        total("persons"),
        total("new_matters"),
        total("repeated_matters"),
        total("delegations"),
        total("delegation_persons"),
        sum(1 for m in held if m.kind == "dialogue"),
        total("persons", ("dialogue",)),
        total("refusals"),
        total("refused_persons"),
        total("petitions"),
    )


def reception_tuple(f: object) -> tuple[int, ...]:
    names = (
        "meetings visits persons new_matters repeated_matters delegations delegation_persons "
        "dialogues dialogue_persons refusals refused_persons petitions"
    )
    return tuple(getattr(f, name) for name in names.split())


def due(r: Record) -> date:
    if r.status in INTAKE:
        assert r.intake_due is not None
        return r.intake_due
    assert r.due_date is not None
    return r.due_date


def _path(agency: object) -> list[UUID] | None:
    return getattr(agency, "path", None)
