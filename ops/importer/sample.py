"""Generated backlogs: rows of historical petitions that follow the law, for tests and benchmarks.

`sample_rows(n, agencies, seed)` writes `n` rows spread over 2022-2024, received by the
given agency codes (the first is the province, the others its communes), through every
path a paper register records: classified, referred, archived, guided, accepted,
settled with an outcome the kind allows, withdrawn. The same seed gives the same rows.
"""

# The shares of each path are read where they are drawn.
# ruff: noqa: PLR2004
from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from ops.importer.columns import NAMES

OUTCOMES = {
    "complaint": ("right", "partly_right", "wrong"),
    "denunciation": ("true", "partly_true", "false"),
    "recommendation": ("accepted", "not_accepted", "answered"),
    "reflection": ("accepted", "not_accepted", "answered"),
}
EFFECTS = {"right": "annulled", "partly_right": "amended", "wrong": "upheld"}
FIELDS = ("đất đai", "giao thông", "môi trường", "xây dựng")
ORIGINS = ("national_assembly_delegation", "fatherland_front", "press", "ministry")
FIRST_DAY = date(2022, 1, 3)
SPAN_DAYS = 3 * 365 - 20


def sample_rows(
    count: int, agencies: Sequence[str], seed: int = 14, prefix: str = "S"
) -> Iterator[dict[str, Any]]:
    """`count` rows, each with every column (empty where the step did not happen)."""
    chance = random.Random(seed)  # noqa: S311  # test data, not secrets
    for number in range(count):
        yield _row(f"{prefix}-{number:07d}", chance, agencies)


def _row(import_id: str, chance: random.Random, agencies: Sequence[str]) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(NAMES, "")
    received = FIRST_DAY + timedelta(days=chance.randrange(SPAN_DAYS))
    receiver = chance.choice(agencies)
    row |= {
        "import_id": import_id,
        "received_on": received,
        "receiving_agency": receiver,
        "channel": "post",
        "summary": f"Đơn số {import_id} về {chance.choice(FIELDS)}",
    }
    if chance.random() >= 0.1:
        row |= {"petitioner_name": f"Công dân {import_id}", "petitioner_address": "Thôn 3"}
    if chance.random() < 0.2:
        row |= {
            "channel": "forwarded",
            "origin_kind": chance.choice(ORIGINS),
            "origin_name": "Cơ quan chuyển đơn",
            "dispatch_number": f"{chance.randrange(1, 999)}/CV",
            "dispatch_date": received - timedelta(days=chance.randrange(1, 10)),
        }
    if chance.random() < 0.08:
        return row  # never classified: still received
    _classify(row, chance, agencies, receiver, received)
    return row


def _classify(
    row: dict[str, Any],
    chance: random.Random,
    agencies: Sequence[str],
    receiver: str,
    received: date,
) -> None:
    kind = chance.choice(tuple(OUTCOMES))
    competent = receiver if receiver != agencies[0] else chance.choice(agencies[1:])
    day = received + timedelta(days=chance.randrange(1, 5))
    row |= {
        "classified_on": day,
        "kind": kind,
        "field": chance.choice(FIELDS),
        "competent_agency": competent,
    }
    if kind == "complaint":
        row["decision_known_on"] = received - timedelta(days=chance.randrange(5, 60))
    if competent != receiver:
        day += timedelta(days=chance.randrange(1, 4))
        row |= {"referred_on": day, "referred_to": competent}
    _decide(row, chance, kind, day)


def _decide(row: dict[str, Any], chance: random.Random, kind: str, day: date) -> None:
    roll = chance.random()
    day += timedelta(days=chance.randrange(1, 8))
    if roll < 0.1 and row["petitioner_name"]:
        row |= {"archived_on": day, "archive_grounds": "ineligible", "note": "Không đủ điều kiện"}
        return
    if roll < 0.18:
        row |= {"guided_on": day, "guided_to": "Tòa án nhân dân"}
        return
    if roll < 0.22 or not row["petitioner_name"]:
        return  # still waiting at intake
    row |= {"accepted_on": day, "complexity": "ordinary"}
    _settle(row, chance, kind, day)


def _settle(row: dict[str, Any], chance: random.Random, kind: str, accepted: date) -> None:
    roll = chance.random()
    if roll < 0.08:
        row["withdrawn_on"] = accepted + timedelta(days=chance.randrange(1, 20))
        return
    if roll < 0.25:
        return  # still in settlement
    outcome = chance.choice(OUTCOMES[kind])
    row |= {
        "concluded_on": accepted + timedelta(days=chance.randrange(5, 60)),
        "outcome": outcome,
        "decision_ref": f"QĐ-{row['import_id']}",
        "effect_on_contested": EFFECTS[outcome] if kind == "complaint" else "",
    }
