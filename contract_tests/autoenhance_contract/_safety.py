"""Keep schemathesis' requests independent of what the server already holds, and off other orders.

Fresh ids for creates. hypothesis replays a choice sequence and requires it to unfold the same
way; schemathesis' stateful rules depend on the statuses answered. A generated ``order_id`` in a
create body is the same on every replay and every run with the same seed, so the first create
answers 200 and the replay 409 (the order now exists, or survives from an earlier run on a
sandbox): the rules that follow differ and hypothesis stops with FlakyStrategyDefinition. Each
create therefore gets an id no earlier request can have used; ids that break the spec stay, to
be rejected as they should.

Hands off other orders. schemathesis reuses ids it sees in answers (a list returns the account's
real orders), so on a sandbox it could update or delete a user's order. Before each call to a
mutating operation, an id that is valid but was not created by this run is swapped for one that
cannot exist. Every order a create returns is recorded for the clean-up at the end.
"""

from __future__ import annotations

import uuid
from typing import Any

import jsonschema_rs
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

from ._options import mutating_operations
from ._target import Target

__all__ = ["install_safety_hooks", "operation_id", "record_created"]


def operation_id(case: Any) -> str | None:
    value = case.operation.definition.raw.get("operationId")
    return value if isinstance(value, str) else None


def record_created(target: Target, operation: str | None, response: Any, api_key: str) -> None:
    if operation != "create_order" or response.status_code != 200:
        return
    try:
        order_id = response.json()["order_id"]
    except (ValueError, KeyError, TypeError):
        return
    if isinstance(order_id, str):
        target.created.add(api_key, order_id)


def install_safety_hooks(target: Target, order_id_schema: dict[str, Any]) -> None:
    """Register the hooks (schemathesis allows call hooks only globally: one run per process)."""
    valid_id = jsonschema_rs.Draft202012Validator(order_id_schema)
    mutating = mutating_operations()

    def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
        operation = operation_id(case)
        if operation == "create_order" and isinstance(case.body, dict):
            if valid_id.is_valid(case.body.get("order_id")):
                case.body["order_id"] = f"contract-{uuid.uuid4()}"
            return
        if not target.careful or operation not in mutating:
            return
        for name, value in list((case.path_parameters or {}).items()):  # every id the path names
            if isinstance(value, str) and valid_id.is_valid(value) and not target.created.owns(target.api_key, value):
                case.path_parameters[name] = f"contract-missing-{uuid.uuid4()}"

    def after_call(context: Any, case: Any, response: Any) -> None:
        # Only the configured key can create (others get 401), so orders belong to it.
        record_created(target, operation_id(case), response, target.api_key)

    GLOBAL_HOOK_DISPATCHER.register_hook_with_name(before_call, "before_call")
    GLOBAL_HOOK_DISPATCHER.register_hook_with_name(after_call, "after_call")
