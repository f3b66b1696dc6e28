"""``AUTOENHANCE_LOG=info|debug`` turns on the ``autoenhance_sdk`` logger, once per process.

info: one line per attempt (method, path, status, attempt, duration). debug: also the bodies.
Never the API key: headers are not logged, and bodies pass through the key scrubber.
"""

from __future__ import annotations

import logging
import os
import warnings

from ._constants import LOG_ENV

__all__ = ["setup_logging"]

_LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
_configured = False


def setup_logging() -> None:
    global _configured
    if _configured:
        return
    _configured = True
    value = os.environ.get(LOG_ENV, "").strip().lower()
    if not value:
        return
    level = _LEVELS.get(value)
    if level is None:
        warnings.warn(f"{LOG_ENV}={value!r} is not one of {', '.join(_LEVELS)}; logging stays off.", stacklevel=3)
        return
    logger = logging.getLogger("autoenhance_sdk")
    logger.setLevel(level)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


def reset_for_tests() -> None:
    global _configured
    _configured = False
