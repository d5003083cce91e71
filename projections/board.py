"""Views' committed positions, signalled within a process."""

from __future__ import annotations

import threading


class PositionBoard:
    """In-process signal of views' committed positions, so waits need no sleep floor."""

    def __init__(self) -> None:
        self._positions: dict[str, int] = {}
        self._changed = threading.Condition()

    def advance(self, key: str, position: int) -> None:
        with self._changed:
            if position > self._positions.get(key, 0):
                self._positions[key] = position
            self._changed.notify_all()

    def known(self, key: str) -> int:
        return self._positions.get(key, 0)

    def wait(self, timeout: float) -> None:
        with self._changed:
            self._changed.wait(timeout)


BOARD = PositionBoard()
