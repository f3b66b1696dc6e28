"""Values from env files (a trailing newline) are refused at construction, naming their source."""

from __future__ import annotations

import httpx
import pytest
from autoenhance_sdk import AsyncAutoenhance, Autoenhance, InvalidInputError

CLIENTS = [Autoenhance, AsyncAutoenhance]
LOCAL = "http://127.0.0.1:1"


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize(
    "version",
    [
        "2025-05-08\n",
        " 2025-05-08",
        "2025\r\n05",
        "",
        "garbage",  # any other string: the API's versions are dates
        "latest",
        "2025-5-8",  # not YYYY-MM-DD
        "20250508",
        "2025-05-08T00:00",
        "2025-02-30",  # the shape of a date, but no day
        "2025-13-01",
        "\uff12\uff10\uff12\uff15-05-08",  # digits, but not ASCII ones
    ],
)
def test_a_bad_api_version_names_its_source(client_class: type, version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if version:
        with pytest.raises(InvalidInputError, match="from api_version= must be a date YYYY-MM-DD") as info:
            client_class(api_key="k", base_url=LOCAL, api_version=version)
        assert repr(version) in str(info.value)  # a version is no secret: quoted, escaped
        monkeypatch.setenv("AUTOENHANCE_API_VERSION", version)
        with pytest.raises(InvalidInputError, match="from AUTOENHANCE_API_VERSION must be a date"):
            client_class(api_key="k", base_url=LOCAL)
    else:  # an empty variable means "not set": the pinned version
        monkeypatch.setenv("AUTOENHANCE_API_VERSION", version)
        assert client_class(api_key="k", base_url=LOCAL).api_version == "2025-05-08"


def test_a_version_around_spaces_says_where_they_may_come_from() -> None:
    with pytest.raises(InvalidInputError, match=r"got '2025-05-08\\n' \(spaces or a line break around it"):
        Autoenhance(api_key="k", base_url=LOCAL, api_version="2025-05-08\n")
    with pytest.raises(InvalidInputError, match=r"got 'garbage'\.$"):
        Autoenhance(api_key="k", base_url=LOCAL, api_version="garbage")


@pytest.mark.parametrize("version", ["2025-05-08", "2024-06-01", "2030-12-31", "2024-02-29"])
def test_any_real_date_is_a_version(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Autoenhance(api_key="k", base_url=LOCAL, api_version=version).api_version == version
    monkeypatch.setenv("AUTOENHANCE_API_VERSION", version)
    assert Autoenhance(api_key="k", base_url=LOCAL).api_version == version


@pytest.mark.parametrize("client_class", CLIENTS)
def test_with_options_checks_the_version_too(client_class: type) -> None:
    client = client_class(api_key="k", base_url=LOCAL)
    with pytest.raises(InvalidInputError, match=r"from with_options\(api_version=\) must be a date .*'garbage'"):
        client.with_options(api_version="garbage")
    with pytest.raises(InvalidInputError, match=r"from with_options\(api_version=\)"):
        client.with_options(api_version="2025-05-08\n")
    assert client.with_options(api_version="2024-01-01").api_version == "2024-01-01"
    with pytest.raises(
        InvalidInputError, match=r"with_options\(api_version=\) must be a date .*NO_API_VERSION.*got None"
    ):
        client.with_options(api_version=None)  # type: ignore[arg-type]  # ambiguous: the pin, or none?


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize(
    "headers", [{"x-trace": "abc\n"}, {"x-trace": "a\r\nx-evil: 1"}, {"x trace": "v"}, {"": "v"}, {"x-t": "é"}]
)
def test_a_header_no_http_request_can_carry_is_refused(client_class: type, headers: dict[str, str]) -> None:
    with pytest.raises(InvalidInputError, match="an HTTP header cannot carry"):
        client_class(api_key="k", base_url=LOCAL, default_headers=headers)


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize("url", ["http://127.0.0.1:4010\n", "http://[::1", "127.0.0.1:4010", " http://h"])
def test_a_bad_base_url_names_its_source(client_class: type, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidInputError, match="from base_url= must be an http"):
        client_class(api_key="k", base_url=url)
    monkeypatch.setenv("AUTOENHANCE_BASE_URL", url)
    with pytest.raises(InvalidInputError, match="from AUTOENHANCE_BASE_URL must be an http"):
        client_class(api_key="k")


def test_a_proxy_with_your_own_http_client_is_refused_not_ignored() -> None:
    with pytest.raises(InvalidInputError, match="with http_client= give the proxy to it"):
        Autoenhance(api_key="k", base_url=LOCAL, proxy="http://127.0.0.1:3128", http_client=httpx.Client())
    with pytest.raises(InvalidInputError, match="with http_client= give the proxy to it"):
        AsyncAutoenhance(api_key="k", base_url=LOCAL, proxy="http://127.0.0.1:3128", http_client=httpx.AsyncClient())
