"""`make run`: serve the HTTP API with uvicorn on 127.0.0.1:8000 on the configured store.

On the embedded SQLite default the projections run in-process and the first
start creates an administrator, printing its password once. On PostgreSQL run
one such process per port beside `ops run-projections` (see the README): uvicorn's
`--workers` loses TCP_NODELAY and adds ~40 ms per keep-alive response.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the API until interrupted."""
    import uvicorn  # noqa: PLC0415

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
    trusted = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        access_log=False,
        log_config=None,
        # X-Forwarded-For is believed from the configured proxies only (never by default:
        # uvicorn would trust it from 127.0.0.1, letting a local caller pick its address).
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
