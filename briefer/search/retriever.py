"""Hybrid search: dense (vector store) and BM25 (catalog) candidates, sentence-level BM25 for each
clause of the question, and outlet/date sub-queries, ranked by the learned ranker (or fused by RRF)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

import numpy as np

from briefer.core.records import Filters, Hit, date_ord
from briefer.index import Index
from briefer.index.catalog import Catalog
from briefer.search import ranker
from briefer.search.features import Candidates, features
from briefer.search.fusion import mmr, rrf
from briefer.search.query import OutletMatcher, SubQuery, analyse, clauses
from briefer.text.aliases import initialled_names, spelled_names, with_initials, with_name
from briefer.text.definitions import defined_name, gives_definition
from briefer.text.outcomes import VERDICT_Q, VERDICT_WORDS, asks_for_outcome, reports_outcome_of
from briefer.text.words import search_terms

BM25_DEPTH = 1000  # how deep the shared BM25 pass goes when sub-queries filter it
CLAUSE_DEPTH = 30  # sentences ranked for each clause
DEFINITION_DEPTH = 60  # sentences naming X looked at for one that says what X is ("Who is X?")
OUTCOME_DEPTH = 60  # sentences near an outcome question looked at for one that reports a result


def _chunks_of_sentences(
    catalog: Catalog, text: str, depth: int, filters: Filters, keep: Callable[[str], bool]
) -> list[tuple[str, float]]:
    """The chunks of the ``depth`` sentences best matching ``text`` (BM25) that ``keep`` accepts, by
    their best such sentence's score: one more ranking for reciprocal rank fusion."""
    found = catalog.sentence_bm25(text, depth, filters)
    texts = catalog.sentence_texts({rowid for rowid, _, _ in found})
    out: dict[str, float] = {}
    for rowid, score, cid in found:
        if cid not in out and keep(texts.get(rowid, "")):
            out[cid] = score
    return list(out.items())


def _narrow(ranked: list[tuple], f: Filters, n: int) -> list[tuple[str, float]]:
    """The first ``n`` of a (chunk, score, source key, published) list that pass a sub-query's filters."""
    out = []
    for cid, score, skey, pub in ranked:
        if not f.accepts(skey, date_ord(pub)):
            continue
        out.append((cid, score))
        if len(out) == n:
            break
    return out


