"""Regenerate ``generated/autoenhance_api`` from ``spec/openapi.yaml``, or check it for drift.

    python scripts/generate.py           # rewrite generated/autoenhance_api
    python scripts/generate.py --check   # exit 1 and name the files that differ

The generator (openapi-python-client) and its post-hook formatter (ruff) are pinned in
pyproject.toml, so the same spec always gives the same bytes. Generation goes to a temporary
folder first: a failed run never leaves a half-written package behind.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
CONFIG = ROOT / "spec" / "generator.yaml"
TARGET = ROOT / "generated" / "autoenhance_api"
IGNORED = {"__pycache__", ".mypy_cache", ".ruff_cache"}


def _tool_env() -> dict[str, str]:
    """PATH with this interpreter's scripts folder first, so the pinned ruff runs the post-hooks."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def generate_into(out: Path) -> None:
    """Run openapi-python-client into ``out`` (which must not exist); raise on any warning."""
    cmd = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CONFIG),
        "--meta",
        "none",
        "--output-path",
        str(out),
        "--fail-on-warning",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_tool_env(), cwd=ROOT)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0 or "Warning" in output or "Error" in output:
        raise SystemExit(f"openapi-python-client failed (exit {proc.returncode}):\n{output}")
    # PEP 561 marker: the generator writes py.typed only with --meta, which we do not use.
    (out / "py.typed").write_text("")


def _files(root: Path) -> set[Path]:
    return {
        p.relative_to(root)
        for p in root.rglob("*")
        if p.is_file() and not IGNORED.intersection(p.relative_to(root).parts)
    }


def diff_trees(expected: Path, actual: Path) -> list[str]:
    """Relative paths that are missing, extra or different in ``actual``."""
    want, have = _files(expected), _files(actual)
    problems = [f"missing: {p}" for p in sorted(want - have)]
    problems += [f"extra:   {p}" for p in sorted(have - want)]
    problems += [
        f"differs: {p}" for p in sorted(want & have) if not filecmp.cmp(expected / p, actual / p, shallow=False)
    ]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if generated/ differs from the spec")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "autoenhance_api"
        generate_into(fresh)
        if args.check:
            problems = diff_trees(fresh, TARGET) if TARGET.exists() else [f"missing: {TARGET}"]
            if problems:
                print("generated/autoenhance_api is out of date with spec/openapi.yaml:", file=sys.stderr)
                for line in problems:
                    print(f"  {line}", file=sys.stderr)
                print("Run: python scripts/generate.py", file=sys.stderr)
                return 1
            print("generated/autoenhance_api matches spec/openapi.yaml")
            return 0
        if TARGET.exists():
            shutil.rmtree(TARGET)
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
