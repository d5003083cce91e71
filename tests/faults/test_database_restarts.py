"""PostgreSQL restarted twice and stopped for a while under a bounded concurrent load.

The outage lasts OUTAGE seconds, not the ~30 s of an operator's restart: what is
checked (answers within 5 s, 503 at once while down, none once back) does not
depend on its length, since the pools reconnect at most 0.25 s apart whatever
the outage lasted; a short one keeps the suite fast.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from api.bootstrap import create_administrator
from api.stores import accounts_env
from domain.accounts import Accounts
from domain.act import Act
from domain.application import Petitions
from ops.settings import Settings
from ops.wiring import open_views
from tests.faults.audit import (
    Figures,
    answers_match_the_store,
    audit,
    retry_keys,
    stored_counts,
    views_caught_up,
)
from tests.faults.cluster import Cluster
from tests.faults.harness import Load, running, set_up_office

COMMANDS = 320
SECONDS = 14.0
OUTAGE = 5.0
ACT = Act("admin", UUID(int=0), date(2025, 8, 1))


def test_restarts_and_an_outage_lose_nothing_double_nothing_and_hang_nothing(
    cluster: Cluster, fault_settings: Settings, figures: list[Figures]
) -> None:
    windows: list[tuple[float, float]] = []
    with running(fault_settings) as service:
        office = set_up_office(service)
        load = Load(service, office, COMMANDS, SECONDS)
        clients = load.start()
        try:
            for mode, pause in (("fast", 0.0), ("immediate", 0.0), ("fast", OUTAGE)):
                time.sleep(2.5)
                went = cluster.stop(mode)
                time.sleep(pause)
                windows.append((went, cluster.start()))
        finally:
            clients.join()
        before_retries = stored_counts(fault_settings)
        retry_keys(service, office, load.attempts)
        assert views_caught_up(fault_settings)
        verified = service.verify()

    def down(moment: float) -> bool:
        return any(start - 0.5 <= moment <= end for start, end in windows)

    result = audit(
        "database restarts and a 5 s outage", fault_settings, load.attempts, before_retries, down
    )
    figures.append(result)
    assert result.tried == COMMANDS
    assert result.doubled == 0
    assert result.lost == 0
    assert result.stored_once == result.answered
    assert result.answered > COMMANDS // 2
    slow = [(a.path, a.status, round(a.elapsed, 2)) for a in load.attempts if a.elapsed > 2.0]
    assert result.longest_wait < 5.0, slow
    # While the server is away, commands are refused at once: 503 with Retry-After in < 2 s.
    refused = [a for a in load.attempts if a.status == 503]
    assert refused
    assert all(a.elapsed < 2.0 and a.retry_after for a in refused)
    assert max(elapsed for _, elapsed, _ in load.reads) < 5.0
    assert set(result.statuses) <= {"200", "201", "503"}, result.statuses
    # Every command that has a key (its own, or the one a 503 returned) resolves on retry.
    retried = [a for a in load.attempts if not a.answered and a.retry_key]
    assert result.keys_resolved == len(retried)
    assert result.stored_after_retry == len(retried)
    assert answers_match_the_store(fault_settings, load.attempts) == []
    # Once the server is back, nobody gets a 503: not commands, not view queries.
    late = [a for a in load.attempts if a.status == 503 and not down(a.started)]
    late_reads = [r for r in load.reads if r[2] == 503 and not down(r[0])]
    assert late == []
    assert late_reads == []
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_every_pool_answers_within_two_seconds_while_down_and_at_once_when_back(
    cluster: Cluster, fault_settings: Settings
) -> None:
    # Stores, snapshot stores, the accounts store and the views: each has its own pool.
    petitions = Petitions(fault_settings.eventsourcing_env())
    accounts = Accounts(accounts_env(fault_settings))
    views = open_views(fault_settings)
    try:
        agency = petitions.register_agency("UBND", "A", "commune", None, ACT).id
        admin = create_administrator(accounts, "admin", "correct horse battery staple").id
        reads: list[Callable[[], object]] = [
            lambda: petitions.get_agency(agency),  # through its snapshot store
            lambda: accounts.user(admin),
            petitions.recorder.max_notification_id,
            *[view.position for view in views.all()],
        ]
        for read in reads:
            read()  # every pool holds a connection that the restart will make stale
        cluster.stop("fast")
        try:
            for read in reads:
                started = time.monotonic()
                with pytest.raises(OperationalError):
                    read()
                assert time.monotonic() - started < 2.0
        finally:
            cluster.start()
        for read in reads:  # back: the first call of each pool succeeds
            started = time.monotonic()
            read()
            assert time.monotonic() - started < 2.0
    finally:
        views.close()
        accounts.close()
        petitions.close()
