"""Questions a chat answers from the briefing rather than by search: "summarize today's news",
"what's the news", "what do the sources disagree on". Options of ``/brief`` parse here too."""

from __future__ import annotations

import argparse
import re
import shlex
from dataclasses import dataclass

from briefer.chat.period_phrases import period_of
from briefer.chat.periods import Period
from briefer.text.sentences import split_sentences
from briefer.text.words import STOPWORDS

_NEWS = re.compile(
    r"^\s*(?:please\s+)?(?:summari[sz]e|sum up|recap|brief me)\b|"
    r"\b(?:summary|summarise|summarize|rundown|run-down|round-?up|recap|briefing|digest|catch-?up|catch me up|"
    r"headlines|top stories|main stories|big stories|biggest stories|key stories|overview)\b|"
    r"\b(?:daily|morning|evening|weekly|news)\s+brief\b|\bwrap(?:-?up)?\b|\banything\s+(?:i|we)\s+should\s+know\b|"
    r"\bwhat(?:'s| is| are| was| were)\s+(?:the\s+)?(?:news|latest|headlines)\b|"
    r"\bwhat(?:'s| has| have)\s+been\s+(?:going on|happening)\b|\bwhat did i miss\b|"
    r"\bwhat happened (?:today|yesterday|this week|on\b)|\b(?:today's|the latest|the day's) (?:news|headlines|briefing)\b|"
    r"^\s*(?:brief me|give me (?:the|today's|a) (?:news|briefing|rundown))\b",
    re.I,
)
# With a period named: "What happened between ...", "What did The Verge cover this week?"
_NEWS_OF_PERIOD = re.compile(
    r"\bwhat\s+(?:happened|went on)\b|\banything\s+(?:notable|new|important|big)\b|"
    r"\b(?:cover(?:ed|ing)?|coverage|report(?:ed|ing)?|write|writing|written|wrote|publish(?:ed)?|ran|saying)\b|"
    r"\bnews\b|\bwhat'?s\s+been\s+(?:going on|happening)\b|"
    r"\b(?:highlights|wrap|wrap-up|important|what'?s\s+new)\b|"
    r"\btakes?\s+on\b|\bhow\s+did\b.*\bgo\b",
    re.I,
)
_DISAGREE = re.compile(
    r"\b(?:disagree\w*|contradict\w*|conflict\w*|discrepanc\w*|inconsisten\w*|disputed?|differ(?:s|ed|ently)?|"
    r"diverg\w*|clash\w*|at odds|mismatch\w*|don't add up|do not add up|"
    r"(?:different|diff)\s+(?:[\w-]+\s+){0,3}?(?:figures|numbers|accounts|versions|stats|scores|totals|counts|tallies|"
    r"reports|stories|things|takes)|"
    r"different from|(?:don't|do not|doesn't|does not|didn't) (?:match|line up|agree)|"
    r"agree on)\b",
    re.I,
)
_REPORTERS = re.compile(
    r"\b(?:sources|outlets|others|reports|reporting|reported|articles|figures|numbers|stats|facts|accounts|claims?|"
    r"papers|newspapers|press|media|takes|sites|websites|journalists|pundits|commentators|"
    r"coverage|they)\b",
    re.I,
)


# "Tell me more about the Binance story", "More on Binance", "What else do we know about the OpenAI saga?"
_MORE = re.compile(
    r"^\s*(?:please\s+|can you\s+|could you\s+)*(?:tell me (?:more|everything|the rest)|(?:tell me |give me |say )?more|"
    r"what else(?: is there| do we know| do you know| happened| did they say)?|expand|elaborate|go deeper|details)"
    r"\s+(?:details\s+)?(?:about|on|regarding|of|with|in)\s+(?P<what>.+?)[\s?.!]*$",
    re.I,
)


def intent(question: str, outlets: tuple[str, ...] | list[str] = ()) -> str | None:
    """``"conflicts"``, ``"news"``, ``"more"`` (a story of the briefing at more length) or None (an
    ordinary question, answered by search); ``outlets`` (the index's) tell "Do The Age and The Sydney
    Morning Herald disagree ...?" """
    if _DISAGREE.search(question) and (_REPORTERS.search(question) or _two_outlets(question, outlets)):
        return "conflicts"
    if _NEWS.search(question):
        return "news"
    period, rest = period_of(question)
    if period is not None and (_NEWS_OF_PERIOD.search(question) or _terse(rest)):
        return "news"
    return "more" if _MORE.match(question) else None