class Retriever:
    def __init__(self, index: Index):
        self.index = index
        self.settings = index.settings
        self._matcher: tuple[int, OutletMatcher] | None = None
        self._pool: ThreadPoolExecutor | None = None  # the lexical legs' threads, kept (starting two costs ~4 ms)

    @property
    def threads(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(2, thread_name_prefix="briefer-lexical")
        return self._pool

    def matcher(self) -> OutletMatcher:
        """Outlet matcher over the index's outlets, rebuilt when the article count changes."""
        n = self.index.catalog.article_count()
        if self._matcher is None or self._matcher[0] != n:
            self._matcher = (n, OutletMatcher(self.index.catalog.outlets()))
        return self._matcher[1]

    def sub_queries(self, query: str) -> list[SubQuery]:
        s = self.settings
        if not s.search.query_outlets and not s.search.query_dates:
            return []
        subs = analyse(
            query, self.matcher() if s.search.query_outlets else OutletMatcher([]), use_dates=s.search.query_dates
        )
        return subs

    def candidates(self, query: str, filters: Filters = Filters(), k: int = 10) -> tuple[Candidates, np.ndarray | None]:
        """Every ranking for ``query``: main dense and BM25, each sub-query's (with its filters),
        and sentence-level BM25 of each clause (for the learned ranker). The lexical searches run on a
        second thread while the query is embedded and searched densely."""
        s = self.settings
        pool = max(s.search.candidates, k)
        use_dense = s.search.dense_weight > 0
        cands = Candidates(subs=self.sub_queries(query), question=query, terms=len(search_terms(query)))
        cands.learned = self.uses_ranker(cands)
        chunk_db, sentence_db = self.index.readers(2)
        chunk_db.memory_bm25 = sentence_db.memory_bm25 = s.search.memory_bm25
        depth = BM25_DEPTH if cands.subs else pool
        deep_f = self.threads.submit(self._bm25, chunk_db, query, filters, depth)
        clauses_f = self.threads.submit(self._clauses, sentence_db, query, filters, cands.learned)
        try:
            qvec = self.index.embedder.embed([query])[0] if use_dense else None
            if qvec is not None:
                cands.lists["dense"] = self.index.store.query(qvec, pool, filters)
                for i, sub in enumerate(() if cands.learned else cands.subs):  # the ranker does without
                    f = filters.narrowed(sub.since, sub.until, sub.sources)
                    cands.lists[f"sub{i}:dense"] = self.index.store.query(qvec, s.search.sub_candidates, f)
        finally:  # the lexical legs finish (or fail) before their connections are used again
            wait((deep_f, clauses_f))
        deep, cands.clauses = deep_f.result(), clauses_f.result()
        name = defined_name(query)
        if name and not cands.learned and s.search.bm25_weight > 0:
            cands.lists["definition"] = self._definitions(sentence_db, query, name, filters)
        if not cands.learned and s.search.bm25_weight > 0:
            self._aliases(cands, chunk_db, sentence_db, filters, pool)
        if s.search.bm25_weight > 0:
            # one deep BM25 pass serves the main list and, filtered, every sub-query
            cands.lists["bm25"] = [(c, score) for c, score, _, _ in deep[:pool]]
            for i, sub in enumerate(cands.subs):
                f = filters.narrowed(sub.since, sub.until, sub.sources)
                cands.lists[f"sub{i}:bm25"] = _narrow(deep, f, s.search.sub_candidates)
        return cands, qvec

    def uses_ranker(self, cands: Candidates) -> bool:
        """Whether the learned ranker orders this question's candidates: always with fusion
        ``learned``, never with ``rrf``; with ``auto`` when the question is of the kind it learned
        from (``ranker.of_its_kind``)."""
        fusion = self.settings.search.fusion
        if fusion != "auto":
            return fusion == "learned"
        return ranker.of_its_kind(cands.terms, bool(cands.subs))

    def _bm25(self, catalog: Catalog, query: str, filters: Filters, depth: int) -> list[tuple]:
        """Chunk BM25, ``depth`` deep (on a thread of its own, with a connection of its own)."""
        return catalog.bm25(query, depth, filters, meta=True) if self.settings.search.bm25_weight > 0 else []

    def _clauses(self, catalog: Catalog, query: str, filters: Filters, learned: bool) -> list:
        """Sentence BM25 of each clause of the question (likewise on a thread of its own)."""
        s = self.settings
        use = s.search.query_clauses and learned  # reciprocal rank fusion has no use for them
        parts = clauses(query, terms=lambda t: len(search_terms(t))) if use else []
        return [catalog.sentence_bm25(p, CLAUSE_DEPTH, filters) for p in parts]

    def _aliases(self, cands: Candidates, chunk_db: Catalog, sentence_db: Catalog, filters: Filters, pool: int) -> None:
        """The question's names as their initials ("SBF, as he's known": the articles that say SBF), and its
        initials as the names the index spells them out with ("Was SBF found guilty?": the verdict says
        "Sam Bankman-Fried"), each one more BM25 ranking; for "Who won ...?", the chunks of the sentences
        near the question, names spelled out (and a verdict's words beside a verdict question's), that report
        its result."""
        query = cands.question
        for i, (written, short) in enumerate(initialled_names(query)):
            if chunk_db.written_by_initials(written, short):
                cands.lists[f"initials{i}"] = chunk_db.bm25(with_initials(query, written, short), pool, filters)
        asked = query
        for i, (short, name) in enumerate(spelled_names(query, chunk_db.spelling)):
            asked = with_name(asked, short, name)
            cands.lists[f"spelled{i}"] = chunk_db.bm25(with_name(query, short, f"{short} {name}"), pool, filters)
        if asks_for_outcome(query):
            keep = lambda s: reports_outcome_of(asked, s)
            searched = f"{asked} {VERDICT_WORDS}" if VERDICT_Q.search(query) else asked
            cands.lists["outcome"] = _chunks_of_sentences(sentence_db, searched, OUTCOME_DEPTH, filters, keep)

    def _definitions(self, catalog: Catalog, query: str, name: str, filters: Filters) -> list[tuple[str, float]]:
        """For "Who is X?" or "What is X?": the chunks of the sentences that say what X is ("X, the
        ...", "X is a ...", "FTX founder X"), by the sentence's BM25 for the name. A name in many
        articles ("Alameda Research") is otherwise found everywhere but where it is explained."""
        return _chunks_of_sentences(catalog, name, DEFINITION_DEPTH, filters, lambda s: gives_definition(query, s))

    def rank(self, cands: Candidates) -> tuple[dict[str, float], dict[str, dict]]:
        """Fused score of every candidate of a complete article, and the candidates' rows."""
        s = self.settings
        ids = cands.ids()
        rows = self.index.catalog.chunk_rows(ids)
        ids = [c for c in ids if c in rows]  # complete articles only
        model = ranker.shipped(s.search.ranker_model) if cands.learned and ids else None
        if model is not None:
            scores = model.score(features(cands, ids, rows))
            return {c: float(v) for c, v in zip(ids, scores)}, rows
        weight = {
            "dense": s.search.dense_weight,
            "bm25": s.search.bm25_weight,
            "definition": s.search.bm25_weight,
            "outcome": s.search.bm25_weight,
        }
        weight |= {n: s.search.bm25_weight for n in cands.lists if n.startswith(("initials", "spelled"))}
        names = list(cands.lists)
        fused = rrf(
            [[c for c, _ in cands.lists[n]] for n in names],
            s.search.rrf_k,
            [weight[n.split(":")[-1]] * (s.search.sub_weight if n.startswith("sub") else 1.0) for n in names],
        )
        return {c: fused.get(c, 0.0) for c in ids}, rows  # clause-only candidates: no rank here

    def search(self, query: str, k: int | None = None, filters: Filters = Filters()) -> list[Hit]:
        s = self.settings
        k = k or s.search.search_k
        self.index.sync_from_server()
        cands, _ = self.candidates(query, filters, k)
        fused, rows = self.rank(cands)
        ranked = sorted(fused, key=lambda c: (-fused[c], c))[: max(3 * k, 20)]
        if s.search.mmr_lambda < 1.0:
            lo = min(fused.values(), default=0.0)
            relevance = {c: fused[c] - lo for c in ranked}  # MMR wants non-negative relevance
            order = mmr(ranked, relevance, self.index.store.embeddings(ranked), k, s.search.mmr_lambda)
        else:
            order = ranked[:k]
        dense_s, sparse_s = dict(cands.lists.get("dense", [])), dict(cands.lists.get("bm25", []))
        hits = []
        for rank, cid in enumerate(order, start=1):
            hit = Hit.of(rank, fused[cid], rows[cid])
            hit.signals = {"dense": dense_s.get(cid, 0.0), "bm25": sparse_s.get(cid, 0.0)}
            hits.append(hit)
        return hits
