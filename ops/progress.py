"""Progress of long commands on stderr: a bar on a terminal, one line per step otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def steps(items: Sequence[T], label: str) -> Iterator[T]:
    """Yield `items`, showing how far along they are (stdout stays for results)."""
    if sys.stderr.isatty():
        yield from tqdm(items, desc=label, unit="step", file=sys.stderr)
        return
    for number, item in enumerate(items, 1):
        sys.stderr.write(f"{label}: {number}/{len(items)} {item}\n")
        sys.stderr.flush()
        yield item
