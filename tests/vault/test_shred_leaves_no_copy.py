"""A shredded data key leaves no copy in the embedded store's files.

Deleting the key's row is not enough on SQLite: the write-ahead log keeps the page
that held it (and the main file its free space) until overwritten, and with the master
key, beside the file in the embedded setup, that copy would open the identity again.
"""

from __future__ import annotations

from pathlib import Path

from domain.application import Petitions
from ops.settings import Settings
from tests.integrity.test_after_shredding import petition_with_identity


def test_a_shredded_data_key_is_in_no_file_of_the_sqlite_store(sqlite_settings: Settings) -> None:
    case_id, _ = petition_with_identity(sqlite_settings)
    app = Petitions(sqlite_settings.eventsourcing_env())
    try:
        identity = app.get_identity(app.get_case(case_id).identity_id)  # type: ignore[arg-type]
        assert identity.key_id is not None
        stored = app.vault.store.get(identity.key_id)  # type: ignore[attr-defined]
        assert stored is not None
        # As on a SQLite built without SECURE_DELETE (this one may have it on by default).
        datastore = app.recorder.datastore  # type: ignore[attr-defined]
        with datastore.get_connection(commit=True) as connection:
            connection.cursor().execute("PRAGMA secure_delete = OFF")
        app.shred_identity(case_id, "admin-1", "retention period ended", "Decree 13/2023")
        # The service still running: its files as a copy of the host's disk would show them.
        files = list(Path(sqlite_settings.sqlite_dbname).parent.glob("petitions.sqlite*"))
        assert files
        assert [f.name for f in files if stored.wrapped in f.read_bytes()] == []
    finally:
        app.close()
