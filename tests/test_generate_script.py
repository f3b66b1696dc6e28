"""``scripts/generate.py --check`` names every file that drifted from the spec."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "generate.py"
_spec = importlib.util.spec_from_file_location("generate", SCRIPT)
assert _spec and _spec.loader
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_identical_trees_have_no_drift(tmp_path: Path) -> None:
    files = {"a.py": "x = 1\n", "models/b.py": "y = 2\n"}
    assert generate.diff_trees(_tree(tmp_path / "e", files), _tree(tmp_path / "a", files)) == []


def test_every_kind_of_drift_is_named(tmp_path: Path) -> None:
    expected = _tree(tmp_path / "e", {"a.py": "x = 1\n", "models/b.py": "y = 2\n"})
    actual = _tree(tmp_path / "a", {"a.py": "x = 1  # edited by hand\n", "extra.py": ""})
    (actual / "__pycache__").mkdir()
    (actual / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")  # caches are not drift
    assert generate.diff_trees(expected, actual) == [
        "missing: models/b.py",
        "extra:   extra.py",
        "differs: a.py",
    ]


def test_committed_package_is_marked_typed() -> None:
    assert (generate.TARGET / "py.typed").is_file()
