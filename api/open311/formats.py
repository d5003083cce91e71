"""GeoReport v2 answers in JSON or XML, and its error format, as the specification shows them.

JSON is the XML mapped by the Spark convention: a list of objects for a root of
repeated elements, plain values inside. XML is UTF-8 with its declaration, without a
namespace; a missing value is an empty element (JSON: null), booleans are `true` and
`false`, and nested lists are named by the singular of their tag.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring
from zoneinfo import ZoneInfo

from fastapi import Response

FORMATS = ("json", "xml")
JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SINGULAR = {"attributes": "attribute", "values": "value"}
Document = Mapping[str, Any]


class Open311Error(Exception):
    """An error answered in the specification's format: `[{code, description}]`."""

    def __init__(
        self, status: int, description: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.headers = headers or {}


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, f"format {fmt!r} is not served; use json or xml")
    return fmt


def answer(
    fmt: str, root: str, item: str, items: Sequence[Document], status: int = 200
) -> Response:
    """A list of objects: a JSON array, or `<root><item>...</item>...</root>`."""
    if fmt == "json":
        body = json.dumps([_json(i) for i in items], ensure_ascii=False)
        return Response(body, status, media_type=JSON)
    element = Element(root)
    for document in items:
        _fill(SubElement(element, item), document)
    return _xml(element, status)


def answer_one(fmt: str, root: str, document: Document) -> Response:
    """One object: a JSON object, or `<root>...</root>` (a service definition)."""
    if fmt == "json":
        return Response(json.dumps(_json(document), ensure_ascii=False), media_type=JSON)
    element = Element(root)
    _fill(element, document)
    return _xml(element, 200)


def error_response(fmt: str, error: Open311Error) -> Response:
    """`[{"code": 404, "description": "..."}]`, or `<errors><error>...</error></errors>`."""
    response = answer(
        fmt if fmt in FORMATS else "json",
        "errors",
        "error",
        [{"code": error.status, "description": error.description}],
        error.status,
    )
    response.headers.update(error.headers)
    return response


def w3c(moment: datetime) -> str:
    """A moment in the W3C profile of ISO 8601, with Vietnam's offset: 2025-09-15T08:30:00+07:00."""
    return moment.astimezone(VIETNAM).replace(microsecond=0).isoformat()


def end_of(day: date) -> str:
    """The last second of a due day, as a W3C date-time."""
    return w3c(datetime.combine(day, time(23, 59, 59), VIETNAM))


def _json(document: Document) -> dict[str, Any]:
    return {
        k: [_json(v) for v in value] if _is_list(value) else value for k, value in document.items()
    }


def _is_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, Mapping) for v in value)


def _fill(element: Element, document: Document) -> None:
    for key, value in document.items():
        child = SubElement(element, key)
        if _is_list(value):
            for nested in value:
                _fill(SubElement(child, SINGULAR.get(key, "item")), nested)
        elif value is None:
            continue
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        else:
            child.text = str(value)


def _xml(element: Element, status: int) -> Response:
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(element, encoding="utf-8")
    return Response(body, status, media_type=XML)
