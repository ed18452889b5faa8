"""`briefer doctor`: checks of the set-up and of the index's consistency, each with its fix."""

from __future__ import annotations

import os
from dataclasses import dataclass

from briefer.core.errors import BrieferError


@dataclass
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str


def run_checks(settings, *, repair: bool = False, llm: str | None = None) -> list[Check]:
    from briefer.index import Index
    from briefer.index.embedders import make_embedder

    checks: list[Check] = []
    embedder = make_embedder(settings)
    try:
        vec = embedder.embed(["briefer doctor"])
        precision = embedder.capabilities.precision
        most = embedder.max_tokens
        checks.append(
            Check(
                "embedding model",
                "ok",
                f"{settings.embedding.embed_model}: {vec.shape[1]} dims, reads up to {most} tokens ({precision})",
            )
        )
        chunk = settings.ingest.chunk_tokens
        if chunk > most:  # ingest refuses it: say so here too
            fix = f"set BRIEFER_CHUNK_TOKENS to {most} or less"
            checks.append(
                Check("chunk size", "fail", f"chunk_tokens {chunk} is over the {most} tokens it reads; {fix}")
            )
    except BrieferError as exc:
        checks.append(Check("embedding model", "fail", str(exc)))
    try:
        index = Index(settings, embedder=embedder)
        where = settings.storage.chroma_url or str(index.folder / "chroma")
        index.store.chunk_ids()
        checks.append(Check("store", "ok", f"Chroma at {where}"))
    except BrieferError as exc:
        checks.append(Check("store", "fail", str(exc)))
        return checks + [_key_check(), _backend_check(settings, embedder, llm)]
    if index.busy():  # an ingest is half-way: its pending articles are expected, not damage
        why = "another briefer process is writing to the index; run `briefer doctor` again when it is done"
        return checks + [Check("consistency", "warn", why), _key_check(), _backend_check(settings, embedder, llm)]
    if repair:
        try:
            with index.writing(wait=0):
                fixed = index.reconcile()
            checks.append(Check("repair", "ok", ", ".join(f"{v} {k}" for k, v in fixed.items())))
        except BrieferError as exc:
            checks.append(Check("repair", "fail", str(exc)))
    report = index.consistency()
    problems = {k: v for k, v in report.items() if v}
    if problems:
        detail = "; ".join(f"{len(v)} {k}" for k, v in problems.items())
        checks.append(
            Check("consistency", "fail", f"{detail}; fix: `briefer doctor --repair` (or run `briefer ingest` again)")
        )
    else:
        st = index.catalog.stats()
        checks.append(
            Check(
                "consistency", "ok", f"catalog, BM25 and store agree: {st['articles']} articles, {st['chunks']} chunks"
            )
        )
    return checks + [_key_check(), _backend_check(settings, embedder, llm)]


def _backend_check(settings, embedder, requested: str | None) -> Check:
    """The answer backend in effect can answer: the key is set, the endpoint answers, its models."""
    from briefer.llm import choose_llm

    try:
        backend, _ = choose_llm(settings, embedder, requested)
        health = backend.health()
    except BrieferError as exc:
        return Check("answer backend", "fail", str(exc))
    return Check("answer backend", health.status, f"{backend.name}: {health.detail}")


def _key_check() -> Check:
    if os.environ.get("ANTHROPIC_API_KEY"):
        return Check("ANTHROPIC_API_KEY", "ok", "set (answers through Claude by default)")
    return Check(
        "ANTHROPIC_API_KEY", "warn", "not set: answers use the offline extractive backend; set it to use Claude"
    )
