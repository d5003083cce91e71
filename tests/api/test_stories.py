"""Story tests: one per user of the service, a comment per step."""

from __future__ import annotations

import pytest
import structlog

from api.ratelimit import RateLimiter
from tests.api.conftest import World, days_ago


def concluded_complaint(w: World, concluded_days_ago: int = 10) -> str:
    cid = w.record(petitioner={"full_name": "Trần Thị B"})["id"]
    w.ok(
        "officer",
        f"/cases/{cid}/classification",
        {
            "kind": "complaint",
            "field": "land",
            "competent_agency_id": str(w.commune),
            "decision_known_on": days_ago(40),
            "legal_date": days_ago(29),
        },
    )
    w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(28)})
    w.ok(
        "officer",
        f"/cases/{cid}/conclusion",
        {
            "outcome": "wrong",
            "decision_ref": "45/QĐ",
            "effect_on_contested": "upheld",
            "legal_date": days_ago(concluded_days_ago),
        },
    )
    return cid


def test_a_complainant_files_a_second_instance_complaint(world: World) -> None:
    w = world
    # The commune decided the first-instance complaint ten days ago: wrong.
    first = concluded_complaint(w)
    # The complainant takes it to the province, which records the second-instance complaint.
    second = w.ok(
        "province-officer",
        f"/cases/{first}/appeals",
        {
            "channel": "post",
            "summary": "Khiếu nại lần hai",
            "legal_date": days_ago(5),
            "petitioner": {"full_name": "Trần Thị B"},
        },
    )
    sid = second["id"]
    # The province classifies and accepts it; the second instance is always a complaint.
    refused = w.post(
        "province-officer",
        f"/cases/{sid}/classification",
        {
            "kind": "denunciation",
            "field": "land",
            "competent_agency_id": str(w.province),
            "legal_date": days_ago(4),
        },
    )
    assert refused.status_code == 422
    w.ok(
        "province-officer",
        f"/cases/{sid}/classification",
        {
            "kind": "complaint",
            "field": "land",
            "competent_agency_id": str(w.province),
            "legal_date": days_ago(4),
        },
    )
    w.ok("province-officer", f"/cases/{sid}/acceptance", {"legal_date": days_ago(3)})
    # Both cases point at each other; the second runs under the second-instance limit.
    details = w.case("province-officer", sid)
    assert details["instance"] == 2
    assert details["first_instance_case_id"] == first
    assert details["status"] == "in_progress"
    assert w.case("officer", first)["second_instance_case_id"] == sid
    # A second appeal of the same decision is refused.
    again = w.post(
        "province-officer",
        f"/cases/{first}/appeals",
        {"channel": "post", "summary": "x", "legal_date": days_ago(2)},
    )
    assert again.status_code == 422


