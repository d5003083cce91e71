"""The published schema: examples on every request body, vocabularies as enums."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import World


def request_bodies(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", content)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for content in operation.get("requestBody", {}).get("content", {}).values()
    ]


def test_every_request_body_has_an_example(sqlite_world: World) -> None:
    schema = sqlite_world.client.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    without = [
        name
        for name, content in request_bodies(schema)
        if "example" not in content
        and "examples" not in components[content["schema"]["$ref"].split("/")[-1]]
    ]
    assert request_bodies(schema)
    assert without == []


def test_vocabularies_are_published_as_enums(sqlite_world: World) -> None:
    components = sqlite_world.client.get("/openapi.json").json()["components"]["schemas"]
    outcome = components["ConcludeIn"]["properties"]["outcome"]
    assert {"right", "partly_true", "answered"} <= set(outcome["enum"])
    assert "complaint: partly_right/right/wrong" in outcome["description"]
    for name in ("ArchiveGrounds", "TerminationGrounds", "Channel", "Kind", "Complexity", "Role"):
        assert components[name]["enum"], name


def test_recording_a_petition_answers_the_reference_code_for_the_receipt(
    sqlite_world: World,
) -> None:
    w = sqlite_world
    answer = w.record()
    assert {"id", "version", "position", "reference_code"} <= answer.keys()
    assert w.case("officer", answer["id"])["reference_code"] == answer["reference_code"]
