"""The mock's adjustable rules: defaults given to ``create_app``, changed through the control surface.

``POST /__mock__/settings`` changes some of them; ``POST /__mock__/reset`` puts every one back to
what the app was built with. Each field is checked here, so a bad value is refused with a message
naming it, whichever way it came in.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

__all__ = ["Settings", "SettingsError"]

MIB = 1024 * 1024


class SettingsError(ValueError):
    """A setting that does not exist or a value it cannot take; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Settings:
    """What the provider leaves to accounts and storage, as the mock plays them."""

    credits: int = 100  # credits each account starts with (full-size downloads)
    daily_cap: int = 500  # images an account may start enhancing per UTC day of the mock clock
    same_name_per_hour: int = 30  # create_image calls with one image_name per hour before a 429
    url_seconds: float = 3600.0  # lifetime of upload and asset URLs, on the mock clock
    upload_max_bytes: int = 50 * MIB  # largest upload accepted
    redirect_downloads: bool = False  # downloads answer 302 to an asset URL instead of the bytes

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def changed(self, changes: Any) -> Settings:
        """A copy with ``changes`` (a JSON object of some fields) applied; SettingsError if any is bad."""
        if not isinstance(changes, dict) or not changes:
            raise SettingsError("settings", f"Give an object of settings to change, some of: {_names()}.")
        values = self.to_json()
        for name, value in changes.items():
            if name not in values:
                raise SettingsError(name, f"No setting {str(name)[:60]!r}; the settings are: {_names()}.")
            values[name] = _checked(name, value)
        return Settings(**values)


def _names() -> str:
    return ", ".join(f.name for f in dataclasses.fields(Settings))


def _checked(name: str, value: Any) -> Any:
    if name == "redirect_downloads":
        if not isinstance(value, bool):
            raise SettingsError(name, f"{name} is true or false, got {value!r:.60}.")
        return value
    if name == "url_seconds":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 10**9:
            raise SettingsError(name, f"{name} is a number of seconds from 1 to 1e9, got {value!r:.60}.")
        return float(value)
    least = 1 if name == "upload_max_bytes" else 0
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= 10**12:
        raise SettingsError(name, f"{name} is a whole number from {least} to 1e12, got {value!r:.60}.")
    return value
