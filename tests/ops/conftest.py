from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pydantic import SecretStr

from ops.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def settings_environ(settings: Settings) -> dict[str, str]:
    """The process environment that makes `get_settings()` equal `settings` in a child."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "SQLITE_"))}
    for name, value in settings.model_dump().items():
        if isinstance(value, SecretStr):
            env[name.upper()] = value.get_secret_value()
        elif value is not None:  # an unset optional setting stays unset
            env[name.upper()] = str(value)
    return env


def spawn(settings: Settings, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603  # our own interpreter and module
        [sys.executable, "-m", "ops.cli", *args],
        cwd=ROOT,
        env=settings_environ(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
