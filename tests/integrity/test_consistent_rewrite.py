"""A history rewritten consistently (events and integrity log alike) is caught by the checkpoints.

Someone holding the database can change events and then rebuild the integrity log from
them, or cut the log's tail and the events' together: the log then agrees with the
events, and only the checkpoints signed before (kept off the host) can tell. Both trees
are checked against them: the one recomputed from the events and the log's own.
"""

from __future__ import annotations

import pytest

from ops.integrity.check import verify_log
from ops.integrity.checkpoints import generate_key, sign_now
from ops.integrity.rawlog import RawLog
from ops.settings import Settings
from ops.wiring import open_view
from projections.catalogue import INTEGRITY_PROJECTIONS
from tests.integrity.conftest import catch_up_integrity, fill
from tests.integrity.tamper import _run, tamper


@pytest.fixture
def signed(integrity_settings: Settings) -> Settings:
    fill(integrity_settings)
    catch_up_integrity(integrity_settings)
    generate_key(integrity_settings)
    sign_now(integrity_settings)
    assert verify_log(integrity_settings).ok
    return integrity_settings


def _rebuild_log(settings: Settings) -> None:
    view = open_view(settings, INTEGRITY_PROJECTIONS["petitions"])
    try:
        view.drop_view()
    finally:
        view.close()
    catch_up_integrity(settings)


def test_an_event_altered_and_the_log_rebuilt_from_it_is_caught_by_both_trees(
    signed: Settings,
) -> None:
    tamper(signed, "petitions", "altered")
    _rebuild_log(signed)
    findings = verify_log(signed).findings
    assert {f.kind for f in findings} == {"checkpoint", "log"}
    assert any("stored events no longer hash" in f.detail for f in findings)
    assert any("the integrity log's own first" in f.detail for f in findings)


def test_the_tail_cut_from_the_events_and_the_log_alike_is_caught(signed: Settings) -> None:
    with RawLog(signed, "petitions") as raw:
        events = list(raw.events())
        _run(raw, [("DELETE FROM {t} WHERE {id} >= ?", (events[-3].notification_id,))])
    _rebuild_log(signed)
    details = [f.detail for f in verify_log(signed).findings]
    size = len(events)
    assert f"a checkpoint signs {size} events; {size - 3} are stored" in details
    assert f"a checkpoint signs {size} events; the integrity log holds {size - 3}" in details


def test_an_aggregates_version_renumbered_is_named_as_a_gap(signed: Settings) -> None:
    with RawLog(signed, "petitions") as raw:
        events = list(raw.events())
        last = events[-1]
        _run(
            raw,
            [
                (
                    "UPDATE {t} SET originator_version = ? WHERE {id} = ?",
                    (last.originator_version + 1, last.notification_id),
                )
            ],
        )
    gaps = [(f.notification_id, f.version) for f in verify_log(signed).findings if f.kind == "gap"]
    assert gaps == [(last.notification_id, last.originator_version + 1)]
