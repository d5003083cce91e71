"""The role matrix: every route in the OpenAPI schema refuses anonymous and wrong-role callers."""

from __future__ import annotations

import re
from uuid import uuid4

import structlog

from domain.users import User
from tests.api.conftest import PASSWORD, World

ANY = {"officer", "leader", "inspection_board", "auditor", "administrator"}
READERS = {"officer", "leader", "inspection_board", "auditor"}
REPORTS = {"leader", "inspection_board", "auditor"}
PUBLIC = {"public"}

# Who may call each route; a new route fails the test until it is listed here.
ALLOWED: dict[tuple[str, str], set[str]] = {
    ("POST", "/auth/token"): PUBLIC,
    ("POST", "/auth/logout"): ANY,
    ("GET", "/public/cases/{reference_code}"): PUBLIC,
    # Open311 GeoReport v2: reading is public; filing needs a client application's api_key.
    ("GET", "/open311/v2/services.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/services/{code}.{fmt}"): PUBLIC,
    ("POST", "/open311/v2/requests.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/requests.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/requests/{request_id}.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/tokens/{token}.{fmt}"): PUBLIC,
    ("POST", "/open311/clients"): {"administrator"},
    ("GET", "/open311/clients"): {"administrator"},
    ("POST", "/open311/clients/{client_id}/revocation"): {"administrator"},
    ("GET", "/users/me"): ANY,
    ("POST", "/users/me/password"): ANY,
    ("POST", "/users"): {"administrator"},
    ("GET", "/users"): ANY,
    ("GET", "/users/{user_id}"): {"administrator"},
    ("GET", "/users/{user_id}/history"): {"administrator", "auditor"},
    ("POST", "/users/{user_id}/grants"): {"administrator"},
    ("POST", "/users/{user_id}/profile"): {"administrator"},
    ("POST", "/users/{user_id}/revocation"): {"administrator"},
    ("POST", "/users/{user_id}/deactivation"): {"administrator"},
    ("POST", "/agencies"): {"administrator"},
    ("GET", "/agencies/{agency_id}"): ANY,
    ("GET", "/agencies"): ANY,
    ("POST", "/agencies/{agency_id}/name"): {"administrator"},
    ("POST", "/agencies/{agency_id}/parent"): {"administrator"},
    ("POST", "/agencies/{agency_id}/merger"): {"administrator"},
    ("POST", "/agencies/{agency_id}/dissolution"): {"administrator"},
    ("POST", "/agencies/{agency_id}/succession-transfers"): {"administrator"},
    ("POST", "/meetings"): {"officer"},
    ("POST", "/meetings/{meeting_id}/visits"): {"officer"},
    ("POST", "/meetings/{meeting_id}/refusals"): {"officer"},
    ("GET", "/meetings/{meeting_id}"): READERS,
    ("GET", "/meetings"): READERS,
    ("GET", "/cases"): READERS,
    ("GET", "/reports/statistics"): REPORTS,
    ("POST", "/reports/issued"): {"leader"},
    ("GET", "/reports/issued/{report_id}"): REPORTS,
    ("GET", "/reports/escalations"): REPORTS,
    ("GET", "/reports/reception"): REPORTS,
    ("GET", "/reports/statistics/cases"): REPORTS,
    ("GET", "/reports/escalations/cases"): REPORTS,
    ("GET", "/reports/fields"): REPORTS,
    ("GET", "/reports/forms/{form}"): REPORTS,
    ("GET", "/reports/forms/{form}.{fmt}"): REPORTS,
    ("GET", "/reports/issued/{report_id}/forms/{form}"): REPORTS,
    ("GET", "/reports/issued/{report_id}/forms/{form}.{fmt}"): REPORTS,
    ("GET", "/reports/deadlines"): READERS,
    ("POST", "/cases"): {"officer"},
    ("GET", "/cases/{case_id}"): READERS,
    ("GET", "/cases/{case_id}/history"): READERS,
    ("GET", "/cases/{case_id}/petitioner"): {"officer"},
    ("GET", "/integrity/checkpoints/latest"): {"auditor", "inspection_board", "administrator"},
    ("GET", "/integrity/checkpoints/latest/{store}"): {
        "auditor",
        "inspection_board",
        "administrator",
    },
    ("GET", "/integrity/public-key"): {"auditor", "inspection_board", "administrator"},
    ("POST", "/integrity/checkpoints"): {"auditor", "administrator"},
    ("GET", "/integrity/cases/{case_id}/proof"): {"auditor", "inspection_board"},
    ("GET", "/integrity/consistency"): {"auditor", "inspection_board", "administrator"},
    ("GET", "/cases/{case_id}/petitioner/reads"): {"auditor"},
    ("POST", "/cases/{case_id}/petitioner/shred"): {"administrator"},
    ("POST", "/cases/{case_id}/summary/shred"): {"administrator"},
    **{
        ("POST", f"/cases/{{case_id}}/{action}"): {"officer"}
        for action in [
            "appeals",
            "chase-up",
            "classification",
            "referral",
            "referral-receipt",
            "acceptance",
            "archival",
            "guidance",
            "assignment",
            "extensions",
            "verifications",
            "conclusion",
            "notification",
            "publication",
            "withdrawal",
            "termination",
            "suspension",
            "resumption",
            "further-denunciations",
            "reexamination",
            "acceptance-notice",
            "refusal-notice",
            "check-extension",
            "inspection-forwarding",
            "kind-correction",
            "parts",
            "due-date-correction",
            "enforcement",
            "transfer",
        ]
    },
}
USERS = {
    "officer": "officer",
    "leader": "leader",
    "inspection_board": "board",
    "auditor": "auditor",
    "administrator": "admin",
}


