"""The index: where articles live once ingested. A SQLite catalog (manifest, sentences, BM25) beside a
vector store, an embedder, and the crash-safe protocol that keeps them in step (``index.Index``)."""

from briefer.index.index import Index

__all__ = ["Index"]
