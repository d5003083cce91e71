"""structlog, configured once per process: JSON lines unless stdout is a terminal.

The request id and the canonical log line of each request: `api.edge`.
"""

from __future__ import annotations

import logging
import sys
import uuid
from typing import Any

import structlog
from starlette.types import Scope

REQUEST_ID = "x-request-id"
_configured = False


class _Stdout:
    """Whatever `sys.stdout` is at the time of writing (it is swapped by test capture)."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


def configure_logging(level: int = logging.INFO) -> None:
    """Configure structlog once; later calls do nothing."""
    global _configured  # noqa: PLW0603
    if _configured:
        return
    _configured = True
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    if sys.stdout.isatty():
        renderer: list[Any] = [structlog.dev.ConsoleRenderer()]
    else:
        renderer = [structlog.processors.dict_tracebacks, structlog.processors.JSONRenderer()]
    structlog.configure(
        processors=[*shared, *renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(_Stdout()),  # type: ignore[arg-type]
        cache_logger_on_first_use=True,
    )
    _route_standard_logging(shared, renderer[-1], level)


def _route_standard_logging(shared: list[Any], renderer: Any, level: int) -> None:  # noqa: ANN401
    """Lines of the standard `logging` module (uvicorn's, the runners') in the same format.

    Through structlog's stdlib integration: each record, its traceback included,
    becomes one JSON line on stdout (or a console line on a terminal).
    """
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.dict_tracebacks
            if not sys.stdout.isatty()
            else structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(_Stdout())
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "petitions", False)]:
        root.removeHandler(old)
    handler.petitions = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True


def request_id_of(scope: Scope) -> str:
    """The client's `X-Request-Id` if it is short printable ASCII, else a new one."""
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID.encode():
            text: str = value.decode("latin-1")
            if 0 < len(text) <= 64 and text.isascii() and text.isprintable():  # noqa: PLR2004
                return text
    return uuid.uuid4().hex
