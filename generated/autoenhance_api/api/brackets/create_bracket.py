from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bracket_created_out import BracketCreatedOut
from ...models.bracket_in import BracketIn
from ...models.http_error import HTTPError
from ...models.validation_error import ValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: BracketIn,
    x_api_version: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v3/brackets/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BracketCreatedOut | HTTPError | ValidationError | None:
    if response.status_code == 200:
        response_200 = BracketCreatedOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = HTTPError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = HTTPError.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = HTTPError.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = HTTPError.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = HTTPError.from_dict(response.json())

        return response_415

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
) -> Response[BracketCreatedOut | HTTPError | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BracketIn,
    x_api_version: str | Unset = UNSET,
) -> Response[BracketCreatedOut | HTTPError | ValidationError]:
    """Register an HDR bracket and get its upload URL

     Registers one exposure of an HDR photo in an existing order and answers its
    `upload_url`; `PUT` the raw bytes there (as for `create_image`). When every bracket is
    up, `process_order` groups them into images and enhances them.

    Args:
        x_api_version (str | Unset):
        body (BracketIn): A new HDR bracket of an existing order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BracketCreatedOut | HTTPError | ValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: BracketIn,
    x_api_version: str | Unset = UNSET,
) -> BracketCreatedOut | HTTPError | ValidationError | None:
    """Register an HDR bracket and get its upload URL

     Registers one exposure of an HDR photo in an existing order and answers its
    `upload_url`; `PUT` the raw bytes there (as for `create_image`). When every bracket is
    up, `process_order` groups them into images and enhances them.

    Args:
        x_api_version (str | Unset):
        body (BracketIn): A new HDR bracket of an existing order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BracketCreatedOut | HTTPError | ValidationError
    """

    return sync_detailed(
        client=client,
        body=body,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BracketIn,
    x_api_version: str | Unset = UNSET,
) -> Response[BracketCreatedOut | HTTPError | ValidationError]:
    """Register an HDR bracket and get its upload URL

     Registers one exposure of an HDR photo in an existing order and answers its
    `upload_url`; `PUT` the raw bytes there (as for `create_image`). When every bracket is
    up, `process_order` groups them into images and enhances them.

    Args:
        x_api_version (str | Unset):
        body (BracketIn): A new HDR bracket of an existing order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BracketCreatedOut | HTTPError | ValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: BracketIn,
    x_api_version: str | Unset = UNSET,
) -> BracketCreatedOut | HTTPError | ValidationError | None:
    """Register an HDR bracket and get its upload URL

     Registers one exposure of an HDR photo in an existing order and answers its
    `upload_url`; `PUT` the raw bytes there (as for `create_image`). When every bracket is
    up, `process_order` groups them into images and enhances them.

    Args:
        x_api_version (str | Unset):
        body (BracketIn): A new HDR bracket of an existing order.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BracketCreatedOut | HTTPError | ValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_api_version=x_api_version,
        )
    ).parsed
