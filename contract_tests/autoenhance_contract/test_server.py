"""1. The server against the spec: schemathesis over every operation, then stateful workflows."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest

from autoenhance_contract._session import Session, current

schema = current().schema()


@schema.parametrize()
def test_operation_conforms(case: Any) -> None:
    """Examples, coverage and fuzzing phases; valid and invalid data; every built-in check."""
    case.call_and_validate()


def test_stateful_workflows(contract: Session) -> None:
    """create, then retrieve/update/process/merge/brackets/delete through the spec's links."""
    if contract.target.read_only:
        pytest.skip("--read-only: workflows create orders")
    machine = schema.as_state_machine()
    machine.run(
        settings=hypothesis.settings(
            max_examples=max(5, contract.max_examples),
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
