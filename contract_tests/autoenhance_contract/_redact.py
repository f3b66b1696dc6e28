"""Keep API keys out of everything the suite shows or writes.

A key is replaced where it stands as a whole token (not inside a longer run of key characters),
so a short key never mangles other text: with the key ``k``, ``x-api-key`` stays as it is while
``api_key='k'`` becomes ``api_key='[REDACTED]'``. Header lines lose their whole value.

The pytest hooks scrub every test and collection report after it is made: the failure text with
its locals (``--showlocals``, any ``--tb``), captured output and logs. The terminal and the JUnit
file are written from those reports, so neither sees a key.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable
from typing import Any

import pytest

__all__ = ["MASK", "Redactor"]

MASK = "[REDACTED]"
_KEY_CHARS = r"A-Za-z0-9_\-"  # what may not touch a key for it to be a whole token
# An x-api-key header's value wherever a header is written: curl -H 'x-api-key: V', a dict repr
# 'x-api-key': 'V', a raw header block. A variable ($...) or a placeholder ([Filtered]) is kept.
_HEADER = re.compile(r"(?i)(x-api-key['\"]?\s*[:=]\s*['\"]?)(?![$\[])([^'\"\s,}\]]+)")


class Redactor:
    """A pytest plugin and a text filter for a set of secrets."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._patterns: list[re.Pattern[str]] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not secret:
            return
        for form in {secret, repr(secret)[1:-1]}:  # as is, and as a repr shows it (escapes)
            self._patterns.append(re.compile(rf"(?<![{_KEY_CHARS}]){re.escape(form)}(?![{_KEY_CHARS}])"))

    def __call__(self, text: str, header_value: str = MASK) -> str:
        """``text`` with every x-api-key header value replaced by ``header_value``, every secret
        by the mask."""
        # schemathesis' own "Reproduce with" lines: name the variable, so they run as written.
        text = text.replace("'x-api-key: [Filtered]'", '"x-api-key: $AUTOENHANCE_API_KEY"')
        text = _HEADER.sub(lambda m: m.group(1) + header_value, text)
        for pattern in self._patterns:
            text = pattern.sub(MASK, text)
        return text

    def _scrub_report(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        if not self._patterns:
            return
        longrepr = report.longrepr
        if isinstance(longrepr, tuple):  # a skip: (path, line, reason)
            report.longrepr = (longrepr[0], longrepr[1], self(longrepr[2]))
        elif longrepr is not None:
            text = str(longrepr)
            if self(text) != text:
                report.longrepr = self(text)
        report.sections = [(title, self(content)) for title, content in report.sections]

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: Any
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        self._scrub_report(report)
        return report

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(
        self, collector: pytest.Collector
    ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
        report = yield
        self._scrub_report(report)
        return report
