"""Write the SDK's async modules from their sync twins: one hand-written copy of each.

    python scripts/make_async.py           # rewrite _async_orders.py and _async_client.py
    python scripts/make_async.py --check   # exit 1 if either differs from what its twin gives

The async client and resource are the sync ones with ``async``/``await``, Async names and an
aiohttp transport, nothing else, so they are produced by fixed rewrites (as httpcore's
``unasync`` does) instead of being kept in step by hand. Every rewrite must apply the expected
number of times, so a change to a sync module that the rules do not cover fails loudly instead
of producing a wrong twin.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SDK = ROOT / "wrapper" / "autoenhance_sdk"

Rule = tuple[str, str, int]  # (pattern, replacement, expected count), applied in order


def _header(source: str, what: str) -> Rule:
    return (
        r'\A""".*?"""',
        f'"""{what}: the async twin of ``{source}``, written by scripts/make_async.py.\n\n'
        f"Do not edit: change ``{source}`` and run ``python scripts/make_async.py``.\n"
        '"""',
        1,
    )


ORDERS_RULES: list[Rule] = [
    _header("_orders.py", "``AsyncAutoenhance().orders``"),
    (
        r"from collections\.abc import Callable, Sequence",
        "from collections.abc import Awaitable, Callable, Sequence",
        1,
    ),
    (r"from \._pagination import OrderPager", "from ._pagination import AsyncOrderPager", 1),
    (r"from \._client import Autoenhance\b", "from ._async_client import AsyncAutoenhance", 1),
    (r'__all__ = \["Orders", "RawOrders"\]', '__all__ = ["AsyncOrders", "AsyncRawOrders"]', 1),
    (
        r"Callable\[Concatenate\[Orders, P\], RawResponse\[T\]\]",
        "Callable[Concatenate[AsyncOrders, P], Awaitable[RawResponse[T]]]",
        1,
    ),
    (r"Callable\[Concatenate\[Orders, P\], T\]", "Callable[Concatenate[AsyncOrders, P], Awaitable[T]]", 1),
    (r"    def call\(self: Orders,", "    async def call(self: AsyncOrders,", 1),
    (r"return method\(self, \*args, \*\*kwargs\)\.parsed", "return (await method(self, *args, **kwargs)).parsed", 1),
    (r"^class Orders:", "class AsyncOrders:", 1),
    (r"client: Autoenhance\)", "client: AsyncAutoenhance)", 1),
    (r"RawOrders\(self\)", "AsyncRawOrders(self)", 1),
    (r"^    def _raw_", "    async def _raw_", 8),
    (r"return self\._client\._request\(", "return await self._client._request(", 8),
    (r"\) -> OrderPager:", ") -> AsyncOrderPager:", 1),
    (r"``for order in client\.orders\.list\(\)", "``async for order in client.orders.list()", 1),
    (r"        def fetch\(", "        async def fetch(", 1),
    (r"            return self\.list_page\(", "            return await self.list_page(", 1),
    (r"return OrderPager\(fetch, offset\)", "return AsyncOrderPager(fetch, offset)", 1),
    (r"    def wait\(", "    async def wait(", 1),
    (r"order = self\.retrieve\(order_id\)", "order = await self.retrieve(order_id)", 1),
    (r"            client\._sleep\(", "            await client._sleep(", 1),
    (r"^class RawOrders:", "class AsyncRawOrders:", 1),
    (r"orders: Orders\)", "orders: AsyncOrders)", 1),
]

