"""`petitions-ops rewrap-keys`: wrap every petitioner's data key under a new master key.

The data keys and their ids stay the same (so nothing sealed in an event changes);
only their wrapping in the key store does. Run it with the service stopped and the
current master key configured, then configure the new key and start the service
(docs/encryption.md, "Rotating the master key"). Keys already wrapped by the new key
are skipped, so an interrupted run is simply run again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ops.settings import Settings


def get_settings() -> Settings:
    from ops.settings import get_settings as settings  # noqa: PLC0415

    return settings()


def main(argv: Sequence[str] | None = None) -> int:
    """Re-wrap the key store; 0 when done, 1 when a key does not open, 2 on bad input."""
    from domain.application import Petitions  # noqa: PLC0415
    from vault.crypto import UnreadableKeyError, fingerprint  # noqa: PLC0415
    from vault.factory import open_vault  # noqa: PLC0415
    from vault.master import MasterKeyError, read_key_file, read_or_create  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="petitions-ops rewrap-keys", description=__doc__)
    parser.add_argument("--new-key-file", required=True, type=Path, help="the new master key")
    parser.add_argument(
        "--generate", action="store_true", help="create the new key file (mode 0600) if absent"
    )
    args = parser.parse_args(argv)
    try:
        read = read_or_create if args.generate else read_key_file
        new_key = read(args.new_key_file)
    except MasterKeyError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    app = Petitions(get_settings().eventsourcing_env())
    try:
        count = open_vault(app.recorder, app.env).rewrap(new_key)
    except UnreadableKeyError as error:
        sys.stderr.write(f"stopped: {error}; keys re-wrapped so far stay re-wrapped\n")
        return 1
    finally:
        app.close()
    sys.stdout.write(
        f"re-wrapped {count} data keys under master key {fingerprint(new_key)}; now set "
        f"IDENTITY_KEY_FILE={args.new_key_file} and start the service\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
