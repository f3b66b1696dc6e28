"""Write the SDK's sync modules from their async sources, and the raw-response views of both.

    .venv/bin/python scripts/unasync.py           # rewrite every _x.py twin of an _async_x.py, and _raw.py
    .venv/bin/python scripts/unasync.py --check   # exit 1 if any written module differs from what it should be

Why async -> sync (as httpcore's unasync does) and not the other way: removing ``async`` and
``await`` is a rule that needs no knowledge of the code, while adding them needs to know which
calls do I/O. So the rules below are generic token rewrites; none names a method, and adding an
operation (one async method) or a resource (one ``_async_x.py``) needs no edit here.

``_raw.py`` holds ``client.<resource>.with_raw_response``: for each resource class, one line per
public method that sends one request (``return await self._client._request(...)``), wrapping
that public method; its sync half is written by the same rules.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SDK = ROOT / "wrapper" / "autoenhance_sdk"

RULES: list[tuple[str, str]] = [  # (pattern, replacement), applied in order to every line
    (r"^import asyncio\n", ""),
    (r"\basyncio\.sleep\b", "time.sleep"),
    (r"\basync (def|for|with)\b", r"\1"),
    (r"\bawait ", ""),
    (r"\b__a(enter|exit|iter|next)__\b", r"__\1__"),
    (r"\baclose\b", "close"),
    (r"\baread\b", "read"),  # httpx's Response.aread -> read
    (r"\baiter_(?=\w)", "iter_"),  # httpx's Response.aiter_bytes -> iter_bytes
    (r"\bStopAsyncIteration\b", "StopIteration"),
    (r"\bAsync(?=[A-Z])", ""),  # AsyncOrders -> Orders, httpx.AsyncClient -> httpx.Client
    (r"\basync_(?=\w)", ""),  # async_to_raw_response_wrapper -> to_raw_response_wrapper
    (r"_async_(?=\w)", "_"),  # ._async_orders -> ._orders, new_async_http -> new_http
]


def unasync(text: str) -> str:
    for pattern, replacement in RULES:
        text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
    return text


def _header(text: str, source: str, what: str) -> str:
    """Replace the module docstring with one saying where the module comes from."""
    tree = ast.parse(text)
    first = tree.body[0]
    assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant), f"{source} has no docstring"
    lines = text.splitlines(keepends=True)
    note = f'"""{what}, written by scripts/unasync.py: edit that file, not this one."""\n'
    return note + "".join(lines[first.end_lineno or 0 :])


def _sends_one_request(method: ast.AsyncFunctionDef) -> bool:
    """``return await self._client._request(...)``: one API call, so it has a raw-response form."""
    for node in ast.walk(method):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Await):
            call = node.value.value
            if isinstance(call, ast.Call) and ast.unparse(call.func) == "self._client._request":
                return True
    return False


def raw_views(sources: list[Path]) -> str:
    """``_raw.py``: the async views from the sources' AST, then their sync twins."""
    imports, classes = [], []
    for source in sources:
        for cls in ast.parse(source.read_text()).body:
            if not isinstance(cls, ast.ClassDef):
                continue
            methods = [
                m.name
                for m in cls.body
                if isinstance(m, ast.AsyncFunctionDef) and not m.name.startswith("_") and _sends_one_request(m)
            ]
            if not methods:
                continue
            attr = cls.name.removeprefix("Async").lower()
            imports.append(f"    from .{source.stem} import {cls.name}")
            body = "\n".join(f"        self.{m} = async_to_raw_response_wrapper({attr}.{m})" for m in methods)
            classes.append(
                f"class AsyncRaw{cls.name.removeprefix('Async')}:\n"
                f'    """``client.{attr}.with_raw_response``: the same calls, each returning a ``RawResponse``\n'
                f'    (status, headers, request id, attempts and the parsed model)."""\n\n'
                f"    def __init__(self, {attr}: {cls.name}) -> None:\n{body}\n"
            )
    async_part = "\n\n".join(classes)
    names = sorted(re.findall(r"^class (\w+)", async_part, flags=re.MULTILINE))
    names += [unasync(n) for n in names]
    return (
        '"""The ``with_raw_response`` views of every resource, written by scripts/unasync.py.\n\n'
        "Do not edit: each line wraps a public method of an ``_async_x.py`` source (or of its sync twin).\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        "from typing import TYPE_CHECKING\n\n"
        "from ._response import async_to_raw_response_wrapper, to_raw_response_wrapper\n\n"
        "if TYPE_CHECKING:\n" + "\n".join(imports + [unasync(i) for i in imports]) + "\n\n"
        f"__all__ = {sorted(names)!r}\n\n\n" + async_part + "\n\n" + unasync(async_part)
    )


def outputs() -> dict[Path, str]:
    """Every module this script writes, and its text before formatting."""
    sources = sorted(SDK.glob("_async_*.py"))
    written: dict[Path, str] = {}
    for source in sources:
        target = source.with_name(source.name.replace("_async_", "_", 1))
        text = unasync(source.read_text())
        written[target] = _header(text, source.name, f"Sync twin of ``{source.name}``")
    written[SDK / "_raw.py"] = raw_views(sources)
    return written


def formatted(target: Path, text: str) -> str:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        raise SystemExit("unasync: ruff not found; run it with the project's venv: .venv/bin/python scripts/unasync.py")
    for cmd in ([ruff, "check", "--select", "I,F401", "--fix"], [ruff, "format"]):  # tidy imports, format
        text = subprocess.run(
            [*cmd, "--stdin-filename", str(target), "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a written module is out of date")
    args = parser.parse_args(argv)
    stale = []
    for target, text in outputs().items():
        text = formatted(target, text)
        if args.check:
            if not target.exists() or target.read_text() != text:
                stale.append(target.relative_to(ROOT))
        else:
            target.write_text(text)
            print(f"wrote {target.relative_to(ROOT)}")
    if stale:
        names = ", ".join(map(str, stale))
        print(f"out of date with their async sources: {names}; run: .venv/bin/python scripts/unasync.py")
        return 1
    if args.check:
        print("the sync twins and raw views match their async sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
