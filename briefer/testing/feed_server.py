"""A local web server for feed and page tests (stdlib only), on 127.0.0.1 and a free port.

    with FeedServer() as web:
        web.route("/rss", Page(rss2("Wire", [item("a1", "Title", web.url + "/a1", "Summary.")]),
                               "application/rss+xml", etag='"v1"'))
        web.route("/a1", Page(article_html("Title", "Full text ...")))
        ... web.url + "/rss" ...

A ``Page`` answers 304 to a matching If-None-Match; ``fail_first`` answers 500 (or ``status``) that
many times first. Fault routes: ``Hang`` (accepts, never answers), ``Drip`` (one byte per
``every`` seconds), ``Redirect`` (to a location; to itself for a loop), ``Big`` (``mb`` of body),
``GzipBomb`` (a small gzip body inflating to ``mb``). ``hits`` counts requests per path.
"""

from __future__ import annotations

import functools
import gzip
import html
import io
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes | str
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    status: int = 200
    fail_first: int = 0
    fail_status: int = 500
    retry_after: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Hang:
    seconds: float = 30.0


@dataclass
class Drip:
    every: float = 0.2
    seconds: float = 30.0


@dataclass
class Redirect:
    to: str


@dataclass
class Big:
    mb: int = 50


@dataclass
class GzipBomb:
    mb: int = 200


Route = Page | Hang | Drip | Redirect | Big | GzipBomb


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter = Counter()
        self._lock = threading.Lock()

    def route(self, path: str, what: Route) -> FeedServer:
        if isinstance(what, GzipBomb):
            _bomb(what.mb)  # built now, so the first byte is not late under a loaded machine's read timeout
        self.routes[path] = what
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FeedServer:
        owner = self

        class Handler(_Handler):
            server_owner = owner

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a fetch cut by its deadline or its body cap) is expected here."""


class _Handler(BaseHTTPRequestHandler):
    server_owner: FeedServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server_owner
        path = self.path.split("?")[0]
        with owner._lock:
            owner.hits[path] += 1
            n = owner.hits[path]
        what = owner.routes.get(path)
        try:
            if what is None:
                return self._send(404, b"not found", "text/plain")
            if isinstance(what, Hang):
                time.sleep(what.seconds)
                return None
            if isinstance(what, Redirect):
                return self._send(302, b"", "text/plain", {"Location": what.to})
            if isinstance(what, Drip):
                return self._drip(what)
            if isinstance(what, Big):
                return self._big(what)
            if isinstance(what, GzipBomb):
                return self._send(200, _bomb(what.mb), "application/rss+xml", {"Content-Encoding": "gzip"})
            return self._page(what, n)
        except (BrokenPipeError, ConnectionResetError):
            return None

    def _page(self, page: Page, n: int) -> None:
        if n <= page.fail_first:
            extra = {"Retry-After": page.retry_after} if page.retry_after else {}
            return self._send(page.fail_status, b"busy", "text/plain", extra)
        if page.etag and self.headers.get("If-None-Match") == page.etag:
            return self._send(304, b"", page.content_type, {"ETag": page.etag})
        body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
        extra = {**({"ETag": page.etag} if page.etag else {}), **page.headers}
        return self._send(page.status, body, page.content_type, extra)

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _drip(self, drip: Drip) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        self.close_connection = True
        end = time.monotonic() + drip.seconds
        while time.monotonic() < end:
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(drip.every)

    def _big(self, big: Big) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(big.mb * 1024 * 1024))
        self.end_headers()
        block = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
        for _ in range(big.mb):
            self.wfile.write(block)


@functools.cache
def _bomb(mb: int) -> bytes:
    """A gzip body of a few hundred kB that inflates to ``mb`` MB of spaces."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as f:
        block = b" " * (1024 * 1024)
        for _ in range(mb):
            f.write(block)
    return buf.getvalue()


# -- generated documents ---------------------------------------------------------------------
def item(guid: str, title: str, link: str, text: str, published: str = "Tue, 10 Oct 2023 09:00:00 GMT") -> dict:
    return {"guid": guid, "title": title, "link": link, "text": text, "published": published}


def rss2(title: str, items: list[dict], encoding: str = "utf-8") -> str:
    body = "".join(
        f"<item><guid>{html.escape(i['guid'])}</guid><title>{html.escape(i['title'])}</title>"
        f"<link>{html.escape(i['link'])}</link><pubDate>{i['published']}</pubDate>"
        f"<description>{html.escape(i['text'])}</description></item>"
        for i in items
    )
    return f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>{html.escape(title)}</title>{body}</channel></rss>'


def rss1(title: str, items: list[dict]) -> str:
    body = "".join(
        f'<item rdf:about="{html.escape(i["link"])}"><title>{html.escape(i["title"])}</title>'
        f"<link>{html.escape(i['link'])}</link><dc:date>2023-10-10T09:00:00Z</dc:date>"
        f"<description>{html.escape(i['text'])}</description></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{html.escape(title)}</title></channel>{body}</rdf:RDF>"
    )


def atom(title: str, items: list[dict]) -> str:
    body = "".join(
        f"<entry><id>{html.escape(i['guid'])}</id><title>{html.escape(i['title'])}</title>"
        f'<link href="{html.escape(i["link"])}"/><updated>2023-10-10T09:00:00Z</updated>'
        f'<content type="html">{html.escape(i["text"])}</content></entry>'
        for i in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{html.escape(title)}</title>{body}</feed>'


def article_html(title: str, text: str, canonical: str | None = None) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    link = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title>{link}"
        '<meta property="article:published_time" content="2023-10-10T09:00:00Z"></head>'
        f"<body><nav>Home | World</nav><article><h1>{html.escape(title)}</h1>{paras}</article>"
        "<footer>© Example News</footer></body></html>"
    )
