"""Open311 GeoReport v2 against a real client (issue 14, point 1), on SQLite and PostgreSQL.

Reading goes through the `georeport` package (it builds `{root}/services.{format}`,
`services/{code}.{format}`, `requests.{format}` and `requests/{id}.{format}`, and
parses JSON with `response.json()` and XML with `xmltodict`); filing goes through a
plain HTTP client sending exactly what the specification's example sends, a
form-encoded `POST requests.json` or `requests.xml`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import xmltodict
from georeport import GeoReport

from api.ratelimit import RateLimiter
from ops.settings import Settings
from tests.intake.served import Served, issue_key, served

# The fields of the specification's examples, in their order.
SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
IN_X1 = {"lat": "21.5942", "long": "105.8482"}  # inside the example rules' X1 box
NOWHERE = {"lat": "10.7769", "long": "106.7009"}  # no rule covers it
PERSONAL = {
    "email": "smit333@example.vn",
    "device_id": "tt222111",
    "account_id": "123456",
    "first_name": "Văn",
    "last_name": "Nguyễn",
    "phone": "0912345678",
}


@pytest.fixture(scope="module")
def site(module_store: Settings, cheap_hashing_for_module: None) -> Iterator[Served]:
    """One served app per store for the module: each test files its own requests."""
    with served(module_store) as s:
        issue_key(s)
        yield s


def file(s: Served, fmt: str = "json", **fields: str) -> httpx.Response:
    """POST requests.{fmt}, form-encoded as in the specification's example."""
    form = {
        "api_key": s.api_key,
        "jurisdiction_id": "thainguyen.gov.vn",
        "service_code": "GT-01",
        **IN_X1,
        "address_string": "Đường Bắc Sơn, phường Phan Đình Phùng",
        **PERSONAL,
        "description": "Ổ gà lớn giữa đường, xe máy ngã nhiều lần",
        "media_url": "https://example.vn/photos/o-ga.jpg",
        "attribute[MUC_DO]": "nguy_hiem",
    }
    form.update(fields)
    return httpx.post(f"{s.open311}/requests.{fmt}", data=form, timeout=20)


def filed_id(s: Served, **fields: str) -> str:
    response = file(s, **fields)
    assert response.status_code == 201, response.text
    request_id: str = response.json()[0]["service_request_id"]
    s.wait_for_views(s.last_position())
    return request_id


def client(s: Served, fmt: str) -> GeoReport:
    return GeoReport(s.open311, output_format=fmt)


def as_list(parsed: Any) -> list[Any]:
    """xmltodict gives one repeated element as a dict, several as a list."""
    return parsed if isinstance(parsed, list) else [parsed]


# ----- services ----------------------------------------------------------------------------


def test_the_georeport_client_lists_the_services_in_json(site: Served) -> None:
    services = client(site, "json").get_service_list()
    assert [s["service_code"] for s in services] == ["GT-01", "CS-01", "TN-01", "MT-01", "KN-01"]
    assert all(list(s) == SERVICE_FIELDS for s in services)
    road = services[0]
    assert (road["metadata"], road["type"], road["group"]) == (True, "realtime", "giao thông")
    assert road["keywords"] == "đường, ổ gà, sụt lún, cầu"


def test_the_georeport_client_lists_the_services_in_xml(site: Served) -> None:
    services = as_list(client(site, "xml").get_service_list())
    assert [s["service_code"] for s in services] == ["GT-01", "CS-01", "TN-01", "MT-01", "KN-01"]
    assert list(services[0]) == SERVICE_FIELDS
    assert (services[0]["metadata"], services[1]["metadata"]) == ("true", "false")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_reads_a_service_definition(site: Served, fmt: str) -> None:
    definition = client(site, fmt).get_service_definition("GT-01")
    assert definition["service_code"] == "GT-01"
    attributes = definition["attributes"]
    attribute = attributes[0] if fmt == "json" else attributes["attribute"]
    assert list(attribute) == ATTRIBUTE_FIELDS
    assert (attribute["code"], attribute["datatype"]) == ("MUC_DO", "singlevaluelist")
    values = attribute["values"] if fmt == "json" else attribute["values"]["value"]
    assert [v["key"] for v in values] == ["nhe", "nang", "nguy_hiem"]


def test_an_unknown_service_is_a_404_in_the_specs_error_format(site: Served) -> None:
    response = httpx.get(f"{site.open311}/services/ZZ-99.json")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "service_code 'ZZ-99' was not found"}]
    xml = httpx.get(f"{site.open311}/services/ZZ-99.xml")
    errors = xmltodict.parse(xml.content)["errors"]["error"]
    assert (xml.status_code, errors["code"]) == (404, "404")


