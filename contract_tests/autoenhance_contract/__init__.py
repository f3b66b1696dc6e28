"""The contract suite of the Autoenhance.ai API: server, client and both together, checked
against the OpenAPI spec. Run it with ``autoenhance-contract``, or under pytest with
``pytest --pyargs autoenhance_contract`` (options ``--autoenhance-...``)."""

from __future__ import annotations

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """The ``autoenhance-contract`` command (loaded on use: the pytest plugin imports this package)."""
    from ._cli import main as run

    return run(argv)
