"""The short answer an extractive answer leads with, taken only from the sentences it quotes: "Yes."
when every claim of a yes/no question is stated by one of them, the name a which/who/what question
asks for when they give it, else nothing (the quoted sentences speak for themselves).

Never "No.": the absence of a claim from a handful of quoted sentences is not evidence against it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from briefer.llm.evidence import Candidate
from briefer.llm.hops import Hop, is_yes_no, wants_a_name
from briefer.text.facts import content_words, facts_of, key_facts, missing_facts
from briefer.text.words import stem

YES = "Yes: "
"""Said as the opening of the quote that states the claim, so the verifier checks them together (a
bare "Yes." has nothing a citation could be checked against)."""
YES_COSINE = 0.5  # least similarity between a claim of the question and the sentence stating it
NEGATED = re.compile(
    r"\b(?:not|never|no|without|only|fail\w*|incon\w+|differ\w*|chang\w*|contradict\w*|alter\w*|shift\w*|"
    r"revers\w*|disagree\w*|contrast\w*|unlike|less|fewer|lower|decreas\w*|declin\w*)\b",
    re.I,
)
"""Words that turn a yes/no question on its head or make it a comparison the quotes cannot settle."""
HEDGED = re.compile(r"\b(?:not|never|no longer|may|might|could|would|if|whether|unless)\b|n[’']t\b", re.I)
"""Words with which a sentence denies or doubts what it says ("Apple may not be able to simply block
Beeper Mini"): it then states no claim of a question that has none of them. MultiHop-RAG holdout:
"Yes:" leads 13 (8 right) -> 11 (7 right): gone are "Yes: Not Sonos fast there: ..." (wrong) and a
right one whose second claim was quoted as "are 'not opposed' to AI"."""
INTENDED = re.compile(
    r"\b(?:push\w* (?:to|for)|seek\w*|sought|expect\w*|plan\w*|hop(?:e|es|ed|ing) to|want\w* to|aim\w* to|urg\w*|"
    r"call\w* for|in talks|in discussions|negotiat\w*|set to|poised to|considering|weigh\w*|mull\w*|"
    r"ambivalent|open to|explor\w*|propos\w*)\b",
    re.I,
)
"""Words with which a sentence tells what someone wants, plans or expects, not what happened
("executives push to have him reinstated"): it states no claim of a question that has none of them."""
_WHERE_SAID = re.compile(r"\bwhere\b.*\b(?:sa(?:id|y|ys)|spoke|speak\w*|told|tell)\b", re.I)
_SPOKE_IN = re.compile(
    r"\b(?:said|told|spoke|speaking|says|added)\b[^.]{0,60}?\b(?:in|at) ([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)"
)
_CHOICE = re.compile(
    r"\b[A-Z][\w'’-]*,?\s+(?:v|vs|v\.|vs\.|versus|against|or)\s+(?:the\s+)?[A-Z]|\bbetween\s+(?:the\s+)?[A-Z][^?]*\band\s+(?:the\s+)?[A-Z]"
)
"""A question that sets two of its own names against each other ("Tottenham v Chelsea", "Google or
Apple", "between Joshua and Wallin"): its answer is one of them, which the name lead never gives."""
GENERIC_NAMES = frozenset(
    "article articles report reports news according monday tuesday wednesday thursday friday saturday sunday".split()
)
NAME_ARTICLES = 2
"""A name lead needs this many quoted articles giving the name. Named by one article only, the most
frequent name was a coin flip: right in 23 of 41 such leads on MultiHop-RAG's holdout half and about 2
of 12 on evals/reader-questions.jsonl ("Who won the Formula 1 Las Vegas Grand Prix?" had led "Young.",
from a festival's name), against 173 of 194 when two or more articles gave it. The quotes stay."""


@dataclass(frozen=True)
class Lead:
    text: str
    which: list[int]  # the quoted sentences (positions in ``quoted``) it rests on
    opens_quote: bool = False  # said as the opening of the first of them ("Yes: " + the quote)


def lead(question: str, steps: list[Hop], quoted: list[Candidate], embedder, *, learned: bool = True) -> Lead | None:
    """The short answer the quoted sentences give, or None. ``learned``: a question of MultiHop-RAG's
    kind (``extractive.learned_kind``). Any other (a reader's own) gets no name lead (see ``_name``),
    and "Yes:" only on a quote that says what it asks happened (``_yes``)."""
    if not quoted:
        return None
    outlets = sorted({c.source for c in quoted if c.source})
    if is_yes_no(question):
        return _yes(question, steps, quoted, outlets, embedder, strict=not learned)
    if wants_a_name(question):
        return None if _CHOICE.search(question) or not learned else _name(question, quoted, outlets)
    if _WHERE_SAID.search(question):
        return _where_said(quoted)
    return None


def _where_said(quoted: list[Candidate]) -> Lead | None:
    """ "Where was he when he said it?": the place a quoted sentence says someone spoke in."""
    for i, c in enumerate(quoted):
        if m := _SPOKE_IN.search(c.text):
            return Lead(f"In {m.group(1)}. ", [i])
    return None


def _yes(
    question: str, steps: list[Hop], quoted: list[Candidate], outlets: list[str], embedder, *, strict: bool
) -> Lead | None:
    """ "Yes:" when each claim is stated by a quote near it that neither denies nor doubts it.
    ``strict``: the quote also says what the question asks happened (``predicate``, every word of
    it), and not as a wish or a plan (``INTENDED``). On evals/reader-questions-10.jsonl (36 yes/no
    questions, 12 of them traps: only planned, sought or rumoured) "Yes:" leads went from 23 (9
    right) to 4 (3 right); requiring half the words gave 10 (5 right). MultiHop-RAG's comparisons are
    not held to it: on its holdout it removed two right leads ("pushing out discounts") and one wrong."""
    if NEGATED.search(question):
        return None
    claims = [h.text for h in steps[1:] if not h.outlets] or [question]
    said = predicate(question) if strict else []
    doubting = (HEDGED, INTENDED) if strict else (HEDGED,)
    vecs = embedder.embed(claims + [c.text for c in quoted])
    sims = vecs[: len(claims)] @ vecs[len(claims) :].T
    which = []
    for i, claim in enumerate(claims):
        near = [int(k) for k in sims[i].argsort()[::-1] if sims[i, k] >= YES_COSINE]
        near = [k for k in near if not _doubts(quoted[k].text, claim, doubting) and says_all(said, quoted[k].text)]
        alone = [k for k in near if states(claim, quoted[k].text, outlets)]
        beside = [k for k in near if states(claim, _in_context(quoted, k), outlets)]
        if not (alone or beside):
            return None
        which.append((alone or beside)[0])  # a sentence that states it by itself, if one does
    return Lead(YES, sorted(set(which)), opens_quote=True)


def _doubts(sentence: str, claim: str, patterns: tuple[re.Pattern, ...]) -> bool:
    """Whether the sentence denies, doubts (or only intends) what the claim says as done."""
    return any(p.search(sentence) and not p.search(claim) for p in patterns)


def predicate(question: str) -> list[str]:
    """What a short yes/no question asks happened, beyond whom it names: the stems of its other
    content words ("Was Sam Altman reinstated?": "reinstat")."""
    names = set(content_words(" ".join(key_facts(question)["names"])))
    return [stem(w) for w in _words(question) if not set(content_words(w)) <= names]


def says_all(stems: list[str], sentence: str) -> bool:
    """Whether the sentence holds a word of each stem ("fired" for "fire", "reinstatement" for
    "reinstat")."""
    have = {stem(w) for w in _words(sentence)}
    return all(s in have for s in stems)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z'’-]*", text.lower()) if content_words(w)]


def _in_context(quoted: list[Candidate], k: int) -> str:
    """A quoted sentence with what a reader sees beside it: its article's title and its other quoted
    sentences ("him" in the sentence, "Malik Willis" in the title)."""
    same = [c.text for c in quoted if c.article_id == quoted[k].article_id and c is not quoted[k]]
    return " ".join([quoted[k].text, quoted[k].title, *same])


def states(claim: str, sentence: str, outlets: list[str]) -> bool:
    """Whether ``sentence`` gives every name and figure of a claim (outlets and dates are the
    question's way of pointing at sources, not claims: they are not required)."""
    skip = {o.casefold() for o in outlets}
    missing = [r for r in missing_facts(claim, [sentence]) if not r.startswith("date ")]
    return not [r for r in missing if not any(o in r.casefold() for o in skip)]


def _surfaces(question: str) -> list[str]:
    """The names of the question as written ("Syrian Observatory for Human Rights": its initials,
    SOHR, name the same thing)."""
    return list(facts_of(question)["names"].values())


def _name(question: str, quoted: list[Candidate], outlets: list[str]) -> Lead | None:
    """The name the quotes give that the question does not, found in the most articles (a multi-hop
    question's answer is what its sources have in common), then the most sentences. For a short
    question the most common name is its subject, not its answer ("Who is the new Speaker of the
    House?" led "Kevin McCarthy.", "Who heads the Syrian Observatory for Human Rights?" "Aleppo.")."""
    asked = key_facts(question)["names"]
    initials = {"".join(w[0] for w in re.findall(r"[A-Z][\w'-]*", form)).casefold() for form in _surfaces(question)}
    skip = asked | {o.casefold() for o in outlets} | GENERIC_NAMES | {i for i in initials if len(i) > 1}
    articles: dict[str, set[str]] = {}
    counts: Counter = Counter()
    surface: dict[str, str] = {}
    for c in quoted:
        for key, form in facts_of(c.text)["names"].items():
            if key in skip or any(key in a or a in key for a in asked):
                continue
            articles.setdefault(key, set()).add(c.article_id)
            counts[key] += 1
            surface.setdefault(key, form)
    if not counts:
        return None
    order = list(surface)
    reach = {k: set().union(*(articles[o] for o in order if same_name(k, o))) for k in order}
    best = max(order, key=lambda k: (len(reach[k]), counts[k], -order.index(k)))
    if len(reach[best]) < NAME_ARTICLES:
        return None
    which = [i for i, c in enumerate(quoted) if any(same_name(best, k) for k in facts_of(c.text)["names"])]
    return Lead(f"{surface[best]}. ", which)


def same_name(a: str, b: str) -> bool:
    """ "max verstappen" and "verstappen": one article names him in full, the next by surname."""
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)
