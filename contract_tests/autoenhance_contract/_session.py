"""The run's target and options, set up once when pytest starts (``pytest_configure``).

Test modules build their schemathesis schema at import, from here: the server under test is
known before collection, so no fixture-time schema loading is needed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import yaml
from autoenhance_mock import MockServer, spec_path
from schemathesis.config import ApiKeyAuthConfig

from ._safety import install_safety_hooks
from ._target import Target

__all__ = ["Session", "current", "set_current"]

TOML = Path(__file__).resolve().parent / "schemathesis.toml"


@dataclass
class Session:
    target: Target
    max_examples: int
    walk_orders: int
    seed: int | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    server: MockServer | None = None
    report: Any = None
    _schema: Any = None
    _document: dict[str, Any] | None = None

    def skip_unless(self, operation_id: str, writes: bool = False) -> None:
        """Skip the calling test unless the selection lets it use this operation."""
        if not self.selected(operation_id, writes):
            pytest.skip(f"{operation_id} not selected" + (" (--read-only)" if writes else ""))

    def selected(self, operation_id: str, writes: bool = False) -> bool:
        """Whether --include/--exclude-operation and --read-only let a test use this operation."""
        if self.include and operation_id not in self.include:
            return False
        if operation_id in self.exclude:
            return False
        return not (writes and self.target.read_only)

    @property
    def document(self) -> dict[str, Any]:
        if self._document is None:
            with spec_path().open(encoding="utf-8") as fh:
                self._document = yaml.safe_load(fh)
        return self._document

    def schema(self) -> Any:
        """The schemathesis schema, pointed at the target, filtered, with the safety hooks."""
        if self._schema is not None:
            return self._schema
        # Selection is done on the document: schemathesis' include()/exclude() lose their effect
        # once the config file has [[operations]] entries (seen with 4.32.5).
        document = _only(self.document, lambda op_id, method: self.selected(op_id, writes=method != "get"))
        schema = schemathesis.openapi.from_dict(document, config=schemathesis.Config.from_path(TOML))
        schema.config.update(base_url=self.target.base_url)
        # Through the spec's own scheme, so schemathesis knows this key is real credentials and its
        # ignored_auth check probes with missing and invalid keys.
        schema.config.auth.openapi.schemes["ApiKeyAuth"] = ApiKeyAuthConfig(api_key=self.target.api_key)
        schema.config.generation.update(max_examples=self.max_examples)
        if self.seed is not None:
            schema.config.seed = self.seed
        if document["paths"] != self.document["paths"]:
            # Some operations were left out: their methods now look undocumented. Probing them
            # would send the very requests left out (writes, in --read-only), so don't.
            schema.config.phases.coverage.unexpected_methods = set()
            schema.config.checks.update(excluded_check_names=["unsupported_method", "allow_header_conformance"])
        install_safety_hooks(self.target, {**self.document, "$ref": "#/components/schemas/OrderId"})
        if self.report is not None:
            self.report.observe(schema)
        self._schema = schema
        return schema


_current: list[Session] = []


def set_current(session: Session | None) -> None:
    _current.clear()
    if session is not None:
        _current.append(session)


def current() -> Session:
    if not _current:
        raise RuntimeError(
            "the contract suite runs under pytest: `autoenhance-contract`, or pytest on the autoenhance_contract folder"
        )
    return _current[0]


_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _only(document: dict[str, Any], keep: Callable[[str, str], bool]) -> dict[str, Any]:
    """A copy of the spec without the operations ``keep(operation_id, method)`` rejects, nor links to them."""
    doc = copy.deepcopy(document)
    kept: set[str] = set()
    for path, item in list(doc["paths"].items()):
        for method in [m for m in _METHODS if m in item]:
            if keep(item[method]["operationId"], method):
                kept.add(item[method]["operationId"])
            else:
                del item[method]
        if not any(m in item for m in _METHODS):
            del doc["paths"][path]
    for item in doc["paths"].values():
        for method in _METHODS:
            for response in item.get(method, {}).get("responses", {}).values():
                links = response.get("links", {})
                for name in [n for n, link in links.items() if link.get("operationId") not in kept]:
                    del links[name]
    return doc