def routes(w: World) -> list[tuple[str, str]]:
    schema = w.client.get("/openapi.json").json()
    return [(m.upper(), p) for p, ops in schema["paths"].items() for m in ops]


def fill(path: str) -> str:
    return re.sub(
        r"\{[a-z_]+\}", str(uuid4()), path.replace("{reference_code}", "PA-2026-0000-0000-00")
    )


def test_every_route_is_in_the_role_matrix(sqlite_world: World) -> None:
    assert set(routes(sqlite_world)) == set(ALLOWED)


def test_anonymous_and_wrong_role_callers_are_refused_everywhere(world: World) -> None:
    w = world
    for method, path in routes(w):
        allowed = ALLOWED[(method, path)]
        if allowed == PUBLIC:
            continue
        url = fill(path)
        anonymous = w.client.request(method, url, json={})
        assert anonymous.status_code == 401, (method, path)
        assert anonymous.headers["www-authenticate"] == "Bearer"
        assert anonymous.headers["content-type"] == "application/problem+json"
        for role, user in USERS.items():
            if role in allowed:
                continue
            refused = w.client.request(method, url, json={}, headers=w.as_(user))
            assert refused.status_code == 403, (method, path, role, refused.text)
            assert refused.json()["status"] == 403


def test_a_revoked_or_forged_token_is_refused(world: World) -> None:
    w = world
    assert w.get(None, "/users/me", headers={"Authorization": "Bearer forged"}).status_code == 401
    assert w.post("auditor", "/auth/logout").status_code == 204
    assert w.get("auditor", "/users/me").status_code == 401
    # A role revoked by the administrator takes effect at once, and is itself an event:
    # the tokens issued before it end (401), and a new one gives no access (403).
    assert w.post("admin", f"/users/{w.user_ids['leader']}/revocation").status_code == 200
    assert w.get("leader", f"/cases/{uuid4()}").status_code == 401
    fresh = w.login("leader")
    assert w.client.get(f"/cases/{uuid4()}", headers=fresh).status_code == 403


def test_a_wrong_password_is_refused_alike_for_unknown_users(world: World) -> None:
    for username in ("officer", "nobody"):
        response = world.client.post(
            "/auth/token", data={"username": username, "password": "wrong password!"}
        )
        assert response.status_code == 401
        assert response.json()["detail"] == "invalid username or password"


def test_every_route_has_a_summary_and_declared_errors(sqlite_world: World) -> None:
    schema = sqlite_world.client.get("/openapi.json").json()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op.get("summary"), (method, path)
            assert any(code.startswith(("4", "5")) for code in op["responses"]), (method, path)
    assert sqlite_world.client.get("/docs").status_code == 200


def test_one_canonical_log_line_per_request_without_names(sqlite_world: World) -> None:
    w = sqlite_world
    with structlog.testing.capture_logs() as logs:
        w.record(petitioner={"full_name": "Phạm Thị Riêng"})
    lines = [e for e in logs if e["event"] == "request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "POST"
    assert line["route"] == "/cases"
    assert line["status"] == 201
    assert line["user_id"] == str(w.user_ids["officer"])
    assert line["duration_ms"] >= 0
    assert "Phạm" not in str(logs)


def test_who_granted_whom_what_is_an_audited_history(world: World) -> None:
    w = world
    target = w.user_ids["officer2"]
    assert (
        w.post(
            "admin", f"/users/{target}/grants", {"role": "leader", "agency_id": str(w.province)}
        ).status_code
        == 200
    )
    assert w.post("admin", f"/users/{target}/revocation").status_code == 200
    history = w.get("auditor", f"/users/{target}/history").json()["events"]
    assert [e["event"] for e in history] == [
        "Registered",
        "RoleGranted",
        "RoleGranted",
        "RoleRevoked",
    ]
    assert history[2]["fields"]["role"] == "leader"
    assert history[2]["fields"]["granted_by"] == str(User.create_id("admin"))
    assert "password_hash" not in str(history)


def test_a_password_change_ends_every_session_of_the_user(world: World) -> None:
    w = world
    elsewhere = w.login("officer2")  # e.g. a stolen token, or another browser
    change = {"current_password": PASSWORD, "new_password": "a fresh long passphrase"}
    assert w.post("officer2", "/users/me/password", change).status_code == 200
    for headers in (w.headers["officer2"], elsewhere):
        refused = w.client.get("/users/me", headers=headers)
        assert refused.status_code == 401, refused.text
    assert w.get("officer", "/users/me").status_code == 200  # other users keep theirs
    fresh = w.login("officer2", "a fresh long passphrase")
    assert w.client.get("/users/me", headers=fresh).status_code == 200
