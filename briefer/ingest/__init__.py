"""Ingest: files to articles (readers, metadata), articles to sentence-aware chunks, chunks to the
index through its crash-safe write protocol (``pipeline.ingest``)."""

from briefer.ingest.pipeline import IngestReport, ingest

__all__ = ["IngestReport", "ingest"]
