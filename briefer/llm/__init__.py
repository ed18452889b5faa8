"""Language-model backends behind one protocol (``base.LLM``), picked through the ``LLMS`` registry.

A backend is one module plus one ``LLMS.register`` line below. ``choose_llm`` resolves the
``--llm`` flag, ``BRIEFER_LLM``, then the default (anthropic when ANTHROPIC_API_KEY is set,
else the offline extractive backend).
"""

from __future__ import annotations

import os

from briefer.config import Settings
from briefer.core.registry import Registry
from briefer.index.embedders import Embedder
from briefer.llm.base import LLM, Capabilities, Health, History

__all__ = ["LLM", "LLMS", "Capabilities", "Health", "History", "choose_llm"]

DEFAULT_WITH_KEY, DEFAULT_OFFLINE = "anthropic", "extractive"

LLMS: Registry = Registry("LLM", "--llm or BRIEFER_LLM")
LLMS.register(
    "anthropic",
    "briefer.llm.claude:AnthropicLLM",
    "Claude through the anthropic SDK, passages as search_result blocks with native citations",
)
LLMS.register(
    "openai",
    "briefer.llm.openai_chat:OpenAICompatibleLLM",
    "any OpenAI-compatible server (Ollama, llama.cpp, vLLM, LM Studio, OpenAI): OPENAI_BASE_URL, "
    "OPENAI_API_KEY (optional), BRIEFER_MODEL; citations as numbered-sentence markers",
)
LLMS.register(
    "extractive",
    "briefer.llm.extractive:ExtractiveLLM",
    "offline: quotes the passage sentences that best answer the question (no key, deterministic)",
)


def choose_llm(settings: Settings, embedder: Embedder, requested: str | None = None) -> tuple[LLM, str | None]:
    """The backend to use and a notice for the user (None when nothing needs saying)."""
    name = requested or settings.llm.llm
    notice = None
    if not name and os.environ.get("ANTHROPIC_API_KEY"):
        name = DEFAULT_WITH_KEY
    elif not name:
        name = DEFAULT_OFFLINE
        notice = f"No ANTHROPIC_API_KEY set: answering offline with the {name} backend (--llm {name})."
    return LLMS.load(name).from_settings(settings, embedder), notice
