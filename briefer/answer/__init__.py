"""Answers: passages to a backend, its citations resolved to exact article spans and numbered,
every sentence verified against what it cites (``pipeline.ask``)."""

from briefer.answer.pipeline import Answer, AnswerSentence, ask, assemble, build_passages

__all__ = ["Answer", "AnswerSentence", "ask", "assemble", "build_passages"]
