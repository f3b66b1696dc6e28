"""The listening socket the mock's servers (the command, ``MockServer``) are handed.

Both bind before uvicorn starts (the command to log the real port of ``--port 0``, MockServer
to know its port before its thread runs). ``socket.create_server`` would do, but its socket has
protocol number 0, and asyncio sets ``TCP_NODELAY`` only on connections accepted from a socket
whose protocol is ``IPPROTO_TCP``. Without it, uvicorn's h11 server (what the mock runs on when
httptools is not installed) writes an answer's headers and body in two segments, the body waits
for the client's delayed ACK, and each request on a kept-alive connection takes 40 ms
(measured for issue 15: 44 ms per SDK call, 720 requests/s under wrk, against about 1 ms).
"""

from __future__ import annotations

import os
import socket

__all__ = ["listening_socket", "origin"]


def origin(host: str, port: int) -> str:
    """``http://host:port``, an IPv6 address in brackets (``http://[::1]:4010``) as URLs need."""
    host = _unbracketed(host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _unbracketed(host: str) -> str:
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to (host, port) and listening; raises ``OSError`` as ``bind`` does.
    ``host`` may be an IPv6 address with or without its URL brackets."""
    family, kind, proto, _, address = socket.getaddrinfo(
        _unbracketed(host), port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        if os.name not in ("nt", "cygwin"):  # as socket.create_server: a restart can rebind at once
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # inherited by accepted connections on Linux and macOS, whatever the event loop does
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(address)
        sock.listen(2048)
    except BaseException:
        sock.close()
        raise
    return sock
