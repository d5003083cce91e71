"""`petitions-ops demo [--reset] [--cases N]`: load the demo province and print its users."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ops.demo.load import DEFAULT_CASES, DEFAULT_SEED, DemoRefusedError, load_demo, password_table


def main(argv: Sequence[str] | None = None) -> int:
    """Load the demo province; 0 when loaded, 1 when refused (the database is not empty)."""
    from ops.settings import get_settings  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="petitions-ops demo",
        description="Load the demo province (three years of petitions, users of every role) "
        "into the embedded database, then catch the read models up.",
    )
    parser.add_argument("--reset", action="store_true", help="delete the embedded database first")
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="petitions to generate")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    if not 1 <= args.cases <= 100_000:  # noqa: PLR2004
        parser.error("--cases is 1 to 100000")

    def say(text: str) -> None:
        sys.stderr.write(f"demo: {text}\n")
        sys.stderr.flush()

    try:
        demo = load_demo(
            get_settings(), cases=args.cases, seed=args.seed, reset=args.reset, say=say
        )
    except DemoRefusedError as error:
        sys.stderr.write(f"demo: refused: {error}\n")
        return 1
    steps = ", ".join(f"{name} {count}" for name, count in sorted(demo.steps.items()))
    code, _ = demo.codes[0]
    sys.stdout.write(
        f"Loaded the demo province in {demo.seconds:.0f} s: {demo.petitions} petitions, "
        f"{demo.events} events; further steps: {steps}.\n"
        f"A reference code to track on /track: {code}\n\n"
        f"{password_table(demo.accounts)}\n\n"
        f"These demo passwords are also in {demo.password_file} (readable by you only).\n"
        "Now `make run` and sign in at http://127.0.0.1:8000/\n"
    )
    return 0
