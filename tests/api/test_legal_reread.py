"""Points of the legal re-read through the HTTP API: refusals answer 422 with their reason."""

from __future__ import annotations

from uuid import uuid4

from tests.api.conftest import World, days_ago


def test_an_archival_as_a_duplicate_or_as_anonymous_is_refused_with_its_reason(
    world: World,
) -> None:
    """A duplicate of no petition, and a signed petition as anonymous: 422 naming the rule."""
    w = world
    cid = w.record()["id"]
    body = {"reason": "the same letter, sent again", "legal_date": days_ago(29)}
    unknown = w.post(
        "officer",
        f"/cases/{cid}/archival",
        {**body, "grounds": "duplicate", "duplicate_of": str(uuid4())},
    )
    assert unknown.status_code == 422, unknown.text
    assert "duplicate_of names no petition" in unknown.json()["detail"]
    signed = w.post("officer", f"/cases/{cid}/archival", {**body, "grounds": "anonymous"})
    assert signed.status_code == 422, signed.text
    assert "is not archived as anonymous" in signed.json()["detail"]
    assert w.case("officer", cid)["status"] == "received"
