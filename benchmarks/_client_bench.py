"""Client-side measures: our SDK, the generated client, raw httpx and the official SDK, side by side.

Every function returns seconds (or a rate) for one run; run.py repeats them and takes medians.
Within a run the contenders alternate, so a noisy moment hurts them alike.
"""

from __future__ import annotations

import asyncio
import json
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import aiohttp
import autoenhance  # the official SDK (the `bench` extra)
import autoenhance_sdk as sdk
import httpx
from _servers import KEY
from autoenhance_api.api.orders import retrieve_order
from autoenhance_api.client import AuthenticatedClient
from autoenhance_api.models import OrderOut

ORDER_ID = "bench-order"


def _interleaved(contenders: dict[str, Any], calls: int, slices: int = 10) -> dict[str, float]:
    """Seconds per call of each contender, run in turns of ``calls / slices`` calls, the order
    rotating each turn: the load of this shared machine changes within a second, and a busy
    moment then falls on every contender alike instead of on whichever ran then."""
    for fn in contenders.values():
        fn()  # warm: connection made, code paths loaded
    names = list(contenders)
    spent = dict.fromkeys(names, 0.0)
    turn = max(1, calls // slices)
    for rotation in range(slices):
        for name in names[rotation % len(names) :] + names[: rotation % len(names)]:
            fn = contenders[name]
            started = time.perf_counter()
            for _ in range(turn):
                fn()
            spent[name] += time.perf_counter() - started
    return {name: total / (turn * slices) for name, total in spent.items()}


def sequential_retrieve(url: str, calls: int) -> dict[str, float]:
    """Seconds per sequential retrieve_order round trip, for each client."""
    ours = sdk.Autoenhance(api_key=KEY, base_url=url)
    official = autoenhance.Autoenhance(KEY, baseURL=url)
    raw = httpx.Client(base_url=url, headers={"x-api-key": KEY})
    generated = AuthenticatedClient(base_url=url, token=KEY, prefix="", auth_header_name="x-api-key")
    try:
        return _interleaved(
            {
                "ours": lambda: ours.orders.retrieve(ORDER_ID),
                "official": lambda: official.retrieve_order(id=ORDER_ID),
                "httpx": lambda: raw.get(f"/v3/orders/{ORDER_ID}").json(),
                "generated": lambda: retrieve_order.sync(ORDER_ID, client=generated),
            },
            calls,
        )
    finally:
        ours.close()
        raw.close()
        generated.get_httpx_client().close()


def concurrent_retrieve(url: str, batches: int) -> dict[str, float]:
    """Retrieves per second with 64 in flight: ours as 64 tasks, the official SDK sequential and
    on 64 threads. Both keep 64 calls in flight until ``64 * batches`` are done, each worker
    taking the next as soon as its last ends (as the thread pool's ``map`` does); gathering
    rounds of 64 would leave ours waiting for each round's slowest call."""
    calls = 64 * batches

    async def in_flight(call: Callable[[], Awaitable[Any]]) -> float:
        await asyncio.gather(*(call() for _ in range(64)))  # warm the pool
        left = calls

        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                await call()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(64)))
        return calls / (time.perf_counter() - started)

    async def ours_run() -> float:
        async with sdk.AsyncAutoenhance(api_key=KEY, base_url=url) as client:
            return await in_flight(lambda: client.orders.retrieve(ORDER_ID))

    async def aiohttp_run() -> float:
        """No SDK at all: aiohttp's GET and json.loads, what this machine and mock allow."""
        async with aiohttp.ClientSession(headers={"x-api-key": KEY}) as session:

            async def call() -> Any:
                async with session.get(f"{url}/v3/orders/{ORDER_ID}") as answer:
                    return json.loads(await answer.read())

            return await in_flight(call)

    official = autoenhance.Autoenhance(KEY, baseURL=url)
    official.retrieve_order(id=ORDER_ID)
    started = time.perf_counter()
    for _ in range(calls):
        official.retrieve_order(id=ORDER_ID)
    sequential = calls / (time.perf_counter() - started)
    with ThreadPoolExecutor(64) as pool:
        list(pool.map(lambda _: official.retrieve_order(id=ORDER_ID), range(64)))
        started = time.perf_counter()
        list(pool.map(lambda _: official.retrieve_order(id=ORDER_ID), range(calls)))
        threaded = calls / (time.perf_counter() - started)
    return {
        "ours": asyncio.run(ours_run()),
        "raw_aiohttp": asyncio.run(aiohttp_run()),
        "official": max(sequential, threaded),
        "official_sequential": sequential,
        "official_threads64": threaded,
    }


def add_latency(url: str, latency_ms: float) -> None:
    """Every answer from now on waits ``latency_ms``, as over a network (the mock's latency fault)."""
    fault = {"kind": "latency", "latency_ms": latency_ms}
    httpx.post(f"{url}/__mock__/faults", json=fault, timeout=10).raise_for_status()


def big_order(images: int) -> dict[str, Any]:
    image = {
        "image_id": "",
        "image_name": "room",
        "order_id": "big",
        "user_id": "u",
        "status": "processed",
        "status_reason": None,
        "date_added": 1796029200000,
        "downloaded": False,
        "rating": 3,
        "scene": "interior",
        "metadata": {"width": 6000, "height": 4000},
        "finetune_settings": None,
        "ai_version": "5.x",
        "cloud_type": "CLEAR",
        "enhance": True,
        "enhance_type": "property",
        "lens_correction": True,
        "privacy": False,
        "sky_replacement": True,
        "upscale": False,
        "vertical_correction": True,
        "window_pull": False,
    }
    return {
        "order_id": "big",
        "name": "500 images",
        "created_at": "2026-11-30T09:15:00+00:00",
        "last_updated_at": "2026-11-30T09:15:00+00:00",
        "images": [{**image, "image_id": f"img-{i}"} for i in range(images)],
        "status": "processed",
        "is_processing": False,
        "is_merging": False,
        "is_deleted": False,
        "total_images": images,
    }


def parse_order(images: int, repeat: int) -> dict[str, float]:
    """Seconds to read one order with ``images`` images into models."""
    data = big_order(images)
    official = autoenhance.models.OrderOut
    out = {}
    for name, parse in (("ours", OrderOut.from_dict), ("official", official.from_dict)):
        parse(data)
        started = time.perf_counter()
        for _ in range(repeat):
            parse(data)
        out[name] = (time.perf_counter() - started) / repeat
    return out


def seed(url: str, orders: int) -> None:
    with httpx.Client(base_url=url, timeout=120) as http:
        for start in range(0, orders, 5000):
            body = {"api_key": KEY, "orders": [{} for _ in range(min(5000, orders - start))]}
            http.post("/__mock__/seed", json=body).raise_for_status()


def paginate(url: str, expected: int) -> dict[str, float]:
    """Orders/s walking every order with auto-pagination, and the peak memory it needed (MB)."""
    with sdk.Autoenhance(api_key=KEY, base_url=url) as client:
        started = time.perf_counter()
        count = sum(1 for _ in client.orders.list(per_page=50))
        rate = count / (time.perf_counter() - started)
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
        walked = sum(1 for _ in client.orders.list(per_page=50))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert count == walked >= expected, (count, walked, expected)
    return {"orders_per_s": rate, "peak_mb": (peak - baseline) / 2**20}
