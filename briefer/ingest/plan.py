"""Planning an ingest: what each file's articles are, with the metadata flags and overrides applied,
their identity, and their facets (copy signature, genre, names) for copies and stories."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from briefer.core.records import ArticleMeta, RawArticle, Span, masthead
from briefer.index.catalog import Catalog, Facets
from briefer.index.stories import LEAD_SENTENCES
from briefer.ingest import copies, genre
from briefer.ingest.chunking import article_id
from briefer.text.facts import key_facts
from briefer.text.furniture import page_furniture
from briefer.text.sentences import split_sentences

# Bump when genre rules or models, names or signatures change: facets are made again.
FACETS_VERSION = 9  # 2, 3: genre models retrained without any labelled briefing day (16, then 32 days); 4, 5: stories re-formed (series, service links); 6: viewing guides; 7: names of an opening’s own sentences, not its furniture; 8: "how to" in passing is no how-to; 9: a betting section is service content


@dataclass
class Planned:
    meta: ArticleMeta
    text: str
    fingerprint: str
    sentences: list[Span]
    facets: Facets


@dataclass(frozen=True)
class Flags:
    """Metadata given on the command line: it overrides what the files say."""

    source: str | None = None
    published: str | None = None


URL_KEY = "url:"  # overrides are kept by article id and, for an article with a URL, by "url:" + URL


def plan(
    raws: list[RawArticle], flags: Flags, options: str, catalog: Catalog
) -> tuple[dict[str, Planned], list[Planned]]:
    """(article id -> what to store, exact copies within the file). An article's hand-set metadata
    (``briefer article``) wins over the flags, which win over the file."""
    out: dict[str, Planned] = {}
    repeats: list[Planned] = []
    for raw in raws:
        aid = article_id(raw.text)
        source_set, published_set = catalog.override(aid)
        if raw.url and source_set is None and published_set is None:
            source_set, published_set = catalog.override(URL_KEY + raw.url)  # a fix made to an earlier version
        title = raw.title or raw.text.strip().split("\n", 1)[0][:80]
        meta = ArticleMeta(
            aid,
            title,
            source_set or flags.source or raw.source,
            published_set or flags.published or raw.published,
            raw.url,
            raw.origin,
        )
        fp = hashlib.sha256(
            json.dumps([meta.title, meta.source, meta.published, meta.url, options]).encode()
        ).hexdigest()[:20]
        if aid in out:
            repeats.append(Planned(meta, raw.text, fp, out[aid].sentences, out[aid].facets))
            continue
        sentences = split_sentences(raw.text)
        out[aid] = Planned(meta, raw.text, fp, sentences, facets_of(meta, raw.text, sentences))
    return out, repeats


def facets_of(meta: ArticleMeta, text: str, sentences: list[Span]) -> Facets:
    """The copy signature, genre and title-and-opening names of an article."""
    kind = genre.classify(meta.title, meta.url, text)
    # the opening's own sentences: a newsletter's sign-up line ("Sign up to Miguel Delaney's Reading the
    # Game newsletter") names no one the story is about
    opening = [t for s in sentences[:LEAD_SENTENCES] if not page_furniture(t := text[s.start : s.end])]
    names = key_facts(f"{meta.title}\n{' '.join(opening)}")["names"] - _own_names(meta.source)
    return Facets(copies.signature(text), kind.service, kind.soft, frozenset(names), FACETS_VERSION)


def _own_names(source: str | None) -> set[str]:
    """The outlet's own name as the names of an opening would give it: "the independent - sports",
    "the independent", "independent"."""
    names = {n.casefold() for n in (source, masthead(source)) if n}
    return names | {n.removeprefix("the ") for n in names}
