"""The smaller holes found by trying the service as an operator would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.ratelimit import RateLimiter, counter_for
from ops import serve
from ops.settings import Settings
from tests.api.conftest import World, days_ago
from tests.api.test_stories import concluded_complaint


def chunks(size: int) -> Iterator[bytes]:
    for _ in range(size // 1024):
        yield b"x" * 1024


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/cases", "application/json"),
        ("/auth/token", "application/x-www-form-urlencoded"),
        ("/auth/token", "multipart/form-data; boundary=x"),
    ],
)
def test_a_chunked_body_over_the_limit_is_413_whatever_its_type(
    sqlite_world: World, path: str, content_type: str
) -> None:
    w = sqlite_world
    headers = {**w.as_("officer"), "Content-Type": content_type}
    answer = w.client.post(path, content=chunks(300 * 1024), headers=headers)
    assert answer.status_code == 413
    assert answer.json()["title"] == "too-large"


def test_another_agencys_officer_cannot_learn_that_a_case_exists_by_appealing_it(
    world: World,
) -> None:
    w = world
    first = concluded_complaint(w)
    body = {"channel": "post", "summary": "Lần hai", "legal_date": days_ago(5)}
    answer = w.post("other-officer", f"/cases/{first}/appeals", body)
    assert answer.status_code == 404
    unknown = w.post("other-officer", "/cases/00000000-0000-4000-8000-000000000000/appeals", body)
    assert unknown.status_code == 404
    assert answer.json()["detail"].split()[:2] == unknown.json()["detail"].split()[:2]


def test_another_agencys_officer_cannot_learn_a_cases_kind_by_denouncing_it_further(
    world: World,
) -> None:
    w = world
    case = w.record()["id"]  # not a denunciation: its own officers are told so
    body = {"channel": "post", "summary": "Tố cáo tiếp", "legal_date": days_ago(5)}
    told = w.post("officer", f"/cases/{case}/further-denunciations", body)
    assert told.status_code == 422
    answer = w.post("other-officer", f"/cases/{case}/further-denunciations", body)
    assert answer.status_code == 404, answer.text
    unknown = w.post(
        "other-officer", "/cases/00000000-0000-4000-8000-000000000000/further-denunciations", body
    )
    assert answer.json()["detail"].split()[:2] == unknown.json()["detail"].split()[:2]


def test_forwarded_addresses_are_believed_only_from_configured_proxies() -> None:
    by_default = serve.server_options("", "127.0.0.1", 8000)
    configured = serve.server_options("10.0.0.5, 10.1.0.0/16", "127.0.0.1", 8000)
    assert by_default["proxy_headers"] is False  # not even from 127.0.0.1
    assert configured["proxy_headers"] is True
    assert configured["forwarded_allow_ips"] == ["10.0.0.5", "10.1.0.0/16"]
    assert Settings().trusted_proxies == ""


@pytest.fixture
def mid_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock in the middle of a rate-limit window, so no test straddles two windows."""
    monkeypatch.setattr("api.ratelimit.wall_clock", lambda: 1_800_000_030.0)


@pytest.mark.usefixtures("mid_window")
def test_the_public_rate_limit_is_shared_by_every_api_process(store_settings: Settings) -> None:
    # Two API processes on one store: hits on one count against the other.
    first = RateLimiter(3, 60, counter_for(store_settings))
    second = RateLimiter(3, 60, counter_for(store_settings))
    try:
        waits = [first.retry_after("public:203.0.113.9") for _ in range(2)]
        waits += [second.retry_after("public:203.0.113.9") for _ in range(2)]
        other = second.retry_after("public:203.0.113.10")
    finally:
        first.counter.close()
        second.counter.close()
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] > 0
    assert other == 0.0


