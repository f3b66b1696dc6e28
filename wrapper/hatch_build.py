"""Build hook: put files that live outside this folder into the distribution.

The repository keeps one copy of each shared file (``generated/`` is the generator's output, the
spec is ``spec/openapi.yaml``); a distribution built from its own folder must still carry them.
Building from the repository, each ``[tool.hatch.build.hooks.custom.outside]`` entry (a path
relative to this folder, mapped to its place in the distribution) is force-included. Building
from an sdist, the files are already inside it at their place, and the entry is skipped. An
editable install copies nothing: it imports them where they are (``dev-mode-dirs``, or the
package's own fallback to the repository's spec).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class OutsideFilesHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        for source, destination in self.config.get("outside", {}).items():
            path = (root / source).resolve()
            if path.exists():
                build_data["force_include"][str(path)] = destination
            elif not (root / destination).exists():
                raise FileNotFoundError(f"{source} is neither beside {root} nor in this sdist as {destination}")
