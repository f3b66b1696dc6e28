"""HDR brackets: registered in the caller's order, uploaded, grouped by process_order, merged, enhanced."""

from __future__ import annotations

import httpx
import pytest

from tests.mock.helpers import A, B, FakeTime, create, decode, photo, put


def bracket(http: httpx.Client, order_id: str, name: str, data: bytes | None = None, **metadata: object) -> dict:
    resp = http.post("/v3/brackets/", json={"order_id": order_id, "name": name, "metadata": metadata}, headers=A)
    assert resp.status_code == 200, resp.text
    created = resp.json()
    if data is not None:
        assert put(http, created["upload_url"], data).status_code == 200
    return dict(created)


def test_create_bracket_needs_an_order_of_the_caller(http: httpx.Client) -> None:
    create(http, B, order_id="theirs")
    for order_id in ("theirs", "nowhere"):
        resp = http.post("/v3/brackets/", json={"order_id": order_id, "name": "a.jpg"}, headers=A)
        assert resp.status_code == 404 and order_id in resp.json()["detail"]["order_id"]
    assert http.post("/v3/brackets/", json={"order_id": "theirs", "name": "a.jpg"}).status_code == 401
    bad = http.post("/v3/brackets/", json={"order_id": "theirs", "name": "a/b.jpg"}, headers=B)
    assert bad.status_code == 422 and "name" in bad.json()["detail"]["json"]


def test_brackets_are_merged_into_one_hdr_image_named_after_the_first(http: httpx.Client, fake_time: FakeTime) -> None:
    create(http, order_id="hdr")
    dark, mid, bright = (photo(900, 600, colour=(c, c, c)) for c in (20, 128, 235))
    made = [bracket(http, "hdr", f"IMG_{i}.JPG", data) for i, data in enumerate((dark, mid, bright))]
    listed = http.get("/v3/orders/hdr/brackets", headers=A).json()["brackets"]
    assert [b["is_uploaded"] for b in listed] == [True, True, True] and {b["image_id"] for b in listed} == {None}
    order = http.post("/v3/orders/hdr/process", json={"number_of_brackets_per_image": 3}, headers=A).json()
    assert (order["is_merging"], order["is_processing"], order["images"]) == (True, True, [])
    fake_time.now += 2
    order = http.get("/v3/orders/hdr", headers=A).json()
    [image] = order["images"]
    assert (image["image_name"], image["status"], order["is_merging"]) == ("IMG_0", "processing", False)
    assert image["metadata"] == {"bracket_ids": [b["bracket_id"] for b in made]}
    listed = http.get("/v3/orders/hdr/brackets", headers=A).json()["brackets"]
    assert {b["image_id"] for b in listed} == {image["image_id"]}
    fake_time.now += 3
    assert http.get("/v3/orders/hdr", headers=A).json()["status"] == "processed"
    merged = decode(http.get(f"/v3/images/{image['image_id']}/original", params={"format": "png"}).content)
    assert merged.size == (900, 600)
    single = decode(http.get("/v3/images/" + image["image_id"] + "/original", params={"format": "png"}).content)
    assert merged.tobytes() == single.tobytes()
    darkest = decode(dark).convert("RGB").resize((9, 6)).tobytes()
    assert merged.convert("RGB").resize((9, 6)).tobytes() != darkest  # a blend, not the first bracket


def test_explicit_groups_and_brackets_not_yet_uploaded(http: httpx.Client, fake_time: FakeTime) -> None:
    create(http, order_id="ex")
    one = bracket(http, "ex", "one.jpg", photo(100, 100))
    two = bracket(http, "ex", "two.jpg")  # never uploaded
    groups = [{"bracket_ids": [one["bracket_id"]]}, {"bracket_ids": [two["bracket_id"]]}]
    http.post("/v3/orders/ex/process", json={"images": groups}, headers=A)
    fake_time.now += 5
    order = http.get("/v3/orders/ex", headers=A).json()
    states = sorted((i["image_name"], i["status"]) for i in order["images"])
    assert states == [("one", "processed"), ("two", "error")] and order["status"] == "processed"


def test_automatic_grouping_groups_by_capture_metadata(http: httpx.Client, fake_time: FakeTime) -> None:
    create(http, order_id="auto")
    for i in range(4):
        bracket(http, "auto", f"k{i}.jpg", photo(50, 50), group="kitchen" if i < 3 else "hall")
    http.post("/v3/orders/auto/merge", headers=A)
    fake_time.now += 2
    images = http.get("/v3/orders/auto", headers=A).json()["images"]
    assert sorted(len(i["metadata"]["bracket_ids"]) for i in images) == [1, 3]