def _two_outlets(question: str, outlets: tuple[str, ...] | list[str]) -> bool:
    first, rest = outlet_in(question, outlets)
    return first is not None and outlet_in(rest, outlets)[0] is not None


_ASKS = re.compile(
    r"^\s*(?:who|whom|whose|what|when|where|why|how|which|did|does|do|is|was|were|are|will|can|could)\b", re.I
)


def _terse(rest: str) -> bool:
    """Whether what a request says besides its period is a name or two and no question ("techcrunch past
    week", "nfl last weekend"); not a follow-up ("And on Saturday?")."""
    words = re.findall(r"[\w'’.-]+", rest)
    named = [w for w in words if w.lower() not in STOPWORDS]
    return 0 < len(words) <= 3 and bool(named) and not _ASKS.match(rest) and not _FOLLOWS.match(rest)


_FOLLOWS = re.compile(r"^\s*(?:and|but|so|also|then|or|what about|how about)\b", re.I)


def more_about(question: str) -> str:
    """What a "tell me more about ..." question asks about ("the Binance story"); empty for another question."""
    m = _MORE.match(question)
    return m["what"] if m else ""


# "... about the SBF trial?", "... on OpenAI": what a news question is about, after its last such word
_ABOUT = re.compile(r"\b(?:about|regarding|concerning|on|over|with|of|in|during|from|for)\s+", re.I)
_NOT_TOPICS = frozenset(
    "today yesterday it this that them this week anything everything something others other outlets each other world "
    "news headlines stories coverage amount figures numbers figure number total".split()
)
# Words around a topic that are not it: "Binance news", "the Premier League roundup", "what they say"
_FRAME = re.compile(
    r"^(?:the|a|an|any|all|about|regarding|concerning|on|of|over|in)\s+|\s+(?:news|coverage|stories|story|headlines|roundup|round-up|recap|saga|updates?)$|"
    r"\s+(?:agree|disagree|differ|conflict|contradict|diverge|match)\w*\b.*$|\s+since\s+.*$|[\s?.!,]+$|"
    r"\s+in\s+\d+\s+(?:bullets?|points?|lines?|sentences?)\b.*$|\s+for\s+(?:a|an|my|our|his|her|their)\s+.*$",
    re.I,
)
# With no "about" or "on": the words before "news", "roundup" ... ("Summarize the Rugby World Cup news")
_BEFORE_FRAME = re.compile(
    r"(?P<topic>(?:[\w.'’-]+\s+){1,6}?)(?:news|coverage|roundup|round-up|recap|stories|headlines|briefing|brief|"
    r"update|digest|summary|catch-?up|wrap(?:-?up)?|highlights|overview|rundown)\b|^how\s+did\s+(?P<went>.+?)\s+go\b",
    re.I,
)
# "Recap the SBF trial for me, I haven't followed it": the words after the request's verb, to a pause
_AFTER_VERB = re.compile(
    r"(?:^\s*|\b(?:you|u)\s+|please\s+)(?:recap|summari[sz]e|sum up|catch me up on|update me on|brief me on)\s+"
    r"(?P<topic>[^,;:!?]+?)"
    r"(?:\s+for\s+me\b|\s+please\b|[,;:!?.]|$)",
    re.I,
)
_COVERED_BY = r"(?:(?:as\s+)?(?:covered|reported|told)\s+by|according\s+to|from|in|by|at|on|per)"


def options_of(question: str, outlets: tuple[str, ...] | list[str] = ()) -> BriefOptions:
    """The period, topic and outlet a news question names ("what was the news on November 21, 2023?",
    "what do the sources disagree on about the SBF trial this week?", "TechCrunch's headlines from
    yesterday"), of ``outlets`` (the index's); None for each it does not name."""
    asked = request_sentence(question)
    period, rest = period_of(asked)
    if period is None and asked != question:
        period, _ = period_of(question)
    source, rest = outlet_in(rest, outlets)
    if source is None and asked != question:
        source, _ = outlet_in(question, outlets)
    other, rest = outlet_in(rest, outlets)
    source = None if other else source  # "Do The Age and The Sydney Morning Herald disagree": every outlet
    topic = _topic(rest)
    return BriefOptions(topic=topic, source=source, period=period)


