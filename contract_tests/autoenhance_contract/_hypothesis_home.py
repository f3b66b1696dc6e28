"""hypothesis' home for one run: a new temporary directory, so that it writes nothing in the
caller's directory and replays nothing of another run; removed by whoever made it.

hypothesis keeps one table there that every run needs and no run should compute: which
characters UTF-8 encodes (its default alphabet for text). Computing it means encoding each of
the 1,114,112 code points, seconds of CPU at the start of every run, since each run starts with
an empty home. The answer is a fact of UTF-8: every code point but the surrogates, each decoding
back to itself; the new home holds it, in hypothesis' own file. A hypothesis that looks for
another file, or reads it otherwise, computes the table as before (tests/contract checks the
file against what hypothesis computes).
"""

from __future__ import annotations

import gzip
import json
import tempfile
import unicodedata
from pathlib import Path

__all__ = ["UTF8_TABLE", "new_hypothesis_home", "utf8_table_path"]

# [characters UTF-8 encodes, those of them that do not decode back to themselves], as intervals
UTF8_TABLE = [[[0, 0xD7FF], [0xE000, 0x10FFFF]], []]


def utf8_table_path(home: Path) -> Path:
    """Where hypothesis (6.x) looks for the table under its home."""
    return home / "unicode_data" / unicodedata.unidata_version / "codec-v2-utf-8.json.gz"


def new_hypothesis_home(prefix: str) -> str:
    """A new temporary directory for hypothesis, holding the UTF-8 table."""
    home = tempfile.mkdtemp(prefix=prefix)
    path = utf8_table_path(Path(home))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.GzipFile(path, "wb", mtime=1) as fh:
            fh.write(json.dumps(UTF8_TABLE).encode())
    except OSError:
        pass  # hypothesis computes it
    return home
