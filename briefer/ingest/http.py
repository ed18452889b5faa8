"""Fetching feeds and pages politely and safely, through httpx.

Every fetch has connect and read timeouts and an overall deadline (a server that drips bytes is
cut); a body cap counted after decompression (a gzip bomb is cut as it inflates, never held
whole); at most ``max_redirects`` redirects; retries with backoff on 429 and 5xx, honouring
Retry-After up to ``max_retry_wait``; at most ``per_host`` connections to one host; a conditional
GET when an ETag or Last-Modified is known; robots.txt for article pages; a User-Agent naming
briefer. A failure is a ``FetchError`` whose text is one line with the reason.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from briefer.config.settings import FetchSettings

RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A fetch that failed; ``str()`` is the one-line reason (the caller names the URL)."""


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 when the conditional GET found nothing new
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


class Fetcher:
    """One per run: a shared httpx client, per-host limits and a robots.txt cache."""

    def __init__(self, settings: FetchSettings, transport: Any = None):
        import httpx

        self.settings = settings
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=settings.fetch_workers * settings.per_host),
            transport=transport,
        )
        self._hosts: dict[str, threading.Semaphore] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The body at ``url`` (or status 304 when unchanged), retried on 429/5xx; FetchError else."""
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        for attempt in range(self.settings.fetch_retries + 1):
            with self._host(url):
                status, wait, response = self._once(url, headers)
            if response is not None:
                return response
            if attempt == self.settings.fetch_retries:
                raise FetchError(f"HTTP {status} after {attempt} retries")
            time.sleep(min(wait if wait is not None else 0.5 * 2**attempt, self.settings.max_retry_wait))
        raise AssertionError("unreachable")

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets briefer fetch ``url`` (no robots.txt: yes)."""
        if not self.settings.obey_robots:
            return True
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            known = site in self._robots
        if not known:
            rules: RobotFileParser | None = None
            try:
                got = self.get(site + "/robots.txt")
                rules = RobotFileParser()
                rules.parse(got.body.decode("utf-8", "replace").splitlines())
            except FetchError:
                rules = None  # no readable robots.txt: nothing is forbidden
            with self._lock:
                self._robots[site] = rules
        rules = self._robots[site]
        return rules is None or rules.can_fetch(self.settings.user_agent, url)

    def _host(self, url: str) -> threading.Semaphore:
        host = urlsplit(url).netloc
        with self._lock:
            return self._hosts.setdefault(host, threading.Semaphore(self.settings.per_host))

    def _once(self, url: str, headers: dict[str, str]) -> tuple[int, float | None, Response | None]:
        """One request: (status, seconds to wait before a retry, the response when it is final)."""
        import httpx

        start = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                if r.status_code in RETRY_STATUS:
                    return r.status_code, _retry_after(r.headers.get("Retry-After")), None
                if r.status_code == 304:
                    return 304, None, Response(str(r.url), 304, b"", "", None, None)
                if r.status_code >= 400:
                    raise FetchError(f"HTTP {r.status_code} {r.reason_phrase}".strip())
                body = self._read(r, start)
                return (
                    r.status_code,
                    None,
                    Response(
                        str(r.url),
                        r.status_code,
                        body,
                        r.headers.get("Content-Type", ""),
                        r.headers.get("ETag"),
                        r.headers.get("Last-Modified"),
                    ),
                )
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {self.settings.max_redirects} redirects (a redirect loop?)") from None
        except httpx.TimeoutException:
            raise FetchError(f"no answer within {self.settings.read_timeout:g}s (read_timeout)") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"connection failed ({type(exc).__name__})") from None

    def _read(self, r: Any, start: float) -> bytes:
        """The body, decompressed here with a cap on what it inflates to, within the deadline."""
        cap = int(self.settings.max_body_mb * 1024 * 1024)
        inflate = _decompressor(r.headers.get("Content-Encoding", ""))
        out = bytearray()
        for raw in r.iter_raw():  # as received (a chunk size would buffer a drip until it filled)
            if time.monotonic() - start > self.settings.fetch_deadline:
                raise FetchError(f"still sending after {self.settings.fetch_deadline:g}s (fetch_deadline); cut")
            data = raw
            while inflate is not None and data:
                piece = inflate.decompress(data, cap + 1 - len(out))
                out += piece
                data = inflate.unconsumed_tail
                if len(out) > cap:
                    break
            if inflate is None:
                out += raw
            if len(out) > cap:
                raise FetchError(f"body over {self.settings.max_body_mb:g} MB (max_body_mb) once decompressed; cut")
        return bytes(out)


def _decompressor(encoding: str) -> Any:
    """A zlib decompressor for gzip or deflate (None for an identity body)."""
    enc = encoding.strip().lower()
    if enc in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if enc == "deflate":
        return zlib.decompressobj()
    if enc in ("", "identity"):
        return None
    raise FetchError(f"unsupported Content-Encoding '{encoding}'")


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds, or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