def test_a_format_other_than_json_or_xml_is_not_found(site: Served) -> None:
    response = httpx.get(f"{site.open311}/services.csv")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


# ----- filing ------------------------------------------------------------------------------


def test_filing_in_json_answers_the_request_id_as_the_spec_shows(site: Served) -> None:
    response = file(site)
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    (answer,) = response.json()
    assert list(answer) == ["service_request_id", "service_notice", "account_id"]
    assert answer["service_request_id"].startswith("PA-")
    assert answer["service_notice"].startswith("UBND xã, phường kiểm tra")
    assert answer["account_id"] is None


def test_filing_in_xml_answers_the_request_id_as_the_spec_shows(site: Served) -> None:
    response = file(site, "xml")
    assert response.status_code == 201
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    request = xmltodict.parse(response.content)["service_requests"]["request"]
    assert list(request) == ["service_request_id", "service_notice", "account_id"]
    assert request["account_id"] is None


def test_a_filed_request_is_routed_to_the_commune_and_attributed_to_the_client(
    site: Served,
) -> None:
    request_id = filed_id(site)
    petitions = site.app.state.stores.petitions
    case_id = petitions.find_by_reference(request_id)
    case = site.world.case("auditor", case_id)
    assert case["handling_agency_id"] == str(site.world.commune)
    assert case["receiving_agency_id"] == str(site.world.province)
    assert case["channel"] == "online"
    assert case["location"] == {
        "lat": 21.5942,
        "long": 105.8482,
        "address": "Đường Bắc Sơn, phường Phan Đình Phùng",
    }
    assert case["service_code"] == "GT-01"
    history = site.world.get("auditor", f"/cases/{case_id}/history").json()["events"]
    assert [e["event"] for e in history] == ["Received", "Classified", "Referred"]
    assert {e["actor_name"] for e in history} == {"FixMyStreet Thái Nguyên"}
    classified = history[1]["fields"]
    assert (classified["kind"], classified["field"]) == ("reflection", "transport")
    assert classified["beyond_competence"] is False
    assert "Phường Phan Đình Phùng" in history[1]["reason"]
    assert history[0]["fields"]["intake_rules"] == "open311-TN-2025.1 Phường Phan Đình Phùng"


def test_the_contact_fields_go_into_the_identity_and_nowhere_in_the_case(site: Served) -> None:
    request_id = filed_id(site)
    petitions = site.app.state.stores.petitions
    case_id = petitions.find_by_reference(request_id)
    case = petitions.get_case(case_id)
    identity = petitions.get_identity(case.identity_id)
    person = petitions.vault.unseal(identity.key_id, identity.sealed)
    assert person["full_name"] == "Văn Nguyễn"
    assert "smit333@example.vn" in person["contact"]
    assert "0912345678" in person["contact"]
    seen = site.world.get("auditor", f"/cases/{case_id}/history").text
    seen += site.world.get("auditor", f"/cases/{case_id}").text
    for value in PERSONAL.values():
        assert value not in seen


def test_a_request_no_rule_covers_waits_at_the_province_and_is_not_beyond_the_level(
    site: Served,
) -> None:
    request_id = filed_id(site, **NOWHERE, address_string="Quận 1")
    petitions = site.app.state.stores.petitions
    case_id = petitions.find_by_reference(request_id)
    w = site.world
    assert w.case("province-officer", case_id)["status"] == "received"
    w.ok(
        "province-officer",
        f"/cases/{case_id}/classification",
        {
            "kind": "reflection",
            "field": "giao thông",
            "competent_agency_id": str(w.commune),
            "legal_date": petitions.today().isoformat(),
        },
    )
    history = w.get("auditor", f"/cases/{case_id}/history").json()["events"]
    assert history[-1]["fields"]["beyond_competence"] is False


def test_the_ward_named_in_the_address_routes_a_request_without_coordinates(
    site: Served,
) -> None:
    request_id = filed_id(site, lat="", long="", address_string="Thôn 5, Xa X2, Thai Nguyen")
    case_id = site.app.state.stores.petitions.find_by_reference(request_id)
    case = site.world.case("auditor", case_id)
    assert case["handling_agency_id"] == str(site.world.other_commune)


