"""Each operation's handler registers itself, and the mock refuses a spec its handlers do not match.

A spec operation without a handler must stop the mock at start-up (app, command line, fixture),
not answer 500 when first called; a handler named after no operation (a typo) must not go unnoticed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from autoenhance_mock import HandlerMismatchError, InProcessTransport, create_app
from autoenhance_mock._handlers import HANDLERS, Call, HandlerRegistry, handles
from autoenhance_mock._responses import Reply
from autoenhance_mock._spec import load_spec, spec_path

EXTRA_MESSAGE = (
    "the spec's operation 'extra_thing' (GET /v3/extra/) has no handler in the mock; "
    'add one (see "Adding an operation" in mock/README.md)'
)


def _reply(call: Call) -> Reply:
    return Reply(204)


def _spec_copy(tmp_path: Path, *, add: dict[str, Any] | None = None, drop: tuple[str, str] | None = None) -> Path:
    """The repository's spec with operations added ({path: {method: operation}}) or one dropped."""
    doc = yaml.safe_load(spec_path().read_text(encoding="utf-8"))
    for path, methods in (add or {}).items():
        doc["paths"].setdefault(path, {}).update(methods)
    if drop is not None:
        del doc["paths"][drop[0]][drop[1]]
    target = tmp_path / "openapi.yaml"
    target.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return target


def _operation(operation_id: str) -> dict[str, Any]:
    return {"operationId": operation_id, "responses": {"200": {"description": "OK"}}}


@pytest.fixture
def extra_spec(tmp_path: Path) -> Path:
    return _spec_copy(tmp_path, add={"/v3/extra/": {"get": _operation("extra_thing")}})


def test_a_spec_operation_without_handler_stops_the_app(extra_spec: Path) -> None:
    with pytest.raises(HandlerMismatchError) as caught:
        create_app(spec=extra_spec)
    assert str(caught.value) == EXTRA_MESSAGE
    assert caught.value.missing == (("extra_thing", "GET", "/v3/extra/"),)
    assert caught.value.unknown == ()


def test_every_operation_without_handler_is_named(tmp_path: Path) -> None:
    spec = _spec_copy(
        tmp_path,
        add={"/v3/extra/": {"get": _operation("extra_thing")}, "/v3/more/{id}": {"post": _operation("more_thing")}},
    )
    with pytest.raises(HandlerMismatchError) as caught:
        create_app(spec=spec)
    message = str(caught.value)
    assert message.startswith("2 of the spec's operations have no handler in the mock: ")
    assert "'extra_thing' (GET /v3/extra/)" in message and "'more_thing' (POST /v3/more/{id})" in message
    assert {m[0] for m in caught.value.missing} == {"extra_thing", "more_thing"}


