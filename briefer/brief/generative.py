"""The language-model briefing composer: the window's passages go to the model (as search_result
blocks to Claude, numbered to an OpenAI-compatible server), a Markdown briefing comes back, and every
bullet's citations are resolved to exact sentences and verified like an answer. A sentence the model
cites nothing for is left out (and counted); a chosen story the model cited nothing of is told in
its articles' own sentences, as offline. Figure conflicts found offline are added beside the ones
the model reports."""

from __future__ import annotations

import math
import re
from collections import Counter

from briefer.answer.citations import CitationBook
from briefer.answer.pipeline import build_passages
from briefer.answer.verify import UNCITED, split_answer_sentences, verify_sentence
from briefer.brief import extractive
from briefer.brief.records import Bullet, Composed, ConflictReport, Section, Side, SourceBook
from briefer.brief.stories import Story
from briefer.core.records import Hit
from briefer.core.resources import load_prompt
from briefer.index import Index
from briefer.llm import LLM
from briefer.llm.drafts import Draft, Passage
from briefer.text.facts import MARKER

MAX_PASSAGES = 40
# Another model's tokenizer cuts English into more pieces than the embedder's WordPiece: SmolLM2's
# counted 1.09 to 1.11 times MiniLM's on MultiHop-RAG briefing prompts (numbers and headers included),
# and this margin with the overheads below estimates 1.1 to 1.2 times SmolLM2's count.
TOKENIZER_MARGIN = 1.25
PER_SENTENCE, PER_PASSAGE = 4, 40  # tokens of a sentence's number and of a source's header (title, outlet, date)
CONFLICTS = "conflicting reports"


def window_hits(index: Index, ids: list[str], limit: int = MAX_PASSAGES) -> list[Hit]:
    """The window's chunks, round-robin over articles (every article's lead first), at most ``limit``."""
    per_article = [[c.chunk_id for c in index.catalog.chunks_of([a])] for a in ids]
    order: list[str] = []
    depth = 0
    while len(order) < limit and any(depth < len(p) for p in per_article):
        order += [p[depth] for p in per_article if depth < len(p)]
        depth += 1
    rows = index.catalog.chunk_rows(order[:limit])
    return [Hit.of(i + 1, 0.0, rows[c]) for i, c in enumerate(order[:limit]) if c in rows]


def compose(
    index: Index, stories: list[Story], book: SourceBook, *, llm: LLM, window: tuple[str, str], topic: str | None = None
) -> Composed:
    """The model writes the briefing from the stories' passages (most newsworthy stories first); the
    conflicts the briefing finds offline are set beside the ones it reports (``build.py``)."""
    ids = [a.article_id for story in stories for a in story.between(*window)]
    ask = f"Write today's briefing{f' about {topic}' if topic else ''} from these articles."
    system = load_prompt("briefing_system.md")
    context = index.settings.llm.llm_context or llm.capabilities.context
    room = context - index.settings.llm.max_tokens - _tokens(index, [system, ask])
    passages = fitting(index, build_passages(index, window_hits(index, list(dict.fromkeys(ids)))), room)
    draft = llm.generate(ask, passages, system=system)
    summary, sections, conflicts = parse(draft, CitationBook(passages), book, index.embedder)
    cited = [b for b in summary if b.verdict != UNCITED]
    uncited = [b for b in summary + [b for sec in sections for b in sec.bullets] if b.verdict == UNCITED]
    left_out = sum(len(split_answer_sentences(b.text)) for b in uncited)
    for sec in sections:
        sec.bullets = [b for b in sec.bullets if b.verdict != UNCITED]
    told = every_story(index, stories, [sec for sec in sections if sec.bullets], book, window)
    return Composed(cited or [sec.bullets[0] for sec in told[:2]], told, conflicts, left_out)


