"""A request that never gets an answer: exactly ``max_retries`` retries, then one typed error
that says what happened."""

from __future__ import annotations

import httpx
import pytest
from autoenhance_sdk import APIConnectionError, APITimeoutError

from tests.wrapper.helpers import AsyncSleeps, Recorder, Sleeps, async_client, sync_client


@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_a_connection_that_keeps_failing_is_tried_max_retries_plus_one_times(max_retries: int) -> None:
    recorder, sleeps = Recorder(httpx.ConnectError("Connection refused")), Sleeps()
    with pytest.raises(APIConnectionError) as info:
        sync_client(recorder, sleeps, max_retries=max_retries).orders.retrieve("o-1")
    assert type(info.value) is APIConnectionError
    assert str(info.value) == "GET /v3/orders/o-1 failed (ConnectError: Connection refused)"
    assert info.value.message == str(info.value)
    assert len(recorder.requests) == max_retries + 1
    assert sleeps == [0.5, 1.0, 2.0][:max_retries]


def test_a_request_that_keeps_timing_out_says_it_timed_out() -> None:
    recorder, sleeps = Recorder(httpx.ReadTimeout("The read operation timed out")), Sleeps()
    with pytest.raises(APITimeoutError) as info:
        sync_client(recorder, sleeps).orders.retrieve("o-1")
    assert str(info.value) == "GET /v3/orders/o-1 timed out"
    assert info.value.request is recorder.originals[-1]
    assert len(recorder.requests) == 3 and sleeps == [0.5, 1.0]


@pytest.mark.anyio
async def test_the_async_client_stops_after_max_retries_too() -> None:
    recorder, sleeps = Recorder(httpx.ConnectTimeout("no route")), AsyncSleeps()
    async with async_client(recorder, sleeps, max_retries=1) as client:
        with pytest.raises(APITimeoutError, match=r"^GET /v3/orders/o-1 timed out$"):
            await client.orders.retrieve("o-1")
    assert len(recorder.requests) == 2 and sleeps == [0.5]