@pytest.mark.parametrize(
    ("fields", "status", "description"),
    [
        ({"api_key": ""}, 403, "Invalid api_key received -- can't proceed with create_request."),
        ({"api_key": "guess"}, 403, "Invalid api_key received"),
        ({"service_code": ""}, 400, "service_code was not provided"),
        ({"service_code": "ZZ-1"}, 404, "service_code 'ZZ-1' was not found"),
        ({"jurisdiction_id": "hanoi.gov.vn"}, 404, "jurisdiction_id 'hanoi.gov.vn'"),
        ({"lat": "", "long": "", "address_string": ""}, 400, "a location is required"),
        ({"lat": "91", "long": "105"}, 400, "lat is between -90 and 90"),
        ({"attribute[MUC_DO]": "rat_nang"}, 400, "attribute[MUC_DO] takes one of"),
        ({"attribute[COLOUR]": "red"}, 400, "attribute[COLOUR] is not asked by GT-01"),
        ({"description": "x" * 4001}, 400, "description is limited to 4000 characters"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url is an http or https address"),
    ],
)
def test_a_bad_filing_is_refused_in_the_specs_error_format(
    site: Served, fields: dict[str, str], status: int, description: str
) -> None:
    response = file(site, **fields)
    assert response.status_code == status
    (error,) = response.json()
    assert error["code"] == status
    assert error["description"].startswith(description)


def test_a_revoked_key_files_nothing_more(site: Served) -> None:
    issued = site.world.ok("admin", "/open311/clients", {"name": "Ứng dụng thử"})
    key = issued["api_key"]
    assert file(site, api_key=key).status_code == 201
    revoked = site.world.post(
        "admin", f"/open311/clients/{issued['id']}/revocation", {"reason": "app withdrawn"}
    )
    assert revoked.status_code == 200, revoked.text
    listed = {c["name"]: c["revoked"] for c in site.world.get("admin", "/open311/clients").json()}
    assert listed == {"Ứng dụng thử": True, "FixMyStreet Thái Nguyên": False}
    response = file(site, "xml", api_key=key)
    assert response.status_code == 403
    error = xmltodict.parse(response.content)["errors"]["error"]
    assert error["description"].startswith("Invalid api_key")


def test_only_an_administrator_issues_keys(site: Served) -> None:
    response = site.world.post("officer", "/open311/clients", {"name": "Rogue"})
    assert response.status_code == 403
    duplicate = site.world.post("admin", "/open311/clients", {"name": "FixMyStreet Thái Nguyên"})
    assert duplicate.status_code == 409


def test_filing_is_rate_limited_as_the_public_api_is(site: Served) -> None:
    generous = site.app.state.public_limiter
    site.app.state.public_limiter = RateLimiter(limit=2, window=60.0)
    try:
        codes = [httpx.get(f"{site.open311}/services.json").status_code for _ in range(3)]
        refused = file(site)
    finally:
        site.app.state.public_limiter = generous
    assert codes == [200, 200, 429]
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()[0]["code"] == 429


# ----- reading requests --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_lists_requests_with_public_facts_only(site: Served, fmt: str) -> None:
    request_id = filed_id(site)
    found = as_list(client(site, fmt).get_service_requests())
    (request,) = [r for r in found if r["service_request_id"] == request_id]
    assert list(request) == REQUEST_FIELDS
    assert (request["status"], request["service_code"]) == ("open", "GT-01")
    assert request["service_name"] == "Hư hỏng đường, cầu"
    assert request["agency_responsible"] == "UBND Phan Đình Phùng"
    assert request["status_notes"] == "Sent to the competent agency"
    assert request["description"] is None
    assert request["requested_datetime"].endswith("+07:00")
    expected = 21.5942 if fmt == "json" else "21.5942"
    assert request["lat"] == expected
    assert request["media_url"] == "https://example.vn/photos/o-ga.jpg"
    text = httpx.get(f"{site.open311}/requests.{fmt}").text
    for value in (*PERSONAL.values(), "Ổ gà lớn giữa đường"):
        assert value not in text


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_reads_one_request(site: Served, fmt: str) -> None:
    request_id = filed_id(site)
    request = client(site, fmt).get_service_request(request_id)
    assert request["service_request_id"] == request_id
    assert list(request) == REQUEST_FIELDS


def test_a_request_is_readable_by_its_id_at_once_after_filing(site: Served) -> None:
    response = file(site)
    request_id = response.json()[0]["service_request_id"]
    (request,) = httpx.get(f"{site.open311}/requests/{request_id}.json").json()
    assert request["status"] == "open"


def test_the_list_filters_by_service_status_and_id(site: Served) -> None:
    road = filed_id(site)
    drain = filed_id(site, service_code="TN-01", **{"attribute[MUC_DO]": ""})
    reader = client(site, "json")

    def ids(**query: str) -> set[str]:
        return {r["service_request_id"] for r in reader.get_service_requests(**query)}

    assert drain in ids(service_code="TN-01")
    assert road not in ids(service_code="TN-01")
    assert ids(service_request_id=f"{road},{drain}") == {road, drain}
    assert {road, drain}.isdisjoint(ids(status="closed"))
    assert {road, drain} <= ids(status="open,closed")


def test_a_concluded_request_is_closed_without_an_expected_date(site: Served) -> None:
    request_id = filed_id(site)
    w = site.world
    case_id = site.app.state.stores.petitions.find_by_reference(request_id)
    today = site.app.state.stores.petitions.today().isoformat()
    w.ok("officer", f"/cases/{case_id}/acceptance", {"legal_date": today, "reason": "Đủ"})
    w.ok(
        "officer",
        f"/cases/{case_id}/conclusion",
        {"outcome": "accepted", "decision_ref": "CV 12", "legal_date": today},
    )
    site.wait_for_views(site.last_position())
    closed = client(site, "json").get_service_requests(status="closed")
    (listed,) = [r for r in closed if r["service_request_id"] == request_id]
    assert listed["status"] == "closed"
    assert listed["status_notes"] == "Settled"
    assert listed["expected_datetime"] is None
    still_open = client(site, "json").get_service_requests(status="open")
    assert request_id not in {r["service_request_id"] for r in still_open}


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"}, "90 days"),
        ({"start_date": "yesterday"}, "start_date is not a W3C date-time"),
        ({"status": "pending"}, "status is open, closed"),
        ({"start_date": "9999-12-31T00:00:00Z"}, "start_date is out of range"),
        ({"end_date": "0001-01-01T00:00:00Z"}, "end_date is out of range"),
        ({"start_date": "0001-01-01T00:00:00+14:00"}, "start_date is out of range"),
    ],
)
def test_a_bad_query_is_refused_in_the_specs_error_format(
    site: Served, query: dict[str, str], description: str
) -> None:
    response = httpx.get(f"{site.open311}/requests.json", params=query)
    assert response.status_code == 400
    assert description in response.json()[0]["description"]


