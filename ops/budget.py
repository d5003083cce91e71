"""The PostgreSQL connections `petitions-ops run-projections` holds (README, "Connection budget").

Each runner (one per log its read models follow, `ops.runners`) holds exactly:

- `LOG_CONNECTIONS` for the log it follows: the subscription's LISTEN and its pulls;
- `VIEW_CONNECTIONS` per view: its lane's writes and, when its row cache is not
  complete, its reads (which then wait for the lane's write in progress);

and no overflow: a pool never grows past that, so nothing idles beyond it. Besides the
runners, the checkpoint signer holds `SIGNER_CONNECTIONS` while it signs (every
`INTEGRITY_CHECKPOINT_INTERVAL` s), and the catch-up target (each log's head) is read
once at start on `HEAD_CONNECTIONS`. On SQLite there are no pools to bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ops.settings import Settings

LOG_CONNECTIONS = 2  # per runner: LISTEN, and the pulls of notifications
VIEW_CONNECTIONS = 1  # per view
SIGNER_CONNECTIONS = 1  # while signing checkpoints
HEAD_CONNECTIONS = 1  # at start, reading each log's head in turn
# A lane reading rows waits for its own write in progress on the view's one connection:
# a write of a merged batch may take longer than the API's pool timeout (0.8 s). Short
# enough that a runner stopped by a lost server restarts within seconds.
VIEW_POOL_TIMEOUT = 5.0


def runner_pool_env(application: str, settings: Settings) -> dict[str, str]:
    """The pool settings of one runner: its views' (unprefixed) and its log's (prefixed).

    The library reads `<APPLICATION>_POSTGRES_*` before `POSTGRES_*` for the
    application, so the log's pool keeps the configured (fail-fast) pool timeout.
    """
    log = application.upper()
    return {
        "POSTGRES_POOL_SIZE": str(VIEW_CONNECTIONS),
        "POSTGRES_MAX_OVERFLOW": "0",
        "POSTGRES_POOL_TIMEOUT": str(max(VIEW_POOL_TIMEOUT, settings.postgres_pool_timeout)),
        f"{log}_POSTGRES_POOL_SIZE": str(LOG_CONNECTIONS),
        f"{log}_POSTGRES_MAX_OVERFLOW": "0",
        f"{log}_POSTGRES_POOL_TIMEOUT": str(settings.postgres_pool_timeout),
    }


def one_connection(settings: Settings) -> Settings:
    """`settings` whose stores each hold one connection (the signer's, the heads' reads)."""
    return settings.model_copy(update={"postgres_pool_size": 1, "postgres_max_overflow": 0})


def runners_budget(groups: Sequence[Sequence[Any]], signs: bool) -> dict[str, int]:
    """The most connections each part of run-projections holds, for runners of `groups`.

    `groups`: the views of each runner (one runner per followed log); `signs`: whether
    the checkpoint signer runs.
    """
    budget = {
        f"runner {n} ({len(views)} views)": LOG_CONNECTIONS + VIEW_CONNECTIONS * len(views)
        for n, views in enumerate(groups, 1)
    }
    budget["catch-up target (at start)"] = HEAD_CONNECTIONS
    if signs:
        budget["checkpoint signer"] = SIGNER_CONNECTIONS
    return budget
