"""`petitions-ops reproduce-report ID`: recompute an issued report; exit 1 on any difference.

The statistics read model is rebuilt into scratch tables from event zero up to the
log position the report was computed at (nothing recorded later is read), then the
report is computed again at the same period, agency, metric definition and legal
cut-off, with the target it was issued with, and compared figure by figure. Like
`replay` and `verify`, it refuses a log failing `verify-log` unless the tampering is
accepted with a reason (`ops.integrity.guard`).

An issued official form (letters, settlement, reception) is rebuilt the same way from
a scratch forms view and compared cell by cell (`table T row R column C`), header
included; the agency's name is a label printed as issued, not a figure, and is not
compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from api.issued_forms import cells, form_figures, is_form
from api.routes.reports import statistics_out
from domain.application import Petitions
from domain.errors import NotFoundError
from domain.issued_report import IssuedReport
from ops.integrity import guard
from ops.rebuild import catch_up, fresh_copy
from ops.settings import Settings, get_settings
from projections.forms.build import build_form
from projections.forms.persistence import FormsView
from projections.forms.projection import FormsProjection
from projections.periods import Period
from projections.statistics.metrics import DEFINITIONS, Targets
from projections.statistics.persistence import StatisticsView
from projections.statistics.projection import StatisticsProjection

SCRATCH = "statistics_reproduce"
FORMS_SCRATCH = "forms_reproduce"


def main(argv: Sequence[str] | None = None) -> int:
    """Recompute issued report ID; print each differing figure; 0 when all agree."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops reproduce-report",
        description="Recompute an issued report from the log up to its position and compare.",
    )
    parser.add_argument("report_id", type=UUID, help="the issued report's id")
    guard.add_arguments(parser)
    args = parser.parse_args(argv)
    guard.check_arguments(parser, args)
    settings = get_settings()
    command = f"reproduce-report {args.report_id}"
    if not guard.allowed(settings, command, args.accept_tampered, args.reason):
        return 1
    try:
        differences = reproduce(settings, args.report_id)
    except NotFoundError as error:
        sys.stderr.write(f"reproduce-report: {error}\n")
        return 2
    for path, issued, now in differences:
        sys.stdout.write(f"{path}: issued {issued!r}, recomputed {now!r}\n")
    verdict = "DIFFERS" if differences else "reproduced exactly"
    sys.stdout.write(f"issued report {args.report_id}: {verdict}\n")
    return 1 if differences else 0


def reproduce(settings: Settings, report_id: UUID) -> list[tuple[str, object, object]]:
    """The figures that differ between issued report `report_id` and its recomputation."""
    app = Petitions(settings.eventsourcing_env())
    try:
        issued = app.get_issued_report(report_id)
    finally:
        app.close()
    if is_form(issued.report):
        now = recompute_form(settings, issued)
        return list(differences(cells(issued.figures), cells(now)))
    figures = recompute(settings, issued)
    return list(differences(issued.figures, figures))


def recompute(settings: Settings, issued: IssuedReport) -> dict[str, Any]:
    """The issued report's figures computed again from the log up to its position."""
    copy = fresh_copy(settings, StatisticsProjection, SCRATCH)
    try:
        catch_up(settings, StatisticsProjection, copy, stop=issued.position)
        if not isinstance(copy, StatisticsView):
            raise TypeError(f"{type(copy).__name__} is not a statistics view")
        definition = DEFINITIONS[issued.metric]
        period = Period(
            date.fromisoformat(str(issued.period_start)),
            date.fromisoformat(str(issued.period_end)),
            issued.period_label,
        )
        target = Targets(default=float(issued.figures["target"]))
        report = copy.report(period, issued.agency_id, issued.as_of, definition, target)
        out = statistics_out(report, definition).model_dump(mode="json")
        out["cutoff"]["known_at"] = issued.position
        return dict(json.loads(json.dumps(out)))
    finally:
        copy.drop_view()
        copy.close()


def recompute_form(settings: Settings, issued: IssuedReport) -> dict[str, Any]:
    """An issued form's figures built again from a forms view of the log up to its position."""
    copy = fresh_copy(settings, FormsProjection, FORMS_SCRATCH)
    try:
        catch_up(settings, FormsProjection, copy, stop=issued.position)
        if not isinstance(copy, FormsView):
            raise TypeError(f"{type(copy).__name__} is not a forms view")
        period = Period(
            date.fromisoformat(str(issued.period_start)),
            date.fromisoformat(str(issued.period_end)),
            issued.period_label,
        )
        built = build_form(
            copy,
            issued.report,
            period,
            issued.agency_id,
            issued.as_of,
            issued.position,
            issued.metric,
        )
        return dict(json.loads(json.dumps(form_figures(built, ""))))
    finally:
        copy.drop_view()
        copy.close()


def differences(
    issued: object, now: object, path: str = ""
) -> Iterator[tuple[str, object, object]]:
    """Every leaf where two JSON values differ, with its path."""
    if isinstance(issued, dict) and isinstance(now, dict):
        for key in sorted(issued.keys() | now.keys()):
            yield from differences(issued.get(key), now.get(key), f"{path}.{key}" if path else key)
    elif isinstance(issued, list) and isinstance(now, list) and len(issued) == len(now):
        for index, (a, b) in enumerate(zip(issued, now, strict=True)):
            yield from differences(a, b, f"{path}[{index}]")
    elif issued != now:
        yield path, issued, now


if __name__ == "__main__":
    raise SystemExit(main())
