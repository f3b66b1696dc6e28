"""The contract suite of the Autoenhance.ai Orders API: server, client and both together, checked
against ``spec/openapi.yaml``. Run it with ``autoenhance-contract`` or pytest on its folder."""

from ._cli import main

__all__ = ["main"]