def test_an_unknown_request_and_token_are_not_found(site: Served) -> None:
    assert httpx.get(f"{site.open311}/requests/PA-2025-0000-0000-00.json").status_code == 404
    token = httpx.get(f"{site.open311}/tokens/12345.xml")
    assert token.status_code == 404
    assert xmltodict.parse(token.content)["errors"]["error"]["code"] == "404"


@pytest.mark.parametrize(
    ("path", "query", "unknown"),
    [
        ("/services.json", {"service_code": "X"}, "service_code"),
        ("/services.xml", {"lang": "vi"}, "lang"),
        ("/requests.json", {"page": "2"}, "page"),
        ("/requests.json", {"page_size": "50", "status": "open"}, "page_size"),
        ("/requests.json", {"sort": "requested_datetime"}, "sort"),
        ("/tokens/12345.json", {"status": "open"}, "status"),
    ],
)
def test_an_unknown_query_parameter_is_refused_in_the_specs_error_format(
    site: Served, path: str, query: dict[str, str], unknown: str
) -> None:
    response = httpx.get(f"{site.open311}{path}", params=query)
    assert response.status_code == 400, response.text
    if path.endswith(".xml"):
        error = xmltodict.parse(response.content)["errors"]["error"]
        assert error["code"] == "400"
        assert unknown in error["description"]
    else:
        (error,) = response.json()
        assert error["code"] == 400
        assert f"unknown query parameter: {unknown}" in error["description"]


def test_every_parameter_the_spec_defines_is_taken(site: Served) -> None:
    request_id = filed_id(site)
    every_call = {"jurisdiction_id": "", "api_key": "k", "extensions": "true"}
    listing = {
        **every_call,
        "service_code": "",
        "status": "open,closed",
        "start_date": "",
        "end_date": "",
    }
    assert httpx.get(f"{site.open311}/services.json", params=every_call).status_code == 200
    assert httpx.get(f"{site.open311}/requests.json", params=listing).status_code == 200
    by_id = {**every_call, "service_request_id": request_id}
    found = httpx.get(f"{site.open311}/requests.json", params=by_id)
    assert [r["service_request_id"] for r in found.json()] == [request_id]
    one = httpx.get(f"{site.open311}/requests/{request_id}.json", params=every_call)
    assert one.status_code == 200
