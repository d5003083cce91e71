"""Users carry a display name and a post; accounts registered before that still load."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from eventsourcing.persistence import StoredEvent

from domain.accounts import Accounts, Profile
from domain.errors import RuleViolationError
from domain.users import Role, User


def accounts() -> Accounts:
    return Accounts({"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_a_user_is_registered_with_a_display_name_and_a_post() -> None:
    app = accounts()
    profile = Profile("Nguyễn Văn An", "Chuyên viên")
    written = app.register_user("an.nguyen", "hash", Role.AUDITOR, None, "system", profile)
    user = app.user(written.id)
    assert (user.display_name, user.post, user.shown_name) == (
        "Nguyễn Văn An",
        "Chuyên viên",
        "Nguyễn Văn An",
    )


def test_a_user_without_a_display_name_is_shown_by_username() -> None:
    app = accounts()
    user = app.user(app.register_user("binh", "hash", Role.AUDITOR, None, "system").id)
    assert user.shown_name == "binh"


def test_describing_a_user_changes_the_name_and_post_shown() -> None:
    app = accounts()
    user_id = app.register_user("chi.le", "hash", Role.AUDITOR, None, "system").id
    app.describe(user_id, Profile("Lê Thị Chi", "Thanh tra viên"), "admin")
    user = app.user(user_id)
    assert (user.display_name, user.post) == ("Lê Thị Chi", "Thanh tra viên")
    assert [e.event for e in app.user_history(user_id)][-1] == "Described"


def test_a_post_with_control_characters_is_refused() -> None:
    with pytest.raises(RuleViolationError, match="post"):
        User.register("dung.pham", "hash", "system", "Dũng", "bad\x00post")


def test_a_user_registered_in_the_version_1_shape_still_loads() -> None:
    app = accounts()
    user_id = User.create_id("old.user")
    state = {
        "originator_topic": "domain.users:User",
        "username": "old.user",
        "password_hash": "hash",
        "registered_by": "system",
        "timestamp": datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
    }
    stored = StoredEvent(
        originator_id=user_id,
        originator_version=1,
        topic="domain.users:User.Registered",
        state=app.mapper.transcoder.encode(state),
    )
    app.recorder.insert_events([stored])
    user = app.user(user_id)
    assert (user.username, user.display_name, user.post, user.shown_name) == (
        "old.user",
        "",
        "",
        "old.user",
    )


def stored(
    app: Accounts, user_id: object, version: int, topic: str, **state: object
) -> StoredEvent:
    """An event as the build of the `@event("...")` methods stored it: its fields, no version."""
    return StoredEvent(
        originator_id=user_id,
        originator_version=version,
        topic=f"domain.users:User.{topic}",
        state=app.mapper.transcoder.encode(state),
    )


def test_grants_revocations_and_deactivations_stored_before_still_load() -> None:
    app = accounts()
    user_id = User.create_id("old.officer")
    agency = User.create_id("an agency")  # any UUID
    at = [datetime(2025, 1, d, tzinfo=UTC) for d in (1, 2, 3, 4)]
    registered = {"originator_topic": "domain.users:User", "username": "old.officer"}
    registered |= {"password_hash": "hash", "registered_by": "system", "timestamp": at[0]}
    grant = {"role": "officer", "agency_id": agency, "granted_by": "admin", "timestamp": at[1]}
    app.recorder.insert_events(
        [
            stored(app, user_id, 1, "Registered", **registered),
            stored(app, user_id, 2, "RoleGranted", **grant),
            stored(app, user_id, 3, "RoleRevoked", revoked_by="admin", timestamp=at[2]),
        ]
    )
    user = app.user(user_id)
    assert (user.role, user.agency_id, user.access_changed_at) == (None, None, at[2])
    app.recorder.insert_events(
        [stored(app, user_id, 4, "Deactivated", deactivated_by="admin", timestamp=at[3])]
    )
    assert app.user(user_id).active is False


def test_each_change_of_access_ends_the_tokens_issued_before_it() -> None:
    app = accounts()
    user_id = app.register_user("e.vo", "hash", Role.AUDITOR, None, "admin").id
    changes = [
        lambda: app.grant(user_id, Role.AUDITOR, None, "admin"),  # even the same grant again
        lambda: app.revoke(user_id, "admin"),
        lambda: app.grant(user_id, Role.AUDITOR, None, "admin"),
        lambda: app.deactivate(user_id, "admin"),
    ]
    for change in changes:
        issued = datetime.now(UTC)
        assert app.user(user_id).accepts_token_issued(issued)
        change()
        assert not app.user(user_id).accepts_token_issued(issued)
    # A description of the user ends no session.
    other = app.register_user("f.ho", "hash", Role.AUDITOR, None, "admin").id
    issued = datetime.now(UTC)
    app.describe(other, Profile("Hồ F", "Chuyên viên"), "admin")
    assert app.user(other).accepts_token_issued(issued)