CLIENT_RULES: list[Rule] = [
    _header("_client.py", "``AsyncAutoenhance``"),
    (r"^import time$", "import asyncio\nimport time", 1),
    (r"from collections\.abc import Callable$", "from collections.abc import Awaitable, Callable", 1),
    (r"from \._orders import Orders$", "from ._async_orders import AsyncOrders", 1),
    (r'__all__ = \["Autoenhance"\]', '__all__ = ["AsyncAutoenhance"]', 1),
    (
        r"^class Autoenhance\(BaseClient\):\n    \"\"\"Client for the Autoenhance\.ai Orders API\.",
        "class AsyncAutoenhance(BaseClient):\n"
        '    """asyncio client for the Autoenhance.ai Orders API: ``Autoenhance`` with ``await``.',
        1,
    ),
    (r"your own ``httpx\.Client``", "your own ``httpx.AsyncClient``", 1),
    (
        r"Use it as a context manager, or call ``close\(\)``",
        "Use it as an async context manager, or ``await close()``",
        1,
    ),
    (r"    orders: Orders$", "    orders: AsyncOrders", 1),
    (r"http_client: httpx\.Client \| None", "http_client: httpx.AsyncClient | None", 1),
    (r"sleep: Callable\[\[float\], None\] \| None", "sleep: Callable[[float], Awaitable[None]] | None", 1),
    (r"else time\.sleep$", "else asyncio.sleep", 1),
    (
        r"            http_client = httpx\.Client\(\*\*self\._http_options\(settings\)\)",
        "            from ._transport import AsyncTransport  # aiohttp loads only when an async client is made\n\n"
        "            options = self._http_options(settings)\n"
        '            transport = AsyncTransport(verify=options["verify"], limits=options["limits"])\n'
        "            http_client = httpx.AsyncClient(transport=transport, **options)",
        1,
    ),
    (r"self\.orders = Orders\(self\)", "self.orders = AsyncOrders(self)", 1),
    (r"    def __enter__\(self\) -> Autoenhance:", "    async def __aenter__(self) -> AsyncAutoenhance:", 1),
    (r"\) -> Autoenhance:", ") -> AsyncAutoenhance:", 1),
    (r"    def close\(self\) -> None:", "    async def close(self) -> None:", 1),
    (r"self\._http\.close\(\)", "await self._http.aclose()", 1),
    (r"    def __exit__\(", "    async def __aexit__(", 1),
    (r"^        self\.close\(\)$", "        await self.close()", 1),
    (r"    def _request\(", "    async def _request(", 1),
    (r"response = self\._http\.send\(request\)", "response = await self._http.send(request)", 1),
    (r"return self\._recover_create\(", "return await self._recover_create(", 1),
    (r"            self\._sleep\(outcome\.delay\)", "            await self._sleep(outcome.delay)", 1),
    (r"    def _recover_create\(", "    async def _recover_create(", 1),
    (r"found = self\._request\(", "found = await self._request(", 1),
]

PAIRS = [
    (SDK / "_orders.py", SDK / "_async_orders.py", ORDERS_RULES),
    (SDK / "_client.py", SDK / "_async_client.py", CLIENT_RULES),
]


def render(source: Path, target: Path, rules: list[Rule]) -> str:
    text = source.read_text()
    for pattern, replacement, expected in rules:
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE | re.DOTALL)
        if count != expected:
            raise SystemExit(f"make_async: {source.name}: {pattern!r} applied {count} times, expected {expected}")
    ruff = str(Path(sys.executable).parent / "ruff")
    for cmd in ([ruff, "check", "--select", "I", "--fix"], [ruff, "format"]):  # sort imports, then format
        text = subprocess.run(
            [*cmd, "--stdin-filename", str(target), "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if an async twin is out of date")
    args = parser.parse_args(argv)
    stale = []
    for source, target, rules in PAIRS:
        text = render(source, target, rules)
        if args.check:
            if target.read_text() != text:
                stale.append(target.relative_to(ROOT))
        else:
            target.write_text(text)
            print(f"wrote {target.relative_to(ROOT)}")
    if stale:
        print(
            f"out of date with their sync twins: {', '.join(map(str, stale))}; run: python scripts/make_async.py",
            file=sys.stderr,
        )
        return 1
    if args.check:
        print("the async twins match their sync modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
