"""A command's stored fingerprint cannot be recomputed from a guessed request.

Every POST command stores a fingerprint of its request (method, path, query, body)
so that a key reused for another request is refused. The body of a password change
holds the passwords, and that of a petition the petitioner's personal data: an
unkeyed hash of it would let whoever reads the store test guesses at hash speed,
bypassing argon2 and surviving the shredding of the identity.
"""

from __future__ import annotations

import hashlib
import json
from types import SimpleNamespace
from typing import Any

from api.idempotency import fingerprint
from tests.api.conftest import PASSWORD, World, days_ago

PERSON = {"full_name": "Lương Thị Ẩn Danh", "id_number": "031199004567"}


def unkeyed(path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in ("POST", path, ""):
        digest.update(part.encode() + b"\0")
    digest.update(body)
    return digest.hexdigest()


def stored_text(w: World) -> str:
    stores: Any = w.client.app.state.stores  # type: ignore[attr-defined]
    return "\n".join(
        note.state.decode("utf-8", errors="replace")
        for app in (stores.petitions, stores.accounts)
        for note in app.recorder.select_notifications(start=1, limit=1_000_000)
    )


def posted(w: World, user: str, path: str, body: dict[str, Any], key: str) -> bytes:
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = {**w.as_(user), "Content-Type": "application/json", "Idempotency-Key": key}
    response = w.client.post(path, content=raw, headers=headers)
    assert response.status_code in {200, 201}, response.text
    return raw


def test_no_stored_fingerprint_is_a_plain_hash_of_a_password_or_a_petition(world: World) -> None:
    w = world
    change = {"current_password": PASSWORD, "new_password": "a new long passphrase 9"}
    password_body = posted(w, "officer2", "/users/me/password", change, "pw-1")
    petition = {
        "channel": "post",
        "summary": "Tố cáo cán bộ địa chính",
        "legal_date": days_ago(3),
        "petitioner": PERSON,
    }
    petition_body = posted(w, "officer", "/cases", petition, "receipt-1")
    stored = stored_text(w)
    assert unkeyed("/users/me/password", password_body) not in stored
    assert unkeyed("/cases", petition_body) not in stored
    # The fingerprint still does its work: a retry replays, another body under the key is refused.
    retry = w.client.post(
        "/cases",
        content=petition_body,
        headers={
            **w.as_("officer"),
            "Content-Type": "application/json",
            "Idempotency-Key": "receipt-1",
        },
    )
    assert retry.headers.get("idempotent-replayed") == "true", retry.text
    other = w.post(
        "officer",
        "/cases",
        {**petition, "legal_date": days_ago(2)},
        headers={"Idempotency-Key": "receipt-1"},
    )
    assert other.status_code == 422


def test_a_petitions_fingerprint_holds_nothing_of_the_petitioner(world: World) -> None:
    # The record and the fingerprint key both outlive a shredding: whoever holds them must
    # not be able to confirm a guessed identity. So two petitions that differ only by their
    # petitioner have the same fingerprint, and a retry re-serialised (other key order,
    # spacing) is the same command.
    w = world
    stores: Any = w.client.app.state.stores  # type: ignore[attr-defined]
    request: Any = SimpleNamespace(method="POST", url=SimpleNamespace(path="/cases", query=""))
    petition = {"channel": "post", "summary": "Phản ánh", "legal_date": days_ago(1)}
    with_person = json.dumps({**petition, "petitioner": PERSON}, ensure_ascii=False).encode()
    other_person = {**petition, "petitioner": {"full_name": "Người Khác"}}
    key = stores.fingerprint_key
    assert fingerprint(key, request, with_person) == fingerprint(
        key, request, json.dumps(other_person).encode()
    )
    reordered = json.dumps(dict(reversed(list(petition.items()))), indent=2).encode()
    assert fingerprint(key, request, reordered) == fingerprint(
        key, request, json.dumps(petition).encode()
    )
    # What the command says still counts.
    changed = json.dumps({**petition, "channel": "email"}).encode()
    assert fingerprint(key, request, changed) != fingerprint(key, request, with_person)
    # Not the summary, which may name the petitioner: it is sealed under the identity's
    # data key and shredded with it (docs/summary-sealing.md); its fingerprint must not
    # confirm a guess after that.
    named = json.dumps({**petition, "summary": "Bà Lương Thị Ẩn Danh khiếu nại"}).encode()
    assert fingerprint(key, request, named) == fingerprint(key, request, with_person)
    # Through the API: the retry of a petition, re-serialised, is answered as replayed.
    first = posted(w, "officer", "/cases", {**petition, "petitioner": PERSON}, "receipt-2")
    again = json.dumps(json.loads(first), indent=1, sort_keys=True).encode()
    headers = {
        **w.as_("officer"),
        "Content-Type": "application/json",
        "Idempotency-Key": "receipt-2",
    }
    retry = w.client.post("/cases", content=again, headers=headers)
    assert retry.headers.get("idempotent-replayed") == "true", retry.text
