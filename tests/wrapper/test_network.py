"""Both clients reach the network the same way: proxies from ``proxy=`` or from HTTP_PROXY,
HTTPS_PROXY, ALL_PROXY and NO_PROXY, and the CAs of SSL_CERT_FILE or SSL_CERT_DIR.

Every case runs against real loopback servers (a plain one for the API, one standing in for a
proxy: it records the request line and answers the order itself), for the sync and the async
client alike.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_sdk._network import shared_ssl_context

from tests.fixtures import order_json
from tests.wrapper.helpers import KEY

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
CA_VARS = ("SSL_CERT_FILE", "SSL_CERT_DIR")


@pytest.fixture(autouse=True)
def no_network_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy or CA setting of the machine running the tests reaches them."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    for name in (*CA_VARS, "REQUEST_METHOD"):  # under REQUEST_METHOD (CGI) urllib ignores HTTP_PROXY
        monkeypatch.delenv(name, raising=False)


# --- loopback servers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    line: str  # the request line, as received
    headers: dict[str, str]  # lower-case names


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def do_GET(self) -> None:
        self.server.seen.append(Seen(self.requestline, {k.lower(): v for k, v in self.headers.items()}))
        body = json.dumps(order_json()).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.send_header("connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        return None


class Server(ThreadingHTTPServer):
    """A loopback HTTP(S) server answering every GET with an order and recording what it saw.

    As a proxy stand-in it answers the proxied request itself, so what it records is the request
    line a client sends a proxy (absolute-form). ``with Server()`` always stops it.
    """

    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = tls
        self.seen: list[Seen] = []
        self.errors: list[BaseException] = []
        self.port = self.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(5)
        try:
            conn = self.tls.wrap_socket(request, server_side=True)
        except OSError:  # ssl.SSLError included: the client refused our certificate
            return
        with conn:
            super().finish_request(conn, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.errors.append(sys.exc_info()[1])  # type: ignore[arg-type]

    def __enter__(self) -> Server:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(2)
        assert not self.errors, self.errors


def target(server: Server) -> str:
    """The request line a proxy receives for ``retrieve("o-1")`` on ``server``."""
    return f"GET {server.url}/v3/orders/o-1 HTTP/1.1"


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as api:
        yield api


@pytest.fixture
def proxy() -> Iterator[Server]:
    with Server() as stand_in:
        yield stand_in


@pytest.fixture
def other_proxy() -> Iterator[Server]:
    with Server() as stand_in:
        yield stand_in


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# --- both clients -----------------------------------------------------------------------------


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make(mode: str, **options: Any) -> sdk.Autoenhance | sdk.AsyncAutoenhance:
    options.setdefault("api_key", KEY)
    options.setdefault("max_retries", 0)
    options.setdefault("timeout", 5)
    return sdk.Autoenhance(**options) if mode == "sync" else sdk.AsyncAutoenhance(**options)


async def retrieve_with(client: sdk.Autoenhance | sdk.AsyncAutoenhance) -> sdk.OrderOut:
    if isinstance(client, sdk.AsyncAutoenhance):
        return await client.orders.retrieve("o-1")
    return client.orders.retrieve("o-1")


async def close(client: sdk.Autoenhance | sdk.AsyncAutoenhance) -> None:
    if isinstance(client, sdk.AsyncAutoenhance):
        await client.close()
    else:
        client.close()


async def retrieve(mode: str, **options: Any) -> sdk.OrderOut:
    """``orders.retrieve("o-1")`` through a fresh client of that mode, closed afterwards."""
    client = make(mode, **options)
    try:
        return await retrieve_with(client)
    finally:
        await close(client)


async def connection_error(mode: str, **options: Any) -> sdk.APIConnectionError:
    """The APIConnectionError (not a timeout) that ``retrieve`` raises; its message leaks nothing."""
    with pytest.raises(sdk.APIConnectionError) as info:
        await retrieve(mode, **options)
    assert not isinstance(info.value, sdk.APITimeoutError), info.value
    assert KEY not in str(info.value)
    return info.value


# --- proxies from the environment -------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])
async def test_an_environment_proxy_carries_the_call(
    mode: str, variable: str, server: Server, proxy: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    order = await retrieve(mode, base_url=server.url)
    assert order.order_id == "o-1"
    assert [seen.line for seen in proxy.seen] == [target(server)]
    assert proxy.seen[0].headers["x-api-key"] == KEY  # a plain-HTTP proxy sees the request as is
    assert server.seen == []


@pytest.mark.anyio
async def test_https_proxy_is_not_used_for_http(
    mode: str, server: Server, proxy: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    assert (await retrieve(mode, base_url=server.url)).order_id == "o-1"
    assert proxy.seen == []
    assert [seen.line for seen in server.seen] == ["GET /v3/orders/o-1 HTTP/1.1"]


@pytest.mark.anyio
async def test_an_unreachable_environment_proxy_fails_the_call(
    mode: str, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's symptom: the async client went straight to the server instead."""
    monkeypatch.setenv("HTTP_PROXY", f"http://user:secret@127.0.0.1:{closed_port()}")
    error = await connection_error(mode, base_url=server.url)
    assert "secret" not in str(error)
    assert server.seen == []


