"""An application recorder of its own events table, for tests of our recorders against the library's."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from ops.settings import Settings


def application_recorder(settings: Settings, name: str, **env: str) -> Any:
    """The recorder `settings` (and `env`) choose, on its own table `<name>_events`, created."""
    factory = InfrastructureFactory.construct(
        Environment(name, {**settings.eventsourcing_env(), **env})
    )
    recorder: Any = factory.application_recorder()
    recorder.create_table()
    return recorder