def fitting(index: Index, passages: list[Passage], room: int) -> list[Passage]:
    """The first ``passages`` whose estimated tokens fit in ``room`` (at least one: a briefing is asked for)."""
    sizes = _tokens(index, [p.hit.text for p in passages], each=True)
    out: list[Passage] = []
    used = 0
    for passage, size in zip(passages, sizes, strict=True):
        cost = size + PER_PASSAGE + PER_SENTENCE * len(passage.sentences)
        if out and used + cost > room:
            break
        out.append(passage)
        used += cost
    return out


def _tokens(index: Index, texts: list[str], each: bool = False):
    counts = [math.ceil(n * TOKENIZER_MARGIN) for n in index.embedder.count_tokens(texts)]
    return counts if each else sum(counts)


def every_story(
    index: Index, stories: list[Story], sections: list[Section], book: SourceBook, window: tuple[str, str]
) -> list[Section]:
    """The model's sections, each placed at the story its bullets cite most (ties: the more newsworthy),
    and for each story it cited nothing of, the offline composer's section (``quoted``), in story order."""
    rank = {a.article_id: i for i, story in enumerate(stories) for a in story.articles}
    placed: dict[int, list[Section]] = {}
    for sec in sections:
        votes = Counter(rank[q.article_id] for b in sec.bullets for q in b.citations if q.article_id in rank)
        at = min(votes, key=lambda r: (-votes[r], r)) if votes else len(stories)
        sec.story_id = stories[at].story_id if at < len(stories) else None
        placed.setdefault(at, []).append(sec)
    missing = [i for i in range(len(stories)) if i not in placed]
    order: dict[str | None, int] = {story.story_id: i for i, story in enumerate(stories)}
    for sec in extractive.sections(index, [stories[i] for i in missing], book, window, missing) if missing else []:
        sec.quoted = True
        placed.setdefault(order[sec.story_id], []).append(sec)
    return [sec for at in sorted(placed) for sec in placed[at]]


def parse(draft: Draft, cites: CitationBook, book: SourceBook, embedder=None):
    """Markdown lines of the draft -> summary bullets, sections, conflict reports (all verified)."""
    text, ranges = "", []
    for seg in draft.segments:
        nums = [n for n in (cites.resolve(c) for c in seg.citations) if n is not None]
        ranges.append((len(text), len(text) + len(seg.text), nums))
        text += seg.text
    summary: list[Bullet] = []
    sections: list[Section] = []
    conflicts: list[ConflictReport] = []
    heading = None
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        body = MARKER.sub("", line).strip()
        if not body:
            continue
        if body.startswith("#"):
            heading = body.lstrip("#").strip()
            if heading.lower() != CONFLICTS:
                sections.append(Section(heading, []))
            continue
        nums = []
        for s0, s1, seg_nums in ranges:
            if s0 < end and s1 > start and text[max(s0, start) : min(s1, end)].strip():
                nums += [n for n in seg_nums if n not in nums]
        bullet = _verified(body.lstrip("-*• ").strip(), [cites.get(n) for n in nums], book, embedder)
        if heading is None:
            summary.append(bullet)
        elif heading.lower() == CONFLICTS:
            if bullet.citations and not re.match(r"none found", bullet.text, re.I):
                conflicts.append(
                    ConflictReport(bullet.text, [Side("", q.text, "", q) for q in bullet.citations], bullet.verdict)
                )
        else:
            sections[-1].bullets.append(bullet)
    return summary, [s for s in sections if s.bullets], conflicts


def _verified(text: str, citations, book: SourceBook, embedder) -> Bullet:
    quotes = [book.quote(c.article_id, c.start, c.end) for c in citations]
    verdict = verify_sentence(text, [q.text for q in quotes], embedder=embedder)
    outlets = {c.source or c.title for c in citations}
    return Bullet(
        text,
        quotes,
        verdict.verdict,
        verdict.reasons,
        outlets=max(1, len(outlets)),
        corroborated_by=sorted(outlets)[1:],
    )
