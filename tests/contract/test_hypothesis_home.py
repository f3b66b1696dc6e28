"""The UTF-8 table a run's hypothesis home starts with is hypothesis' own: the file it would
write, where it looks for it, and read by it instead of computed."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from autoenhance_contract._hypothesis_home import UTF8_TABLE, new_hypothesis_home, utf8_table_path

# hypothesis' table for UTF-8 (computed, or read from its home), as JSON, in a fresh process
READ = (
    "import json; from hypothesis.internal.charmap import intervals_from_codec; "
    "print(json.dumps([[list(i) for i in s.intervals] for s in intervals_from_codec('utf-8')]))"
)


def hypothesis_table(home: Path) -> object:
    env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(home)}
    out = subprocess.run([sys.executable, "-c", READ], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_the_table_is_what_hypothesis_computes_and_writes(tmp_path: Path) -> None:
    assert hypothesis_table(tmp_path) == UTF8_TABLE  # computed: the home was empty
    with gzip.open(utf8_table_path(tmp_path)) as fh:
        assert json.load(fh) == UTF8_TABLE, "hypothesis wrote it there, in this form"


def test_hypothesis_reads_the_table_of_a_new_home() -> None:
    home = Path(new_hypothesis_home("contract-test-"))
    try:
        with gzip.open(utf8_table_path(home)) as fh:
            assert json.load(fh) == UTF8_TABLE
        marked = [[[0, 127]], []]  # not UTF-8's: seen only if hypothesis read the file
        with gzip.open(utf8_table_path(home), "wt") as fh:
            json.dump(marked, fh)
        assert hypothesis_table(home) == marked
    finally:
        shutil.rmtree(home)
