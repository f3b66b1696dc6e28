"""Write ``wrapper/autoenhance_sdk/_async_orders.py`` from ``_orders.py``: one hand-written resource.

    python scripts/make_async.py           # rewrite the async twin
    python scripts/make_async.py --check   # exit 1 if it differs from what _orders.py gives

The async resource is the sync one with ``async``/``await`` and Async names, nothing else, so it
is produced by fixed rewrites (as httpcore's ``unasync`` does) instead of being kept in step by
hand. Every rewrite must apply the expected number of times, so a change to _orders.py that the
rules do not cover fails loudly instead of producing a wrong twin.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "wrapper" / "autoenhance_sdk" / "_orders.py"
TARGET = ROOT / "wrapper" / "autoenhance_sdk" / "_async_orders.py"

# (pattern, replacement, expected count): applied in order.
RULES: list[tuple[str, str, int]] = [
    (
        r'^"""``client\.orders``: (.*?)"""',
        '"""``AsyncAutoenhance().orders``: the async twin of ``_orders.py``, written by scripts/make_async.py.\n\n'
        "Do not edit: change ``_orders.py`` and run ``python scripts/make_async.py``.\n"
        '"""',
        1,
    ),
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


def render() -> str:
    text = SOURCE.read_text()
    for pattern, replacement, expected in RULES:
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE | re.DOTALL)
        if count != expected:
            raise SystemExit(f"make_async: {pattern!r} applied {count} times, expected {expected}; update RULES")
    ruff = Path(sys.executable).parent / "ruff"
    formatted = subprocess.run(
        [str(ruff), "format", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return formatted.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the async twin is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if TARGET.read_text() != text:
            print(
                f"{TARGET.relative_to(ROOT)} is out of date with _orders.py; run: python scripts/make_async.py",
                file=sys.stderr,
            )
            return 1
        print(f"{TARGET.relative_to(ROOT)} matches _orders.py")
        return 0
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
