"""The terminal loop of `briefer chat`: prompt, stream, render, slash commands.

Interactive on a terminal (prompt_toolkit: line editing, persistent history); on piped stdin it
reads lines with no prompt decorations, so scripts and tests can drive it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from briefer.chat import ChatSession, parse_filter
from briefer.chat.intents import intent, more_about, parse_brief
from briefer.cli.common import outlet
from briefer.cli.console import LiveStream
from briefer.cli.render import print_answer, sources_text
from briefer.core.errors import BrieferError
from briefer.core.files import write_atomic
from briefer.core.records import Filters
from briefer.text.words import plural

if TYPE_CHECKING:
    from briefer.brief.records import Briefing

HELP = """Ask a question in plain words; follow-ups may refer to earlier answers.
/sources          the last answer's sources with their full cited passages
/open N           source N of the last answer or briefing, its cited spans highlighted
/filter since=YYYY-MM-DD until=YYYY-MM-DD source=NAME   restrict retrieval; /filter off clears
/brief [DATE] [--days N] [--topic TEXT] [--source OUTLET]
                  the daily briefing, as `briefer brief` makes it (default: the latest day);
                  DATE may be a period in words: /brief last week, /brief yesterday;
                  "what's the news?", "what do the sources disagree on?" and
                  "tell me more about <a story>" then ask of it; "what happened last week?",
                  "TechCrunch's headlines from yesterday" name their own period, topic, outlet
/save FILE        the transcript as Markdown, with sources
/reset            forget the conversation
/quit             leave (Ctrl-D works too); Ctrl-C cancels an answer in progress"""


def _lines(interactive: bool, history_file: Path) -> Iterator[str]:
    if not interactive:
        for line in sys.stdin:
            yield line.rstrip("\n")
        return
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    history_file.parent.mkdir(parents=True, exist_ok=True)
    prompt: PromptSession[str] = PromptSession(history=FileHistory(str(history_file)))
    while True:
        try:
            yield prompt.prompt("briefer› ")
        except KeyboardInterrupt:  # Ctrl-C at the prompt clears the line
            continue
        except EOFError:  # Ctrl-D
            return


def run_chat(session: ChatSession, out: Console, err: Console, *, interactive: bool) -> int:
    if interactive:
        with err.status("Loading the model and the index…"):
            session.warm_up()
        stats = session.index.catalog.stats()
        out.print(
            f"[bold]briefer chat[/bold] · {plural(stats['articles'], 'article')}, "
            f"{plural(len(stats['sources']), 'outlet')} · "
            f"answers by {session.llm.name} · /help for commands, Ctrl-D to leave"
        )
        for t in session.turns[-3:]:
            out.print(Text(f"(earlier) {t.question}", style="dim"))
    for line in _lines(interactive, Path(session.settings.storage.index) / "chat_history.txt"):
        line = line.strip()
        if not line:
            continue
        if line.startswith("/"):
            if _command(session, line, out, err) == "quit":
                break
            continue
        _answer(session, line, out, err)
    return 0


def _answer(session: ChatSession, question: str, out: Console, err: Console) -> None:
    kind = intent(question, session.index.catalog.outlets())
    if kind == "more" and _more(session, question, out, err):
        return
    if kind in ("news", "conflicts"):
        _from_briefing(session, question, kind, out, err)
        return
    stream = LiveStream(out) if out.is_terminal else None
    try:
        answer = session.ask(question, on_text=stream.write if stream else None)
    except KeyboardInterrupt:
        err.print("(answer cancelled)", style="dim")
        return
    except BrieferError as exc:
        err.print(f"briefer: error: {exc}", markup=False)
        return
    finally:
        if stream:
            stream.close()
    print_answer(out, answer)
    out.print()
    if session.unsaved:
        err.print(f"briefer: {session.unsaved}", markup=False)
        session.unsaved = ""  # said once


def _command(session: ChatSession, line: str, out: Console, err: Console) -> str | None:
    name, _, args = line.partition(" ")
    name = name.lower()
    if name in ("/quit", "/exit", "/q"):
        return "quit"
    if name == "/help":
        out.print(HELP, markup=False)
    elif name == "/sources":
        if session.last_briefing is not None:
            _briefing_sources(session.last_briefing, out)
        elif session.last is None or not session.last.citations:
            out.print("No sources yet: ask a question first.")
        else:
            out.print(sources_text(session.last, full=True))
    elif name == "/open":
        _open(session, args.strip(), out)
    elif name == "/filter":
        try:
            f = parse_filter(args, session.filters)
            session.filters = Filters(since=f.since, until=f.until, source=outlet(session.index, f.source or None))
        except (ValueError, BrieferError) as exc:
            err.print(f"briefer: {exc}", markup=False)
            return None
        f = session.filters
        out.print(
            "filters: "
            + (
                ", ".join(f"{k}={v}" for k, v in (("since", f.since), ("until", f.until), ("source", f.source)) if v)
                or "none"
            )
        )
    elif name == "/brief":
        _brief(session, args.strip(), out, err)
    elif name == "/save":
        _save(session, args.strip(), out, err)
    elif name == "/reset":
        session.reset()
        out.print("Conversation cleared.")
    else:
        out.print(f"Unknown command {escape(name)}; type /help for the list.")
    return None


def _open(session: ChatSession, arg: str, out: Console) -> None:
    if session.last_briefing is not None:
        _open_source(session, session.last_briefing, arg, out)
        return
    ans = session.last
    if ans is None or not ans.citations:
        out.print("No sources yet: ask a question first.")
        return
    if not arg.isdigit() or not 1 <= int(arg) <= len(ans.citations):
        out.print(f"Usage: /open N, with N from 1 to {len(ans.citations)}.")
        return
    c = ans.citations[int(arg) - 1]
    _show_article(
        session, out, c.article_id, f"{c.title} — {_outlet_and_day(c.source, c.published)}", [(c.start, c.end)]
    )


def _open_source(session: ChatSession, brief: Briefing, arg: str, out: Console) -> None:
    """Source N of the briefing last shown: its article, every span the briefing quotes highlighted."""
    numbers = [s.n for s in brief.sources]
    if not numbers:
        out.print("No sources yet: this briefing cites none.")
        return
    if not arg.isdigit() or int(arg) not in numbers:
        out.print(f"Usage: /open N, with N a source of the briefing ({numbers[0]} to {numbers[-1]}).")
        return
    src = next(s for s in brief.sources if s.n == int(arg))
    spans = [(q.start, q.end) for q in brief.quotes_of(src.n)]
    _show_article(session, out, src.article_id, f"{src.title} — {_outlet_and_day(src.source, src.published)}", spans)


def _briefing_sources(brief: Briefing, out: Console) -> None:
    """The numbered sources of the briefing last shown, with the passages it quotes from each."""
    if not brief.sources:
        out.print("No sources yet: this briefing cites none.")
    for src in brief.sources:
        line = f"[{src.n}] {src.title} — {_outlet_and_day(src.source, src.published)}  {src.url or ''}"
        out.print(line.rstrip(), markup=False, highlight=False)
        for text in dict.fromkeys(" ".join(q.text.split()) for q in brief.quotes_of(src.n)):
            out.print(f"    “{text}”", markup=False, highlight=False)


def _outlet_and_day(source: str | None, published: str | None) -> str:
    return f"{source or 'unknown outlet'}, {published or 'undated'}"


def _show_article(session: ChatSession, out: Console, article_id: str, heading: str, spans: list[tuple[int, int]]):
    """An article under its heading, the spans quoted from it highlighted."""
    text = Text(session.index.catalog.article_text(article_id))
    for start, end in spans:
        text.stylize("bold reverse", start, end)
    out.print(Text(heading, style="bold"))
    out.print(text)


def _brief(session: ChatSession, arg: str, out: Console, err: Console) -> None:
    from briefer.brief.render import markdown

    try:
        options = parse_brief(arg)
    except ValueError as exc:
        out.print(str(exc), markup=False)
        return
    try:
        brief = session.briefing(options, shown=True)
    except BrieferError as exc:
        err.print(f"briefer: {exc}", markup=False)
        return
    _markdown(out, markdown(brief))


def _from_briefing(session: ChatSession, question: str, kind: str, out: Console, err: Console) -> None:
    """ "What's the news?" gets the latest day's briefing in short; "what do the sources disagree on?" its
    conflicting reports."""
    from briefer.brief.render import conflicts_markdown, summary_markdown

    try:
        brief = session.briefing(session.options_of(question), whole_topic=True, of_read=kind == "conflicts")
    except BrieferError as exc:
        err.print(f"briefer: {in_chat_words(str(exc))}", markup=False)
        return
    text = conflicts_markdown(brief) if kind == "conflicts" else summary_markdown(brief)
    _markdown(out, text)
    session.note(question, text)


_FLAGS = (
    (re.compile(r"try --date (\S+) or --date (\S+)"), r"ask for \1 or \2"),
    (re.compile(r"try --date (\S+) or more --days"), r"ask for \1 or a longer period"),
    (re.compile(r"try --date (\S+)"), r"ask for \1"),
    (re.compile(r"another --source"), "another outlet"),
    (re.compile(r"--source '"), "the outlet '"),
)


def in_chat_words(message: str) -> str:
    """An error written for the command line, with its flags said as a chat user would ask: "try --date
    2023-11-11" is "ask for 2023-11-11"."""
    for pattern, words in _FLAGS:
        message = pattern.sub(words, message)
    return message


