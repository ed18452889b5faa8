"""Search: from a question to ranked chunks. Query understanding (outlets, dates, clauses), candidate
lists from the index, the learned ranker's features and model, and the hybrid ``Retriever``."""

from briefer.search.retriever import Retriever

__all__ = ["Retriever"]
