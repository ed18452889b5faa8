"""Fixing an article's date or outlet after ingest (``briefer article``).

The fix is kept as an override of the article (keyed by its text, and by its URL when it has one), so
that ingesting its file again keeps it, even once the article is edited; the article is re-chunked and
re-embedded, since its date and outlet head every chunk.
"""

from __future__ import annotations

from briefer.core.errors import ConfigError
from briefer.core.records import ArticleMeta
from briefer.index import Index
from briefer.index.catalog import Catalog
from briefer.ingest.plan import URL_KEY, Planned, facets_of
from briefer.ingest.write import write
from briefer.text.sentences import split_sentences


def find_article(catalog: Catalog, ref: str) -> str:
    """The article ``ref`` names: its id (or a prefix of 6 characters or more), its URL, or its title."""
    ref = ref.strip()
    ids = catalog.ids_in_state("complete")
    found = [a for a in ids if a == ref] or [a for a in ids if len(ref) >= 6 and a.startswith(ref)]
    if not found:
        found = [a for a in ids if (m := catalog.meta(a)).url == ref or m.title.casefold() == ref.casefold()]
    if not found:
        raise ConfigError(
            f"no article '{ref}' in {catalog.path.parent}; give its id (see `briefer search ... --json`), "
            "URL or exact title"
        )
    if len(found) > 1:
        raise ConfigError(f"'{ref}' names {len(found)} articles; give more of the id")
    return found[0]


def set_metadata(index: Index, ref: str, *, source: str | None = None, published: str | None = None) -> ArticleMeta:
    """Give the article ``ref`` names this outlet and/or publication date; returns its new metadata."""
    if source is None and published is None:
        raise ConfigError("nothing to change: give --published YYYY-MM-DD and/or --source NAME")
    catalog = index.catalog
    with index.writing():
        aid = find_article(catalog, ref)
        old, text = catalog.meta(aid), catalog.article_text(aid)
        meta = ArticleMeta(aid, old.title, source or old.source, published or old.published, old.url, old.origin)
        files, fingerprint = catalog.files_of(aid), catalog.fingerprint(aid)
        with catalog.transaction():
            catalog.set_override(aid, source, published)
            if old.url:  # an edited version of the article (new text, same URL) keeps the fix too
                catalog.set_override(URL_KEY + old.url, source, published)
        index.delete([aid])
        sentences = split_sentences(text)
        write(index, [Planned(meta, text, fingerprint, sentences, facets_of(meta, text, sentences))], None)
        catalog.link_files(aid, files)
    return meta