NOTHING_SHOWN = 'no briefing has been shown in this chat yet: ask "What\'s the news?" or use /brief, then ask again'


def _more(session: ChatSession, question: str, out: Console, err: Console) -> bool:
    """ "Tell me more about the Binance story", after a briefing: that story at more length; False
    when no briefing was shown or none of its stories is named (the question is then searched)."""
    from briefer.brief.more import names_a_place
    from briefer.brief.render import story_markdown

    try:
        told = session.more_on(more_about(question))
    except BrieferError as exc:
        err.print(f"briefer: {exc}", markup=False)
        return True
    if told is None and session.read is None and names_a_place(more_about(question)):
        err.print(f"briefer: {NOTHING_SHOWN}", markup=False)  # "the first story" of no briefing: nothing to search
        return True
    if told is None:
        return False
    text = story_markdown(told)
    _markdown(out, text)
    session.note(question, text)
    return True


def _markdown(out: Console, text: str) -> None:
    """Markdown shown at a terminal, wrapped at its width (never cropped); piped, the Markdown itself,
    as `briefer brief` writes it (no padded lines, no address broken across two)."""
    from rich.markdown import Markdown

    if out.is_terminal:
        out.print(Markdown(text), soft_wrap=False)
    else:
        out.print(text, markup=False, highlight=False, soft_wrap=True, end="")


def _save(session: ChatSession, arg: str, out: Console, err: Console) -> None:
    if not arg:
        out.print("Usage: /save FILE")
        return
    path = Path(arg).expanduser()
    try:
        write_atomic(path, session.transcript_markdown(), fix="choose another file for /save")
    except BrieferError as exc:
        err.print(f"briefer: {exc}", markup=False)
        return
    out.print(f"Transcript saved to {escape(str(path))}.")
