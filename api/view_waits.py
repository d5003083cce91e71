"""A read after a write: `?after=<position>` is answered once the read models include it.

A command answers the log position it wrote; a read given that position waits (at
most `WAIT_SECONDS`, or the app's `view_wait_seconds`) until its read model has
reached it, and answers 503 with `Retry-After` if it does not, or at once when the
position is past the log's head (no thread is held for a position that cannot come).
The users directory follows the accounts log, the other read models the petitions log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Query, Request

from api.deps import StoresDep
from api.problems import ApiProblemError, shutting_down
from api.stores import Stores
from ops.wiring import Views
from projections.users.persistence import UsersView

WAIT_SECONDS = 2.0


def views_after(
    request: Request,
    stores: StoresDep,
    after: Annotated[
        int | None,
        Query(ge=0, le=2**62, description="Wait until the views include this position"),
    ] = None,
) -> Views:
    """The read models, once they include position `after` (503 with Retry-After if not soon)."""
    views = stores.views
    if views is None:
        raise ApiProblemError(503, "unavailable", "the read models are not available")
    if after is not None:
        _wait_until(
            request,
            stores,
            after > (stores.petitions.recorder.max_notification_id() or 0),
            lambda wait: views.wait_for(after, wait, stores.stopping),
            f"the read models have not reached position {after} yet",
        )
    return views


ViewsDep = Annotated[Views, Depends(views_after)]


def users_after(
    request: Request,
    stores: StoresDep,
    after: Annotated[
        int | None,
        Query(
            ge=0,
            le=2**62,
            description="Wait until the users directory includes this accounts position",
        ),
    ] = None,
) -> UsersView:
    """The users directory, once it includes accounts position `after` (a user command's).

    Its positions are the accounts log's, not the petitions log's: it is waited on
    apart from the other read models.
    """
    users = stores.users
    if users is None:
        raise ApiProblemError(503, "unavailable", "the users directory is not available")
    if after is not None:
        _wait_until(
            request,
            stores,
            after > (stores.accounts.recorder.max_notification_id() or 0),
            lambda wait: users.wait_for(after, wait, interrupt=stores.stopping),
            f"the users directory has not reached accounts position {after} yet",
        )
    return users


UsersDep = Annotated[UsersView, Depends(users_after)]


def _wait_until(
    request: Request,
    stores: Stores,
    past_the_head: bool,
    reached: Callable[[float], bool],
    behind: str,
) -> None:
    """Wait until `reached(seconds)`; 503 with Retry-After (or shutting down) if not."""
    wait = float(getattr(request.app.state, "view_wait_seconds", WAIT_SECONDS))
    if past_the_head:
        wait = 0.0  # a position the log has not reached: answer at once, hold no thread
    if reached(wait):
        return
    if stores.stopping.is_set():
        raise shutting_down()
    raise ApiProblemError(503, "views-behind", behind, {"Retry-After": "1"})
