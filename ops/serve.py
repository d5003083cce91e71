"""`make run`: start the service on the configured store (embedded SQLite by default)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the HTTP API (placeholder until the API lands: prints the store in use)."""
    from ops.settings import get_settings  # noqa: PLC0415

    del argv
    settings = get_settings()
    sys.stdout.write(f"petitions: store {settings.persistence_module}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
