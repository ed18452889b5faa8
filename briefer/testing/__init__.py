"""Deterministic fakes of briefer's seams and a fake Anthropic Messages API server (see ``fakes``)."""

from briefer.testing.fakes import HashEmbedder, MemoryStore, ScriptedLLM

__all__ = ["HashEmbedder", "MemoryStore", "ScriptedLLM"]
