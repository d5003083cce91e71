"""`petitions-ops verify-proof`: check a proof or an export offline, with the public key only."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ops.integrity.checkpoints import NoKeyError, load_public_key
from ops.integrity.offline import check_text


def main(argv: Sequence[str] | None = None) -> int:
    """Verify an inclusion or consistency proof (JSON) or an audit export (JSON Lines)."""
    parser = argparse.ArgumentParser(
        prog="petitions-ops verify-proof",
        description="Check an inclusion proof, a consistency proof or a JSON Lines export "
        "against the checkpoint signing public key. Needs no database.",
    )
    parser.add_argument("document", type=Path, help="the proof (.json) or export (.jsonl)")
    parser.add_argument("--public-key", type=Path, required=True, help="the PEM public key")
    args = parser.parse_args(argv)
    try:
        key = load_public_key(args.public_key)
    except NoKeyError as error:
        sys.stderr.write(f"verify-proof: {error}\n")
        return 2
    count, problems = check_text(args.document.read_text(encoding="utf-8"), key)
    for problem in problems:
        sys.stdout.write(f"FAILED: {problem}\n")
    sys.stdout.write(f"{count} items checked: {'OK' if not problems else 'FAILED'}\n")
    return 0 if not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
