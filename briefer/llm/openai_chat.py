"""Any OpenAI-compatible chat-completions server (Ollama, llama.cpp's server, vLLM, LM Studio, OpenAI)
through the official ``openai`` SDK, with prompted citations (``briefer.llm.numbered``).

The SDK's own ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY`` are honoured; a key is optional (local
servers need none). ``BRIEFER_MODEL`` names the model; unset, the first model the server lists is
used. Faults map as on the Claude path: a rejected key or unknown model is a ``ConfigError``
(exit 2), a server or network failure a ``ServiceError`` (exit 3), a stream that breaks after
some text a partial draft marked incomplete. No message ever contains the key.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from briefer.config.settings import LLMSettings, Settings
from briefer.core.errors import BrieferError, ConfigError, ServiceError
from briefer.core.resources import load_prompt
from briefer.llm.base import (
    Capabilities,
    Health,
    History,
    deadline,
    http_errors,
    one_line,
    rewrite_request,
    with_cite_rule,
)
from briefer.llm.drafts import ABSTAIN_PHRASE, Draft, Passage
from briefer.llm.numbered import MarkerFilter, Numbering, cite_rule, parse, user_turn

KEY_ENV, URL_ENV = "OPENAI_API_KEY", "OPENAI_BASE_URL"
NO_KEY = "no-key"  # sent when no key is set: local servers ignore it, a real service answers 401
FALLBACK = "use --llm extractive"
# what a broken stream can raise besides the SDK's errors (a malformed chunk is not JSON, or not a chunk)
# A chunk that is not the API's (JSONDecodeError is a ValueError), or a stream closed by the deadline
# (httpx's StreamClosed is a RuntimeError).
_BAD_CHUNK = (ValueError, KeyError, TypeError, AttributeError, IndexError, RuntimeError)


class OpenAICompatibleLLM:
    name = "openai"
    capabilities = Capabilities(
        citations="prompted",
        streaming=True,
        rewrites_queries=True,
        uses_history=True,
        briefing="generative",
        offline=False,
    )

    def __init__(self, settings: LLMSettings, client: Any = None):
        self.settings = settings
        self._key = (os.environ.get(KEY_ENV) or "").strip()
        self._client = client
        self._model = settings.model
        self.system = load_prompt("answer_system.md", abstain_phrase=ABSTAIN_PHRASE)

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Any = None) -> OpenAICompatibleLLM:
        return cls(settings.llm)

    def __repr__(self) -> str:  # never show the key
        return f"OpenAICompatibleLLM(model={self._model!r})"

    @property
    def client(self) -> Any:
        if self._client is None:
            import openai  # lazy: only this backend pays for the SDK import

            self._client = openai.OpenAI(
                api_key=self._key or NO_KEY, max_retries=self.settings.llm_retries, timeout=self.settings.llm_timeout
            )
        return self._client

    @property
    def endpoint(self) -> str:
        return str(self.client.base_url).rstrip("/")

    @property
    def model(self) -> str:
        """The model set by BRIEFER_MODEL, else the first one the server lists."""
        if not self._model:
            models = self.models()
            if not models:
                raise ConfigError(f"the server at {self.endpoint} lists no model; set BRIEFER_MODEL")
            self._model = models[0]
        return self._model

    def models(self) -> list[str]:
        return self._call(lambda: [m.id for m in self.client.models.list()])

    def health(self) -> Health:
        models = self.models()
        return Health("ok", f"{self.endpoint} answers; models: {', '.join(models[:8]) or 'none'}")

    def generate(
        self,
        question: str,
        passages: list[Passage],
        *,
        on_text: Callable[[str], None] | None = None,
        history: History | None = None,
        system: str | None = None,
    ) -> Draft:
        numbering = Numbering.of(passages)
        messages = [{"role": "system", "content": with_cite_rule(system or self.system, cite_rule())}]
        for q, a in history or []:
            messages += [{"role": "user", "content": q}, {"role": "assistant", "content": a or "(no answer)"}]
        messages.append({"role": "user", "content": user_turn(question, numbering)})
        text, finish, cut = self._stream(messages, MarkerFilter(on_text))
        parsed = parse(text, numbering)
        # a stream that ends without a finish reason was cut (some servers just close the connection)
        incomplete = cut or finish not in ("stop", "tool_calls")
        return Draft(parsed.segments, incomplete=incomplete, model=self.model, dropped=parsed.dropped)

    def _stream(self, messages: list[dict], out: MarkerFilter) -> tuple[str, str | None, bool]:
        """The streamed answer, its finish reason, and whether the stream broke after some text."""
        import openai

        model = self.model
        parts: list[str] = []
        finish, chunks = None, 0
        late = threading.Event()
        try:
            stream = self._call(
                lambda: self.client.chat.completions.create(
                    model=model,
                    messages=messages,
                    stream=True,
                    max_tokens=self.settings.max_tokens,
                    **({"temperature": t} if (t := self.settings.temperature) is not None else {}),
                )
            )
            with deadline(self.settings.llm_deadline, stream.close) as late:
                for chunk in stream:
                    chunks += 1
                    for choice in chunk.choices or []:
                        piece = choice.delta.content if choice.delta else None
                        if piece:
                            parts.append(piece)
                            out.feed(piece)
                        finish = choice.finish_reason or finish
        except _errors(openai, *_BAD_CHUNK) as exc:
            if not parts:
                raise ServiceError(self._late() if late.is_set() else self._describe(exc)) from None
            out.close()
            return "".join(parts), finish, True
        if not parts and late.is_set():
            raise ServiceError(self._late())
        if not chunks:  # a 200 that carried no completion chunk at all (an HTML page, a proxy's notice)
            raise ServiceError(
                self._clean(
                    f"the LLM server at {self.endpoint} did not answer as an OpenAI-compatible "
                    f"chat API (no completion in its reply; llama-cpp-python's server does this when the prompt "
                    f"exceeds its --n_ctx); check {URL_ENV} and the llm_context setting, or {FALLBACK}"
                )
            )
        out.close()
        return "".join(parts), finish, late.is_set()

    def _late(self) -> str:
        return self._clean(
            f"the LLM server at {self.endpoint} sent no answer within llm_deadline "
            f"({self.settings.llm_deadline:g}s); raise BRIEFER_LLM_DEADLINE, or {FALLBACK}"
        )

    def rewrite(self, question: str, history: History) -> str:
        """A standalone search query for a follow-up (prompts/rewrite_query.md); the question itself
        when the call fails (the answer call that follows reports a real problem)."""
        try:
            text = self.complete(load_prompt("rewrite_query.md"), rewrite_request(question, history)).strip()
        except BrieferError:  # search with the question as asked
            return question
        return text.splitlines()[0].strip() if text else question

    def complete(self, system: str, user: str, *, max_tokens: int = 100) -> str:
        model = self.model
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        reply = self._call(
            lambda: self.client.chat.completions.create(model=model, max_tokens=max_tokens, messages=messages)
        )
        try:
            return str(reply.choices[0].message.content or "")
        except (AttributeError, IndexError, TypeError) as exc:
            raise ServiceError(self._describe(exc)) from None

    def _call(self, fn: Callable[[], Any]) -> Any:
        """Run one SDK call, its setup failures turned into one-line errors with the fix."""
        import openai

        try:
            return fn()
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise ConfigError(
                self._clean(f"{self.endpoint} rejected the key ({exc.status_code}); set {KEY_ENV} or {FALLBACK}")
            ) from None
        except openai.NotFoundError as exc:
            raise ConfigError(
                self._clean(
                    f"{self.endpoint} does not know model '{self._model}' or the chat API ({exc.status_code}); "
                    f"check BRIEFER_MODEL (`briefer doctor --llm openai` lists the models) and {URL_ENV}"
                )
            ) from None
        except _errors(openai) as exc:
            raise ServiceError(self._describe(exc)) from None

    def _describe(self, exc: BaseException) -> str:
        import openai

        where = self.endpoint
        retries = self.settings.llm_retries
        if isinstance(exc, openai.APITimeoutError):
            what = f"timed out after {self.settings.llm_timeout:g}s and {retries} retries (setting llm_timeout)"
        elif isinstance(exc, openai.APIConnectionError):
            what = f"could not be reached after {retries} retries; is the server running? (set {URL_ENV})"
        elif isinstance(exc, openai.APIStatusError):
            what = f"failed: {exc.status_code} after {retries} retries; try again later"
        else:
            what = f"sent a broken answer ({type(exc).__name__})"
        return self._clean(f"the LLM server at {where} {what}, or {FALLBACK}")

    def _clean(self, message: str) -> str:
        return one_line(message, self._key)


def _errors(openai: Any, *more: type[BaseException]) -> tuple[type[BaseException], ...]:
    """The SDK's errors, the HTTP client's own, and ``more``."""
    return (openai.APIError, *http_errors(), *more)
