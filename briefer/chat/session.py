"""A chat session: follow-up resolution, bounded history, filters, persistence and transcripts.

No terminal I/O here (the REPL is ``briefer.cli.repl``), so the whole behaviour is testable through real objects.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from briefer.answer import Answer, ask
from briefer.brief.build import article_days, build, topic_span
from briefer.brief.records import Briefing
from briefer.brief.render import md, md_link
from briefer.chat.intents import BriefOptions, options_of
from briefer.core.errors import BrieferError, ConfigError
from briefer.core.files import write_json_atomic
from briefer.core.records import Filters
from briefer.index import Index
from briefer.llm import LLM, History
from briefer.text.facts import content_words, facts_of, key_facts, prefix_match, word_pool
from briefer.text.words import terms

_FOLLOW_UP = re.compile(
    r"^(and|but|also|so|then|what about|how about)\b|\b(it|its|they|them|their|that|this|those|these|he|she|him|"
    r"his|her|there|then|that day|same)\b",
    re.I,
)


# A question that names no one but points at something already in the conversation
_POINTS_BACK = re.compile(
    r"\bthe\s+(?!(?:most|best|first|last|latest|world|news|day|week|year)\b)[a-z]|\bnext\b|\belse\b"
)


@dataclass
class Turn:
    question: str
    query: str  # what retrieval searched for (the question, expanded or rewritten)
    answer: dict  # Answer.to_dict()
    at: float = field(default_factory=time.time)


_PERSONAL = {"he", "she", "him", "his", "her"}


def is_follow_up(question: str) -> bool:
    """Whether the question leans on the one before: it opens as a continuation ("And ...", "What
    about ..."), is a few words long and names nothing ("Who won?") or is a bare name ("Why Geneva?"),
    or refers back, unless its only references are "he" or "she" after a name the question itself
    gives ("Where was Kerry when he spoke?"), or names no one but points at something ("Who is the
    judge?", "What happened next?"). A short question that names its subject stands alone ("Who is
    Mira Murati?", "What is the capital of Peru?")."""
    names = key_facts(question)["names"]
    if len(terms(question)) < 3 and (not names or len(question.split()) < 3):
        return True
    if not names and _POINTS_BACK.search(question):
        return True  # "Who is the judge?", "What happened next in the trial?": of the story in discussion
    lower = question.lower()
    named = [lower.find(n) for n in names if n in lower]
    first_name = min(named) if named else len(lower)
    return any(
        m.group(1) or m.group(2).lower() not in _PERSONAL or m.start() < first_name
        for m in _FOLLOW_UP.finditer(question)
    )


def expand_offline(question: str, previous: str) -> str:
    """The question plus the previous question's salient terms the new one lacks (names, numbers, content words)."""
    have = set(terms(question))
    extra: list[str] = []
    for group in facts_of(previous).values():  # names as written: "Changpeng Zhao" is still a name
        extra += [surface for key, surface in sorted(group.items()) if key not in question.lower()]
    extra += [t for t in terms(previous) if t not in have and t not in " ".join(extra).lower()]
    return f"{question} {' '.join(dict.fromkeys(extra))}".strip()


def with_story_names(question: str, told: str) -> str:
    """The question plus the first ``CONTEXT_NAMES`` names of a briefing's story that it lacks: the
    story's every word would drown the question ("How many employees signed the letter?" was answered
    with the firing's lede)."""
    names = sorted(facts_of(told)["names"].items(), key=lambda kv: told.lower().find(kv[0]))
    extra = [surface for key, surface in names if key not in question.lower()][:CONTEXT_NAMES]
    return f"{question} {' '.join(extra)}".strip()


CONTEXT_NAMES = 3
"""Names of a briefing's story a follow-up asked after it carries offline (the first ones it gives)."""
BRIEFING_TURN = "What is the news?"
"""The question a shown briefing stands as the answer to, for a backend that rewrites follow-ups."""


def briefing_context(question: str, brief: Briefing) -> str | None:
    """The briefing's bullet (with its story's headline) that shares the most words with the question,
    the lead's on a tie: what "he" or "it" of a question asked after it most likely refers to."""
    asked = word_pool(content_words(question))
    told = [f"{sec.heading}. {b.text}" for sec in brief.sections for b in sec.bullets]
    if not told:
        return None
    shared = [sum(prefix_match(w, *asked) for w in set(content_words(t))) for t in told]
    return told[shared.index(max(shared))]


def names_shown(question: str, brief: Briefing) -> bool:
    """Whether everyone and everything the question names is in the briefing just shown: "Why did CZ
    step down?" after a story telling that Changpeng Zhao, "CZ", steps down asks about that story."""
    names = key_facts(question)["names"]
    shown = " ".join(f"{sec.heading} {b.text}" for sec in brief.sections for b in sec.bullets).lower()
    return bool(names) and all(re.search(rf"\b{re.escape(n)}\b", shown) for n in names)


class ChatSession:
    def __init__(self, index: Index, llm: LLM, *, filters: Filters = Filters(), path: Path | None = None):
        self.index = index
        self.llm = llm
        self.settings = index.settings
        self.filters = filters
        self.turns: list[Turn] = []
        self.last: Answer | None = None
        folder = Path(self.settings.storage.index) / "sessions"
        self.path = path or folder / time.strftime("session-%Y%m%d-%H%M%S.json")
        self.unsaved: str | None = None  # why saving failed, once it has
        self.shown: BriefOptions | None = None  # the briefing /brief last showed: what "the news" refers to
        self.last_briefing: Briefing | None = None  # the briefing last shown, when it came after the last answer
        self.read: Briefing | None = None  # the last shown, even with answers since: what "tell me more" is of

    # -- asking ---------------------------------------------------------------------------
    def history(self) -> History:
        """Earlier turns for the model, newest kept first within the turn and token budgets."""
        s = self.settings
        kept: list[tuple[str, str]] = []
        budget = s.chat.chat_history_tokens * 4
        for t in reversed(self.turns[-s.chat.chat_turns :] if s.chat.chat_turns else []):
            size = len(t.question) + len(t.answer.get("answer", ""))
            if size > budget:
                break
            budget -= size
            kept.insert(0, (t.question, t.answer.get("answer", "")))
        return kept

    def resolve(self, question: str) -> tuple[str, str]:
        """(retrieval query, question for the backend) for a possibly elliptical follow-up: of the
        briefing last shown, when one came after the last answer ("What did he plead guilty to?" after
        a briefing telling that Changpeng Zhao pleaded guilty), else of the previous question."""
        told = briefing_context(question, self.last_briefing) if self.last_briefing else None
        follows = is_follow_up(question) or bool(self.last_briefing and names_shown(question, self.last_briefing))
        if not (told or self.turns) or not follows:
            return question, question
        if self.llm.capabilities.rewrites_queries:
            history = self.history() + ([(BRIEFING_TURN, told)] if told else [])
            return self.llm.rewrite(question, history), question
        query = with_story_names(question, told) if told else expand_offline(question, self.turns[-1].query)
        return query, query

    def warm_up(self) -> None:
        """Load what the first answer needs (the embedding model, the vector store, the ranker, an
        extractive backend's evidence scorer), so the first question is answered at full speed."""
        from briefer.search import Retriever

        try:
            Retriever(self.index).search("news", 1, self.filters)
        except BrieferError:
            return  # an empty or unreadable index: the first question will say so
        if self.llm.capabilities.citations == "extractive":
            from briefer.llm.evidence import shipped

            shipped()

    def ask(self, question: str, on_text=None) -> Answer:
        query, llm_question = self.resolve(question)
        history = self.history() if self.llm.capabilities.uses_history else None
        answer = ask(
            self.index,
            self.llm,
            llm_question,
            filters=self.filters,
            on_text=on_text,
            retrieval_query=query,
            history=history,
        )
        answer.question = question
        self.last, self.last_briefing = answer, None
        self.turns.append(Turn(question, query, answer.to_dict()))
        self.save()
        return answer

    def briefing(
        self,
        options: BriefOptions = BriefOptions(),
        *,
        whole_topic: bool = False,
        shown: bool = False,
        of_read: bool = False,
    ) -> Briefing:
        """The briefing of the period ``options`` names (a date, or a period counted back from the latest
        day: "last week"), within the chat's filters; without one, of the briefing ``/brief`` last showed
        (``shown``: this is that command), else of the filter's last day (its whole span when it has
        both ends), else of the latest day (of the outlet asked). ``whole_topic``: a topic named with no
        period is told over every day it was reported ("Brief me on the SBF trial"). ``of_read``: a
        request that names nothing asks of the briefing last read in this chat ("What do the sources
        disagree on?" after "What happened with OpenAI in November?")."""
        names = (options.date, options.period, options.topic, options.source)
        if of_read and self.read is not None and not shown and not any(names):
            days = _days_between(self.read.start, self.read.end)
            options = BriefOptions(self.read.end, days, self.read.topic, self.read.source)
            whole_topic = False
        asks_of_shown = (
            options.date is None
            and options.period is None
            and not self.filters.until
            and not (whole_topic and options.topic)
        )
        if self.shown and not shown and asks_of_shown:
            topic, source = options.topic or self.shown.topic, options.source or self.shown.source
            options = BriefOptions(self.shown.date, self.shown.days, topic, source)
        brief = self.last_briefing = self.read = self._build(options, whole_topic)
        if shown:
            self.shown = BriefOptions(brief.end, _days_between(brief.start, brief.end), options.topic, options.source)
        return brief

    def more_on(self, what: str) -> Briefing | None:
        """The story of the briefing last shown that ``what`` names, told at more length; None when no
        briefing was shown in this chat or none of its stories is named."""
        from briefer.brief.more import more_on

        told = more_on(self.index, self.read, what) if self.read else None
        if told:
            self.last_briefing = told  # what "he" or "it" of the next question refers to
        return told

    def options_of(self, question: str) -> BriefOptions:
        """The period, topic and outlet (of this index's) a news question names."""
        return options_of(question, self.index.catalog.outlets())

    def _build(self, options: BriefOptions, whole_topic: bool) -> Briefing:
        date, days = options.date, options.days
        source = self.index.catalog.outlet_named(options.source) if options.source else self.filters.source
        if options.period is not None:  # "yesterday", "last week": counted back from the latest day (or filter's)
            latest = self._last_day(source)
            earliest = self.filters.since or self.index.catalog.first_published()
            date, days = options.period.window(latest, earliest) if latest else (None, 1)
        whole_topic = whole_topic and options.period is None
        reported = topic_span(self.index, options.topic, source) if whole_topic and options.topic else None
        if reported and date is None and not self.filters.until:
            date, days = reported[1], _days_between(*reported)
        if date is None and self.filters.until:
            if self.filters.since and options.days == 1:
                date, days = self.filters.until, _days_between(self.filters.since, self.filters.until)
            else:
                date = self._last_day(source)
        return build(
            self.index,
            llm=self.llm,
            date=date,
            days=days,
            topic=options.topic,
            source=source,
            save_history=False,
        )

    def _last_day(self, source: str | None) -> str | None:
        """The latest day with an article (of ``source``) up to the filter's last day: "What's the news?" under
        ``--until 2023-11-22``, a day without articles, is the news of the 21st."""
        if not self.filters.until:
            return self.index.catalog.last_published()
        days = [d for d in article_days(self.index, source) if d <= self.filters.until]
        return days[-1] if days else self.filters.until

    def note(self, question: str, text: str) -> None:
        """Keep a turn answered from the briefing in the conversation and the saved session."""
        self.turns.append(
            Turn(question, question, {"answer": text, "citations": [], "sentences": [], "markdown": True})
        )
        self.save()

    def reset(self) -> None:
        self.turns, self.last, self.shown, self.last_briefing, self.read = [], None, None, None, None

    # -- persistence ----------------------------------------------------------------------
    def save(self) -> None:
        """Save the session; a failure does not cost the answer: it is kept in ``unsaved`` (the chat
        says so once) and the conversation goes on in memory."""
        data = {"filters": asdict(self.filters), "turns": [asdict(t) for t in self.turns]}
        try:
            write_json_atomic(self.path, data, indent=1, fix=f"check that {self.path.parent} is a writable folder")
        except BrieferError as exc:
            if self.unsaved is None:  # "" once the chat has said so
                self.unsaved = f"this chat is not being saved: {exc}"

    @staticmethod
    def latest(index_folder: Path) -> Path | None:
        folder = index_folder / "sessions"
        if not folder.is_dir():
            return None
        found = sorted(folder.glob("session-*.json"), key=lambda p: p.stat().st_mtime)
        return found[-1] if found else None

    def load(self, path: Path) -> None:
        """The saved session at ``path``; a damaged one is refused with one line (nothing is lost: the
        new session is saved to a new file)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            filters = Filters(**data.get("filters", {}))
            turns = [Turn(**t) for t in data.get("turns", [])]
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise ConfigError(
                f"cannot resume the session in {path} ({type(exc).__name__}); start without --resume, "
                "or move that file away"
            ) from None
        self.path, self.filters, self.turns = path, filters, turns

    # -- output ---------------------------------------------------------------------------
    def transcript_markdown(self) -> str:
        out = ["# briefer chat transcript", ""]
        for t in self.turns:
            a = t.answer
            said = _nested(a["answer"]) if a.get("markdown") else md(a.get("answer", ""))  # a briefing's own Markdown
            out += [f"## {md(t.question)}", "", said, ""]
            if a.get("incomplete"):
                out += ["_⚠ incomplete: the answer was cut off before the model finished._", ""]
            for c in a.get("citations", []):
                entry = f"entry of {c['entry_date']}" if c.get("entry_date") else ""
                meta = ", ".join(
                    x for x in (c.get("source") or "unknown outlet", c.get("published") or "undated", entry) if x
                )
                out.append(
                    f"{c['n']}. **{md(c['title'])}** — {md(meta)}{md_link(c.get('url'))}  \n   > {md(c['quote'])}"
                )
            flagged = [s for s in a.get("sentences", []) if s["verdict"] != "supported" and not a.get("abstained")]
            for s in flagged:
                out.append(f"\n_⚠ {s['verdict']}: {md(s['text'])} ({md('; '.join(s['reasons']))})_")
            out.append("")
        return "\n".join(out)


def _nested(markdown: str) -> str:
    """A briefing's Markdown under a transcript's question: its headings two levels down."""
    return re.sub(r"^(#{1,4}) ", r"##\1 ", markdown, flags=re.M)


def _days_between(first: str, last: str) -> int:
    """Days from ``first`` to ``last``, both counted (1 to 366)."""
    return min(max((dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days + 1, 1), 366)


def parse_filter(args: str, current: Filters) -> Filters:
    """``/filter since=2016-12-01 until=... source=The Guardian`` (a value runs to the next ``key=``) or
    ``/filter off``; raises ValueError on bad input."""
    if args.strip() == "off":
        return Filters()
    values = {"since": current.since, "until": current.until, "source": current.source}
    for part in re.findall(r'(\w+)=("[^"]*"|.*?)(?=\s+\w+=|\s*$)', args):
        key, value = part[0], part[1].strip('"')
        if key not in values:
            raise ValueError(f"unknown filter '{key}'; use since=, until=, source= or off")
        if key in ("since", "until") and value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(
                    f"{key}={value} is not a date; write it as YYYY-MM-DD, e.g. {key}=2016-12-10"
                ) from None
        values[key] = value or None
    if not re.findall(r"\w+=", args):
        raise ValueError("usage: /filter since=YYYY-MM-DD until=YYYY-MM-DD source=NAME, or /filter off")
    return Filters(since=values["since"], until=values["until"], source=values["source"])
