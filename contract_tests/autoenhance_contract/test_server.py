"""1. The server against the spec: schemathesis over every operation, then stateful workflows."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest

from autoenhance_contract._state import current

contract = current()
schema = contract.schema()


@schema.parametrize()
def test_operation_conforms(case: Any) -> None:
    """Examples, coverage and fuzzing phases; valid and invalid data; every built-in check."""
    case.call_and_validate(session=contract.http)


def test_stateful_workflows() -> None:
    """create, then retrieve/update/process/merge/brackets/delete through the spec's links."""
    if contract.target.read_only:
        pytest.skip("--read-only: workflows create orders")
    if not contract.links():
        pytest.skip("no links between the selected operations: no stateful workflow to run")

    class Workflows(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"session": contract.http}

    # Derived from schemathesis' own settings (generate phase only); a fresh settings() would bring
    # back the example database in the working directory, replaying old sequences on a new state.
    settings = hypothesis.settings(
        Workflows.TestCase.settings, max_examples=max(5, contract.max_examples), stateful_step_count=8, database=None
    )
    contract.report.stateful = True
    try:
        Workflows.run(settings=settings)
    finally:
        contract.report.stateful = False
