"""The master key: read from a file or a base64 value, or generated for the embedded setup."""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from vault.crypto import KEY_BYTES, new_key


def decode_key(text: str, source: str) -> bytes:
    """A base64 master key of 32 bytes; `source` names where it came from in the error."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MasterKeyError(f"{source} is not base64") from None
    if len(key) != KEY_BYTES:
        raise MasterKeyError(f"{source} holds {len(key)} bytes, not {KEY_BYTES}")
    return key


def read_key_file(path: Path) -> bytes:
    """The key in `path`; refused when others than the owner may read it."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii")
    except OSError as error:
        raise MasterKeyError(f"cannot read the master key file {path}: {error.strerror}") from None
    if mode & 0o077:
        raise MasterKeyError(f"the master key file {path} is readable by others (chmod 600 it)")
    return decode_key(text, f"the master key file {path}")


def create_key_file(path: Path) -> bytes:
    """Write a new random key to `path` (mode 0600); an existing file is never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(base64.b64encode(key).decode("ascii") + "\n")
    return key


def read_or_create(path: Path) -> bytes:
    """The embedded setup's key: read it, or generate it on first start."""
    try:
        return create_key_file(path)
    except FileExistsError:
        return read_key_file(path)


class MasterKeyError(Exception):
    """The master key is missing, unreadable, too open or malformed."""
