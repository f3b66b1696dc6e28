from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_error import HTTPError
from ...models.report_in import ReportIn
from ...models.report_out import ReportOut
from ...models.validation_error import ValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: ReportIn,
    x_api_version: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v3/images/{id}/report".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPError | ReportOut | ValidationError | None:
    if response.status_code == 200:
        response_200 = ReportOut.from_dict(response.json())

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
) -> Response[HTTPError | ReportOut | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReportIn,
    x_api_version: str | Unset = UNSET,
) -> Response[HTTPError | ReportOut | ValidationError]:
    """Report a problem with an enhanced image

     Sends feedback on an image's enhancement to the provider.

    Args:
        id (str): An image's id, chosen by the server (a UUID4 string).
        x_api_version (str | Unset):
        body (ReportIn): Feedback on an image's enhancement.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPError | ReportOut | ValidationError]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReportIn,
    x_api_version: str | Unset = UNSET,
) -> HTTPError | ReportOut | ValidationError | None:
    """Report a problem with an enhanced image

     Sends feedback on an image's enhancement to the provider.

    Args:
        id (str): An image's id, chosen by the server (a UUID4 string).
        x_api_version (str | Unset):
        body (ReportIn): Feedback on an image's enhancement.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPError | ReportOut | ValidationError
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReportIn,
    x_api_version: str | Unset = UNSET,
) -> Response[HTTPError | ReportOut | ValidationError]:
    """Report a problem with an enhanced image

     Sends feedback on an image's enhancement to the provider.

    Args:
        id (str): An image's id, chosen by the server (a UUID4 string).
        x_api_version (str | Unset):
        body (ReportIn): Feedback on an image's enhancement.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPError | ReportOut | ValidationError]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReportIn,
    x_api_version: str | Unset = UNSET,
) -> HTTPError | ReportOut | ValidationError | None:
    """Report a problem with an enhanced image

     Sends feedback on an image's enhancement to the provider.

    Args:
        id (str): An image's id, chosen by the server (a UUID4 string).
        x_api_version (str | Unset):
        body (ReportIn): Feedback on an image's enhancement.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPError | ReportOut | ValidationError
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            x_api_version=x_api_version,
        )
    ).parsed
