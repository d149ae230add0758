import pytest
import trustme

from tests.catalog.picture_server import PictureServer


@pytest.fixture(scope="session")
def test_authority():
    return trustme.CA()


@pytest.fixture
def picture_server(settings, test_authority, tmp_path):
    """An HTTPS picture server on this machine, which the fetcher's settings allow and trust."""
    bundle = tmp_path / "test-ca.pem"
    test_authority.cert_pem.write_to_path(str(bundle))
    with PictureServer(test_authority) as server:
        settings.SADLIST_COVER_FETCH_HOSTS = [f"localhost:{server.port}"]
        settings.SADLIST_COVER_FETCH_CA_BUNDLE = str(bundle)
        settings.SADLIST_COVER_FETCH_DELAY = 0
        yield server
