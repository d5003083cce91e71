"""A snapshot edited by hand is named by verify-log; the runners sign checkpoints at an interval."""

from __future__ import annotations

import time
from pathlib import Path

from domain.application import Petitions
from ops.integrity.check import verify_log
from ops.integrity.checkpoints import generate_key, read_all
from ops.integrity.rawlog import RawLog
from ops.runners import start_runners
from ops.settings import Settings
from projections.catalogue import INTEGRITY_PROJECTIONS
from tests.integrity.conftest import catch_up_integrity, fill


def test_a_snapshot_edited_by_hand_is_named(integrity_settings: Settings) -> None:
    fill(integrity_settings)
    catch_up_integrity(integrity_settings)
    app = Petitions(integrity_settings.eventsourcing_env())
    try:
        with RawLog(integrity_settings, "petitions") as raw:
            case = next(e for e in raw.events() if e.topic.startswith("domain.case:Case."))
        app.take_snapshot(case.originator_id)
        assert verify_log(integrity_settings).ok
        assert app.snapshots is not None
        table = app.snapshots.recorder.events_table_name  # type: ignore[attr-defined]
        with RawLog(integrity_settings, "petitions") as raw:
            qualified = raw.qualified_table().replace(raw.table, table)
            mark = "?" if raw.is_sqlite() else "%s"
            with raw.datastore.transaction(commit=True) as c:
                c.execute(f"SELECT state FROM {qualified}")  # noqa: S608
                state = bytes(c.fetchone()["state"])
                forged = state.replace(b'"received_on"', b'"received_0n"', 1)
                assert forged != state
                c.execute(f"UPDATE {qualified} SET state = {mark}", (forged,))  # noqa: S608
    finally:
        app.close()
    findings = verify_log(integrity_settings).findings
    assert [(f.kind, f.originator_id) for f in findings] == [("snapshot", case.originator_id)]
    assert "differs from its events" in findings[0].detail


def test_the_runners_sign_checkpoints_at_the_interval(integrity_settings: Settings) -> None:
    settings = integrity_settings.model_copy(update={"integrity_checkpoint_interval": 0.2})
    generate_key(settings)
    fill(settings)
    names = [p.name for p in INTEGRITY_PROJECTIONS.values()]
    with start_runners(settings, names):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            signed = read_all(Path(settings.integrity_checkpoints), "petitions")
            if signed and signed[-1].tree_size > 0:
                break
            time.sleep(0.05)
    assert signed
    assert signed[-1].tree_size > 0
    assert verify_log(settings).ok
