"""The one place that lists the mock's handler modules; importing one runs its ``@handles``.

A new module of handlers (say ``_images.py``) is added with one import line here. Dispatch and the
start-up check against the spec read the registry these imports fill, never a list of names.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import _brackets, _downloads, _images, _orders  # noqa: F401  (imported for their registrations)
from ._handlers import REGISTRY, Handler
from ._spec import Operation

__all__ = ["handlers_for"]


def handlers_for(operations: Iterable[Operation]) -> dict[str, Handler]:
    """Each operation's handler; ``HandlerMismatchError`` if the spec and the handlers differ."""
    return REGISTRY.resolve(operations)
