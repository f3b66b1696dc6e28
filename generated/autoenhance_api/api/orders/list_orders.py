from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_error import HTTPError
from ...models.orders_out import OrdersOut
from ...models.validation_error import ValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    offset: str | Unset = UNSET,
    per_page: int | Unset = 5,
    x_api_version: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    params: dict[str, Any] = {}

    params["offset"] = offset

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/orders/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPError | OrdersOut | ValidationError | None:
    if response.status_code == 200:
        response_200 = OrdersOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = HTTPError.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = ValidationError.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = HTTPError.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HTTPError | OrdersOut | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    offset: str | Unset = UNSET,
    per_page: int | Unset = 5,
    x_api_version: str | Unset = UNSET,
) -> Response[HTTPError | OrdersOut | ValidationError]:
    """List orders

     The caller's orders, newest first, one page at a time. Pass the answer's
    `pagination.next_offset` back as `offset` to get the next page; it is null on the last
    page. A page may hold fewer orders than asked for.

    Args:
        offset (str | Unset):
        per_page (int | Unset):  Default: 5.
        x_api_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPError | OrdersOut | ValidationError]
    """

    kwargs = _get_kwargs(
        offset=offset,
        per_page=per_page,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    offset: str | Unset = UNSET,
    per_page: int | Unset = 5,
    x_api_version: str | Unset = UNSET,
) -> HTTPError | OrdersOut | ValidationError | None:
    """List orders

     The caller's orders, newest first, one page at a time. Pass the answer's
    `pagination.next_offset` back as `offset` to get the next page; it is null on the last
    page. A page may hold fewer orders than asked for.

    Args:
        offset (str | Unset):
        per_page (int | Unset):  Default: 5.
        x_api_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPError | OrdersOut | ValidationError
    """

    return sync_detailed(
        client=client,
        offset=offset,
        per_page=per_page,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    offset: str | Unset = UNSET,
    per_page: int | Unset = 5,
    x_api_version: str | Unset = UNSET,
) -> Response[HTTPError | OrdersOut | ValidationError]:
    """List orders

     The caller's orders, newest first, one page at a time. Pass the answer's
    `pagination.next_offset` back as `offset` to get the next page; it is null on the last
    page. A page may hold fewer orders than asked for.

    Args:
        offset (str | Unset):
        per_page (int | Unset):  Default: 5.
        x_api_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPError | OrdersOut | ValidationError]
    """

    kwargs = _get_kwargs(
        offset=offset,
        per_page=per_page,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    offset: str | Unset = UNSET,
    per_page: int | Unset = 5,
    x_api_version: str | Unset = UNSET,
) -> HTTPError | OrdersOut | ValidationError | None:
    """List orders

     The caller's orders, newest first, one page at a time. Pass the answer's
    `pagination.next_offset` back as `offset` to get the next page; it is null on the last
    page. A page may hold fewer orders than asked for.

    Args:
        offset (str | Unset):
        per_page (int | Unset):  Default: 5.
        x_api_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPError | OrdersOut | ValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            offset=offset,
            per_page=per_page,
            x_api_version=x_api_version,
        )
    ).parsed
