"""The integrity log's own rows are checked too, and unverifiable checkpoints are not trusted.

verify-log recomputes each aggregate's chain and the tree head from the log's leaves: a
chain link or head row edited by hand (which later proofs and checkpoints would carry)
is named. Checkpoints whose signatures cannot be checked (no public key) prove nothing,
so filing them without the key to check them fails instead of passing quietly.
"""

from __future__ import annotations

from typing import Any

import pytest

from ops.integrity.check import verify_log
from ops.integrity.checkpoints import generate_key, open_integrity_view, sign_now
from ops.settings import Settings
from projections.integrity.persistence import CHAINS, HEAD, LEAVES, IntegrityView
from projections.rows import Table
from tests.integrity.conftest import catch_up_integrity, fill

ZERO = "00" * 32


@pytest.fixture
def logged(integrity_settings: Settings) -> Settings:
    fill(integrity_settings)
    catch_up_integrity(integrity_settings)
    generate_key(integrity_settings)
    sign_now(integrity_settings)
    assert verify_log(integrity_settings).ok
    return integrity_settings


def _edit(
    view: IntegrityView, table: Table[Any], assignment: str, where: str, params: tuple[object, ...]
) -> None:
    name = view.qualified(view.table_name(table))
    with view._transaction(commit=True) as c:  # tampering, by hand
        c.execute(view.dialect.sql(f"UPDATE {name} SET {assignment} WHERE {where}"), params)  # noqa: S608


def test_a_chain_link_edited_in_the_log_is_named(logged: Settings) -> None:
    view = open_integrity_view(logged, "petitions")
    try:
        middle = view.leaves(view.head().size // 2, 1)[0]
        _edit(view, LEAVES, "chain = ?", "position = ?", (ZERO, middle.position))
    finally:
        view.close()
    findings = verify_log(logged).findings
    assert [(f.kind, f.notification_id, f.originator_id, f.version) for f in findings] == [
        ("log", middle.notification_id, middle.originator_id, middle.originator_version)
    ]
    assert "chain" in findings[0].detail


def test_an_aggregates_chain_head_edited_in_the_log_is_named(logged: Settings) -> None:
    view = open_integrity_view(logged, "petitions")
    try:
        leaf = view.leaves(0, 1)[0]
        _edit(
            view,
            CHAINS,
            "chain = ?",
            "originator_id = ?",
            (ZERO, view.dialect.to_db(leaf.originator_id)),
        )
    finally:
        view.close()
    findings = verify_log(logged).findings
    assert [(f.kind, f.originator_id) for f in findings] == [("log", leaf.originator_id)]
    assert "chain head" in findings[0].detail


def test_a_head_row_edited_in_the_log_is_named(logged: Settings) -> None:
    view = open_integrity_view(logged, "accounts")
    try:
        _edit(view, HEAD, "frontier = ?", "name = ?", (ZERO, "head"))
    finally:
        view.close()
    findings = verify_log(logged).findings
    assert [(f.kind, f.store) for f in findings] == [("log", "accounts")]
    assert "head" in findings[0].detail


def test_checkpoints_filed_without_the_public_key_to_check_them_fail(logged: Settings) -> None:
    logged.integrity_public_key.unlink()
    report = verify_log(logged)
    assert not report.ok
    assert {(f.kind, f.store) for f in report.findings} >= {("checkpoint", "petitions")}
    assert any("cannot be checked" in f.detail for f in report.findings)
