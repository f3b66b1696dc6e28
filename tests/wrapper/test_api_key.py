"""An API key that cannot be right is refused when the client is made, naming where it came from."""

from __future__ import annotations

import pytest
from autoenhance_sdk import AsyncAutoenhance, Autoenhance, InvalidInputError

SECRET = "sk-live-7f3c9a"


@pytest.mark.parametrize("client_class", [Autoenhance, AsyncAutoenhance])
@pytest.mark.parametrize(
    ("key", "says"),
    [
        (f"{SECRET}\n", "spaces or a line break around it"),
        (f"  {SECRET}", "spaces or a line break around it"),
        (f"{SECRET}\r\n", "spaces or a line break around it"),
        (f"sk live {SECRET}", "spaces, control or non-ASCII"),
        (f"{SECRET}\x7fx", "spaces, control or non-ASCII"),
        (f"{SECRET}é", "spaces, control or non-ASCII"),
        ("\n", "is empty"),
    ],
)
def test_a_bad_key_is_refused_from_either_source_without_echoing_it(
    client_class: type, key: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InvalidInputError, match=says) as given:
        client_class(api_key=key, base_url="http://127.0.0.1:1")
    assert "from api_key=" in str(given.value)
    monkeypatch.setenv("AUTOENHANCE_API_KEY", key)
    with pytest.raises(InvalidInputError, match=says) as from_env:
        client_class(base_url="http://127.0.0.1:1")
    assert "from AUTOENHANCE_API_KEY" in str(from_env.value)
    for error in (given.value, from_env.value):
        assert SECRET not in str(error) and SECRET not in repr(error.args)
        assert error.__cause__ is None and error.__context__ is None


def test_a_key_of_another_type_names_the_type_only() -> None:
    with pytest.raises(InvalidInputError, match="must be a str, got bytes"):
        Autoenhance(api_key=SECRET.encode(), base_url="http://127.0.0.1:1")  # type: ignore[arg-type]


def test_an_empty_env_var_means_no_key_and_a_good_key_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_KEY", "")
    assert not Autoenhance(base_url="http://127.0.0.1:1").api_key_set
    monkeypatch.setenv("AUTOENHANCE_API_KEY", SECRET)
    client = Autoenhance(base_url="http://127.0.0.1:1")
    assert client.api_key_set and SECRET not in repr(client)


def test_the_key_held_by_the_settings_never_shows_in_a_repr() -> None:
    client = Autoenhance(api_key=SECRET, base_url="http://127.0.0.1:1")
    key = client._settings.api_key
    assert key == SECRET and isinstance(key, str)  # sent as given
    assert repr(key) == "'[redacted]'" and SECRET not in f"{key!r} {client._settings!r} {client!r}"