def request_sentence(question: str) -> str:
    """The sentence of ``question`` that asks for the briefing ("Nurse here, nights all of last week. Can you
    do a digest of health stuff from Dec 11 to Dec 17?"); the whole question when no one sentence does."""
    sentences = [question[s.start : s.end] for s in split_sentences(question)]
    if len(sentences) < 2:
        return question
    for sentence in sentences:
        if _DISAGREE.search(sentence) or _NEWS.search(sentence) or _NEWS_OF_PERIOD.search(sentence):
            return sentence
    return question


def outlet_in(question: str, outlets: tuple[str, ...] | list[str]) -> tuple[str | None, str]:
    """The outlet ``question`` names, as written in the index (by its whole name, or by its masthead:
    "The Roar" for "The Roar | Sports Writers Blog"), with the words naming it taken out. A masthead of
    several outlets is given as written, for the briefing to say which it could be."""
    forms = sorted(
        {(form, outlet) for outlet in outlets for form in _forms(outlet) if len(form) > 2 or form.isupper()},
        key=lambda f: -len(f[0]),
    )
    for form, outlet in forms:
        if found := _named(question, form):
            rest = question[: found.start()] + " " + question[found.end() :]
            shared = sum(1 for f, _ in forms if f.casefold() == form.casefold()) > 1  # "The Independent" of three
            return (form if shared else outlet), " ".join(rest.split())
    return None, question


def _named(question: str, form: str) -> re.Match | None:
    """Where ``question`` names an outlet by ``form`` (with the words leading to it: "according to"): in
    any case after such words, or spelled as the outlet spells it, or in any case when the name is no
    common word ("techcrunch"); initials ("NYT", "FT") only in capitals."""
    initials = form.isupper() and len(form) <= 4
    pattern = rf"(?:\b{_COVERED_BY}\s+)?(?<![\w.])(?P<name>{re.escape(form)})(?:'s|’s|'|’)?(?![\w])"
    found = re.search(pattern, question, 0 if initials else re.I)
    coined = bool(re.search(r"[a-z][A-Z]|[.\d]", form))  # "TechCrunch", "CBSSports.com"
    if found and (found.group(0) != found["name"] or found["name"] == form or coined):
        return found
    return None


_PERSONAL = re.compile(r"\b(?:i|i'm|i've|i'd|my|we|our|you|me|u|here)\b", re.I)


def _split_head(text: str) -> tuple[str, str, str]:
    """(before, the colon or dash, after) of a request headed "Topic: ..." or "Topic — ..."."""
    m = re.search(r"\s*[:—–]\s+", text)
    return (text[: m.start()], m.group(), text[m.end() :]) if m else (text, "", "")


def _forms(outlet: str) -> tuple[str, ...]:
    """The names an outlet goes by: its whole name, its masthead ("The Roar" of "The Roar | Sports Writers
    Blog") and, of five letters or more, the masthead without "The" ("Guardian")."""
    head = re.split(r"\s+[|\-–]\s+", outlet)[0]
    bare = head[4:] if head.startswith("The ") and len(head) >= 9 else head
    words = [w for w in head.split() if w != "The"]
    initials = "".join(w[0] for w in words) if len(words) > 1 and all(w[:1].isupper() for w in words) else head
    return outlet, head, bare, initials


def _topic(rest: str) -> str | None:
    """The words after the request's first "about", "on", "of" ... that are not its frame ("the reports on
    Binance's settlement agree on the amount": "Binance's settlement"), else those after a later one; else
    the words the request's verb or noun leads to ("Recap the SBF trial", "Premier League roundup")."""
    head, colon, tail = _split_head(rest)
    if colon and (headed := _trimmed(head)) and not _PERSONAL.search(head):
        return headed  # "Apple Watch import ban: catch-up on the last 10 days" (not "I've been out — ...")
    rest = tail if colon else rest
    for cut in _ABOUT.finditer(rest):
        words = rest[cut.end() :]
        for _ in range(3):
            words = _FRAME.sub("", words.strip())
        if topic := _trimmed(words):
            return topic
    found: list[str | None] = [_trimmed(m["topic"])] if (m := _AFTER_VERB.search(rest)) else []
    found += [_trimmed(m["topic"] or m["went"]) for m in _BEFORE_FRAME.finditer(rest)]
    found += [_trimmed(rest)] if colon else []  # "Quick digest: Michigan sign-stealing, the whole saga"
    return next((t for t in found if t), None)