@pytest.mark.usefixtures("mid_window")
def test_two_apps_on_one_store_share_the_public_limit(sqlite_settings: Settings) -> None:
    apps = [create_app(sqlite_settings, run_projections=False, bootstrap_admin=False) for _ in "ab"]
    with TestClient(apps[0]) as a, TestClient(apps[1]) as b:
        statuses = [
            (a if i % 2 else b).get(f"/public/cases/PA-2026-0000-0000-{i:02d}").status_code
            for i in range(32)
        ]
    assert statuses[:30] == [404] * 30
    assert statuses[30:] == [429, 429]


def test_the_last_administrator_keeps_the_role(world: World) -> None:
    w = world
    me = w.get("admin", "/users/me").json()["id"]
    refused = w.post("admin", f"/users/{me}/revocation")
    assert refused.status_code == 422
    assert "last administrator" in refused.json()["detail"]
    demoted = w.post("admin", f"/users/{me}/grants", {"role": "auditor"})
    assert demoted.status_code == 422
    assert w.get("admin", "/users/me").json()["role"] == "administrator"
    # With a second administrator, either may step down, but not both.
    w.add_user("admin2", "administrator", None)
    assert w.post("admin", f"/users/{w.user_ids['admin2']}/revocation").status_code == 200
    assert w.post("admin", f"/users/{me}/revocation").status_code == 422
    assert (
        w.post(
            "admin", f"/users/{w.user_ids['admin2']}/grants", {"role": "administrator"}
        ).status_code
        == 200
    )
    w.headers["admin2"] = w.login("admin2")  # the revocation ended admin2's earlier session
    assert w.post("admin2", f"/users/{me}/deactivation").status_code == 200
    assert w.post("admin2", f"/users/{w.user_ids['admin2']}/revocation").status_code == 422


def test_a_reference_code_is_found_with_look_alike_letters_in_its_year(world: World) -> None:
    w = world
    code = w.record()["reference_code"]
    prefix, year, *rest = code.split("-")
    typed = "-".join([prefix, year.replace("0", "O").replace("1", "l"), *rest]).lower()
    assert w.get(None, f"/public/cases/{typed}").status_code == 200


def test_every_operation_declares_400_413_and_503(sqlite_world: World) -> None:
    schema = sqlite_world.client.get("/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert {"400", "413", "503"} <= operation["responses"].keys(), (method, path)


def test_options_lists_every_method_of_the_path(sqlite_world: World) -> None:
    w = sqlite_world
    answer = w.client.options("/cases")
    assert answer.status_code == 204
    assert {"GET", "POST", "OPTIONS"} <= set(answer.headers["allow"].split(", "))
    wrong = w.client.delete("/cases", headers=w.as_("officer"))
    assert wrong.status_code == 405
    assert {"GET", "POST"} <= set(wrong.headers["allow"].split(", "))


def test_numbers_are_not_dates_and_booleans_are_not_numbers(sqlite_world: World) -> None:
    w = sqlite_world
    assert w.get("officer", "/cases", params={"overdue_on": "0"}).status_code == 422
    assert w.get("officer", "/cases", params={"overdue_on": days_ago(0)}).status_code == 200
    meeting = w.ok(
        "officer",
        "/meetings",
        {"host_id": "lãnh đạo", "kind": "regular", "legal_date": days_ago(1)},
    )
    visits = f"/meetings/{meeting['id']}/visits"
    visit = {"legal_date": days_ago(1)}
    assert w.post("officer", visits, {**visit, "persons": False}).status_code == 422
    assert w.post("officer", visits, {**visit, "persons": 2.0}).status_code == 422
    assert w.post("officer", visits, {**visit, "persons": 2}).status_code == 201
    petition = {"channel": "post", "summary": "x"}
    assert w.post("officer", "/cases", {**petition, "legal_date": 1_700_000_000}).status_code == 422
    assert (
        w.post(
            "officer", "/cases", {**petition, "legal_date": days_ago(1), "petitioner_count": True}
        ).status_code
        == 422
    )
