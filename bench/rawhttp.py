"""A lean HTTP/1.1 client for open-loop load: prebuilt request bytes, keep-alive streams.

A general client (httpx) spends a millisecond or more of CPU per request; at 200
requests per second on a small machine its own lag would be measured as the
server's latency. Here a request is one `write` of bytes built once, and a response
is read by its `Content-Length`.
"""

from __future__ import annotations

import asyncio
import json
import socket
from time import monotonic
from urllib.parse import urlsplit

# uvicorn closes a keep-alive connection idle for 5 s: one idle longer is not reused
# (a request written to it would fail without reaching the service).
IDLE_REUSE = 4.0


def request_bytes(
    url: str, path: str, body: object, headers: dict[str, str], method: str = "POST"
) -> bytes:
    data = json.dumps(body).encode()
    host = urlsplit(url).netloc
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/json",
        f"Content-Length: {len(data)}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


class Streams:
    """Keep-alive connections to one server, opened on demand and reused."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []

    async def _connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        while self.idle:
            reader, writer, since = self.idle.pop()
            if monotonic() - since < IDLE_REUSE:
                return reader, writer
            writer.close()
        return await asyncio.open_connection(self.host, self.port)

    async def send(self, payload: bytes) -> int:
        """Send one request; its status code (0 when the connection failed)."""
        reader, writer = await self._connection()
        try:
            writer.write(payload)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            writer.close()
            return 0
        self.idle.append((reader, writer, monotonic()))
        return status

    def close(self) -> None:
        for _, writer, _ in self.idle:
            writer.close()
        self.idle.clear()


class Connection:
    """One blocking keep-alive connection sending prebuilt requests, one after another."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.file = self.sock.makefile("rb")

    def send(self, payload: bytes) -> tuple[int, bytes]:
        """Send one request; its status code and body."""
        self.sock.sendall(payload)
        status = int(self.file.readline().split(b" ", 2)[1])
        length = 0
        while (line := self.file.readline()) not in {b"\r\n", b""}:
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        return status, self.file.read(length)

    def close(self) -> None:
        self.file.close()
        self.sock.close()