def test_the_command_line_exits_2_with_the_message(extra_spec: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "autoenhance_mock", "--spec", str(extra_spec), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"autoenhance-mock: {EXTRA_MESSAGE}"
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("given", "problem"), [("missing.yaml", "no such file"), (".", "not a file")])
def test_the_spec_option_needs_a_file(tmp_path: Path, given: str, problem: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "autoenhance_mock", "--spec", str(tmp_path / given)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "argument --spec:" in proc.stderr and problem in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_file_that_is_no_spec_is_refused_clearly(tmp_path: Path) -> None:
    not_yaml, no_paths = tmp_path / "a.yaml", tmp_path / "b.yaml"
    not_yaml.write_text("a: [", encoding="utf-8")
    no_paths.write_text("openapi: 3.1.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="is not valid YAML"):
        create_app(spec=not_yaml)
    with pytest.raises(ValueError, match="has no 'paths' mapping"):
        create_app(spec=no_paths)


def test_a_handler_for_an_operation_the_spec_lacks_is_refused(tmp_path: Path) -> None:
    spec = _spec_copy(tmp_path, drop=("/v3/orders/{id}", "delete"))
    with pytest.raises(HandlerMismatchError) as caught:
        create_app(spec=spec)
    assert caught.value.missing == () and caught.value.unknown == ("delete_order",)
    assert str(caught.value).startswith(
        "the mock has a handler for 'delete_order' (autoenhance_mock._orders.delete_order), "
        "but the spec has no operation 'delete_order'"
    )


def test_a_misspelt_handler_name_is_refused() -> None:
    registry = HandlerRegistry()
    for name, handler in HANDLERS.items():
        registry.handles(name)(handler)
    registry.handles("delete_ordr")(_reply)
    with pytest.raises(HandlerMismatchError, match=r"handler for 'delete_ordr' \(.*_reply\)") as caught:
        registry.resolve(load_spec().operations)
    assert caught.value.unknown == ("delete_ordr",)


def test_a_name_registered_twice_is_refused() -> None:
    registry = HandlerRegistry()
    registry.handles("create_order")(_reply)
    with pytest.raises(ValueError, match="'create_order' is registered twice"):
        registry.handles("create_order")(_reply)
    # The mock's own registry too, and the refused handler does not replace the first.
    before = HANDLERS["create_order"]
    first = re.escape("'create_order' is registered twice: autoenhance_mock._orders.create_order and ")
    with pytest.raises(ValueError, match=first):
        handles("create_order")(_reply)
    assert HANDLERS["create_order"] is before


def test_the_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        HANDLERS["extra_thing"] = _reply  # type: ignore[index]


@pytest.mark.parametrize("operation", load_spec().operations, ids=lambda op: op.operation_id)
def test_every_operation_of_the_spec_has_a_handler(operation: Any) -> None:
    assert operation.operation_id in HANDLERS


def test_the_real_spec_and_the_handlers_match_exactly() -> None:
    app = create_app()
    assert set(app.handlers) == set(HANDLERS) == {op.operation_id for op in app.spec.operations}


def test_another_spec_file_is_served(tmp_path: Path) -> None:
    doc = yaml.safe_load(spec_path().read_text(encoding="utf-8"))
    doc["info"]["title"] = "A copy"
    copy = tmp_path / "copy.json"  # JSON is YAML too
    copy.write_text(json.dumps(doc), encoding="utf-8")
    app = create_app(spec=copy, api_keys=["k"])
    with httpx.Client(transport=InProcessTransport(app), base_url="http://mock") as client:
        assert client.get("/__mock__/openapi.json").json()["info"]["title"] == "A copy"
        assert client.get("/v3/orders/", headers={"x-api-key": "k"}).status_code == 200


def test_the_fixture_reports_the_mismatch(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
from autoenhance_mock._handlers import handles

@handles("extra_thng")
def extra(call):
    raise AssertionError("never called")
"""
    )
    pytester.makepyfile(
        test_user=textwrap.dedent(
            """
            def test_one(autoenhance_mock):
                pass

            def test_two(autoenhance_client):
                pass
            """
        )
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        ["*autoenhance-mock cannot start: the mock has a handler for 'extra_thng' (conftest.extra)*"]
    )
    result.stdout.no_fnmatch_line("*Traceback*")


def test_two_operations_sharing_an_operation_id_are_refused(tmp_path: Path) -> None:
    spec = _spec_copy(tmp_path, add={"/v3/extra": {"get": _operation("retrieve_order")}})
    message = (
        "'retrieve_order' is the operationId of GET /v3/orders/{id} and GET /v3/extra; "
        "each operation needs its own operationId"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        create_app(spec=spec)
    proc = subprocess.run(
        [sys.executable, "-m", "autoenhance_mock", "--spec", str(spec), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("autoenhance-mock: the spec ") and message in proc.stderr
    assert "Traceback" not in proc.stderr


PATCH_SPEC = """
from pathlib import Path
import autoenhance_mock, autoenhance_mock._spec

spec = Path(__file__).with_name("openapi.yaml")
autoenhance_mock.spec_path = autoenhance_mock._spec.spec_path = lambda: spec
"""


def test_the_contract_command_reports_the_mismatch_in_one_line(extra_spec: Path) -> None:
    """The mock carries the spec the contract suite checks; one it cannot serve is a usage error (2)."""
    (extra_spec.parent / "patch_spec.py").write_text(PATCH_SPEC, encoding="utf-8")
    code = "import sys, patch_spec; from autoenhance_contract._cli import main; sys.exit(main([]))"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=extra_spec.parent, capture_output=True, text=True, timeout=60
    )
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.strip() == f"autoenhance-contract: the bundled mock cannot start: {EXTRA_MESSAGE}"


def test_the_contract_plugin_reports_the_mismatch_in_one_line(pytester: pytest.Pytester, extra_spec: Path) -> None:
    pytester.makepyfile(patch_spec=PATCH_SPEC)
    (pytester.path / "openapi.yaml").write_bytes(extra_spec.read_bytes())
    result = pytester.runpytest_subprocess(
        "-p", "patch_spec", "-p", "no:cacheprovider", "--pyargs", "autoenhance_contract"
    )
    assert result.ret == 2
    result.stdout.fnmatch_lines([f"*Exit: autoenhance-contract: the bundled mock cannot start: {EXTRA_MESSAGE}*"])
    result.stdout.no_fnmatch_line("*Traceback*")
    result.stdout.no_fnmatch_line("*HandlerMismatchError*")
    result.stdout.no_fnmatch_line("*ERROR collecting*")
