"""schemathesis against the app's own OpenAPI, as an administrator and as an officer.

Starts the API (uvicorn, one process, embedded SQLite in a temporary directory,
read models in-process), registers an agency and an officer, then runs every
schemathesis check with each bearer token. The suite runs it briefly; the long
run is documented in the README:

    .venv/bin/python -m tests.contract.schemathesis_run --examples 200
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CONFIG = Path(__file__).with_name("schemathesis.toml")


def free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(directory: Path) -> Iterator[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "SQLITE_", "PERSIST"))
    }
    env["SQLITE_DBNAME"] = str(directory / "petitions.sqlite")
    subprocess.run(  # our own interpreter and module
        [sys.executable, "-m", "ops.cli", "create-admin", "--password-stdin"],
        cwd=ROOT,
        env=env,
        input=f"{PASSWORD}\n".encode(),
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "ops.serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def tokens(base: str) -> dict[str, str]:
    """Bearer tokens of an administrator and of an officer of a new commune."""
    with httpx.Client(base_url=base, timeout=10) as client:

        def token(username: str) -> str:
            answer = client.post("/auth/token", data={"username": username, "password": PASSWORD})
            answer.raise_for_status()
            return str(answer.json()["access_token"])

        admin = token("admin")
        headers = {"Authorization": f"Bearer {admin}"}
        agency = client.post(
            "/agencies",
            json={"name": "UBND xã", "code": "X", "level": "commune", "legal_date": "2025-08-01"},
            headers=headers,
        ).json()["id"]
        client.post(
            "/users",
            json={
                "username": "officer",
                "password": PASSWORD,
                "role": "officer",
                "agency_id": agency,
            },
            headers=headers,
        ).raise_for_status()
        return {"administrator": admin, "officer": token("officer")}


ALL_PHASES = {"administrator": "coverage,fuzzing,stateful", "officer": "coverage,fuzzing,stateful"}
# The suite's short run: the coverage phase (every field's edge and negative cases) as an
# administrator, random and stateful ones as an officer; the long run does all of them for both.
SHORT_PHASES = {"administrator": "coverage", "officer": "fuzzing,stateful"}


def run(
    examples: int, seed: int | None = None, phases: dict[str, str] | None = None
) -> tuple[int, str]:
    """Exit status (0: no failure for either caller) and schemathesis's output."""
    output = []
    status = 0
    phases = phases or ALL_PHASES
    with tempfile.TemporaryDirectory() as directory, served(Path(directory)) as base:
        for role, token in tokens(base).items():
            command = [
                str(SCHEMATHESIS),
                "--config-file",
                str(CONFIG),
                "run",
                f"{base}/openapi.json",
                "--checks",
                "all",
                "-H",
                f"Authorization: Bearer {token}",
                "--max-examples",
                str(examples),
                "--workers",
                "1",  # CPython's AST parser is not safe across schemathesis threads
                "--warnings",
                "off",
                "--request-timeout",
                "10",
            ]
            if seed is not None:
                command += ["--seed", str(seed)]
            done = subprocess.run(  # noqa: S603
                command, cwd=directory, capture_output=True, text=True, check=False
            )
            output.append(f"===== as {role} =====\n{done.stdout}{done.stderr}")
            status = status or done.returncode
    return status, "\n".join(output)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="test cases per operation")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    status, output = run(args.examples, args.seed)
    sys.stdout.write(output)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
