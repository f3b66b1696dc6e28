"""The suite against a running server, for images: it spends no credit unless --allow-credits
(every enhanced download carries ``x-dev-mode: true``), touches no image it did not create (the
accounts' own, under the short ids a generator likes, survive unchanged, never bought), and its
clean-up leaves nothing of what it created, images included."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from autoenhance_mock import MockServer, create_app

from tests.contract import drift
from tests.contract.suite import FAST, run_suite, seed

A, B = "images-key-a", "images-key-b"
SMALL = ("--max-examples", "4", "--walk-orders", "3", "--seed", "5")
ENHANCED = re.compile(r"^/v3/images/[^/]+/enhanced/?$")
SHORT = ["0", "00", "a", "A", "-", "_", "0a", "x" * 128]  # ids a generator likes to produce
CREDITS = 3


class Downloads:
    """Every GET to an enhanced download the server received: its headers and its status."""

    def __init__(self) -> None:
        self.seen: list[tuple[dict[str, str], int]] = []

    def __call__(self, scope: dict[str, Any], status: int, headers: list[Any], body: bytes) -> Any:
        if scope["method"] == "GET" and ENHANCED.match(scope["path"]):
            sent = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            self.seen.append((sent, status))
        return status, headers, body


def control(server: MockServer, method: str, path: str, **body: Any) -> Any:
    response = httpx.request(method, f"{server.url}/__mock__/{path}", json=body or None, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def theirs(tag: str) -> list[dict[str, Any]]:
    """An account's own orders, each with a processed image (downloadable, not bought yet)."""
    return [
        {
            "order_id": f"user-{tag}-{n}",
            "name": f"order {n}",
            "images": [{"image_id": image_id, "image_name": f"photo {n}", "status": "processed"}],
        }
        for n, image_id in enumerate(SHORT)
    ]


@pytest.fixture
def watched() -> Iterator[tuple[MockServer, Downloads, dict[str, str]]]:
    """A server holding both accounts' own orders and images, with few credits each, and what it
    received; the accounts' fingerprints by key."""
    app = create_app(api_keys=[A, B], timings=FAST)
    downloads = Downloads()
    with MockServer(app, asgi=drift.Drift(app, downloads)) as server:
        accounts = {key: control(server, "POST", "credits", api_key=key, credits=CREDITS)["account"] for key in (A, B)}
        for key, tag in ((A, "a"), (B, "b")):
            seed(server.url, key, theirs(tag))
        yield server, downloads, accounts


def images_of(state: dict[str, Any], account: str) -> dict[str, dict[str, Any]]:
    return {i["image_id"]: i for o in state["accounts"].get(account, []) for i in o["images"]}


def test_without_allow_credits_every_enhanced_download_is_dev_mode_and_nothing_is_left(
    watched: tuple[MockServer, Downloads, dict[str, str]], tmp_path: Path
) -> None:
    server, downloads, accounts = watched
    before = control(server, "GET", "state")
    run = run_suite(tmp_path, "--base-url", server.url, "--api-key", A, "--api-key-2", B, *SMALL)
    assert run.code == 0, run.out[-4000:]
    assert len(downloads.seen) > 10, "the run downloaded (schemathesis, the SDK tests, the journey)"
    # x-dev-mode: true on each; a value that is no boolean (a negative case) was refused, so spent nothing
    wrong = [(h.get("x-dev-mode"), s) for h, s in downloads.seen if h.get("x-dev-mode") != "true" and s < 400]
    assert not wrong, wrong[:5]
    assert all("x-dev-mode" in h for h, _ in downloads.seen), "an enhanced download went without x-dev-mode"
    assert any(h.get("x-dev-mode") == "true" and s == 200 for h, s in downloads.seen)
    assert control(server, "GET", "credits")["credits"] == dict.fromkeys(accounts.values(), CREDITS)
    after = control(server, "GET", "state")
    assert after == before, "the accounts hold exactly what they held: their orders and images, unchanged"
    for account in accounts.values():
        assert len(images_of(after, account)) == len(SHORT)
        assert not any(i["downloaded"] for i in images_of(after, account).values())
    assert "clean-up: deleted" in run.out and " 0 left on the server" in run.out, run.out[-2000:]
    created = re.search(r"(\d+) order\(s\) and (\d+) image\(s\) created", run.out)
    assert created and int(created.group(2)) > 0, "the run created images (and deleted them all)"


def test_with_allow_credits_full_size_downloads_spend_credits(
    watched: tuple[MockServer, Downloads, dict[str, str]], tmp_path: Path
) -> None:
    server, downloads, accounts = watched
    control(server, "POST", "credits", api_key=A, credits=1000)
    needed = ["create_order", "delete_order", "retrieve_order", "create_image", "retrieve_image"]
    needed += ["download_enhanced_image", "download_original_image"]
    run = run_suite(
        tmp_path,
        *("--base-url", server.url, "--api-key", A, "--allow-credits", *SMALL),
        *(arg for operation in needed for arg in ("--include", operation)),
    )
    assert run.code == 0, run.out[-4000:]
    assert control(server, "GET", "credits")["credits"][accounts[A]] < 1000, "no full-size download was bought"
    assert any("x-dev-mode" not in h and s == 200 for h, s in downloads.seen)
    assert " 0 left on the server" in run.out
