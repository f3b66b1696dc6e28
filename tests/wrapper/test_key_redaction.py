"""The key never survives into what an error keeps: cut texts, bodies, the request it carries."""

from __future__ import annotations

import httpx
import pytest
from autoenhance_sdk import APIResponseValidationError, APIStatusError

from tests.wrapper.helpers import KEY, Recorder, reply, sync_client


@pytest.mark.parametrize("offset", [150, 190, 195, 199, 995])
def test_a_key_across_the_cut_of_a_text_answer_is_not_partly_shown(offset: int) -> None:
    text = "q" * offset + KEY
    for answer, error in (
        (httpx.Response(500, text=text), APIStatusError),
        (httpx.Response(200, text=text), APIResponseValidationError),
    ):
        with pytest.raises(error) as info:
            sync_client(Recorder(answer), max_retries=0).orders.retrieve("o-1")
        shown = f"{info.value} {info.value.body!r}"
        for part in (KEY[:8], KEY[-8:]):
            assert part not in shown, (offset, shown[-80:])


def test_a_key_near_the_end_of_a_long_json_message_is_not_partly_shown() -> None:
    body = {"message": "q" * 970 + KEY, "detail": {}}
    with pytest.raises(APIStatusError) as info:
        sync_client(Recorder(reply(400, body))).orders.retrieve("o-1")
    assert KEY[:8] not in str(info.value) and KEY[:8] not in repr(info.value.body)


def test_the_request_an_error_or_a_raw_response_keeps_has_no_key() -> None:
    with pytest.raises(APIStatusError) as info:
        sync_client(Recorder(reply(404, {"message": "Not found", "detail": {}}))).orders.retrieve("o-1")
    for request in (info.value.request, info.value.response.request):
        assert request is not None
        assert KEY not in repr(request.headers) and request.headers["x-api-key"] == "[redacted]"
    raw = sync_client(Recorder(reply())).orders.with_raw_response.retrieve("o-1")
    assert KEY not in repr(raw.http_response.request.headers)


def test_each_retry_still_sends_the_real_key() -> None:
    recorder = Recorder(httpx.Response(503), httpx.Response(503), reply())
    sync_client(recorder).orders.retrieve("o-1")
    assert [r.headers["x-api-key"] for r in recorder.requests] == [KEY, KEY, KEY]


def test_a_download_keeps_no_key_in_what_it_returns_or_raises() -> None:
    asset = "http://api.test:9000/a.jpg?sig=1"

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.port == 9000:
            return httpx.Response(404, json={"message": f"no {KEY}", "detail": {}})
        return httpx.Response(302, headers={"location": asset})

    with pytest.raises(APIStatusError) as info:
        sync_client(Recorder(answer)).images.download_enhanced("img-1")
    error = info.value
    shown = f"{error} {error.body!r} {error.request.headers!r} {error.response.request.headers!r}"  # type: ignore[union-attr]
    assert KEY not in shown and "x-api-key" not in error.response.request.headers
    redirect = httpx.Response(302, headers={"location": asset})
    image = httpx.Response(200, content=b"img", headers={"content-type": "image/png"})
    raw = sync_client(Recorder(redirect, image)).images.with_raw_response.download_original("img-1")
    assert KEY not in repr(raw.http_response.request.headers) and raw.parsed == b"img"
