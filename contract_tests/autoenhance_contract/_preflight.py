"""Before any test: is the target a well-formed URL, does it answer, does it accept the key(s)?

Each problem is one line and its own exit code, so CI tells "server down" or "key wrong" from
"server wrong" (a contract violation, exit 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

__all__ = ["EXIT_CODES", "PREFLIGHT_DONE", "Problem", "check_target", "check_url"]

PREFLIGHT_DONE = "AUTOENHANCE_CONTRACT_PREFLIGHT_DONE"  # set by the CLI for the pytest it starts

EXIT_CODES = {
    0: "the target conforms to the spec",
    1: "the contract is violated (the failures are listed)",
    2: "usage error, or interrupted",
    3: "the target cannot be reached",
    4: "the target refused the key (or the two keys are one account)",
}


@dataclass
class Problem(Exception):
    code: int
    message: str

    def __str__(self) -> str:
        return self.message


def check_url(url: str) -> str:
    """The URL without a trailing slash, or Problem(2) if it is not an http(s) URL with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise Problem(2, f"--base-url {url!r} is not a URL ({exc})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise Problem(
            2, f"--base-url {url!r} is not an http:// or https:// URL with a host, e.g. https://api.example.com"
        )
    return url.rstrip("/")


def _first_page(http: httpx.Client, base_url: str, key: str, which: str) -> list[str]:
    try:
        response = http.get(f"{base_url}/v3/orders/", params={"per_page": 5}, headers={"x-api-key": key})
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise Problem(3, f"cannot reach {base_url}: {type(exc).__name__}: {reason}") from None
    if response.status_code in (401, 403):
        raise Problem(4, f"{base_url} refused {which} ({response.status_code}): check the key and the account")
    try:
        orders = response.json().get("orders", []) if response.status_code == 200 else []
        return sorted(str(o.get("order_id")) for o in orders if isinstance(o, dict))
    except (ValueError, AttributeError):
        return []  # not the API's answer: the suite itself will say what is wrong


def check_target(base_url: str, api_key: str, api_key_2: str | None, timeout: float = 15.0) -> None:
    """One authenticated read per key; raises Problem(3) or Problem(4)."""
    if api_key_2 is not None and api_key_2 == api_key:
        raise Problem(2, "--api-key-2 is the same key as --api-key: the tenancy checks need a second account")
    with httpx.Client(timeout=timeout, follow_redirects=False) as http:
        first = _first_page(http, base_url, api_key, "the key (--api-key)")
        if api_key_2:
            second = _first_page(http, base_url, api_key_2, "the second key (--api-key-2)")
            if first and first == second:
                raise Problem(4, "--api-key and --api-key-2 see the same orders: they are one account, not two")
