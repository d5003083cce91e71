"""`make run`: serve the HTTP API and pages with uvicorn on 127.0.0.1:8000 on the configured store.

On the embedded SQLite default the projections run in-process and the first
start creates an administrator, writing its password to a file only you can read
(its path is logged). On PostgreSQL run one such process per port beside
`ops run-projections` (see the README): uvicorn's `--workers` loses TCP_NODELAY and
adds ~40 ms per keep-alive response. Every log line is JSON unless stdout is a
terminal; one "listening on ..." line says where the service answers.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

import structlog
import uvicorn


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that logs one "listening on ..." line once its socket is bound."""

    async def startup(self, sockets: list[Any] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            url = listening_url(self)
            structlog.get_logger("ops.serve").info(
                "listening", url=url, message=f"listening on {url}"
            )


def listening_url(server: uvicorn.Server) -> str:
    """The address the server is bound to (the real port when 0 was asked for)."""
    for listener in getattr(server, "servers", []):
        for sock in listener.sockets:
            host, port = sock.getsockname()[:2]
            return f"http://{host}:{port}"
    return f"http://{server.config.host}:{server.config.port}"


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the API until interrupted."""
    from api.main import create_app  # noqa: PLC0415
    from ops.settings import get_settings  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="ops.serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--projections",
        choices=("auto", "in-process", "external"),
        default="auto",
        help="run the read models in this process (auto: only on SQLite)",
    )
    args = parser.parse_args(argv)
    run = {"auto": None, "in-process": True, "external": False}[args.projections]
    app = create_app(get_settings(), run_projections=run)
    config = uvicorn.Config(app, host=args.host, port=args.port, access_log=False, log_config=None)
    AnnouncingServer(config).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
