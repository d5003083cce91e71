"""The integrity endpoints: checkpoints signed on demand, a case's proof, consistency, roles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops.integrity.checkpoints import generate_key, load_public_key
from ops.integrity.offline import check_text
from ops.settings import Settings
from tests.api.conftest import World, make_world
from tests.integrity.conftest import catch_up_integrity


@pytest.fixture
def keyed_world(integrity_settings: Settings) -> Iterator[World]:
    generate_key(integrity_settings)
    yield from make_world(integrity_settings)


def test_a_case_proof_verifies_offline_against_the_signed_checkpoint(
    keyed_world: World, integrity_settings: Settings
) -> None:
    w = keyed_world
    case_id = w.record()["id"]
    catch_up_integrity(integrity_settings)
    # Only the auditors' roles may sign or read; an officer may not.
    assert w.post("officer", "/integrity/checkpoints").status_code == 403
    assert w.get("officer", "/integrity/checkpoints/latest").status_code == 403
    signed = w.post("auditor", "/integrity/checkpoints")
    assert signed.status_code == 201, signed.text
    latest = w.get("board", "/integrity/checkpoints/latest/petitions").json()
    assert latest["tree_size"] > 0
    key = load_public_key(integrity_settings.integrity_public_key)
    assert w.get("admin", "/integrity/public-key").text.startswith("-----BEGIN PUBLIC KEY")

    proof = w.get("auditor", f"/integrity/cases/{case_id}/proof")
    assert proof.status_code == 200, proof.text
    document = proof.json()
    assert document["checkpoint"] == latest
    assert document["events"]
    assert all(e["path"] is not None for e in document["events"])
    count, problems = check_text(json.dumps(document), key)
    assert (count, problems) == (len(document["events"]), [])

    # A proof whose event was altered, or whose checkpoint was re-signed by no one, fails.
    forged = json.loads(json.dumps(document))
    forged["events"][0]["topic"] = "domain.case:Case.Closed"
    assert any("leaf hash" in p for p in check_text(json.dumps(forged), key)[1])
    forged = json.loads(json.dumps(document))
    forged["checkpoint"]["tree_size"] += 1
    assert any("signature" in p for p in check_text(json.dumps(forged), key)[1])


def test_consistency_between_two_checkpoints_verifies_offline(
    keyed_world: World, integrity_settings: Settings
) -> None:
    w = keyed_world
    w.record()
    catch_up_integrity(integrity_settings)
    first = w.post("admin", "/integrity/checkpoints").json()
    size = next(c["tree_size"] for c in first if c["store"] == "petitions")
    w.record()
    catch_up_integrity(integrity_settings)
    w.post("admin", "/integrity/checkpoints")
    answer = w.get("admin", "/integrity/consistency", params={"first": size})
    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert document["second"]["tree_size"] > size
    key = load_public_key(integrity_settings.integrity_public_key)
    assert check_text(json.dumps(document), key) == (1, [])
    document["path"][0] = "00" * 32
    assert check_text(json.dumps(document), key)[1]
    assert (
        w.get("admin", "/integrity/consistency", params={"first": size + 10**6}).status_code == 404
    )


def test_an_unreadable_checkpoint_file_answers_503_not_500(
    keyed_world: World, integrity_settings: Settings
) -> None:
    w = keyed_world
    assert w.get("auditor", "/integrity/checkpoints/latest/petitions").status_code == 404
    folder = Path(integrity_settings.integrity_checkpoint_dir) / "petitions"
    folder.mkdir(parents=True)
    (folder / "000000000001-x.json").write_text("[]")
    for path in ("/integrity/checkpoints/latest", "/integrity/checkpoints/latest/petitions"):
        answer = w.get("auditor", path)
        assert answer.status_code == 503, answer.text
        assert "unreadable" in answer.json()["detail"]
