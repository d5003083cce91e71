"""The exactly-once audit of a load: what the store holds for each command, and the figures.

After a load, `retry_keys` retries every command that was not answered but has a
key (its own, or one an error answer returned); `audit` then counts, per command,
how many times the store holds it, before and after those retries.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx

from domain.application import Petitions
from ops.settings import Settings
from ops.wiring import open_views
from tests.faults.harness import TIMEOUT, Attempt, Office, Service

RECEIVED = "domain.case:Case.Received"
VERIFIED = "domain.case:Case.VerificationRecorded"


@dataclass
class Figures:
    """What the closing note reports for one fault test."""

    name: str
    tried: int = 0
    answered: int = 0
    stored_once: int = 0
    lost: int = 0
    doubled: int = 0
    unanswered_stored: int = 0
    unanswered_not_stored: int = 0
    keys_resolved: int = 0
    stored_after_retry: int = 0
    longest_wait: float = 0.0
    longest_wait_while_down: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return json.dumps(self.__dict__, default=str)


def stored_counts(settings: Settings) -> Counter[str]:
    """How many times the store holds each load command (by its unique marker)."""
    app = Petitions(settings.eventsourcing_env())
    counts: Counter[str] = Counter()
    try:
        start = 1
        while True:
            page = app.recorder.select_notifications(
                start=start, limit=1000, topics=[RECEIVED, VERIFIED]
            )
            for notification in page:
                event: Any = app.mapper.to_domain_event(notification)
                text = _text_of(app, event) if notification.topic == RECEIVED else event.step
                if text.startswith("load "):
                    counts[text] += 1
            if len(page) < 1000:
                return counts
            start = page[-1].id + 1
    finally:
        app.close()


def _text_of(app: Petitions, received: Any) -> str:
    """A `Received` event's summary, opened (it is sealed under the petitioner's key)."""
    return app.opened_summary(received.summary, received.summary_key_id) or ""


def retry_keys(service: Service, office: Office, attempts: list[Attempt]) -> None:
    """After recovery, retry every unanswered command that has a key to retry with."""
    with httpx.Client(base_url=service.base_url, timeout=TIMEOUT) as client:
        for attempt in attempts:
            if attempt.answered or attempt.retry_key is None:
                continue
            headers = {**office.headers, "Idempotency-Key": attempt.retry_key}
            answer = client.post(attempt.path, json=attempt.body, headers=headers)
            attempt.retried_status = answer.status_code
            if 200 <= answer.status_code < 300:
                attempt.answer = answer.json()


def audit(
    name: str,
    settings: Settings,
    attempts: list[Attempt],
    before_retries: Counter[str],
    down: Callable[[float], bool] = lambda _: False,
) -> Figures:
    """Count the guarantees; the caller asserts them.

    `before_retries` is what the store held when the load ended, before the keys of
    unanswered commands were retried; the rest is counted after those retries.
    """
    counts = stored_counts(settings)
    figures = Figures(name, tried=len(attempts))
    statuses: Counter[str] = Counter(str(a.status) for a in attempts)
    figures.statuses = dict(statuses)
    for attempt in attempts:
        stored = counts[attempt.marker]
        figures.longest_wait = max(figures.longest_wait, attempt.elapsed)
        if down(attempt.started) or down(attempt.started + attempt.elapsed):
            figures.longest_wait_while_down = max(figures.longest_wait_while_down, attempt.elapsed)
        if attempt.answered:
            figures.answered += 1
            figures.stored_once += stored == 1
            figures.lost += stored == 0
        elif before_retries[attempt.marker]:
            figures.unanswered_stored += 1
        else:
            figures.unanswered_not_stored += 1
        figures.doubled += max(stored, before_retries[attempt.marker]) > 1
        figures.stored_after_retry += bool(attempt.retried_status) and stored == 1
        if attempt.retried_status is not None and 200 <= attempt.retried_status < 300:
            figures.keys_resolved += 1
    return figures


def answers_match_the_store(settings: Settings, attempts: list[Attempt]) -> list[str]:
    """Every answered new petition names the case the store holds for its marker."""
    app = Petitions(settings.eventsourcing_env())
    wrong = []
    try:
        for attempt in attempts:
            if attempt.answer is None or attempt.path != "/cases":
                continue
            case = app.get_case(UUID(attempt.answer["id"]))
            if app.summary_of(case) != attempt.marker:  # sealed under its key: opened
                wrong.append(attempt.marker)
            if attempt.answer.get("reference_code") != case.reference_code:
                wrong.append(f"{attempt.marker}: code")
    finally:
        app.close()
    return wrong


def views_caught_up(settings: Settings, timeout: float = 60) -> bool:
    app = Petitions(settings.eventsourcing_env())
    try:
        head = app.recorder.max_notification_id() or 0
    finally:
        app.close()
    views = open_views(settings)
    try:
        return views.wait_for(head, timeout)
    finally:
        views.close()