@pytest.mark.parametrize("per_image", [2, 0])
def test_processing_again_groups_only_new_brackets(http: httpx.Client, fake_time: FakeTime, per_image: int) -> None:
    create(http, order_id="again")
    for i in range(2):
        bracket(http, "again", f"a{i}.jpg", photo(40, 40), group="g")
    http.post("/v3/orders/again/process", json={"number_of_brackets_per_image": per_image}, headers=A)
    fake_time.now += 5
    bracket(http, "again", "late.jpg", photo(40, 40))
    http.post("/v3/orders/again/process", headers=A)
    fake_time.now += 5
    order = http.get("/v3/orders/again", headers=A).json()
    assert [len(i["metadata"]["bracket_ids"]) for i in order["images"]] == [2, 1] and order["status"] == "processed"


@pytest.mark.parametrize(
    "groups",
    [[["b1", "b1"]], [["b1"], ["b1", "b2"]], [["b1", "b2"], ["b2", "b1"]]],
    ids=["within-a-group", "across-groups", "both-twice"],
)
def test_a_bracket_named_twice_in_explicit_groups_is_422(
    http: httpx.Client, fake_time: FakeTime, groups: list[list[str]]
) -> None:
    create(http, order_id="dup")
    ids = {name: bracket(http, "dup", f"{name}.jpg", photo(40, 40))["bracket_id"] for name in ("b1", "b2")}
    body = {"images": [{"bracket_ids": [ids[name] for name in group]} for group in groups]}
    resp = http.post("/v3/orders/dup/process", json=body, headers=A)  # merge_order takes no `images`
    assert resp.status_code == 422, resp.text
    [message] = resp.json()["detail"]["json"]["images"]
    twice = {name for group in groups for name in group if sum(g.count(name) for g in groups) > 1}
    assert all(ids[name] in message for name in twice) and "more than once" in message, message
    assert [ids[n] in message for n in ("b1", "b2")] == [n in twice for n in ("b1", "b2")]
    fake_time.now += 10
    order = http.get("/v3/orders/dup", headers=A).json()
    assert (order["images"], order["is_merging"]) == ([], False)  # nothing was started
    assert {b["image_id"] for b in http.get("/v3/orders/dup/brackets", headers=A).json()["brackets"]} == {None}


def test_explicit_groups_naming_a_bracket_already_grouped_are_422(http: httpx.Client, fake_time: FakeTime) -> None:
    create(http, order_id="regroup")
    one = bracket(http, "regroup", "one.jpg", photo(40, 40))["bracket_id"]
    two = bracket(http, "regroup", "two.jpg", photo(40, 40))["bracket_id"]
    assert http.post("/v3/orders/regroup/process", json={"images": [{"bracket_ids": [one]}]}, headers=A).is_success
    fake_time.now += 5
    [image] = http.get("/v3/orders/regroup", headers=A).json()["images"]
    resp = http.post("/v3/orders/regroup/process", json={"images": [{"bracket_ids": [two, one]}]}, headers=A)
    assert resp.status_code == 422
    [message] = resp.json()["detail"]["json"]["images"]
    assert one in message and image["image_id"] in message and two not in message
    assert http.post("/v3/orders/regroup/process", json={"images": [{"bracket_ids": [two]}]}, headers=A).is_success
    fake_time.now += 5
    order = http.get("/v3/orders/regroup", headers=A).json()
    assert [i["metadata"]["bracket_ids"] for i in order["images"]] == [[one], [two]]
    brackets = http.get("/v3/orders/regroup/brackets", headers=A).json()["brackets"]
    assert brackets[0]["image_id"] == image["image_id"]  # never overwritten


@pytest.mark.parametrize("body", [{}, {"number_of_brackets_per_image": 2}], ids=["automatic", "every-n"])
def test_brackets_never_uploaded_are_skipped_and_the_order_stays_waiting(
    http: httpx.Client, fake_time: FakeTime, body: dict
) -> None:
    create(http, order_id="skip")
    late = bracket(http, "skip", "late.jpg")  # never uploaded: automatic and every-N grouping skip it
    http.post("/v3/orders/skip/process", json=body, headers=A)
    fake_time.now += 5
    order = http.get("/v3/orders/skip", headers=A).json()
    assert (order["total_images"], order["status"], order["is_processing"]) == (0, "waiting", False)
    assert put(http, late["upload_url"], photo(40, 40)).status_code == 200
    http.post("/v3/orders/skip/process", json=body, headers=A)
    fake_time.now += 5
    order = http.get("/v3/orders/skip", headers=A).json()
    assert (order["total_images"], order["status"]) == (1, "processed")
