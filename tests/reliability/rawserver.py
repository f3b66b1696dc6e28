"""A misbehaving HTTP server on a raw socket, for faults no well-behaved server produces.

Each accepted connection is handed to ``behave(conn, request_bytes)``; behaviours below cover
hanging, resetting, truncating, closing kept-alive connections and odd statuses. Bound to
127.0.0.1 on a free port; ``with RawServer(...)`` always closes it.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import struct
import threading
from collections.abc import Callable
from types import TracebackType

from tests.fixtures import ORDER

Behaviour = Callable[[socket.socket, bytes, int], None]


class RawServer:
    def __init__(self, behave: Behaviour) -> None:
        self.behave = behave
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests = 0
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self._open.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            while not self._stop.is_set():
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, rest = data.partition(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                while len(rest) < length:
                    rest += conn.recv(65536)
                self.requests += 1
                if self.behave(conn, head, self.requests) is not True:  # True: keep the connection
                    return
        except OSError:
            return
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        for conn in self._open:
            with contextlib.suppress(OSError):
                conn.close()
        self.sock.close()
        self._thread.join(2)


def response(
    status: int, body: bytes = b"", ctype: str = "application/json", extra: str = "", length: int | None = None
) -> bytes:
    size = len(body) if length is None else length
    head = f"HTTP/1.1 {status} X\r\ncontent-type: {ctype}\r\ncontent-length: {size}\r\n{extra}\r\n"
    return head.encode() + body


def ok_order() -> bytes:
    return response(200, json.dumps(ORDER).encode())


def order_answer(padding: int, *, chunked: bool = False, gzipped: bool = False) -> bytes:
    """An order with an extra field of ``padding`` bytes, sized or chunked, plain or gzipped."""
    body = json.dumps({**ORDER, "padding": "x" * padding}).encode()
    extra = ""
    if gzipped:
        body, extra = gzip.compress(body), "content-encoding: gzip\r\n"
    if not chunked:
        return response(200, body, extra=extra)
    framed = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:100], body[100:])) + b"0\r\n\r\n"
    head = f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n{extra}\r\n"
    return head.encode() + framed


def reset(conn: socket.socket) -> None:
    """Close with RST instead of FIN: the client sees 'connection reset by peer'."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()
