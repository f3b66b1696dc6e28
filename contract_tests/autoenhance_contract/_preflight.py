"""Before any test: is the target a well-formed URL, does it answer, does it accept the key(s)?

Each problem is one line and its own exit code, so CI tells "server down" or "key wrong" from
"server wrong" (a contract violation, exit 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

__all__ = [
    "BUNDLED",
    "EXIT_CODES",
    "PREFLIGHT_DONE",
    "Flags",
    "Problem",
    "check_selection",
    "check_target",
    "check_url",
]

# Set by autoenhance-contract for the pytest it starts: no second preflight; and the URL of the
# mock it started itself (nothing there belongs to anyone, so no caution is needed there).
PREFLIGHT_DONE = "AUTOENHANCE_CONTRACT_PREFLIGHT_DONE"
BUNDLED = "AUTOENHANCE_CONTRACT_BUNDLED_URL"

EXIT_CODES = {
    0: "the target conforms to the spec",
    1: "the contract is violated (the failures are listed)",
    2: "usage error, or interrupted",
    3: "the target cannot be reached (no answer, or no Orders API at that URL)",
    4: "the target refused the key (or the two keys are one account)",
}


@dataclass
class Problem(Exception):
    code: int
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Flags:
    """How the options are spelt where a problem is reported (the command's, or pytest's)."""

    prefix: str = "--"

    def __call__(self, name: str) -> str:
        return self.prefix + name


COMMAND = Flags()


def check_url(url: str, flags: Flags = COMMAND) -> str:
    """The URL without a trailing slash, or Problem(2) if it is not an http(s) URL with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise Problem(2, f"{flags('base-url')} {url!r} is not a URL ({exc})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        example = "e.g. https://api.example.com"
        raise Problem(2, f"{flags('base-url')} {url!r} is not an http:// or https:// URL with a host, {example}")
    return url.rstrip("/")


def check_key(key: str | None, flag: str) -> str:
    """A key that can go in a header as it is; never echoed (a stray newline from an env file is common)."""
    if not key:
        raise Problem(2, f"a key is needed: {flag} (or its environment variable)")
    if key != key.strip() or not key.isascii() or not key.isprintable():
        raise Problem(2, f"the key of {flag} has surrounding whitespace, a line break or a non-ASCII character")
    return key


def check_selection(include: list[str], exclude: list[str], known: tuple[str, ...], flags: Flags = COMMAND) -> None:
    """Problem(2) for an unknown operation, or a selection that leaves none."""
    unknown = sorted({*include, *exclude} - set(known))
    if unknown:
        raise Problem(2, f"unknown operation(s) {', '.join(unknown)}; one of: {', '.join(known)}")
    if include and not set(include) - set(exclude):
        raise Problem(2, f"{flags('include')} and {flags('exclude')} leave no operation to check")


def _first_page(http: httpx.Client, base_url: str, key: str, which: str) -> list[tuple[str, str]]:
    """(order_id, created_at) of the account's newest orders: ids are per account, so two accounts
    may share one; the same ids created at the same instants are one account."""
    try:
        response = http.get(f"{base_url}/v3/orders/", params={"per_page": 5}, headers={"x-api-key": key})
    except httpx.HTTPError as exc:
        reason = (str(exc) or type(exc).__name__).replace(key, "[REDACTED]")
        raise Problem(3, f"cannot reach {base_url}: {type(exc).__name__}: {reason}") from None
    if response.status_code in (401, 403):
        raise Problem(4, f"{base_url} refused {which} ({response.status_code}): check the key and the account")
    try:
        body = response.json()
    except ValueError:
        body = None
    kind = response.headers.get("content-type", "no content type")
    if response.status_code in (404, 405) or (response.status_code == 200 and body is None and "json" not in kind):
        # Not the API at all (a wrong base path, a web page). A JSON answer with a wrong content
        # type, broken JSON said to be JSON, or any other status: the suite judges those.
        raise Problem(
            3,
            f"no Orders API at {base_url}: GET /v3/orders/ answered {response.status_code} ({kind}); "
            "the base URL is the API's root, without /v3",
        )
    orders = body.get("orders", []) if isinstance(body, dict) and response.status_code == 200 else []
    if not isinstance(orders, list):
        return []  # not the documented answer: the suite itself will say what is wrong
    return sorted((str(o.get("order_id")), str(o.get("created_at"))) for o in orders if isinstance(o, dict))


def check_target(
    base_url: str, api_key: str | None, api_key_2: str | None, flags: Flags = COMMAND, timeout: float = 15.0
) -> int:
    """The keys' form, then one authenticated read per key; raises Problem(2), (3) or (4).
    Returns how many requests it sent."""
    api_key = check_key(api_key, flags("api-key"))
    if api_key_2 is not None:
        check_key(api_key_2, flags("api-key-2"))
        if api_key_2 == api_key:
            raise Problem(2, f"{flags('api-key-2')} is the same key: the tenancy checks need a second account")
    with httpx.Client(timeout=timeout, follow_redirects=False) as http:
        first = _first_page(http, base_url, api_key, f"the key ({flags('api-key')})")
        if not api_key_2:
            return 1
        second = _first_page(http, base_url, api_key_2, f"the second key ({flags('api-key-2')})")
        if first and first == second:
            raise Problem(4, f"{flags('api-key')} and {flags('api-key-2')} see the same orders: one account, not two")
    return 2
