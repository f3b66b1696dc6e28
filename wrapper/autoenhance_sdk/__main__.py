"""``python -m autoenhance_sdk enhance PHOTOS... --out DIR``: the ``autoenhance`` command."""

import sys

from ._cli import main

sys.exit(main(prog="python -m autoenhance_sdk"))
