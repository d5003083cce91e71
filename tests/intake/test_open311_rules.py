"""Open311 rules as data: a batch service answers a token, and a rule may say "beyond the level"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
import xmltodict

from api.open311.rules import load_rules
from domain.open311 import Area, ServiceType
from ops.settings import Settings
from tests.intake.served import EXAMPLE_RULES, Served, issue_key, served


@pytest.fixture(scope="module")
def site(module_store: Settings, cheap_hashing_for_module: None) -> Iterator[Served]:
    example = load_rules(str(EXAMPLE_RULES))
    batch = replace(example.services[-1], type=ServiceType.BATCH)  # KN-01, a recommendation
    beyond = Area(
        "Quốc lộ 3 (vượt cấp)", "X2", ("MT-01",), (21.0, 105.0, 21.1, 105.1), beyond_level=True
    )
    rules = replace(
        example, services=(*example.services[:-1], batch), areas=(beyond, *example.areas)
    )
    with served(module_store, rules) as s:
        issue_key(s)
        yield s


def post(s: Served, fmt: str, **fields: str) -> httpx.Response:
    form = {"api_key": s.api_key, "address_string": "Phường Phan Đình Phùng", **fields}
    return httpx.post(f"{s.open311}/requests.{fmt}", data=form, timeout=20)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_batch_service_answers_a_token_that_gives_the_request_id(site: Served, fmt: str) -> None:
    response = post(site, fmt, service_code="KN-01", description="Rút ngắn thời gian cấp phép")
    assert response.status_code == 201, response.text
    if fmt == "json":
        (answer,) = response.json()
        assert list(answer) == ["token", "service_notice", "account_id"]
    else:
        answer = xmltodict.parse(response.content)["service_requests"]["request"]
        assert "service_request_id" not in answer
    token = answer["token"]
    exchanged = httpx.get(f"{site.open311}/tokens/{token}.{fmt}")
    assert exchanged.status_code == 200
    if fmt == "json":
        (found,) = exchanged.json()
    else:
        found = xmltodict.parse(exchanged.content)["service_requests"]["request"]
    assert list(found) == ["service_request_id", "token"]
    assert found["token"] == token
    request = httpx.get(f"{site.open311}/requests/{found['service_request_id']}.json").json()[0]
    assert request["service_code"] == "KN-01"


def test_a_request_routed_by_a_rule_that_says_so_counts_as_beyond_the_level(site: Served) -> None:
    response = post(site, "json", service_code="MT-01", lat="21.05", long="105.05")
    assert response.status_code == 201, response.text
    petitions = site.app.state.stores.petitions
    case_id = petitions.find_by_reference(response.json()[0]["service_request_id"])
    history = site.world.get("auditor", f"/cases/{case_id}/history").json()["events"]
    assert history[1]["event"] == "Classified"
    assert history[1]["fields"]["beyond_competence"] is True
    assert history[2]["fields"]["to_agency_id"] == str(site.world.other_commune)
