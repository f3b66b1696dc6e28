"""Live progress while the suite runs, and at the end a table per operation and check.

Each failure is listed with the spec rule it broke and a one-line curl reproduction (the key is
written as ``$AUTOENHANCE_API_KEY``, so the line is safe to paste into a CI log and runs as is).
Per operation, the progress line (printed when that operation's test ends) and the table count
the same cases; the stateful workflows' cases are a column of their own.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import pytest

from ._redact import Redactor

__all__ = ["RULES", "ContractReport"]

RULES = {
    "not_a_server_error": "no operation may answer 5xx",
    "status_code_conformance": "only statuses documented for the operation may be answered",
    "content_type_conformance": "answers carry the documented Content-Type (application/json)",
    "response_headers_conformance": "documented response headers are present and valid (Retry-After on 429)",
    "response_schema_conformance": "the body matches the documented schema (fields, types, formats)",
    "negative_data_rejection": "a request that breaks the spec is rejected with a 4xx",
    "positive_data_acceptance": "a request valid under the spec is accepted",
    "missing_required_header": "a request missing a required header is rejected",
    "unsupported_method": "an undocumented method answers 405 with Allow",
    "allow_header_conformance": "Allow lists exactly the documented methods",
    "use_after_free": "a deleted order is gone (404)",
    "ensure_resource_availability": "a created order can be read back",
    "ignored_auth": "operations that require ApiKeyAuth answer 401 to a missing or unknown key",
    "max_response_time": "answers arrive in time",
}


@dataclass
class Failure:
    operation: str
    check: str
    title: str
    detail: str
    curl: str


class ContractReport:
    """A pytest plugin; ``observe(schema)`` hooks it to schemathesis' checks."""

    def __init__(self, config: pytest.Config, redact: Redactor) -> None:
        self.config = config
        self.redact = redact
        self.stateful = False  # set while the stateful workflows run
        self.labels: dict[str, str] = {}  # operationId -> schemathesis' label
        self.cases: Counter[str] = Counter()
        self.stateful_cases: Counter[str] = Counter()
        self.checks: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.failures: list[Failure] = []
        self.tests: dict[str, Counter[str]] = defaultdict(Counter)
        self._lock = threading.Lock()
        self._live = sys.stdout.isatty()

    def _name(self, label: str) -> str:
        """``create_order (POST /v3/orders/)``: the operationId first, as --include takes it."""
        operation = next((op for op, known in self.labels.items() if known == label), None)
        return f"{operation} ({label})" if operation else label

    def observe(self, schema: Any) -> None:
        def after_validate(context: Any, case: Any, response: Any, results: list[Any]) -> None:
            self.record(case, results)

        schema.hooks.register_hook_with_name(after_validate, "after_validate")

    def record(self, case: Any, results: list[Any]) -> None:
        label = case.operation.label
        with self._lock:
            (self.stateful_cases if self.stateful else self.cases)[label] += 1
            for result in results:
                failed = result.failure is not None
                self.checks[(label, result.name)]["failed" if failed else "passed"] += 1
                if failed and len(self.failures) < 200:
                    failure = result.failure
                    try:
                        curl = case.as_curl_command()
                    except Exception:  # a case that cannot be rendered still gets reported
                        curl = f"{case.method} {case.formatted_path}"
                    curl = _as_sent(curl, result.name, failure.title)
                    lines = (getattr(failure, "message", "") or "").strip().splitlines()
                    detail = self.redact(next((line for line in lines if line.strip()), ""))
                    curl = self.redact(curl, "$AUTOENHANCE_API_KEY")
                    self.failures.append(Failure(label, result.name, self.redact(failure.title), detail, curl))
            total = sum(self.cases.values()) + sum(self.stateful_cases.values())
        if self._live and total % 25 == 0:
            self._show(f"\r[contract] {total} cases, {len(self.failures)} failures, now {label:<45}", newline=False)

    def _show(self, text: str, newline: bool = True) -> None:
        """Write past pytest's output capture: this runs inside a test, where output is captured."""
        capture = self.config.pluginmanager.getplugin("capturemanager")
        writer = self.config.get_terminal_writer()
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            if newline:
                writer.line(text)
            else:
                writer.write(text)
            writer.flush()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or report.outcome != "passed":
            group = report.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
            self.tests[group][report.outcome] += 1
        operation = report.nodeid.partition("test_operation_conforms[")[2].removesuffix("]")
        label = self.labels.get(operation)
        if report.when == "call" and label:  # one operation's cases are done: say so once
            broken = sum(1 for f in self.failures if f.operation == label)
            start = "\r" if self._live else ""
            self._show(f"{start}[contract] {operation} ({label}): {self.cases[label]} cases, {broken} failures")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        tr = terminalreporter
        tr.write_sep("=", "contract summary")
        labels = sorted(set(self.cases) | set(self.stateful_cases), key=self._name)
        if labels:
            tr.write_line(f"{'operation':<58} {'cases':>6} {'stateful':>8}  checks failed")
            for label in labels:
                bad = [check for (op, check), counts in self.checks.items() if op == label and counts["failed"]]
                cases, stateful = self.cases[label], self.stateful_cases[label]
                tr.write_line(f"{self._name(label):<58} {cases:>6} {stateful:>8}  {', '.join(sorted(bad)) or '-'}")
            tr.write_line("")
            tr.write_line(f"{'check':<32} {'passed':>8} {'failed':>8}")
            per_check: dict[str, Counter[str]] = defaultdict(Counter)
            for (_, check), counts in self.checks.items():
                per_check[check].update(counts)
            for check in sorted(per_check):
                counts = per_check[check]
                tr.write_line(f"{check:<32} {counts['passed']:>8} {counts['failed']:>8}")
            tr.write_line(f"schemathesis cases: {sum(self.cases.values()) + sum(self.stateful_cases.values())}")
        for group, counts in sorted(self.tests.items()):
            tr.write_line(f"{group:<32} " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())))
        if self.failures:
            tr.write_sep("-", f"{len(self.failures)} schemathesis check failure(s)")
            seen: set[tuple[str, str, str]] = set()
            for f in self.failures:
                if (f.operation, f.check, f.title) in seen:
                    continue
                seen.add((f.operation, f.check, f.title))
                detail = f": {f.detail}" if f.detail and f.detail.rstrip(":") != f.title.rstrip(":") else ""
                tr.write_line(f"FAIL {self._name(f.operation)} [{f.check}] {f.title.rstrip(':')}{detail}")
                tr.write_line(f"     rule: {RULES.get(f.check, f.check)}")
                tr.write_line(f"     reproduce: {f.curl}")


def _as_sent(curl: str, check: str, title: str) -> str:
    """The curl line of the request that failed. schemathesis renders the case with the run's key,
    hidden as ``[Filtered]``: name the variable instead, so the line runs as is; but the
    ``ignored_auth`` check's request was sent without a key, or with an invalid one."""
    header = re.compile(r"""\s*-H\s+['"]x-api-key: [^'"]*['"]""")
    if check == "ignored_auth":
        without = header.sub("", curl)
        if "invalid" in title.lower():
            return without.replace("curl ", "curl -H 'x-api-key: not-a-valid-key' ", 1)
        return without
    return header.sub(' -H "x-api-key: $AUTOENHANCE_API_KEY"', curl)
