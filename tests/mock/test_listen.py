"""The mock's listening socket: connections accepted from it send small writes at once.

Without TCP_NODELAY on accepted connections, uvicorn's h11 server (the mock without httptools)
made every request on a kept-alive connection wait 40 ms for the client's delayed ACK. These
tests check the socket option itself, not a timing.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys

import httpx
import pytest
from autoenhance_mock import MockServer
from autoenhance_mock._listen import listening_socket


def nodelay(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


async def accepted_nodelay(sock: socket.socket) -> bool:
    """Whether a connection asyncio's own loop accepts from ``sock`` has TCP_NODELAY."""
    seen: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            seen.set_result(nodelay(transport.get_extra_info("socket")))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
    try:
        port = sock.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        result = await asyncio.wait_for(seen, 5)
        writer.close()
        return result
    finally:
        server.close()
        await server.wait_closed()


def test_connections_accepted_by_asyncio_send_small_writes_at_once() -> None:
    sock = listening_socket("127.0.0.1", 0)
    assert sock.proto == socket.IPPROTO_TCP and nodelay(sock)
    assert asyncio.run(accepted_nodelay(sock))  # the plain asyncio loop, as uvicorn's h11 runs it


def test_ipv6_and_bad_hosts() -> None:
    if socket.has_ipv6:
        try:
            six = listening_socket("::1", 0)
        except OSError:
            pytest.skip("no IPv6 loopback here")
        assert six.family == socket.AF_INET6 and nodelay(six)
        six.close()
    with pytest.raises(OSError):
        listening_socket("no-such-host.invalid", 0)


def test_mock_server_listens_through_it() -> None:
    with MockServer(api_keys=["k"]) as server:
        assert server._sock.proto == socket.IPPROTO_TCP and nodelay(server._sock)
        assert httpx.get(f"{server.url}/__mock__/health", timeout=5).status_code == 200


def test_the_command_refuses_a_host_it_cannot_resolve() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "autoenhance_mock", "--host", "no-such-host.invalid", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and "cannot listen on no-such-host.invalid:0" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_ipv6_mock_servers_url_has_brackets() -> None:
    try:
        server = MockServer(host="::1", api_keys=["k"])
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with server:
        assert server.url == f"http://[::1]:{server.port}"
        assert httpx.get(f"{server.url}/__mock__/health", timeout=5).status_code == 200
