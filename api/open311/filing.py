"""POST Service Request: a form from a client application becomes a petition received online.

The client is known by its `api_key` (403 otherwise, in the specification's words).
The place is `lat` and `long`, or `address_string`; the service's attributes come as
`attribute[CODE]=value` (`attribute[CODE][]=...` for several values). The contact
fields (`email`, `first_name`, `last_name`, `phone`, `device_id`, `account_id`) go
into the petitioner's confidential identity and nowhere else; without them the
request is anonymous.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from api.open311.formats import Open311Error
from api.security import token_hash
from api.stores import Stores
from domain.act import Act
from domain.api_clients import ApiClient
from domain.application_identity import PersonalData
from domain.application_online import OnlineRequest
from domain.errors import NotFoundError
from domain.intake import Location
from domain.open311 import Attribute, Datatype, Open311Rules, Service, ServiceType
from ops.wiring import Views
from projections.agencies.persistence import AgencyRow

BAD_KEY = "Invalid api_key received -- can't proceed with create_request."
MAX_DESCRIPTION = 4000  # GeoReport v2
ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
CONTACTS = ("email", "phone", "device_id", "account_id")


def file_request(
    stores: Stores,
    views: Views,
    rules: Open311Rules,
    fields: Mapping[str, str],
    lists: Mapping[str, list[str]],
) -> dict[str, Any]:
    """File the request; answers the `request` of the POST's response."""
    client = _client(stores, fields.get("api_key", ""))
    service = _service(rules, fields.get("service_code", "").strip())
    description = fields.get("description", "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, f"description is limited to {MAX_DESCRIPTION} characters")
    agencies = views.agencies.all()
    portal = _jurisdiction_agency(stores, rules, agencies)
    place = _location(fields)
    area = rules.route(service.code, place)
    routed = (area, _agency(stores, area.agency, agencies)) if area else None
    token = secrets.token_urlsafe(12) if service.type == ServiceType.BATCH else ""
    request = OnlineRequest(
        service,
        rules.version,
        place,
        description,
        fields.get("media_url", "").strip(),
        _attributes(service, lists),
        token,
    )
    reason = f"filed through Open311 by the client application {client.name}"
    act = Act(client.actor_id, portal, stores.petitions.today(), reason)
    written = stores.petitions.file_online_request(request, act, routed, _personal(fields))
    notice = service.notice or None
    if token:
        return {"token": token, "service_notice": notice, "account_id": None}
    code = stores.petitions.get_case(written.id).reference_code
    return {"service_request_id": code, "service_notice": notice, "account_id": None}


def _client(stores: Stores, api_key: str) -> ApiClient:
    if not api_key or len(api_key) > 256:  # noqa: PLR2004
        raise Open311Error(403, BAD_KEY)
    try:
        client = stores.accounts.api_client_by_key(token_hash(api_key))
    except NotFoundError:
        raise Open311Error(403, BAD_KEY) from None
    if client.revoked:
        raise Open311Error(403, BAD_KEY)
    return client


def _service(rules: Open311Rules, code: str) -> Service:
    if not code:
        raise Open311Error(400, "service_code was not provided")
    service = rules.service(code)
    if service is None:
        raise Open311Error(404, f"service_code {code!r} was not found")
    return service


def _location(fields: Mapping[str, str]) -> Location:
    lat, long = fields.get("lat", "").strip(), fields.get("long", "").strip()
    address = fields.get("address_string", "").strip()
    if fields.get("address_id", "").strip() and not (lat or address):
        raise Open311Error(400, "address_id is not known here; send lat and long or address_string")
    if not (lat or long or address):
        raise Open311Error(400, "a location is required: lat and long, or address_string")
    try:
        place = Location(float(lat) if lat else None, float(long) if long else None, address)
    except ValueError:
        raise Open311Error(400, "lat and long are decimal degrees (WGS84)") from None
    return place.checked()


def _jurisdiction_agency(stores: Stores, rules: Open311Rules, agencies: list[AgencyRow]) -> UUID:
    if rules.jurisdiction:
        return _agency(stores, rules.jurisdiction, agencies)
    roots = [a for a in agencies if a.parent_id is None and a.successor_id is None]
    if len(roots) != 1:
        raise Open311Error(400, "the Open311 rules do not name the portal's agency")
    return roots[0].agency_id


def _agency(stores: Stores, code: str, agencies: list[AgencyRow]) -> UUID:
    """The acting agency with this registry code, from the directory or else the log.

    An agency registered a moment ago may not be in the directory yet.
    """
    found = [a.agency_id for a in agencies if a.code == code and a.successor_id is None]
    if not found:
        found = stores.petitions.agency_codes().get(code, [])
    if len(found) != 1:
        raise Open311Error(400, f"the Open311 rules name an unknown agency {code!r}")
    return found[0]


def _attributes(service: Service, lists: Mapping[str, list[str]]) -> dict[str, str]:
    given: dict[str, list[str]] = {}
    for key, values in lists.items():
        match = ATTRIBUTE.match(key)
        answered = [v.strip() for v in values if v.strip()]
        if match and answered:  # an empty optional argument is one not sent (GeoReport v2)
            given.setdefault(match.group(1), []).extend(answered)
    known = {a.code: a for a in service.attributes}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise Open311Error(400, f"attribute[{unknown[0]}] is not asked by {service.code}")
    answers = {}
    for attribute in service.attributes:
        values = given.get(attribute.code, [])
        if not values:
            if attribute.required:
                raise Open311Error(400, f"attribute[{attribute.code}] is required")
            continue
        answers[attribute.code] = _answer(attribute, values)
    return answers


def _answer(attribute: Attribute, values: list[str]) -> str:
    name = f"attribute[{attribute.code}]"
    keys = {key for key, _ in attribute.values}
    if attribute.datatype == Datatype.MULTI:
        if any(v not in keys for v in values):
            raise Open311Error(400, f"{name} takes the keys of its values")
        return ",".join(values)
    if len(values) > 1:
        raise Open311Error(400, f"{name} takes one value")
    value = values[0]
    if attribute.datatype == Datatype.SINGLE and value not in keys:
        raise Open311Error(400, f"{name} takes one of: {', '.join(sorted(keys))}")
    try:
        if attribute.datatype == Datatype.NUMBER:
            float(value)
        if attribute.datatype == Datatype.DATETIME:
            datetime.fromisoformat(value)
    except ValueError:
        raise Open311Error(400, f"{name} is not a {attribute.datatype.value}") from None
    if len(value) > 500:  # noqa: PLR2004
        raise Open311Error(400, f"{name} is longer than 500 characters")
    return value


def _personal(fields: Mapping[str, str]) -> PersonalData | None:
    names = " ".join(
        n for n in (fields.get("first_name", "").strip(), fields.get("last_name", "").strip()) if n
    )
    contacts = "; ".join(f"{c}: {fields[c].strip()}" for c in CONTACTS if fields.get(c, "").strip())
    if not names and not contacts:
        return None
    return PersonalData(names or "(no name given)", "", contacts[:500], "")