def test_a_denouncer_stays_hidden_from_everyone_but_the_handler(world: World) -> None:
    w = world
    with structlog.testing.capture_logs() as logs:
        # A denunciation arrives with the denouncer's identity.
        cid = w.record(
            summary="Tố cáo cán bộ địa chính",
            petitioner={
                "full_name": "Lê Văn Mật",
                "address": "Xóm Kín",
                "id_number": "001099012345",
            },
        )["id"]
        w.ok(
            "officer",
            f"/cases/{cid}/classification",
            {
                "kind": "denunciation",
                "field": "land",
                "competent_agency_id": str(w.commune),
                "legal_date": days_ago(29),
            },
        )
        w.ok("officer", f"/cases/{cid}/acceptance", {"legal_date": days_ago(28)})
        # Before assignment only the receiving officer may read it, not a colleague.
        assert w.get("officer2", f"/cases/{cid}/petitioner").status_code == 403
        w.ok(
            "officer",
            f"/cases/{cid}/assignment",
            {"officer_id": str(w.user_ids["officer"]), "legal_date": days_ago(27)},
        )
        # The assigned officer sees the identity, and the read is recorded.
        seen = w.get("officer", f"/cases/{cid}/petitioner", params={"purpose": "verification"})
        assert seen.status_code == 200
        assert seen.json()["full_name"] == "Lê Văn Mật"
        assert seen.json()["disclosures"] == 1
        assert seen.headers["cache-control"] == "no-store"
        # Everyone else is refused: a colleague, the leader, the board, the auditor, another commune.
        refusals = {
            u: w.get(u, f"/cases/{cid}/petitioner").status_code
            for u in ("officer2", "leader", "board", "auditor", "other-officer", "admin")
        }
        assert refusals == {
            "officer2": 403,
            "leader": 403,
            "board": 403,
            "auditor": 403,
            "other-officer": 404,
            "admin": 403,
        }
        # The identity appears nowhere else: case, history, errors, public view.
        code = w.case("officer", cid)["reference_code"]
        texts = [
            w.get("leader", f"/cases/{cid}").text,
            w.get("board", f"/cases/{cid}/history").text,
            w.get("auditor", f"/cases/{cid}/history").text,
            w.get("officer2", f"/cases/{cid}/petitioner").text,
            w.get(None, f"/public/cases/{code}").text,
            w.post(
                "officer",
                f"/cases/{cid}/conclusion",
                {"outcome": "right", "decision_ref": "x", "legal_date": days_ago(1)},
            ).text,
        ]
    for secret in ("Lê Văn Mật", "Xóm Kín", "001099012345"):
        assert all(secret not in t for t in texts)
        assert secret not in str(logs)
    # The disclosure itself was recorded on the identity: a second read counts two.
    assert w.get("officer", f"/cases/{cid}/petitioner").json()["disclosures"] == 2


def test_an_inspection_board_reads_a_full_case_history(world: World) -> None:
    w = world
    cid = concluded_complaint(w)
    # The board of the province reads the commune case's whole record, in order.
    response = w.get("board", f"/cases/{cid}/history")
    assert response.status_code == 200
    events = response.json()["events"]
    assert [e["event"] for e in events] == ["Received", "Classified", "Accepted", "Concluded"]
    assert [e["version"] for e in events] == [1, 2, 3, 4]
    assert {e["actor_id"] for e in events} == {str(w.user_ids["officer"])}
    assert events[3]["fields"]["outcome"] == "wrong"
    assert events[0]["legal_date"] == days_ago(30)
    assert all(e["recorded_at"] for e in events)
    # It may read but never act.
    assert (
        w.post(
            "board",
            f"/cases/{cid}/reexamination",
            {"legal_date": days_ago(1), "reason": "x", "grounds": "violation_of_law"},
        ).status_code
        == 403
    )
    # Another commune's officer cannot even tell the case exists.
    assert w.get("other-officer", f"/cases/{cid}/history").status_code == 404


def test_the_public_tracks_a_case_by_its_reference_code(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    cid = concluded_complaint(w)
    code = w.case("officer", cid)["reference_code"]
    # Anyone with the code sees the status and dates, nothing personal.
    status = w.get(None, f"/public/cases/{code}")
    assert status.status_code == 200
    body = status.json()
    assert body["status"] == "concluded"
    assert set(body) == {
        "reference_code",
        "status",
        "kind",
        "received_on",
        "due_date",
        "overdue",
        "concluded_on",
    }
    # Typed in lower case, the code still matches.
    assert w.get(None, f"/public/cases/{code.lower()}").status_code == 200
    # An unknown code is a 404 problem; a malformed one a 422.
    assert w.get(None, "/public/cases/PA-2026-0000-0000-00").status_code == 404
    assert w.get(None, "/public/cases/<script>").status_code in {404, 422}
    # Guessing codes in bulk is rate-limited.
    monkeypatch.setattr("api.ratelimit.wall_clock", lambda: 1_800_000_030.0)  # mid-window
    w.client.app.state.public_limiter = RateLimiter(limit=3, window=60)
    statuses = [
        w.get(None, f"/public/cases/PA-2026-0000-0000-{i:02d}").status_code for i in range(5)
    ]
    assert statuses == [404, 404, 404, 429, 429]
    limited = w.get(None, f"/public/cases/{code}")
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
