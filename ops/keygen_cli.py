"""`petitions-ops keygen`: make the Ed25519 key that signs the integrity checkpoints."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ops.integrity.checkpoints import KeyExistsError, generate_key
from ops.settings import get_settings


def main(argv: Sequence[str] | None = None) -> int:
    """Write the signing key (INTEGRITY_KEY_FILE, mode 0600) and its public key beside it."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops keygen",
        description="Make the Ed25519 key signing the integrity log's checkpoints. Keep the "
        "private file outside the database and its backups; hand the .pub file to auditors.",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing key")
    args = parser.parse_args(argv)
    try:
        private, public = generate_key(get_settings(), force=args.force)
    except KeyExistsError as error:
        sys.stderr.write(f"keygen: {error}\n")
        return 1
    sys.stdout.write(f"signing key: {private}\npublic key:  {public}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
