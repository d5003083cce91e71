"""The vault of an application: its key store beside the application's own recorder.

`open_vault` is named by topic in the application's environment (`IDENTITY_VAULT_TOPIC`),
so the domain's service layer does not import this infrastructure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.utils import strtobool

from vault.crypto import new_key
from vault.master import MasterKeyError, decode_key
from vault.store import KeyStore, MemoryKeyStore, PostgresKeyStore, SQLiteKeyStore
from vault.vault import Vault

if TYPE_CHECKING:
    from collections.abc import Mapping

    from eventsourcing.persistence import Recorder

MASTER_KEY = "IDENTITY_MASTER_KEY"
OLDER_KEYS = "IDENTITY_OLDER_MASTER_KEYS"


def open_vault(recorder: Recorder, env: Mapping[str, str]) -> Vault:
    """The key store in the recorder's database, with the master key the environment gives."""
    store = key_store(recorder, env)
    text = env.get(MASTER_KEY, "")
    if not text:
        if not isinstance(store, MemoryKeyStore):
            raise MasterKeyError(f"{MASTER_KEY} is not set: personal data cannot be sealed")
        return Vault(store, new_key())  # an in-memory store: its keys die with it
    older = tuple(
        decode_key(part, OLDER_KEYS) for part in env.get(OLDER_KEYS, "").split(",") if part
    )
    return Vault(store, decode_key(text, MASTER_KEY), older)


def key_store(recorder: Recorder, env: Mapping[str, str]) -> KeyStore:
    datastore = getattr(recorder, "datastore", None)
    create = strtobool(env.get("CREATE_TABLE", "yes"))
    if isinstance(datastore, SQLiteDatastore):
        return SQLiteKeyStore(datastore, create)
    if isinstance(datastore, PostgresDatastore):
        return PostgresKeyStore(datastore, create)
    return MemoryKeyStore()
