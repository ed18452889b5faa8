"""Words: the stop-word lists (one per purpose), content terms, and search terms.

Three lists, each pinned by what depends on it: ``SEARCH_STOPWORDS`` shapes every BM25 query (the
learned ranker was trained with it), ``STOPWORDS`` decides which words of a sentence carry content
(verifier, facts), and ``ANSWER_STOPWORDS`` is the lenient-match rule of the answer metrics.
"""

from __future__ import annotations

import re
from functools import lru_cache

SEARCH_STOPWORDS = frozenset(
    "a an and are as at be been but by did do does for from had has have how i in is it its of on or "
    "that the their them there these they this those to was were what when where which who whom why "
    "will with would you your about after before into than then also any can could may might more most "
    "not no such so some".split()
)
"""Function words left out of search queries: they carry no evidence and make FTS5 OR-queries slow."""

STOPWORDS = frozenset(
    """
a about above after again against all almost along also although am among an and another any are
around as at be because been before being below between both but by can could did do does doing
done down during each either else even ever every few for from further had has have having he her
here hers herself him himself his how however i if in into is it its itself just least less like
many may me meanwhile might more most much must my myself nearly now of off on once only onto or
other others otherwise our ours ourselves out over own per same say said says she should since so
some such than that the their theirs them themselves then there these they this those though thus
to too under until up upon us very was we were what when where whether which while who whom whose
why will with within without would yet you your yours according instead indeed still overall
despite earlier later several short also amid via
""".split()
)
"""Words that carry no content of their own (the verifier's recall, proper-name detection)."""

ANSWER_STOPWORDS = frozenset(
    "a an the and or but nor of to in on at by for with from into onto over under about as than then "
    "is are was were be been being am do does did has have had having will would shall should can could "
    "may might must it its it's this that these those there their them they he she his her him we our "
    "you your i me my who whom whose which what when where why how not also so such some any more most "
    "very just only according per".split()
)
"""Function words that cannot make a lenient answer match on their own (``evals.metrics.lenient_match``)."""

_TERM = re.compile(r"\w+", re.UNICODE)
_ALNUM = re.compile(r"[a-z0-9]+")


def search_terms(text: str) -> list[str]:
    """The distinct, non-stopword search terms of ``text``, in order (what BM25 is asked for)."""
    seen: dict[str, None] = {}
    for term in _TERM.findall(text.casefold()):
        if term not in SEARCH_STOPWORDS and term not in seen:
            seen[term] = None
    return list(seen)


def terms(text: str) -> list[str]:
    """Content words, lower-cased and crudely stemmed (plural s), in order, repeats kept."""
    out = []
    for w in _ALNUM.findall(text.lower()):
        if w in SEARCH_STOPWORDS or len(w) < 2:
            continue
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out


_DOUBLE_QUOTES = ("“", "”", '"')


def in_quotes(sentence: str) -> str:
    """``sentence`` between “ and ”, unless it has double quotes of its own: then as it is (a quoted
    sentence opening with “ would read ““...”, and its text must stay exact)."""
    return sentence if any(q in sentence for q in _DOUBLE_QUOTES) else f"“{sentence}”"


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 outlet", "3 outlets", "2 entries" (with ``many``)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A lower-case word's Snowball (English) stem: "killed", "killing" and "kills" are "kill"."""
    return _english_stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _english_stemmer():
    import snowballstemmer  # 20 ms: not on the path of `briefer --help`

    return snowballstemmer.stemmer("english")
