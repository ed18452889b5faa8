"""Bullets for a story, chosen for information: sentences that name who and what, carry figures, come
early in their article (news puts the essentials first), and read on their own. No article gives
more than ``per_article`` bullets to a briefing, so one long piece cannot flood the day.

Corroboration is checked, not assumed: a bullet counts another outlet only when a sentence of that
outlet's article in the same story supports it by the verifier's rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from briefer.answer.verify import SUPPORTED, verify_sentence
from briefer.brief import standalone_model
from briefer.brief.records import Bullet, SourceBook
from briefer.brief.stories import Story, StoryArticle
from briefer.core.records import Span, masthead, outlet_key
from briefer.index import Index
from briefer.text.entries import live_page
from briefer.text.facts import key_facts
from briefer.text.furniture import outlet_voice
from briefer.text.outcomes import RESULT, scores
from briefer.text.standalone import standalone
from briefer.text.words import terms

SENTENCES_PER_ARTICLE = 14  # candidates come from the opening of each article
ENTRY_SENTENCES = 3  # and from the opening of each report of a live page's entries (``text.entries``)
MIN_WORDS, MAX_WORDS = 9, 60
LONG = 40  # words; longer bullets lose a little score per word
REDUNDANT = 0.5  # word overlap (Jaccard) above which a candidate repeats a chosen bullet
# Cosine of two sentences' vectors above which they tell one fact: over 48 labelled MultiHop days the
# pairs above 0.74 were three outlets' ledes of one event ("Sam Altman was fired as CEO of ..." and
# "Sam Altman has been ejected from his CEO role at OpenAI"); the closest pair below, 0.73, was two facts.
SAME_FACT = 0.74
_DATELINE = re.compile(r"^(?:[A-Z][A-Z .,'-]{1,40})?\((?:[A-Z][\w.&' ]{1,25})\)\s*(?:[-—–]{1,2}\s*)?(?=[A-Z\"“])")
FRESH = 1.5  # a sentence from an article of the briefing's own days, over one from the days before
# Another outlet counts as saying a bullet when one of its sentences supports it this well: stricter
# than an answer's 0.5, because over all 61 MultiHop days the two corroborations scored 0.54 were a
# defence attorney's cross-examination counted as "couldn't undo the damage of last week's code review"
# and a paraphrase of the trial on seven counts; the two above 0.7 were right
CORROBORATES = 0.6
# Two or more figures in parentheses are the rows of a table written as a sentence: a market wrap's movers
# ("Infratil (down 3.6 per cent), Meridian Energy (down 2.7 per cent) and Resmed (down 2 per cent) were
# among the biggest large-cap decliners."), detail under a heading of the market's move. Of the 551
# candidate sentences labelled for the first bullets of 93 sections (``evals/labels/first-bullets.jsonl``)
# all 12 such were not the news of their heading, and three had opened their section.
_PARENTHESISED_FIGURE = re.compile(
    r"\((?:up|down|rising|falling|off|gaining|losing|[-+–])?\s*[-+]?\$?\d[\d.,]*\s*(?:per ?cent|%|pc|points?|¢|c)?\)",
    re.I,
)
LISTED = 1.0  # score a sentence of such rows loses
# Three companies or more, each with its move ("Gold miner Newmont was down 1.25 per cent, Origin Energy fell
# 0.4 per cent, Mercury Nz declined 0.3 per cent and ..."): the same rows written out. Of the first-bullet
# labels' candidates with three such moves, none told its heading's news (one company's three figures do:
# "Shares in Microsoft climbed 5 per cent ... after ... its sales jumped 13 per cent")
_MOVER = re.compile(
    r"\b[A-Z][\w&’'.-]*(?: [A-Z][\w&’'.-]*)*(?: \((?:up|down)| (?:was |were )?(?:up|down|fell|rose|shed|dropped|"
    r"declined|gained|slipped|climbed|added|lost|jumped|surged|tumbled|sank|soared|eased|advanced))"
    r" \$?[\d.]+ ?(?:per ?cent|%|pc)"
)
MOVERS = 3
# The words that make a score a result: an outcome's (``text.outcomes.RESULT``) or a game's nouns
_RESULT = re.compile(rf"{RESULT.pattern}|\b(?:wins?|loss|lost|defeats?|beats|draws?|drew|rout)\b", re.I)
# A headline of a game ("Cowboys vs. 49ers live score, updates, highlights", "... final score, result and
# highlights"): its news is the score, which a sentence giving one tells
_GAME = re.compile(r"\bvs?\.\s|\b(?:live score|final score|result)\b", re.I)
# Score a sentence giving a game's score gains under such a headline: on the first-bullet labels, 0.5 moves
# nothing; 1 (and 2 alike) opens the World Series' Game 4 with "The Rangers erupted for five runs ... to
# take a 10-0 lead" (not "The Rangers found themselves one strike away from a championship twice in 2011.")
# and drops "The Eagles looked good on Sunday night, donning Kelly Green jerseys ..." from 10-22's game
GAME_SCORE = 1.0
_WORDS = re.compile(r"[\w’'-]+")
RESTATES = 0.3  # share of its headline's words an article's opening repeats to tell the headline's news
_ATTRIBUTED = re.compile(r"\b(?:said|says|told|according to|announced|reported|confirmed|estimated)\b")


@dataclass
class Candidate:
    article: StoryArticle
    start: int
    end: int
    text: str
    position: int
    fresh: bool  # from an article published in the briefing's own days
    day: str = ""  # the day it tells: its article's, or its live page entry's
    score: float = 0.0
    reads_alone: bool = True  # the learned stand-alone model's verdict (True when it does not apply)
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)  # to tell two wordings of one fact

    @property
    def words(self) -> set[str]:
        return set(terms(self.text))


def candidates(
    index: Index, story: Story, prefer: tuple[str, str], first: int = 0, depth: int = SENTENCES_PER_ARTICLE
) -> list[Candidate]:
    """The story's sentences that can be bullets, scored (each article's ``first`` to ``depth``); articles of
    the window ``prefer`` first. Service content in a story of news (the reviews of a launch) counts as
    coverage, not as bullets."""
    out = []
    told = [a for a in story.articles if a.kind != "service"] or story.articles  # not a review's verdicts
    for art in told:
        text = index.catalog.article_text(art.article_id)
        outlet = masthead(art.source)
        for span, pos, fresh, day in quotable(text, index.catalog.sentences(art.article_id), art, prefer, first, depth):
            start = span.start + _dateline_length(text[span.start : span.end])
            sent = " ".join(text[start : span.end].split())
            n_words = len(sent.split())
            if not MIN_WORDS <= n_words <= MAX_WORDS or not standalone(sent, text[: span.start], text[span.end :]):
                continue
            if _repeats_title(sent, art.title):
                continue  # a headline run into the first sentence
            if outlet_voice(sent, outlet):
                continue  # the outlet telling of its own coverage
            if _other_result(sent, art.title):
                continue  # a score the headline's final result has overtaken
            cand = Candidate(art, start, span.end, sent, pos, fresh, day)
            cand.score = _informative(sent, pos) + (FRESH if fresh else 0.0) + _on_topic(sent, story.headline)
            cand.score += GAME_SCORE if _GAME.search(art.title) and scores(sent) else 0.0
            out.append(cand)
    _second_opinion(index, out)
    return sorted(out, key=lambda c: (-c.score, c.article.article_id, c.position))


def quotable(
    text: str, spans: list[Span], art: StoryArticle, window: tuple[str, str], first: int, depth: int
) -> list[tuple[Span, int, bool, str]]:
    """The article's sentences a bullet may quote (its ``first`` to ``depth``), each with its place for
    scoring, whether it tells news of the ``window`` and the day it tells.

    A live page's entries are told by their own dates: none after the window (nor its opening, rewritten
    with them), and the first sentences of each report of an entry as if they opened an article. Its
    latest entry by the window's end is the window's news; the entries before it were overtaken ("The Blue
    Jays have reportedly won the sweepstakes for Ohtani" the day before his Dodgers deal). A page first
    published before the window is told only by its entries of the window: its opening and older entries
    were told before."""
    fresh = window[0] <= (art.published or "") <= window[1]
    page = live_page(text, spans, art.published)
    if page is None:
        return [(span, k, fresh, art.published or "") for k, span in enumerate(spans[first:depth], start=first)]
    lines = [text[s.start : s.end] for s in spans]
    latest = max((e.date for e in page.entries if e.date <= window[1]), default="")  # superseding the rest
    standing = _standing({e.date for e in page.entries if window[0] <= e.date <= window[1]})
    out = []
    for k, span in enumerate(spans):
        date, entry = page.date_of(k), page.entry_of(k)
        if date > window[1] or (art.first_published and date < window[0]):
            continue  # told after the window (the reader cannot know it yet), or before it
        if art.first_published and entry is None:
            continue  # the opening of an older page: written before, or rewritten after
        if entry is None and first <= k < depth:
            out.append((span, k, fresh, art.published or date))  # the opening, written when the page was begun
        elif entry is not None and not first and page.in_report(k, lines) < ENTRY_SENTENCES:
            news = window[0] <= date == latest or (window[0] < window[1] and date in standing)
            out.append((span, page.place(k, lines), news, date))
    return out


OVERTAKEN = 2
"""Days within which a live page's next entry overtakes the one before ("The Blue Jays have reportedly won
the sweepstakes for Ohtani" on Friday, his Dodgers deal on Saturday); an entry the page does not follow
up so soon stands as its day's news in a window of several days (Sam Altman's return to OpenAI, November
21, before Microsoft's seat on its board eight days later)."""


def _standing(days: set[str]) -> set[str]:
    """Those of a live page's entry ``days`` that no later entry follows within ``OVERTAKEN`` days."""
    ordered = sorted(days)
    return {
        d
        for d, after in zip(ordered, [*ordered[1:], None], strict=True)
        if after is None or (dt.date.fromisoformat(after) - dt.date.fromisoformat(d)).days > OVERTAKEN
    }


def _second_opinion(index: Index, cands: list[Candidate]) -> None:
    """Embed the candidates (to tell two wordings of one fact apart) and mark those the learned
    stand-alone model doubts, when it applies and is on."""
    if not cands:
        return
    vectors = index.embedder.embed([c.text for c in cands])
    for cand, vector in zip(cands, vectors):
        cand.vector = vector
    s = index.settings.briefing
    probs = (
        standalone_model.probabilities(index.embedder, vectors, s.standalone_model) if s.learned_standalone else None
    )
    if probs is None:
        return
    floor = standalone_model.threshold(s.standalone_model)
    for cand, p in zip(cands, probs):
        cand.reads_alone = p >= floor or restates_headline(cand) or tells_the_score(cand)


def tells_the_score(cand: Candidate) -> bool:
    """Whether the sentence gives the score of the game its headline announces ("Brock Purdy threw four
    touchdowns in the 42-10 rout" under "Cowboys vs. 49ers live score, updates, highlights"): the news of
    the page, whatever the learned model doubts."""
    return bool(_GAME.search(cand.article.title) and scores(cand.text) and _RESULT.search(cand.text))


def restates_headline(cand: Candidate) -> bool:
    """Whether the sentence opens its article by telling what the headline tells, from the headline's
    subject on ("Michigan State has hired Jonathan Smith as its next football coach, the school announced
    on Saturday." under "Michigan State hires Jonathan Smith: ..."): the news itself, whatever the learned
    model doubts."""
    title = cand.article.title
    subject = " ".join(_WORDS.findall(title.lower())[:2])
    head = set(terms(title))
    if cand.position > 1 or not subject or " ".join(_WORDS.findall(cand.text.lower())[:2]) != subject:
        return False  # "For the past two weeks, coaches ..." under "Michigan's Rivals Fume ...": a feature's opening
    return len(head & set(terms(cand.text))) >= RESTATES * max(len(head), 1)


def _dateline_length(sentence: str) -> int:
    """Characters of a dateline opening the sentence ("(CNN)", "WASHINGTON (Reuters) -"), kept out of the bullet."""
    m = _DATELINE.match(sentence)
    return m.end() if m else 0


def _repeats_title(sent: str, title: str) -> bool:
    head = " ".join(title.lower().split()[:6])
    return bool(head) and " ".join(sent.lower().split()).startswith(head)


def _other_result(sent: str, title: str) -> bool:
    """Whether the sentence gives a result with a score other than the one its headline gives: "Nine-men
    Tottenham suffered their first loss of the Premier League campaign in a fiery 2-1 defeat at home to
    Chelsea." under "Tottenham's Unbeaten Run Ends With 4-1 Home Loss to Chelsea" was written before the
    last goals (or tells an older game): quoted, it tells the reader the wrong score."""
    final = scores(title) if _RESULT.search(title) else set()
    told = scores(sent)
    return len(final) == 1 and bool(told) and not told & final and bool(_RESULT.search(sent))


def _informative(sent: str, position: int) -> float:
    """Who, what and how many: names, figures and attribution; earlier sentences weigh more; a table's rows
    (``_PARENTHESISED_FIGURE``) less."""
    facts = key_facts(sent)
    score = min(len(facts["names"]), 3) * 0.25 + min(len(facts["numbers"]), 2) * 0.3 + min(len(facts["dates"]), 1) * 0.1
    score += 0.2 if _ATTRIBUTED.search(sent) else 0.0
    rows = len(_PARENTHESISED_FIGURE.findall(sent)) >= 2 or len(_MOVER.findall(sent)) >= MOVERS
    score -= LISTED if rows else 0.0
    return score + 1.2 / (1 + position) - 0.03 * max(0, len(sent.split()) - LONG)


def _on_topic(sent: str, headline: str) -> float:
    head = set(terms(headline))
    return 0.8 * len(head & set(terms(sent))) / max(len(head), 1)


def pick(cands: list[Candidate], n: int, used: Counter, per_article: int, fill: bool = False) -> list[Candidate]:
    """The best ``n`` candidates that do not repeat one another, best first: sentences that read on
    their own, from the articles of the briefing's own days (one per article before a second from
    any), from the story's earlier days only if those give none (or, with ``fill``, to make up ``n``:
    a story told at length); a doubted sentence only when the story has nothing else, and then one;
    always within each article's quota for the whole briefing."""
    chosen: list[Candidate] = []
    here: Counter = Counter()
    for alone, fresh in ((True, True), (True, False), (False, True), (False, False)):
        if chosen and not fresh and not fill:
            return chosen  # the window's own news told: an earlier day's sentence would retell it
        pool = [c for c in cands if c.reads_alone is alone and c.fresh is fresh]
        for limit in range(1, per_article + 1):
            for c in pool:
                if len(chosen) >= n:
                    return chosen
                aid = c.article.article_id
                if c in chosen or here[aid] >= limit or used[aid] >= per_article:
                    continue
                if not c.reads_alone and chosen:
                    return chosen  # a doubted sentence only when the story has nothing else to tell
                if any(repeats(c, o) for o in chosen):
                    continue
                chosen.append(c)
                here[aid] += 1
                used[aid] += 1
    return chosen


def repeats(c: Candidate, chosen: Candidate) -> bool:
    """Whether ``c`` says what a chosen bullet says: the same words, or the same fact in other words."""
    if _overlap(c.words, chosen.words) > REDUNDANT:
        return True
    return c.vector is not None and chosen.vector is not None and float(c.vector @ chosen.vector) > SAME_FACT


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


def bullet(index: Index, story: Story, cand: Candidate, book: SourceBook) -> Bullet:
    """A bullet citing its sentence, with the other outlets of the story whose text supports it."""
    supporters = corroborating_outlets(index, story, cand)
    return Bullet(
        cand.text,
        [book.quote(cand.article.article_id, cand.start, cand.end)],
        outlets=1 + len(supporters),
        corroborated_by=supporters,
        also_carried_by=list(cand.article.carried_by),
    )


def corroborating_outlets(index: Index, story: Story, cand: Candidate, tries: int = 3) -> list[str]:
    """Other outlets in the story with a sentence that supports the candidate (verified, lexically)."""
    mine = outlet_key(cand.article.source)
    found: dict[str, str] = {}  # outlet -> the name its article gives
    words = cand.words
    for art in story.articles:
        key = outlet_key(art.source)
        if not key or key == mine or key in found:
            continue
        text = index.catalog.article_text(art.article_id)
        sents = [text[s.start : s.end] for s in index.catalog.sentences(art.article_id)]
        near = sorted(sents, key=lambda s: -len(words & set(terms(s))))[:tries]
        if any(supports(cand.text, s) for s in near):
            found[key] = art.source or key
    return sorted(found.values(), key=str.casefold)


def supports(bullet: str, sentence: str) -> bool:
    """Whether ``sentence`` (of another outlet) says what ``bullet`` says: every fact, and well enough."""
    return verify_sentence(bullet, [sentence], threshold=CORROBORATES).verdict == SUPPORTED
