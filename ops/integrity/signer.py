"""The checkpoint signer the projection runners start: signs every store's log at an interval."""

from __future__ import annotations

import logging
import threading

from ops.budget import one_connection
from ops.integrity.checkpoints import sign_now
from ops.settings import Settings

log = logging.getLogger(__name__)


class CheckpointSigner:
    """A thread signing checkpoints of every grown log each `integrity_checkpoint_interval` s."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.signed = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="checkpoint-signer", daemon=True)

    @staticmethod
    def wanted(settings: Settings) -> bool:
        """Whether to run: an interval is set and the signing key is there."""
        return settings.integrity_checkpoint_interval > 0 and settings.integrity_key.exists()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop; wait at most `timeout` s (a daemon left blocked dies with us)."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=timeout)

    def _run(self) -> None:
        while not self._stopping.wait(self.settings.integrity_checkpoint_interval):
            try:
                self.signed += len(sign_now(one_connection(self.settings)))
            except Exception as error:  # noqa: BLE001  # the next interval tries again
                log.warning("checkpoint signing failed: %r", error)
