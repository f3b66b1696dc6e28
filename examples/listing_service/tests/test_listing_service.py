"""The listing service's tests, written with autoenhance-mock's fixtures only."""

from __future__ import annotations

import pytest
from autoenhance_sdk import APIConnectionError, Autoenhance, InternalServerError
from listing_service import ListingPhotos, statuses


def test_service_built_from_the_environment_reaches_the_mock(autoenhance_mock):
    with ListingPhotos() as service:  # Autoenhance() from AUTOENHANCE_* set by the fixture
        service.open("42", "12 Elm St")
        assert service.listings() == ["42"]
    assert [o["order_id"] for o in autoenhance_mock.orders()] == ["listing-42"]


def test_state_is_fresh_for_each_test(autoenhance_mock):
    assert autoenhance_mock.orders() == []
    assert autoenhance_mock.requests() == []


def test_open_is_safe_to_call_twice(autoenhance_client, autoenhance_mock):
    service = ListingPhotos(autoenhance_client)
    first = service.open("7", "1 Main St")
    second = service.open("7", "1 Main St")
    assert first.order_id == second.order_id
    assert [r["operation"] for r in autoenhance_mock.requests()] == ["retrieve_order", "create_order", "retrieve_order"]


def test_status_follows_processing_on_the_mocks_clock(autoenhance_client, autoenhance_mock):
    autoenhance_mock.seed(
        [{"order_id": "listing-9", "brackets": [{"bracket_id": f"b{i}", "is_uploaded": True} for i in range(3)]}]
    )
    service = ListingPhotos(autoenhance_client)
    service.enhance("9")
    assert service.status("9").state == "enhancing"
    autoenhance_mock.advance(60)  # no sleeping: the mock's clock moves
    done = service.status("9")
    assert done.state == "ready"
    assert done.photos >= 1


def test_a_missing_listing_is_reported_not_raised(autoenhance_client):
    assert ListingPhotos(autoenhance_client).status("nope").state == "missing"


def test_the_service_survives_two_server_errors(autoenhance_mock):
    autoenhance_mock.fault("status", status=503, count=2)
    with Autoenhance(sleep=lambda _s: None) as client:  # the SDK retries; no real waiting
        ListingPhotos(client).open("5", "5 Oak Ave")
    assert [r["status"] for r in autoenhance_mock.requests()] == [503, 503, 404, 200]


def test_persistent_errors_reach_the_caller_typed(autoenhance_mock):
    autoenhance_mock.fault("status", status=500)
    with Autoenhance(max_retries=0) as client, pytest.raises(InternalServerError):
        ListingPhotos(client).open("5", "5 Oak Ave")


@pytest.mark.autoenhance_mock(inprocess=True)
def test_in_process_mode_needs_no_socket(autoenhance_mock):
    assert autoenhance_mock.inprocess
    with ListingPhotos() as service:
        service.open("1", "1 Bay Rd")
        assert service.listings() == ["1"]


@pytest.mark.autoenhance_mock(inprocess=True)
def test_in_process_drop_looks_like_a_dropped_connection(autoenhance_mock):
    autoenhance_mock.fault("drop")
    with Autoenhance(max_retries=0) as client, pytest.raises(APIConnectionError):
        ListingPhotos(client).open("1", "1 Bay Rd")


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def _dashboard(client, mock):
    mock.seed([{"order_id": "listing-1", "status": "processed"}, {"order_id": "listing-2"}])
    found = await statuses(["1", "2", "3"], client)
    assert found == {"1": "processed", "2": "waiting", "3": "missing"}


@pytest.mark.anyio
async def test_dashboard_statuses(async_autoenhance_client, autoenhance_mock):
    await _dashboard(async_autoenhance_client, autoenhance_mock)


@pytest.mark.anyio
@pytest.mark.autoenhance_mock(inprocess=True)
async def test_dashboard_statuses_in_process(async_autoenhance_client, autoenhance_mock):
    await _dashboard(async_autoenhance_client, autoenhance_mock)


@pytest.mark.anyio
@pytest.mark.autoenhance_mock(inprocess=True)
async def test_async_client_from_the_environment_in_process(autoenhance_mock):
    autoenhance_mock.seed([{"order_id": "listing-3"}])
    assert await statuses(["3"]) == {"3": "waiting"}  # AsyncAutoenhance() built by the service
