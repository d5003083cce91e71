"""Processes killed with SIGKILL under a bounded concurrent load: the API mid-command, the
projection runner at random points. Nothing answered is lost or doubled, nothing
unanswered is stored twice, every key resolves on retry, and the views equal a rebuild.
"""

from __future__ import annotations

import time

from ops.settings import Settings
from projections.catalogue import PROJECTIONS
from tests.faults.audit import (
    Figures,
    answers_match_the_store,
    audit,
    retry_keys,
    stored_counts,
    views_caught_up,
)
from tests.faults.harness import Load, Service, jitter, running, set_up_office

COMMANDS = 200
SECONDS = 9.0
KILLS = 3


def _assert_exactly_once(result: Figures, load: Load, service: Service) -> None:
    assert result.tried == COMMANDS
    assert result.doubled == 0
    assert result.lost == 0
    assert result.stored_once == result.answered
    assert result.longest_wait < 5.0
    retried = [a for a in load.attempts if not a.answered and a.retry_key]
    assert result.keys_resolved == len(retried)
    assert result.stored_after_retry == len(retried)
    assert answers_match_the_store(service.settings, load.attempts) == []
    assert not {s for s in result.statuses if s.startswith("5") and s != "503"}


def test_the_api_killed_mid_command_loses_and_doubles_nothing(
    fault_settings: Settings, figures: list[Figures]
) -> None:
    with running(fault_settings) as service:
        office = set_up_office(service)
        load = Load(service, office, COMMANDS, SECONDS)
        clients = load.start()
        try:
            for _ in range(KILLS):
                time.sleep(jitter(1.0, 2.0))
                service.kill_api()
                service.start_api()
        finally:
            clients.join()
        before_retries = stored_counts(fault_settings)
        retry_keys(service, office, load.attempts)
        assert views_caught_up(fault_settings)
        verified = service.verify()
    result = audit("API killed with SIGKILL x3", fault_settings, load.attempts, before_retries)
    figures.append(result)
    _assert_exactly_once(result, load, service)
    assert result.answered < COMMANDS  # the kills did cut requests off
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_the_projection_runner_killed_at_random_points_leaves_views_equal_to_a_rebuild(
    fault_settings: Settings, figures: list[Figures]
) -> None:
    with running(fault_settings) as service:
        office = set_up_office(service)
        load = Load(service, office, COMMANDS, SECONDS)
        clients = load.start()
        try:
            for _ in range(KILLS):
                time.sleep(jitter(0.5, 2.5))
                service.kill_runner()
                service.start_runner()
        finally:
            clients.join()
        before_retries = stored_counts(fault_settings)
        retry_keys(service, office, load.attempts)
        assert views_caught_up(fault_settings)
        verified = service.verify()
    result = audit(
        "projection runner killed with SIGKILL x3", fault_settings, load.attempts, before_retries
    )
    figures.append(result)
    _assert_exactly_once(result, load, service)
    assert result.answered == COMMANDS
    assert verified.returncode == 0, verified.stdout + verified.stderr
    verdicts = dict(line.split(": ", 1) for line in verified.stdout.splitlines())
    assert set(PROJECTIONS) <= verdicts.keys()
    assert set(verdicts.values()) == {"OK"}