# Words that frame a request rather than name its topic ("Summarize ...", "what happened", "give me")
_FRAME_WORDS = frozenset(
    "summarize summarise recap brief give catch me up what happened published ran covered any conflicting "
    "figures numbers in on of news please for quick the a executive summary overview briefing rundown "
    "update digest daily big main top key biggest latest day's week's today's yesterday's what's was were "
    "is are tell can could would you your i other outlets others reported report reporting sources papers "
    "each morning evening weekly everything coverage has have been gimme get missed which where did "
    "bullets catch-up catchup wrap wrap-up highlights stories hi hello hey good thanks just ones had yo u "
    "pls plz lol make do articles stuff business this that looking discrepancies disagreements conflicts "
    "bro like".split()
)


# Where a topic's clause ends: "health stuff, Ozempic and the like", "COP28? It ran ..." (not "Epic v. Google")
_CLAUSE_END = re.compile(r"[?!;,(]|(?<!\bv)(?<!\bvs)(?<!\b[A-Z])\.\s+(?=[A-Z])")


def _trimmed(topic: str) -> str | None:
    """``topic`` without the framing words at either end; None when nothing else is left."""
    words = _CLAUSE_END.split(topic.strip(" ?.!,"))[0].split()  # to its clause's end
    while words and words[0].strip(",").lower() in _FRAME_WORDS:
        words.pop(0)
    while words and words[-1].strip(",").lower() in _FRAME_WORDS:
        words.pop()
    topic = " ".join(words).strip(" ,")
    named = [w for w in re.findall(r"[\w'’-]+", topic) if w.lower() not in STOPWORDS and not re.match(r"\d", w)]
    return topic if named and not _PERSONAL.search(topic) and topic.lower() not in _NOT_TOPICS else None


@dataclass(frozen=True)
class BriefOptions:
    date: str | None = None
    days: int = 1
    topic: str | None = None
    source: str | None = None
    period: Period | None = None  # a time named relative to the latest day (``periods.py``); else date and days


def parse_brief(args: str) -> BriefOptions:
    """``/brief [DATE | PERIOD] [--days N] [--topic T] [--source S]``, as the command takes them, or with a
    period in words ("/brief last week"); ValueError with a usage line when they do not parse."""
    import datetime as dt

    parser = argparse.ArgumentParser(prog="/brief", add_help=False, exit_on_error=False)
    parser.add_argument("date", nargs="?")
    parser.add_argument("--date", dest="date_opt")
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--topic")
    parser.add_argument("--source")
    try:
        ns, extra = parser.parse_known_args(shlex.split(args))
    except (argparse.ArgumentError, ValueError) as exc:
        raise ValueError(f"{exc}; {BRIEF_USAGE}") from None
    words = " ".join(([ns.date] if ns.date else []) + extra)
    period, rest = period_of(words) if words and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", words) else (None, "")
    if period is not None and not rest.strip() and not ns.date_opt and 1 <= ns.days <= 366:
        return BriefOptions(None, ns.days, ns.topic, ns.source, period=period)  # "/brief last week"
    if extra or not 1 <= ns.days <= 366:
        raise ValueError(BRIEF_USAGE)
    date = ns.date_opt or ns.date
    try:
        date = dt.date.fromisoformat(date).isoformat() if date else None
    except ValueError:
        raise ValueError(f"'{date}' is not a date; {BRIEF_USAGE}") from None
    return BriefOptions(date, ns.days, ns.topic, ns.source)


BRIEF_USAGE = 'usage: /brief [YYYY-MM-DD | "last week" ...] [--days N] [--topic TEXT] [--source OUTLET]'
