"""AES-256-GCM sealing of personal data, and wrapping of data keys by a master key.

A data key seals one person's data; the master key wraps (encrypts) the data keys.
Both bind the key id as associated data, so a sealed text or a wrapped key moved to
another id fails to open instead of opening as someone else's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

if TYPE_CHECKING:
    from uuid import UUID

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12


def new_key() -> bytes:
    """A fresh random 256-bit key (a data key or a master key)."""
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def fingerprint(master_key: bytes) -> str:
    """A master key's public name: which key wrapped a data key, never the key itself."""
    return hashlib.sha256(b"petitions master key\x00" + master_key).hexdigest()[:16]


def derived_key(master_key: bytes, purpose: str) -> bytes:
    """A key for `purpose` (HMAC-SHA-256 of it under the master key): never a data key."""
    return hmac.new(master_key, b"petitions derived key\x00" + purpose.encode(), "sha256").digest()


def wrap(master_key: bytes, key_id: UUID, data_key: bytes) -> bytes:
    return _encrypt(master_key, key_id, data_key)


def unwrap(master_key: bytes, key_id: UUID, wrapped: bytes) -> bytes:
    return _decrypt(master_key, key_id, wrapped)


def seal(data_key: bytes, key_id: UUID, fields: dict[str, str]) -> str:
    """The fields as JSON, encrypted under `data_key`, in base64 text for an event."""
    plain = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
    return base64.b64encode(_encrypt(data_key, key_id, plain)).decode("ascii")


def unseal(data_key: bytes, key_id: UUID, sealed: str) -> dict[str, str]:
    fields: dict[str, str] = json.loads(_decrypt(data_key, key_id, base64.b64decode(sealed)))
    return fields


def _encrypt(key: bytes, key_id: UUID, plain: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain, key_id.bytes)


def _decrypt(key: bytes, key_id: UUID, data: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], key_id.bytes)
    except InvalidTag:
        raise UnreadableKeyError(f"data key {key_id} does not open with this key") from None


class UnreadableKeyError(Exception):
    """A wrapped key or sealed text does not open with the key given (wrong key, or altered)."""
