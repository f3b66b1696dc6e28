"""Soak the mock: many concurrent clients over several keys, then check nothing was lost.

    python scripts/soak.py --seconds 60            # 32 clients over 8 keys, loopback only

Each client keeps one keep-alive connection and runs a mix of create, list, retrieve, update,
process and delete against its key's orders. A model of every answer that succeeded is kept; at
the end the mock's state must equal it exactly (no lost or duplicated order, no order of one key
seen by another), no answer may be a 5xx, and the mock's memory must stay flat once warm.
Exits 1 when any of that fails. Bounded in time and in orders per key; stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from autoenhance_mock import fingerprint

MAX_LIVE = 150  # per key: above it deletes win, so the state (and memory) stays bounded


@dataclass
class Account:
    key: str
    live: dict[str, str] = field(default_factory=dict)  # order id -> name
    ever: set[str] = field(default_factory=set)
    busy: set[str] = field(default_factory=set)  # ids with a write in flight


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    requests: int = 0

    def problem(self, text: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(text)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def worker(url: str, account: Account, tally: Tally, deadline: float, rng: random.Random) -> None:
    async with httpx.AsyncClient(base_url=url, headers={"x-api-key": account.key}, timeout=10) as http:
        while time.monotonic() < deadline:
            idle = [i for i in account.live if i not in account.busy]
            roll = rng.random()
            if not idle or (roll < 0.25 and len(account.live) < MAX_LIVE):
                op = "create"
            elif len(account.live) >= MAX_LIVE and roll < 0.5:
                op = "delete"
            else:
                op = rng.choice(["list", "retrieve", "retrieve", "update", "process", "delete"])
            await step(http, op, account, tally, rng.choice(idle) if idle else "")


async def step(http: httpx.AsyncClient, op: str, account: Account, tally: Tally, order_id: str) -> None:
    tally.requests += 1
    if op == "create":
        new_id = f"soak-{uuid.uuid4()}"
        account.ever.add(new_id)  # before sending: a list may see it before our answer arrives
        resp = await http.post("/v3/orders/", json={"order_id": new_id, "name": "soak"})
        if resp.status_code == 200:
            account.live[new_id] = "soak"
        expected = {200}
    elif op == "list":
        resp = await http.get("/v3/orders/", params={"per_page": 50})
        if resp.status_code == 200:
            ids = [o["order_id"] for o in resp.json()["orders"]]
            if len(ids) != len(set(ids)):
                tally.problem("a page listed an order twice")
            if set(ids) - account.ever:
                tally.problem(f"{fingerprint(account.key)} listed orders it never created")
        expected = {200}
    elif op == "retrieve":
        account.busy.add(order_id)  # no delete of it may overtake this read
        resp = await http.get(f"/v3/orders/{order_id}")
        account.busy.discard(order_id)
        if resp.status_code == 200 and resp.json()["name"] != account.live.get(order_id):
            tally.problem(f"order {order_id} came back with a name nobody gave it")
        expected = {200}
    else:
        account.busy.add(order_id)
        if op == "update":
            name = f"soak-{uuid.uuid4().hex[:6]}"
            resp = await http.patch(f"/v3/orders/{order_id}", json={"name": name})
            if resp.status_code == 200:
                account.live[order_id] = name
            expected = {200}
        elif op == "process":
            resp = await http.post(f"/v3/orders/{order_id}/process", json={"enhance_type": "warm"})
            expected = {200}
        else:
            resp = await http.delete(f"/v3/orders/{order_id}")
            if resp.status_code == 204:
                account.live.pop(order_id, None)
            expected = {204}
        account.busy.discard(order_id)
    tally.statuses[resp.status_code] += 1
    if resp.status_code not in expected:
        tally.problem(f"{op} answered {resp.status_code}: {resp.text[:120]}")


async def soak(url: str, keys: list[str], clients: int, seconds: float, seed: int) -> tuple[Tally, list[Account]]:
    accounts = [Account(k) for k in keys]
    tally = Tally()
    deadline = time.monotonic() + seconds
    rng = random.Random(seed)
    await asyncio.gather(
        *(
            worker(url, accounts[i % len(accounts)], tally, deadline, random.Random(rng.random()))
            for i in range(clients)
        )
    )
    return tally, accounts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--keys", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 3600 or args.clients < 1 or args.keys < 1:
        parser.error("--seconds must be in (0, 3600], --clients and --keys >= 1")

    keys = [f"soak-key-{i}" for i in range(args.keys)]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    mock = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "autoenhance_mock",
            "--port",
            str(port),
            "--log-level",
            "warning",
            *[a for k in keys for a in ("--api-key", k)],
        ],
        env={**os.environ, "AUTOENHANCE_MOCK_API_KEYS": ""},
    )
    try:
        for _ in range(200):
            try:
                httpx.get(f"{url}/__mock__/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)  # waiting for the port to open; no outcome depends on it
        memory: list[float] = []

        async def run() -> tuple[Tally, list[Account]]:
            async def sample() -> None:
                while True:
                    memory.append(rss_mb(mock.pid))
                    await asyncio.sleep(max(0.1, args.seconds / 40))

            sampler = asyncio.create_task(sample())
            try:
                return await soak(url, keys, args.clients, args.seconds, args.seed)
            finally:
                sampler.cancel()

        started = time.monotonic()
        tally, accounts = asyncio.run(run())
        elapsed = time.monotonic() - started
        state = httpx.get(f"{url}/__mock__/state", timeout=30).json()["accounts"]
    finally:
        mock.terminate()
        mock.wait(10)

    lost = duplicated = foreign = 0
    for account in accounts:
        stored = [o["order_id"] for o in state.get(fingerprint(account.key), [])]
        duplicated += len(stored) - len(set(stored))
        lost += len(set(account.live) - set(stored))
        foreign += len(set(stored) - set(account.live))
    warm = memory[len(memory) // 4 :] or memory
    figures = {
        "seconds": round(elapsed, 1),
        "clients": args.clients,
        "keys": args.keys,
        "requests": tally.requests,
        "requests_per_s": round(tally.requests / elapsed),
        "statuses": dict(sorted(tally.statuses.items())),
        "5xx": sum(n for s, n in tally.statuses.items() if s >= 500),
        "lost_orders": lost,
        "duplicated_orders": duplicated,
        "unexpected_orders": foreign,
        "live_orders": sum(len(a.live) for a in accounts),
        "rss_mb_warm_first": round(warm[0], 1) if warm else None,
        "rss_mb_last": round(memory[-1], 1) if memory else None,
        "rss_mb_max": round(max(memory), 1) if memory else None,
        "problems": tally.problems,
    }
    flat = not warm or max(warm) - warm[0] < 40
    ok = figures["5xx"] == 0 and not (lost or duplicated or foreign) and not tally.problems and flat
    if args.json:
        print(json.dumps({**figures, "memory_flat": flat, "ok": ok}))
    else:
        for name, value in figures.items():
            print(f"{name:>20}: {value}")
        print(f"{'memory flat':>20}: {flat}")
        print("SOAK OK" if ok else "SOAK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
