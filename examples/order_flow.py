"""A complete order flow with the synchronous client: create, list, process, wait, delete.

Run it against the bundled mock:

    .venv/bin/autoenhance-mock &
    AUTOENHANCE_API_KEY=mock-api-key AUTOENHANCE_BASE_URL=http://127.0.0.1:4010 \
        .venv/bin/python examples/order_flow.py
"""

from autoenhance_sdk import Autoenhance, NotFoundError

with Autoenhance() as client:  # key and base URL from AUTOENHANCE_API_KEY / AUTOENHANCE_BASE_URL
    order = client.orders.create(name="12 Elm St")
    print(f"created {order.order_id} ({order.status})")

    client.orders.update(order.order_id, name="12 Elm Street")
    names = [o.name for o in client.orders.list(per_page=20)]
    print(f"listed {len(names)} order(s), newest first: {names[:3]}")

    client.orders.process(order.order_id, enhance_type="warm", sky_replacement=True)
    done = client.orders.wait(order.order_id, timeout=600)
    print(f"processed: status={done.status}, images={done.total_images}")

    client.orders.delete(order.order_id)
    try:
        client.orders.retrieve(order.order_id)
    except NotFoundError:
        print("deleted")
