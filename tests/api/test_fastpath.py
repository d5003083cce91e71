"""POST /cases answers the same with its fast path as by the full path, whatever is sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api import idempotency
from tests.api.conftest import World

BODY = {
    "channel": "post",
    "summary": "Tranh chấp đất đai",
    "legal_date": "2025-08-01",
    "petitioner": {"full_name": "Trần Thị B"},
}
VOLATILE = {"id", "position", "reference_code", "request_id"}


def _requests(w: World) -> list[tuple[str, dict[str, str], bytes]]:
    officer, leader = w.headers["officer"], w.headers["leader"]
    js = {"Content-Type": "application/json"}
    body = json.dumps(BODY).encode()
    return [
        ("valid", {**officer, **js}, body),
        ("no token", js, body),
        ("another scheme", {"Authorization": "Basic eDp5", **js}, body),
        ("unknown token", {"Authorization": "Bearer nope", **js}, body),
        ("not an officer", {**leader, **js}, body),
        ("invalid body", {**officer, **js}, json.dumps({**BODY, "channel": "fax"}).encode()),
        ("not json", {**officer, **js}, b"{"),
        ("empty", {**officer, **js}, b""),
        ("text/plain", {**officer, "Content-Type": "text/plain"}, body),
        ("charset", {**officer, "Content-Type": "application/json; charset=utf-8"}, body),
        ("bad token, bad body", {"Authorization": "Bearer nope", **js}, b"{"),
    ]


def _answers(w: World) -> dict[str, tuple[int, Any]]:
    answers = {}
    for name, headers, content in _requests(w):
        response = w.client.post("/cases", content=content, headers=headers)
        body = response.json()
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k not in VOLATILE}
        answers[name] = (response.status_code, body)
    return answers


def test_the_fast_path_answers_as_the_full_path(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[bool] = []

    def counted(command: Any) -> Any:
        def serve(request: Any, body: bytes) -> Any:
            answer = command(request, body)
            served.append(answer is not None)
            return answer

        return serve

    wrapped = {endpoint: counted(command) for endpoint, command in idempotency._FAST.items()}
    monkeypatch.setattr(idempotency, "_FAST", wrapped)
    fast = _answers(world)
    assert served.count(True) == 2  # the valid ones; the others left to the full path
    monkeypatch.setattr(idempotency, "_FAST", {})
    full = _answers(world)
    assert fast == full
    assert fast["valid"][0] == 201
    assert fast["charset"][0] == 201
    assert fast["no token"][0] == 401
    assert fast["not an officer"][0] == 403
    assert fast["invalid body"][0] == 422
