"""The mock under hostile input: raw malformed HTTP, huge and deep bodies, header floods.

Never a 5xx, never a crash (it keeps answering), memory bounded, and every answer to a known
operation is one the spec documents for it.
"""

from __future__ import annotations

import json
import resource
import socket
from collections.abc import Iterator

import httpx
import pytest
from autoenhance_mock import MockServer

KEY = "hostile-key"


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(api_keys=[KEY], validate_responses=True) as s:
        yield s


def raw(server: MockServer, payload: bytes, read: int = 65536) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        try:
            conn.sendall(payload)
            conn.shutdown(socket.SHUT_WR)
        except OSError:  # the server may hang up before reading all of a huge payload
            pass
        chunks = []
        try:
            while chunk := conn.recv(read):
                chunks.append(chunk)
        except OSError:
            pass
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def post(path: str, body: bytes, ctype: str = "application/json", extra: str = "") -> bytes:
    head = f"POST {path} HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\ncontent-type: {ctype}\r\n"
    return (head + f"content-length: {len(body)}\r\n{extra}connection: close\r\n\r\n").encode() + body


CASES = {
    "invalid json": (post("/v3/orders/", b'{"name": '), 400),
    "invalid utf-8": (post("/v3/orders/", b'{"name": "\xc3\x28"}'), 400),
    "nul in json": (post("/v3/orders/", b'{"name": "a\x00b"}'), 400),
    "deep nesting": (post("/v3/orders/", b"[" * 50_000 + b"]" * 50_000), 400),
    "deep valid object": (post("/v3/orders/", b'{"name": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}"), 400),
    "huge body": (post("/v3/orders/", b'{"name": "' + b"x" * (3 * 1024 * 1024) + b'"}'), 413),
    "wrong content type": (post("/v3/orders/", b"name=x", "application/x-www-form-urlencoded"), 415),
    "xml": (post("/v3/orders/", b"<order/>", "application/xml"), 415),
    "lying content-length": (
        b"POST /v3/orders/ HTTP/1.1\r\nhost: x\r\nx-api-key: "
        + KEY.encode()
        + b"\r\ncontent-type: application/json\r\ncontent-length: 99999999999\r\n\r\n{}",
        413,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_bodies_get_their_documented_4xx(server: MockServer, name: str) -> None:
    payload, expected = CASES[name]
    answer = raw(server, payload)
    assert status_of(answer) == expected, answer[:200]
    body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    assert set(body) == {"message", "detail"}


@pytest.mark.parametrize(
    "payload",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /v3/orders/ HTTP/9.9\r\n\r\n",
        b"GET /v3/orders/ HTTP/1.1\r\n" + b"x-flood: y\r\n" * 20_000 + b"\r\n",
        b"GET /v3/orders/ HTTP/1.1\r\nhost: x\r\nx-big: " + b"a" * 200_000 + b"\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 100,  # a TLS hello on a plain port
        b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nhost: x\r\n\r\n",
        b"POST /v3/orders/ HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nZZZ\r\n",
    ],
    ids=["garbage", "bad version", "header flood", "huge header", "tls", "huge path", "bad chunk"],
)
def test_broken_http_never_gets_a_5xx_and_the_mock_stays_up(server: MockServer, payload: bytes) -> None:
    answer = raw(server, payload)
    assert not (500 <= status_of(answer) < 600), answer[:200]
    ok = httpx.get(f"{server.url}/v3/orders/", headers={"x-api-key": KEY})
    assert ok.status_code == 200


def test_memory_stays_bounded_under_repeated_hostile_input(server: MockServer) -> None:
    big = post("/v3/orders/", b'{"name": "' + b"x" * (900 * 1024) + b'"}')
    for _ in range(20):
        raw(server, big)  # each is a valid-size body with an invalid name: 422, nothing kept
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(100):
        raw(server, big)
        raw(server, CASES["deep nesting"][0])
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 50, f"peak memory grew {grown_mb:.0f} MB over 200 hostile requests"
    log = httpx.get(f"{server.url}/__mock__/requests", params={"limit": 5}).json()["requests"]
    assert all(len(entry["path"]) <= 2048 for entry in log)
