"""Many clients change one case at once: each conflicting change is refused with one 409,
none is lost, and the case's history replays to the final state."""

from __future__ import annotations

import threading
from collections import Counter
from uuid import UUID

import httpx

from domain.application import Petitions
from ops.settings import Settings
from tests.faults.audit import Figures, views_caught_up
from tests.faults.harness import TIMEOUT, Office, days_ago, running, set_up_office

CLIENTS = 8
CHANGES = 4  # per client


def _client(
    base_url: str, office: Office, case: str, number: int, log: list[tuple[str, int]]
) -> None:
    with httpx.Client(base_url=base_url, timeout=TIMEOUT) as client:
        for change in range(CHANGES):
            step = f"client {number} change {change}"
            attempt = 0
            while True:
                version = client.get(f"/cases/{case}", headers=office.headers).json()["version"]
                key = f"{number}-{change}-{attempt}"
                body = {"step": step, "legal_date": days_ago(0), "expected_version": version}
                headers = {**office.headers, "Idempotency-Key": key}
                answer = client.post(f"/cases/{case}/verifications", json=body, headers=headers)
                log.append((step, answer.status_code))
                if answer.status_code == 409:
                    # The refused change recorded nothing: its key still answers 409.
                    again = client.post(f"/cases/{case}/verifications", json=body, headers=headers)
                    assert again.status_code == 409, again.text
                    attempt += 1
                    continue
                assert answer.status_code == 200, answer.text
                break


def test_many_clients_on_one_case_each_conflict_is_a_409_and_no_change_is_lost(
    fault_settings: Settings, figures: list[Figures]
) -> None:
    with running(fault_settings) as service:
        office = set_up_office(service, cases=1)
        case = office.cases[0]
        log: list[tuple[str, int]] = []
        threads = [
            threading.Thread(target=_client, args=(service.base_url, office, case, n, log))
            for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert views_caught_up(fault_settings)
        verified = service.verify()
    statuses = Counter(status for _, status in log)
    assert set(statuses) <= {200, 409}
    assert statuses[200] == CLIENTS * CHANGES
    assert statuses[409] > 0  # the clients did collide
    app = Petitions(fault_settings.eventsourcing_env())
    try:
        events = list(app.repository.event_store.get(UUID(case)))
        steps = Counter(e.step for e in events if type(e).__name__ == "VerificationRecorded")
        replayed = app.repository.get(UUID(case))
    finally:
        app.close()
    assert steps == Counter(
        {f"client {n} change {c}": 1 for n in range(CLIENTS) for c in range(CHANGES)}
    )
    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))
    assert replayed.version == len(events)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    figures.append(
        Figures(
            "many clients on one case",
            tried=len(log),
            answered=statuses[200],
            stored_once=sum(1 for n in steps.values() if n == 1),
            statuses={str(k): v for k, v in statuses.items()},
        )
    )
