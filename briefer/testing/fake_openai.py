"""A fake OpenAI-compatible chat-completions server for tests (stdlib only); the real SDK talks to it.

    with FakeOpenAI(models=["tiny"]) as fake:          # 127.0.0.1, random port
        fake.enqueue(Error(429), Reply("20,000 people left. [3]"))
        # OPENAI_BASE_URL=fake.url, or fake.env
        assert fake.requests[-1]["messages"][0]["role"] == "system"

Each ``POST /v1/chat/completions`` consumes one queued step; with an empty queue ``default`` is
served (a Reply of ``DEFAULT_TEXT`` unless given). ``GET /v1/models`` lists ``models``. Steps:
``Reply(text)`` (streamed in small chunks when the request asks for a stream; ``cite(fragment)``
in its text becomes the marker of the sentence sent that contains ``fragment``), ``Error(status)``,
``Cut(text)`` (streams ``text`` then drops the connection), ``Hang(seconds)`` (accepts and never
answers in time), ``Malformed(text)`` (streams ``text`` then a chunk that is not JSON). A request
with key ``bad-key`` gets 401 without consuming a step. ``keys`` records every key sent.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from briefer.testing.raw_steps import Drip, Raw, serve_raw

DEFAULT_TEXT = "The provided articles do not answer this question."
_CITE = re.compile(r"\{cite:([^}]*)\}")


def cite(fragment: str) -> str:
    """In a Reply's text: the ``[n]`` marker of the first numbered sentence sent that contains ``fragment``."""
    return "{cite:" + fragment + "}"


def resolve_cites(text: str, body: dict) -> str:
    lines = [line for m in body.get("messages", []) for line in str(m.get("content", "")).splitlines()]
    numbered = [re.match(r"\[(\d+)\] (.*)", line) for line in lines]

    def marker(m: re.Match) -> str:
        hit = next((n for n in numbered if n and m.group(1) in n.group(2)), None)
        return f"[{hit.group(1)}]" if hit else "[0]"

    return _CITE.sub(marker, text)


@dataclass(frozen=True)
class Reply:
    text: str
    finish: str = "stop"


@dataclass(frozen=True)
class Error:
    status: int
    retry_after: float | None = 0


@dataclass(frozen=True)
class Cut:
    text: str


@dataclass(frozen=True)
class Hang:
    seconds: float = 30.0


@dataclass(frozen=True)
class Malformed:
    text: str = ""


Step = Reply | Error | Cut | Hang | Malformed | Raw | Drip


class FakeOpenAI:
    def __init__(self, default: Step | None = None, models: list[str] | None = None):
        self.default = default or Reply(DEFAULT_TEXT)
        self.models = ["fake-model"] if models is None else models
        self.requests: list[dict] = []
        self.keys: list[str] = []
        self._queue: deque = deque()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    def enqueue(self, *steps: Step) -> FakeOpenAI:
        self._queue.extend(steps)
        return self

    @property
    def env(self) -> dict[str, str]:
        return {"OPENAI_BASE_URL": self.url}

    def next_step(self) -> Step:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

    def __enter__(self) -> FakeOpenAI:
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _key(self) -> str:
        key = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        self.server_fake.keys.append(key)
        return key

    def do_GET(self) -> None:
        if self._key() == "bad-key":
            return self._json(
                401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}
            )
        if self.path.rstrip("/").endswith("/models"):
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in self.server_fake.models]
            return self._json(200, {"object": "list", "data": data})
        self._json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.server_fake.requests.append(body)
        if self._key() == "bad-key":
            return self._json(
                401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}
            )
        if not self.path.rstrip("/").endswith("/chat/completions"):
            return self._json(404, {"error": {"message": "not found"}})
        step = self.server_fake.next_step()
        if isinstance(step, (Raw, Drip)):
            return serve_raw(self, step)
        if isinstance(step, Error):
            extra = {"Retry-After": str(step.retry_after)} if step.retry_after is not None else {}
            return self._json(
                step.status, {"error": {"message": f"fake error {step.status}", "type": "server_error"}}, extra
            )
        if isinstance(step, Hang):
            time.sleep(step.seconds)
            return self._drop()
        if not body.get("stream"):
            text = resolve_cites(step.text, body) if isinstance(step, Reply) else ""
            return self._json(200, _completion(body, text))
        self._stream(body, step)

    def _stream(self, body: dict, step: Step) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        text = resolve_cites(getattr(step, "text", ""), body)
        for piece in _pieces(text):
            self._event(_chunk(body, {"content": piece}, None))
        if isinstance(step, Cut):
            return self._drop()
        if isinstance(step, Malformed):
            self.wfile.write(b'data: {"id": "x", "choices": [{"delta": {"content": "tail\n\n')
            self.wfile.flush()
            return self._drop()
        self._event(_chunk(body, {}, getattr(step, "finish", "stop")))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, data: dict) -> None:
        self.wfile.write(b"data: " + json.dumps(data).encode() + b"\n\n")
        self.wfile.flush()

    def _json(self, status: int, data: dict, extra: dict | None = None) -> None:
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(2)
        except OSError:
            pass


def _pieces(text: str, size: int = 7) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def _chunk(body: dict, delta: dict, finish: str | None) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": body.get("model", ""),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(body: dict, text: str) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", ""),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
    }
