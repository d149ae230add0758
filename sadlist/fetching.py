"""A strict fetcher for pictures on other sites (title covers from the open anime database).

A URL that came from an imported file is somebody else's text. Before anything is
fetched it must be HTTPS, on a host (and port) in an allow-list that is a setting,
and carry no user name or password; redirects are followed only a few times and only
to allowed hosts. The answer is read in chunks, up to a byte limit and within a
deadline for the whole request (a server trickling one byte a second can't hold a
worker), and the fetcher waits between requests to the same host, so a long run is
polite. What it returns is only bytes: the caller sniffs and re-encodes them through
the image pipeline (sadlist.images) and never trusts the server's Content-Type.

urllib3 does the HTTP: connection pooling, certificate checks, per-socket timeouts.
"""

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import urllib3
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from urllib3.util import Url, parse_url

REDIRECTS = {301, 302, 303, 307, 308}
# Worth another try on a later run: the server may be back, or less busy.
TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}
CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL that could not be fetched, with why, in words a curator can act on.

    ``permanent`` errors (a refused URL, a 404, too large) are worth recording so a
    later run skips the URL; the others (a timeout, a 503) are worth retrying.
    ``slow_down`` means the host asked us to stop for now (429).
    """

    def __init__(self, message, *, permanent=True, slow_down=False):
        super().__init__(message)
        self.permanent = permanent
        self.slow_down = slow_down


def _authority(url):
    """``host`` for the scheme's default port, else ``host:port``, as the allow-list spells it."""
    host = (url.host or "").lower().rstrip(".")
    return host if url.port in (None, 443) else f"{host}:{url.port}"


@dataclass
class Fetcher:
    allowed_hosts: frozenset
    max_bytes: int
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 20.0
    delay: float = 1.0
    max_redirects: int = 3
    ca_certs: str | None = None
    user_agent: str = "sadlist-cover-fetcher/1.0"
    clock: object = time.monotonic
    sleep: object = time.sleep
    _last_request: dict = field(default_factory=dict, repr=False)
    _pool: object = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, **overrides):
        options = {
            "allowed_hosts": frozenset(host.lower() for host in settings.SADLIST_COVER_FETCH_HOSTS),
            "max_bytes": settings.SADLIST_COVER_MAX_BYTES,
            "connect_timeout": settings.SADLIST_COVER_FETCH_CONNECT_TIMEOUT,
            "read_timeout": settings.SADLIST_COVER_FETCH_READ_TIMEOUT,
            "total_timeout": settings.SADLIST_COVER_FETCH_TOTAL_TIMEOUT,
            "delay": settings.SADLIST_COVER_FETCH_DELAY,
            "ca_certs": settings.SADLIST_COVER_FETCH_CA_BUNDLE or None,
        }
        options.update(overrides)
        return cls(**options)

    @property
    def pool(self):
        if self._pool is None:
            self._pool = urllib3.PoolManager(
                cert_reqs="CERT_REQUIRED",
                ca_certs=self.ca_certs,
                retries=False,
                timeout=urllib3.Timeout(connect=self.connect_timeout, read=self.read_timeout),
                headers={"User-Agent": self.user_agent, "Accept": "image/*"},
            )
        return self._pool

    def check_url(self, raw):
        """The parsed URL if it may be fetched; FetchError (permanent) if not."""
        try:
            url = parse_url(raw.strip())
        except (urllib3.exceptions.LocationParseError, AttributeError) as exc:
            raise FetchError(f"{raw!r} is not a URL.") from exc
        if url.scheme != "https":
            raise FetchError(f"{raw} is not an HTTPS address; only HTTPS is fetched.")
        if url.auth:
            raise FetchError(f"{raw} carries a user name or password; such URLs aren't fetched.")
        if not url.host:
            raise FetchError(f"{raw} has no host.")
        if _authority(url) not in self.allowed_hosts:
            raise FetchError(
                f"{_authority(url)} is not an allowed host for pictures "
                "(SADLIST_COVER_FETCH_HOSTS)."
            )
        return url

    def _wait_turn(self, authority):
        """Sleep until ``delay`` seconds have passed since the last request to this host."""
        last = self._last_request.get(authority)
        if last is not None:
            wait = last + self.delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request[authority] = self.clock()

    def fetch(self, raw_url):
        """The body at ``raw_url`` as bytes; FetchError, with a reason, for anything else."""
        url = self.check_url(raw_url)
        deadline = self.clock() + self.total_timeout
        for _ in range(self.max_redirects + 1):
            self._wait_turn(_authority(url))
            response = self._request(url)
            try:
                if response.status in REDIRECTS:
                    location = response.headers.get("Location", "")
                    if not location:
                        raise FetchError(f"{url} redirected without saying where to.")
                    url = self.check_url(urljoin(str(url), location))
                    continue
                return self._read(url, response, deadline)
            finally:
                # An answer not read to its end (a redirect, a refusal) leaves its connection
                # unusable: close it rather than hand it back to the pool half-read.
                response.close()
                response.release_conn()
        raise FetchError(f"{raw_url} redirected more than {self.max_redirects} times.")

    def _request(self, url: Url):
        try:
            return self.pool.request(
                "GET", str(url), redirect=False, preload_content=False, decode_content=True
            )
        except urllib3.exceptions.SSLError as exc:
            raise FetchError(f"{url.host}'s certificate could not be verified.") from exc
        except urllib3.exceptions.NewConnectionError as exc:
            # Before TimeoutError: urllib3 counts a failed lookup or a refused connection
            # as a kind of connect timeout.
            raise FetchError(f"{url.host} could not be reached.", permanent=False) from exc
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError(f"{url.host} did not answer in time.", permanent=False) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"{url.host} could not be reached ({exc}).", permanent=False) from exc

    def _read(self, url, response, deadline):
        if response.status != 200:
            raise FetchError(
                f"{url} answered {response.status}.",
                permanent=response.status not in TRANSIENT_STATUSES,
                slow_down=response.status == 429,
            )
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind and not kind.startswith("image/") and kind != "application/octet-stream":
            raise FetchError(f"{url} is {kind}, not an image.")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(self._too_large(url, int(declared)))
        body = bytearray()
        try:
            for chunk in response.stream(CHUNK):
                body += chunk
                if len(body) > self.max_bytes:
                    raise FetchError(self._too_large(url, len(body), at_least=True))
                if self.clock() > deadline:
                    raise FetchError(
                        f"{url} took longer than {self.total_timeout:g} s to send.",
                        permanent=False,
                    )
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError(f"{url.host} stopped sending.", permanent=False) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"{url} broke off ({exc}).", permanent=False) from exc
        return bytes(body)

    def _too_large(self, url, size, at_least=False):
        more = "more than " if at_least else ""
        return (
            f"{url} is {more}{filesizeformat(size)}; the limit is {filesizeformat(self.max_bytes)}."
        )
