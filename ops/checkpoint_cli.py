"""`petitions-ops checkpoint`: sign and file a checkpoint of every store's integrity log now."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ops.integrity.checkpoints import NoKeyError, sign_now
from ops.settings import get_settings


def main(argv: Sequence[str] | None = None) -> int:
    """Sign the current tree head of every store whose log grew (all with --force)."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops checkpoint",
        description="Sign the integrity log's current tree heads and file them in "
        "INTEGRITY_CHECKPOINT_DIR.",
    )
    parser.add_argument("--force", action="store_true", help="sign even an unchanged log")
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        made = sign_now(settings, force=args.force)
    except NoKeyError as error:
        sys.stderr.write(f"checkpoint: {error}\n")
        return 1
    for checkpoint in made:
        sys.stdout.write(
            f"{checkpoint.store}: size {checkpoint.tree_size} root {checkpoint.root_hash}\n"
        )
    if not made:
        sys.stdout.write("no log grew since its last checkpoint\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
