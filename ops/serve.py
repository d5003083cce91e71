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
import gc
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


def freeze_startup_heap() -> None:
    """Leave what the imports and the app built (modules, routes, models) out of collections.

    The collector's oldest generation walks every object the process holds: with the
    libraries, the app's routes and models, each such pass stopped the event loop for
    20 to 110 ms, which the open-loop benchmark saw as its p99. Those objects live as
    long as the process, so they are moved out of the collector's reach (`gc.freeze`,
    after a collection), before the server listens and before the lifespan opens the
    stores (and, on SQLite, starts the views' runners): what is made from then on is
    collected as before.
    """
    gc.collect()
    gc.freeze()


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
    settings = get_settings()
    app = create_app(settings, run_projections=run)
    freeze_startup_heap()
    config = uvicorn.Config(app, **server_options(settings.trusted_proxies, args.host, args.port))
    AnnouncingServer(config).run()
    return 0


def server_options(trusted_proxies: str, host: str, port: int) -> dict[str, Any]:
    """Uvicorn's options: X-Forwarded-For is believed from the configured proxies only.

    Never by default: uvicorn would trust it from 127.0.0.1, letting a local caller
    pick the address the rate limits count.
    """
    trusted = [p.strip() for p in trusted_proxies.split(",") if p.strip()]
    return {
        "host": host,
        "port": port,
        "access_log": False,
        "log_config": None,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
    }


if __name__ == "__main__":
    raise SystemExit(main())
