"""Memory of the projection runners: the row cache's bound, memory handed back once caught up.

- `known_rows_limit()`: the rows the lanes of a pipeline keep in all, `KNOWN_ROWS` at
  most and fewer where memory is short (an eighth of what the process may still use,
  at about `ROW_BYTES` a row);
- `hand_back()`: once caught up, the caches dropped, collect and return freed memory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from pathlib import Path

from projections.pipeline import KNOWN_ROWS

ROW_BYTES = 1024  # a cached row with its key and dict slot, roughly
MEMORY_SHARE = 8  # the cache may take 1/MEMORY_SHARE of the memory left


def known_rows_limit(available: int | None = None) -> int:
    """`KNOWN_ROWS`, or fewer rows when `available` bytes (default: this process's) are short."""
    left = available_memory() if available is None else available
    if left is None:
        return KNOWN_ROWS
    return max(0, min(KNOWN_ROWS, left // MEMORY_SHARE // ROW_BYTES))


def available_memory() -> int | None:
    """Bytes this process may still take: the machine's available memory, or its cgroup's room."""
    free = _meminfo_available()
    room = _cgroup_room()
    known = [b for b in (free, room) if b is not None]
    return min(known) if known else None


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _cgroup_room() -> int | None:
    """The cgroup (v2) memory limit less its usage; None without a limit."""
    base = Path("/sys/fs/cgroup")
    try:
        limit = (base / "memory.max").read_text().strip()
        if limit == "max":
            return None
        return max(int(limit) - int((base / "memory.current").read_text()), 0)
    except (OSError, ValueError):
        return None


def _libc() -> ctypes.CDLL | None:
    if os.name != "posix":
        return None
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None  # glibc (musl has none)


def hand_back() -> None:
    """Collect garbage and return freed heap pages to the system (glibc's malloc_trim)."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
