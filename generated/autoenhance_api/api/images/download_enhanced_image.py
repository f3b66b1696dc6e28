from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_error import HTTPError
from ...models.image_format import ImageFormat
from ...models.validation_error import ValidationError
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    id: str,
    *,
    preview: bool | Unset = UNSET,
    watermark: bool | Unset = UNSET,
    format_: ImageFormat | Unset = UNSET,
    quality: int | Unset = UNSET,
    max_width: int | Unset = UNSET,
    scale: float | Unset = UNSET,
    finetune: bool | Unset = UNSET,
    x_dev_mode: bool | Unset = UNSET,
    x_api_version: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_dev_mode, Unset):
        headers["x-dev-mode"] = "true" if x_dev_mode else "false"

    if not isinstance(x_api_version, Unset):
        headers["x-api-version"] = x_api_version

    params: dict[str, Any] = {}

    params["preview"] = preview

    params["watermark"] = watermark

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["quality"] = quality

    params["max_width"] = max_width

    params["scale"] = scale

    params["finetune"] = finetune

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/images/{id}/enhanced".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | File | HTTPError | ValidationError | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

    if response.status_code == 401:
        response_401 = HTTPError.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = HTTPError.from_dict(response.json())

        return response_402

    if response.status_code == 404:
        response_404 = HTTPError.from_dict(response.json())

        return response_404

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
) -> Response[Any | File | HTTPError | ValidationError]:
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
    preview: bool | Unset = UNSET,
    watermark: bool | Unset = UNSET,
    format_: ImageFormat | Unset = UNSET,
    quality: int | Unset = UNSET,
    max_width: int | Unset = UNSET,
    scale: float | Unset = UNSET,
    finetune: bool | Unset = UNSET,
    x_dev_mode: bool | Unset = UNSET,
    x_api_version: str | Unset = UNSET,
) -> Response[Any | File | HTTPError | ValidationError]:
    """Download the enhanced image

     The enhanced image's bytes. A watermarked preview unless `preview=false`; the first
    full-size download of an image spends one credit and sets its `downloaded`; later ones
    are free. With `x-dev-mode: true` the full-size flow runs without spending credits (the
    answer is watermarked).

    The provider answers with a redirect (302) to a signed asset URL; a client that follows
    redirects gets the bytes. Follow it without the `x-api-key` header: the asset host is not
    the API.

    Args:
        id (str): An image's id, chosen by the server (a UUID4 string).
        preview (bool | Unset):
        watermark (bool | Unset):
        format_ (ImageFormat | Unset): An image format a download can be answered in.
        quality (int | Unset):
        max_width (int | Unset):
        scale (float | Unset):
        finetune (bool | Unset):
        x_dev_mode (bool | Unset):
        x_api_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | File | HTTPError | ValidationError]
    """

    kwargs = _get_kwargs(
        id=id,
        preview=preview,
        watermark=watermark,
        format_=format_,
        quality=quality,
        max_width=max_width,
        scale=scale,
        finetune=finetune,
        x_dev_mode=x_dev_mode,
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
    preview: bool | Unset = UNSET,
    watermark: bool | Unset = UNSET,
    format_: ImageFormat | Unset = UNSET,
    quality: int | Unset = UNSET,
    max_width: int | Unset = UNSET,
    scale: float | Unset = UNSET,
    finetune: bool | Unset = UNSET,
    x_dev_mode: bool | Unset = UNSET,
    x_api_version: str | Unset = UNSET,
) -> Any | File | HTTPError | ValidationError | None:
    """Download the enhanced image

     The enhanced image's bytes. A watermarked preview unless `preview=false`; the first
    full-size download of an image spends one credit and sets its `downloaded`; later ones
    are free. With `x-dev-mode: true` the full-size flow runs without spending credits (the
    answer is watermarked).

    The provider answers with a redirect (302) to a signed asset URL; a client that follows
    redirects gets the bytes. Follow it without the `x-api-key` header: the asset host is not
    the API.

    Args:
        id (str): An image's id, chosen by the server (a UUID4 string).
        preview (bool | Unset):
        watermark (bool | Unset):
        format_ (ImageFormat | Unset): An image format a download can be answered in.
        quality (int | Unset):
        max_width (int | Unset):
        scale (float | Unset):
        finetune (bool | Unset):
        x_dev_mode (bool | Unset):
        x_api_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | File | HTTPError | ValidationError
    """

    return sync_detailed(
        id=id,
        client=client,
        preview=preview,
        watermark=watermark,
        format_=format_,
        quality=quality,
        max_width=max_width,
        scale=scale,
        finetune=finetune,
        x_dev_mode=x_dev_mode,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool | Unset = UNSET,
    watermark: bool | Unset = UNSET,
    format_: ImageFormat | Unset = UNSET,
    quality: int | Unset = UNSET,
    max_width: int | Unset = UNSET,
    scale: float | Unset = UNSET,
    finetune: bool | Unset = UNSET,
    x_dev_mode: bool | Unset = UNSET,
    x_api_version: str | Unset = UNSET,
) -> Response[Any | File | HTTPError | ValidationError]:
    """Download the enhanced image

     The enhanced image's bytes. A watermarked preview unless `preview=false`; the first
    full-size download of an image spends one credit and sets its `downloaded`; later ones
    are free. With `x-dev-mode: true` the full-size flow runs without spending credits (the
    answer is watermarked).

    The provider answers with a redirect (302) to a signed asset URL; a client that follows
    redirects gets the bytes. Follow it without the `x-api-key` header: the asset host is not
    the API.

    Args:
        id (str): An image's id, chosen by the server (a UUID4 string).
        preview (bool | Unset):
        watermark (bool | Unset):
        format_ (ImageFormat | Unset): An image format a download can be answered in.
        quality (int | Unset):
        max_width (int | Unset):
        scale (float | Unset):
        finetune (bool | Unset):
        x_dev_mode (bool | Unset):
        x_api_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | File | HTTPError | ValidationError]
    """

    kwargs = _get_kwargs(
        id=id,
        preview=preview,
        watermark=watermark,
        format_=format_,
        quality=quality,
        max_width=max_width,
        scale=scale,
        finetune=finetune,
        x_dev_mode=x_dev_mode,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool | Unset = UNSET,
    watermark: bool | Unset = UNSET,
    format_: ImageFormat | Unset = UNSET,
    quality: int | Unset = UNSET,
    max_width: int | Unset = UNSET,
    scale: float | Unset = UNSET,
    finetune: bool | Unset = UNSET,
    x_dev_mode: bool | Unset = UNSET,
    x_api_version: str | Unset = UNSET,
) -> Any | File | HTTPError | ValidationError | None:
    """Download the enhanced image

     The enhanced image's bytes. A watermarked preview unless `preview=false`; the first
    full-size download of an image spends one credit and sets its `downloaded`; later ones
    are free. With `x-dev-mode: true` the full-size flow runs without spending credits (the
    answer is watermarked).

    The provider answers with a redirect (302) to a signed asset URL; a client that follows
    redirects gets the bytes. Follow it without the `x-api-key` header: the asset host is not
    the API.

    Args:
        id (str): An image's id, chosen by the server (a UUID4 string).
        preview (bool | Unset):
        watermark (bool | Unset):
        format_ (ImageFormat | Unset): An image format a download can be answered in.
        quality (int | Unset):
        max_width (int | Unset):
        scale (float | Unset):
        finetune (bool | Unset):
        x_dev_mode (bool | Unset):
        x_api_version (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | File | HTTPError | ValidationError
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            preview=preview,
            watermark=watermark,
            format_=format_,
            quality=quality,
            max_width=max_width,
            scale=scale,
            finetune=finetune,
            x_dev_mode=x_dev_mode,
            x_api_version=x_api_version,
        )
    ).parsed
