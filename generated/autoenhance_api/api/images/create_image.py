from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_error import HTTPError
from ...models.image_created_out import ImageCreatedOut
from ...models.image_in import ImageIn
from ...models.validation_error import ValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ImageIn,
    x_api_version: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v3/images/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPError | ImageCreatedOut | ValidationError | None:
    if response.status_code == 200:
        response_200 = ImageCreatedOut.from_dict(response.json())

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
) -> Response[HTTPError | ImageCreatedOut | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ImageIn,
    x_api_version: str | Unset = UNSET,
) -> Response[HTTPError | ImageCreatedOut | ValidationError]:
    """Register an image and get its upload URL

     Registers one photo with its enhancement options and answers the image with an
    `upload_url`. `PUT` the file's raw bytes to that URL (see `x-upload`); enhancement starts
    by itself once the bytes land. The image is `waiting` until then.

    Without `order_id` a new order (UUID4 id) is created for the image; with an `order_id`
    that no order has yet, that order is created (uploading creates the order).

    Args:
        x_api_version (str | Unset):
        body (ImageIn): A new image: its name and the options to enhance it with. Only
            `image_name` is required.
            Unknown properties are tolerated. Older clients also send `content_type` (raw-HTTP
            samples spell it `contentType`) and `hdr`; current versions ignore both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPError | ImageCreatedOut | ValidationError]
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
    body: ImageIn,
    x_api_version: str | Unset = UNSET,
) -> HTTPError | ImageCreatedOut | ValidationError | None:
    """Register an image and get its upload URL

     Registers one photo with its enhancement options and answers the image with an
    `upload_url`. `PUT` the file's raw bytes to that URL (see `x-upload`); enhancement starts
    by itself once the bytes land. The image is `waiting` until then.

    Without `order_id` a new order (UUID4 id) is created for the image; with an `order_id`
    that no order has yet, that order is created (uploading creates the order).

    Args:
        x_api_version (str | Unset):
        body (ImageIn): A new image: its name and the options to enhance it with. Only
            `image_name` is required.
            Unknown properties are tolerated. Older clients also send `content_type` (raw-HTTP
            samples spell it `contentType`) and `hdr`; current versions ignore both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPError | ImageCreatedOut | ValidationError
    """

    return sync_detailed(
        client=client,
        body=body,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ImageIn,
    x_api_version: str | Unset = UNSET,
) -> Response[HTTPError | ImageCreatedOut | ValidationError]:
    """Register an image and get its upload URL

     Registers one photo with its enhancement options and answers the image with an
    `upload_url`. `PUT` the file's raw bytes to that URL (see `x-upload`); enhancement starts
    by itself once the bytes land. The image is `waiting` until then.

    Without `order_id` a new order (UUID4 id) is created for the image; with an `order_id`
    that no order has yet, that order is created (uploading creates the order).

    Args:
        x_api_version (str | Unset):
        body (ImageIn): A new image: its name and the options to enhance it with. Only
            `image_name` is required.
            Unknown properties are tolerated. Older clients also send `content_type` (raw-HTTP
            samples spell it `contentType`) and `hdr`; current versions ignore both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPError | ImageCreatedOut | ValidationError]
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
    body: ImageIn,
    x_api_version: str | Unset = UNSET,
) -> HTTPError | ImageCreatedOut | ValidationError | None:
    """Register an image and get its upload URL

     Registers one photo with its enhancement options and answers the image with an
    `upload_url`. `PUT` the file's raw bytes to that URL (see `x-upload`); enhancement starts
    by itself once the bytes land. The image is `waiting` until then.

    Without `order_id` a new order (UUID4 id) is created for the image; with an `order_id`
    that no order has yet, that order is created (uploading creates the order).

    Args:
        x_api_version (str | Unset):
        body (ImageIn): A new image: its name and the options to enhance it with. Only
            `image_name` is required.
            Unknown properties are tolerated. Older clients also send `content_type` (raw-HTTP
            samples spell it `contentType`) and `hdr`; current versions ignore both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPError | ImageCreatedOut | ValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_api_version=x_api_version,
        )
    ).parsed
