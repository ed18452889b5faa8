"""Steps both fake LLM servers serve as they are, for what a hostile or misconfigured endpoint sends:
``Raw`` (any status, content type and body: an HTML page with 200, a malformed event stream) and
``Drip`` (a 200 event stream that sends one byte at a time, never an event, until the client leaves).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

HTML_PAGE = b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>"


@dataclass(frozen=True)
class Raw:
    body: bytes = HTML_PAGE
    status: int = 200
    content_type: str = "text/html"


@dataclass(frozen=True)
class Drip:
    every: float = 0.2  # seconds between bytes
    most: float = 600.0  # seconds at most (the test's safety net)


def serve_raw(handler: BaseHTTPRequestHandler, step: Raw | Drip) -> None:
    """Answer ``handler``'s request with ``step``, closing the connection after it."""
    handler.close_connection = True
    handler.send_response(step.status if isinstance(step, Raw) else 200)
    handler.send_header("Content-Type", step.content_type if isinstance(step, Raw) else "text/event-stream")
    if isinstance(step, Raw):
        handler.send_header("Content-Length", str(len(step.body)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    if isinstance(step, Raw):
        handler.wfile.write(step.body)
        return
    end = time.monotonic() + step.most
    with contextlib.suppress(OSError):  # the client hung up: done
        while time.monotonic() < end:
            handler.wfile.write(b":")
            handler.wfile.flush()
            time.sleep(step.every)