@pytest.mark.anyio
@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "example.com, 127.0.0.1", "*"])
async def test_no_proxy_sends_matching_hosts_straight_to_the_server(
    mode: str, no_proxy: str, server: Server, proxy: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert (await retrieve(mode, base_url=server.url)).order_id == "o-1"
    assert proxy.seen == []
    assert [seen.line for seen in server.seen] == ["GET /v3/orders/o-1 HTTP/1.1"]


@pytest.mark.anyio
async def test_no_proxy_in_lower_case_counts_too(
    mode: str, server: Server, proxy: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", proxy.url)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    assert (await retrieve(mode, base_url=server.url)).order_id == "o-1"
    assert (len(proxy.seen), len(server.seen)) == (0, 1)


@pytest.mark.anyio
@pytest.mark.parametrize("no_proxy", ["example.com", "127.0.0.2", "localhost"])
async def test_no_proxy_not_matching_keeps_the_proxy(
    mode: str, no_proxy: str, server: Server, proxy: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert (await retrieve(mode, base_url=server.url)).order_id == "o-1"
    assert [seen.line for seen in proxy.seen] == [target(server)]
    assert server.seen == []


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"])
@pytest.mark.parametrize(
    "value", ["socks5://user:secret@127.0.0.1:1080", "ftp://user:secret@127.0.0.1", "http://user:secret@[::1"]
)
def test_an_unusable_environment_proxy_is_refused_at_construction(
    mode: str, variable: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(sdk.InvalidInputError) as info:
        make(mode, base_url="http://127.0.0.1:1")
    message = str(info.value)
    assert "secret" not in message and "user" not in message and KEY not in message
    assert "environment" in message
    assert "secret" not in "".join(traceback.format_exception(info.value))  # nor in a chained error


@pytest.mark.anyio
async def test_an_unusable_environment_proxy_does_not_matter_with_an_explicit_one(
    mode: str, server: Server, proxy: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """proxy= replaces the environment's proxies altogether, as in httpx."""
    monkeypatch.setenv("HTTP_PROXY", "socks5://user:secret@127.0.0.1:1080")
    assert (await retrieve(mode, base_url=server.url, proxy=proxy.url)).order_id == "o-1"
    assert [seen.line for seen in proxy.seen] == [target(server)]


# --- proxy= -----------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("form", ["str", "httpx.URL", "httpx.Proxy"])
async def test_an_explicit_proxy_carries_the_call(mode: str, form: str, server: Server, proxy: Server) -> None:
    given: Any = {"str": proxy.url, "httpx.URL": httpx.URL(proxy.url), "httpx.Proxy": httpx.Proxy(proxy.url)}[form]
    assert (await retrieve(mode, base_url=server.url, proxy=given)).order_id == "o-1"
    assert [seen.line for seen in proxy.seen] == [target(server)]
    assert server.seen == []


@pytest.mark.anyio
async def test_an_explicit_proxy_wins_over_the_environment(
    mode: str, server: Server, proxy: Server, other_proxy: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", other_proxy.url)
    monkeypatch.setenv("ALL_PROXY", other_proxy.url)
    assert (await retrieve(mode, base_url=server.url, proxy=proxy.url)).order_id == "o-1"
    assert [seen.line for seen in proxy.seen] == [target(server)]
    assert other_proxy.seen == [] and server.seen == []


@pytest.mark.anyio
async def test_no_proxy_does_not_apply_to_an_explicit_proxy(
    mode: str, server: Server, proxy: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert (await retrieve(mode, base_url=server.url, proxy=proxy.url)).order_id == "o-1"
    assert [seen.line for seen in proxy.seen] == [target(server)]
    assert server.seen == []


@pytest.mark.anyio
async def test_the_proxy_credentials_go_to_the_proxy_only(mode: str, server: Server, proxy: Server) -> None:
    url = proxy.url.replace("http://", "http://user:secret@")
    assert (await retrieve(mode, base_url=server.url, proxy=url)).order_id == "o-1"
    expected = "Basic " + base64.b64encode(b"user:secret").decode()
    assert proxy.seen[0].headers["proxy-authorization"] == expected


@pytest.mark.anyio
async def test_the_headers_of_an_httpx_proxy_go_to_the_proxy(mode: str, server: Server, proxy: Server) -> None:
    given = httpx.Proxy(proxy.url, auth=("user", "pässword"), headers={"x-proxy-token": "t"})
    assert (await retrieve(mode, base_url=server.url, proxy=given)).order_id == "o-1"
    headers = proxy.seen[0].headers
    assert headers["x-proxy-token"] == "t"
    assert headers["proxy-authorization"] == "Basic " + base64.b64encode("user:pässword".encode()).decode()


@pytest.mark.anyio
async def test_the_request_in_an_error_does_not_show_the_proxy_credentials(mode: str) -> None:
    url = f"http://user:secret@127.0.0.1:{closed_port()}"
    error = await connection_error(mode, base_url="http://127.0.0.1:1", proxy=url)
    assert error.request is not None
    assert "proxy-authorization" not in error.request.headers
    assert "secret" not in repr(error.request) and "secret" not in str(error.request.url)


@pytest.mark.anyio
async def test_an_unreachable_explicit_proxy_fails_the_call(mode: str, server: Server) -> None:
    error = await connection_error(mode, base_url=server.url, proxy=f"http://user:secret@127.0.0.1:{closed_port()}")
    assert "secret" not in str(error)
    assert server.seen == []


@pytest.mark.parametrize(
    "value",
    [
        "socks5://user:secret@127.0.0.1:1080",
        "ftp://user:secret@127.0.0.1/",
        httpx.URL("socks5://user:secret@127.0.0.1:1080"),
        "http://user:secret@[::1",
        "user:secret@127.0.0.1:8080",
        "http://user:secret@",
    ],
    ids=["socks5", "ftp", "socks5 httpx.URL", "not a URL", "no scheme", "no host"],
)
def test_an_unusable_proxy_is_refused_without_showing_it(mode: str, value: object) -> None:
    with pytest.raises(sdk.InvalidInputError) as info:
        make(mode, base_url="http://127.0.0.1:1", proxy=value)
    message = str(info.value)
    assert message.startswith("proxy ")
    assert "secret" not in message and KEY not in message
    assert "secret" not in "".join(traceback.format_exception(info.value))


@pytest.mark.parametrize("value", [8080, b"http://127.0.0.1:8080", ("127.0.0.1", 8080)])
def test_a_proxy_of_another_type_is_refused(mode: str, value: object) -> None:
    with pytest.raises(sdk.InvalidInputError, match=re.escape("proxy must be a URL str, httpx.URL or httpx.Proxy")):
        make(mode, base_url="http://127.0.0.1:1", proxy=value)


@pytest.mark.anyio
async def test_the_client_repr_does_not_show_the_proxy(mode: str) -> None:
    client = make(mode, base_url="http://127.0.0.1:1", proxy="http://user:secret@127.0.0.1:8080")
    try:
        assert "secret" not in repr(client) and "secret" not in repr(client._settings)
    finally:
        await close(client)


@pytest.mark.anyio
async def test_with_options_copies_keep_the_proxy(mode: str, server: Server, proxy: Server) -> None:
    client = make(mode, base_url=server.url, proxy=proxy.url)
    try:
        copy = client.with_options(timeout=3, max_retries=1, extra_headers={"x-trace": "t"})
        assert (await retrieve_with(copy)).order_id == "o-1"
        assert (await retrieve_with(client)).order_id == "o-1"
    finally:
        await close(client)
    assert [seen.line for seen in proxy.seen] == [target(server)] * 2
    assert proxy.seen[0].headers["x-trace"] == "t"
    assert server.seen == []


@pytest.mark.anyio
async def test_with_options_copies_keep_the_environment_proxy(
    mode: str, server: Server, proxy: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    client = make(mode, base_url=server.url)
    try:
        assert (await retrieve_with(client.with_options(timeout=3))).order_id == "o-1"
    finally:
        await close(client)
    assert [seen.line for seen in proxy.seen] == [target(server)]


# --- SSL_CERT_FILE and SSL_CERT_DIR -----------------------------------------------------------


@dataclass(frozen=True)
class PKI:
    ca: Path  # the throwaway CA's certificate
    ca_dir: Path  # a directory holding it under its subject hash, as SSL_CERT_DIR wants
    cert: Path  # the server's certificate for 127.0.0.1 (IP SAN), signed by the CA
    key: Path


def _openssl(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(["openssl", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"openssl {args[0]} failed: {done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> PKI:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command line tool is not installed; it makes the test CA and certificate")
    root = tmp_path_factory.mktemp("pki")
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl(
        "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=autoenhance test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=root,
    )  # fmt: skip
    _openssl("req", "-new", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=root)
    (root / "server.ext").write_text(
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectAltName=IP:127.0.0.1\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid\n"
    )
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "server.ext",
        cwd=root,
    )  # fmt: skip
    ca_dir = root / "certs"
    ca_dir.mkdir()
    subject_hash = _openssl("x509", "-hash", "-noout", "-in", "ca.pem", cwd=root).strip()
    shutil.copy(root / "ca.pem", ca_dir / f"{subject_hash}.0")
    return PKI(ca=root / "ca.pem", ca_dir=ca_dir, cert=root / "server.pem", key=root / "server.key")


@pytest.fixture
def https_server(pki: PKI) -> Iterator[Server]:
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(pki.cert, pki.key)
    with Server(tls) as api:
        yield api


async def refused_certificate(mode: str, server: Server) -> None:
    """The call fails on the server's certificate (the client refuses it): nothing is served."""
    served = len(server.seen)
    error = await connection_error(mode, base_url=server.url)
    assert "certificate verify failed" in str(error).lower(), error
    assert len(server.seen) == served


@pytest.mark.anyio
async def test_ssl_cert_file_names_the_cas_to_trust(
    mode: str, pki: PKI, https_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca))
    assert (await retrieve(mode, base_url=https_server.url)).order_id == "o-1"
    assert [seen.line for seen in https_server.seen] == ["GET /v3/orders/o-1 HTTP/1.1"]


@pytest.mark.anyio
async def test_ssl_cert_dir_names_the_cas_to_trust(
    mode: str, pki: PKI, https_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_DIR", str(pki.ca_dir))
    assert (await retrieve(mode, base_url=https_server.url)).order_id == "o-1"
    assert len(https_server.seen) == 1


@pytest.mark.anyio
async def test_an_unknown_ca_is_refused(mode: str, https_server: Server) -> None:
    """Without SSL_CERT_FILE or SSL_CERT_DIR only certifi's CAs are trusted."""
    await refused_certificate(mode, https_server)


@pytest.mark.anyio
async def test_a_change_of_the_ca_variables_takes_effect_for_the_next_client(
    mode: str, pki: PKI, https_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared SSL context is cached per (SSL_CERT_FILE, SSL_CERT_DIR): never stale."""
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca))
    with_file = shared_ssl_context()
    assert (await retrieve(mode, base_url=https_server.url)).order_id == "o-1"
    assert shared_ssl_context() is with_file  # the same settings: the same context, not reloaded

    monkeypatch.delenv("SSL_CERT_FILE")
    without = shared_ssl_context()
    assert without is not with_file
    await refused_certificate(mode, https_server)

    monkeypatch.setenv("SSL_CERT_DIR", str(pki.ca_dir))
    with_dir = shared_ssl_context()
    assert with_dir is not without and with_dir is not with_file
    assert (await retrieve(mode, base_url=https_server.url)).order_id == "o-1"

    monkeypatch.delenv("SSL_CERT_DIR")
    assert shared_ssl_context() is without
    await refused_certificate(mode, https_server)

    monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca))
    assert shared_ssl_context() is with_file
    assert (await retrieve(mode, base_url=https_server.url)).order_id == "o-1"
    assert len(https_server.seen) == 3


@pytest.mark.anyio
async def test_a_client_keeps_the_cas_it_was_made_with(
    mode: str, pki: PKI, https_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca))
    client = make(mode, base_url=https_server.url)
    try:
        monkeypatch.delenv("SSL_CERT_FILE")
        assert (await retrieve_with(client)).order_id == "o-1"
    finally:
        await close(client)


@pytest.mark.anyio
async def test_the_ca_variables_apply_through_a_proxy_too(
    mode: str, pki: PKI, https_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTTPS through an HTTP proxy is a CONNECT tunnel; the server's certificate is checked
    against the same CAs."""
    with Tunnel() as tunnel:
        monkeypatch.setenv("HTTPS_PROXY", tunnel.url)
        await refused_certificate(mode, https_server)
        monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca))
        assert (await retrieve(mode, base_url=https_server.url)).order_id == "o-1"
    assert [line for line, _ in tunnel.connects] == [f"CONNECT 127.0.0.1:{https_server.port} HTTP/1.1"] * 2


@pytest.mark.anyio
async def test_the_proxy_credentials_go_on_the_connect_only(
    mode: str, pki: PKI, https_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca))
    with Tunnel() as tunnel:
        url = tunnel.url.replace("http://", "http://user:secret@")
        given = httpx.Proxy(url, headers={"x-proxy-token": "t"})
        assert (await retrieve(mode, base_url=https_server.url, proxy=given)).order_id == "o-1"
    [(line, headers)] = tunnel.connects
    assert line == f"CONNECT 127.0.0.1:{https_server.port} HTTP/1.1"
    assert headers["proxy-authorization"] == "Basic " + base64.b64encode(b"user:secret").decode()
    assert headers["x-proxy-token"] == "t"
    [seen] = https_server.seen
    assert "proxy-authorization" not in seen.headers and "x-proxy-token" not in seen.headers


class Tunnel:
    """A loopback HTTP proxy that only tunnels (CONNECT), recording each target."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connects: list[tuple[str, dict[str, str]]] = []  # request line, lower-case headers
        self._conns: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self._conns.append(conn)
            thread = threading.Thread(target=self._tunnel, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _tunnel(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        with contextlib.suppress(OSError):
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            line, *fields = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
            headers = {name.strip().lower(): value.strip() for name, value in (f.split(":", 1) for f in fields)}
            self.connects.append((line, headers))
            method, authority, _ = line.split(" ")
            if method != "CONNECT":
                conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n")
                return
            host, port = authority.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)), timeout=5)
            self._conns.append(upstream)
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            pump = threading.Thread(target=self._pump, args=(upstream, conn), daemon=True)
            self._threads.append(pump)
            pump.start()
            self._pump(conn, upstream)

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def __enter__(self) -> Tunnel:
        self._accepting.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes accept() at once
        self.sock.close()
        self._accepting.join(2)
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(2)
        for conn in self._conns:
            conn.close()


@pytest.mark.parametrize("content", [None, "not a certificate\n"], ids=["missing", "no certificate"])
def test_an_unusable_ssl_cert_file_is_refused_at_construction(
    mode: str, content: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_text(content)
    monkeypatch.setenv("SSL_CERT_FILE", str(path))
    with pytest.raises(sdk.InvalidInputError, match="SSL_CERT_FILE") as info:
        make(mode, base_url="https://127.0.0.1:1")
    assert str(path) in str(info.value)
