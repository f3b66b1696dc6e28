"""The same order flow with the asyncio client, creating three orders concurrently.

    AUTOENHANCE_API_KEY=mock-api-key AUTOENHANCE_BASE_URL=http://127.0.0.1:4010 \
        .venv/bin/python examples/order_flow_async.py
"""

import asyncio

from autoenhance_sdk import AsyncAutoenhance, NotFoundError


async def main() -> None:
    async with AsyncAutoenhance() as client:
        orders = await asyncio.gather(*(client.orders.create(name=f"Unit {n}") for n in (1, 2, 3)))
        print(f"created {len(orders)} orders")

        listed = [o.order_id async for o in client.orders.list(per_page=20)]
        print(f"listed {len(listed)} order(s)")

        await asyncio.gather(*(client.orders.process(o.order_id, enhance_type="neutral") for o in orders))
        done = await asyncio.gather(*(client.orders.wait(o.order_id, timeout=600) for o in orders))
        print("processed:", sorted(str(getattr(o.status, "value", o.status)) for o in done))

        await asyncio.gather(*(client.orders.delete(o.order_id) for o in orders))
        try:
            await client.orders.retrieve(orders[0].order_id)
        except NotFoundError:
            print("deleted")


asyncio.run(main())
