"""An identity stored in plain text before sealing existed still loads, marked legacy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain.application import Petitions
from domain.application_identity import PersonalData
from domain.errors import ShreddedError
from domain.identity import Identity
from ops.settings import Settings
from tests.domain.stored_shapes import as_stored_before
from tests.projections.story import Story

PLAIN = {"full_name": "Vũ Văn Cũ", "address": "Thôn Xưa", "contact": "", "id_number": "012"}


@pytest.fixture
def app(store_settings: Settings) -> Iterator[Petitions]:
    app = Petitions(store_settings.eventsourcing_env())
    yield app
    app.close()


def legacy_case(app: Petitions, monkeypatch: pytest.MonkeyPatch) -> object:
    """A case whose identity's `Recorded` event is stored as version 1 wrote it."""
    story = Story(app)
    identity = Identity.record(app.vault, "x", "", "", "")
    (recorded,) = identity.collect_events()
    monkeypatch.setattr(app, "identities_for", lambda _: (identity,))
    case_id = story.receive(story.tree.district_a, date(2025, 3, 3), personal=PersonalData("x"))
    old = as_stored_before(app, recorded, ("key_id", "sealed", "legacy"), **PLAIN)
    app.recorder.insert_events([old])
    return case_id


def test_a_plain_text_identity_discloses_marked_legacy_and_can_be_shredded(
    app: Petitions, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = legacy_case(app, monkeypatch)
    shown = app.disclose_identity(case_id, "officer-1", "verification")  # type: ignore[arg-type]
    assert shown.legacy is True
    assert vars(shown.person) == PLAIN
    # Shredding it records the act and stops every read; its old event is not rewritten.
    app.shred_identity(case_id, "admin-1", "retention ended", "basis")  # type: ignore[arg-type]
    with pytest.raises(ShreddedError):
        app.disclose_identity(case_id, "officer-1", "verification")  # type: ignore[arg-type]
    audit = app.identity_audit(case_id)  # type: ignore[arg-type]
    assert (audit.legacy, audit.shredded_by, len(audit.reads)) == (True, "admin-1", 1)
