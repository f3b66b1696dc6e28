"""The mock's pytest fixtures unset AUTOENHANCE_API_VERSION for the test: a version left in the
user's shell must not give the clients of the test another version's answers.

As tests/mock/test_pytest_plugin.py does, each test writes a user's test file and runs pytest on
it (pytester), so the plugin loads through its pytest11 entry point.
"""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")

USER_TESTS = """
import io
import os
import pytest
from autoenhance_sdk import Autoenhance
from PIL import Image

def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG")
    return out.getvalue()

def test_env_built_client(autoenhance_mock):
    assert "AUTOENHANCE_API_VERSION" not in os.environ
    with Autoenhance() as client:
        assert client.api_version == "2025-05-08"
        image = client.images.create(image_name="a", order_id="o1")
    autoenhance_mock.upload(image.upload_url, jpeg())
    assert autoenhance_mock.image(image.image_id)["status"] != "waiting"

def test_fixture_client(autoenhance_mock, autoenhance_client):
    image = autoenhance_client.images.create(image_name="a", order_id="o1")
    assert autoenhance_client.api_version == "2025-05-08" and isinstance(image.upload_url, str)

def test_a_version_the_test_sets_itself_still_holds(autoenhance_mock, monkeypatch):
    monkeypatch.setenv("AUTOENHANCE_API_VERSION", "2024-06-01")
    with Autoenhance() as client:
        assert client.api_version == "2024-06-01"
        image = client.images.create(image_name="a", order_id="o1", content_type="image/jpeg")
    assert isinstance(image.s_3_put_object_url, str)  # the legacy answer, as the test asked for

@pytest.mark.autoenhance_mock(inprocess=True)
def test_in_process(autoenhance_mock, autoenhance_client):
    assert "AUTOENHANCE_API_VERSION" not in os.environ
    assert autoenhance_client.api_version == "2025-05-08"
"""


def test_a_version_from_the_shell_does_not_reach_the_test_s_clients(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_VERSION", "2024-06-01")  # the user's shell
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=4)
    assert os.environ["AUTOENHANCE_API_VERSION"] == "2024-06-01"  # restored after the test
