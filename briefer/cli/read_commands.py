"""Commands that read the news: search, ask, chat, brief, stories."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from briefer.cli.common import (
    MAX_K,
    DateOpt,
    LlmOpt,
    emit_json,
    filled_index,
    live_stream,
    nonblank,
    outlet,
    ready_index,
    terminal,
    window,
)
from briefer.core.errors import EXIT_PARTIAL, EmptyResult
from briefer.text.control import strip_controls
from briefer.text.words import plural


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.", callback=nonblank)],
    k: Annotated[Optional[int], typer.Option("-k", min=1, max=MAX_K, help="Number of results (default 10).")] = None,
    since: DateOpt = None,
    until: DateOpt = None,
    source: Annotated[Optional[str], typer.Option(help="Only this outlet (case-insensitive).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Hybrid search (dense + BM25, fused, diversified) over the index.

    Example: briefer search "civilians leaving eastern Aleppo" -k 3 --since 2016-12-01
    """
    from briefer.core.records import Filters
    from briefer.search import Retriever

    span = window(since, until)  # a usage error before a word about the index
    index = filled_index(ctx)
    hits = Retriever(index).search(query, k, Filters(*span, outlet(index, source)))
    if as_json:
        emit_json([h.to_dict() for h in hits])
        return
    out = terminal()
    if not hits:
        out.print("No results. Try other words, or widen --since/--until/--source.")
        raise typer.Exit(EXIT_PARTIAL)
    from rich.markup import escape

    from briefer.text.snippets import snippet as passage

    for h in hits:
        meta = " · ".join(x for x in (h.source or "unknown outlet", h.published or "undated") if x)
        snippet = passage(h.text, query)
        out.print(f"[bold]{h.rank}. {escape(h.title)}[/bold]  [dim]{escape(meta)}[/dim]")
        out.print(f"   {escape(snippet)}\n")


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question.", callback=nonblank)],
    llm: LlmOpt = None,
    k: Annotated[Optional[int], typer.Option("-k", min=1, max=MAX_K, help="Passages to retrieve (default 6).")] = None,
    since: DateOpt = None,
    until: DateOpt = None,
    source: Annotated[Optional[str], typer.Option(help="Only this outlet (case-insensitive).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer, citations and verdicts as JSON.")] = False,
) -> None:
    """Answer a question with inline citations [n], each checked against its source sentence.

    Example: briefer ask "How many civilians left eastern Aleppo on Saturday?"
    """
    from briefer.answer import ask as run
    from briefer.core.records import Filters
    from briefer.llm import choose_llm

    span = window(since, until)
    index = filled_index(ctx)
    backend, notice = choose_llm(index.settings, index.embedder, llm)
    err, out = terminal(stderr=True), terminal()
    if notice and not as_json:
        err.print(notice, style="dim", markup=False)
    stream = None
    if not as_json and out.is_terminal:
        stream = live_stream(out)
    try:
        answer = run(
            index,
            backend,
            question,
            k=k,
            filters=Filters(*span, outlet(index, source)),
            on_text=stream.write if stream else None,
        )
    finally:
        if stream:
            stream.close()
    if as_json:
        emit_json(answer.to_dict())
        return
    from briefer.cli.render import print_answer

    print_answer(out, answer)


def chat(
    ctx: typer.Context,
    llm: LlmOpt = None,
    since: DateOpt = None,
    until: DateOpt = None,
    source: Annotated[Optional[str], typer.Option(help="Only this outlet (case-insensitive).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the last saved session.")] = False,
) -> None:
    """Chat in the terminal: streamed, cited answers, follow-ups and /commands (/help lists them).

    Example: briefer chat --since 2016-12-01
    """
    from briefer.chat import ChatSession
    from briefer.cli.repl import run_chat
    from briefer.core.records import Filters
    from briefer.llm import choose_llm

    span = window(since, until)
    index = filled_index(ctx)
    backend, notice = choose_llm(index.settings, index.embedder, llm)
    out, err = terminal(), terminal(stderr=True)
    session = ChatSession(index, backend, filters=Filters(*span, outlet(index, source)))
    if resume:
        last = ChatSession.latest(index.folder)
        if last is None:
            err.print("No saved session to resume; starting a new one.", markup=False)
        else:
            session.load(last)
    if notice:
        err.print(notice, style="dim", markup=False)
    raise typer.Exit(run_chat(session, out, err, interactive=sys.stdin.isatty()))


def brief(
    ctx: typer.Context,
    date: DateOpt = None,
    days: Annotated[int, typer.Option(min=1, max=366, help="Days in the window, ending on --date.")] = 1,
    topic: Annotated[Optional[str], typer.Option(help="Only articles about this subject.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Only this outlet (case-insensitive).")] = None,
    llm: LlmOpt = None,
    fmt: Annotated[
        Optional[str],
        typer.Option("--format", help="md, html, json, or several: md,html,json (default: -o's suffix, else md)."),
    ] = None,
    output: Annotated[
        Optional[str],  # as typed: a trailing "/" names a folder, which a Path would drop
        typer.Option(
            "-o",
            "--output",
            help="Write to this file (atomically); with several formats, one file per format beside it "
            "(brief.md, brief.html, ...); into a folder (existing, or ending in /): briefing-DATE.md, ...",
        ),
    ] = None,
) -> None:
    """A daily briefing: the day's stories by news value, cited bullets, conflicting reports, what changed.

    Example: briefer brief --date 2016-12-12 --days 7 --format md,html -o brief
    """
    from briefer.brief.build import build
    from briefer.brief.formats import formats_of, render, suffix_format, write_formats
    from briefer.llm import choose_llm

    for name, value in (("--topic", topic), ("--source", source)):
        if value is not None and not value.strip():
            raise typer.BadParameter("is empty; give a subject or an outlet, or leave the option out", param_hint=name)
    formats = formats_of(fmt or suffix_format(output))
    if len(formats) > 1 and output is None:
        raise typer.BadParameter("several formats need -o PATH (one file is written per format)", param_hint="--format")
    index = ready_index(ctx)
    backend, notice = choose_llm(index.settings, index.embedder, llm)
    if notice:
        terminal(stderr=True).print(notice, style="dim", markup=False)
    briefing = build(index, llm=backend, date=date, days=days, topic=topic, source=outlet(index, source))
    if output is None:
        text = strip_controls(render(briefing, formats[0]))
        if formats[0] == "md" and sys.stdout.isatty():  # at a terminal, Markdown is shown, wrapped at words
            from rich.markdown import Markdown

            terminal().print(Markdown(text), soft_wrap=False)
            return
        sys.stdout.write(text)
        return
    for path in write_formats(briefing, formats, output):
        terminal(stderr=True).print(f"Briefing written to {path}", markup=False)


def stories(
    ctx: typer.Context,
    date: DateOpt = None,
    days: Annotated[int, typer.Option(min=1, max=366, help="Days in the window, ending on --date.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stories as JSON.")] = False,
) -> None:
    """The stories of a day in the order its briefing takes them (those it tells, those it lists, then
    shopping, reviews and how-tos): headline, outlets, articles, first and last seen.

    Example: briefer stories --date 2023-10-10
    """
    from briefer.brief.build import briefing_order, nothing_in_window, stories_told, window
    from briefer.brief.stories import stories_of_window

    index = ready_index(ctx)
    start, end = window(index, date, days)
    b = index.settings.briefing
    found = briefing_order(
        stories_of_window(index, start, end), stories_told(b.brief_stories, start, end), b.brief_min_value, (start, end)
    )
    if not found:
        raise EmptyResult(nothing_in_window(index, start, end, None, None))
    if as_json:
        emit_json({"start": start, "end": end, "stories": [s.to_dict() for s in found]})
        return
    out = terminal()
    span = start if start == end else f"{start} to {end}"
    out.print(f"Stories of {span}: {len(found)}", style="bold", markup=False)
    for n, s in enumerate(found, start=1):
        seen = s.first_seen if s.first_seen == s.last_seen else f"{s.first_seen} to {s.last_seen}"
        outlets = ", ".join(s.outlets) or "unknown outlet"
        extra = f"; also carried by {', '.join(s.carried_by)}" if s.carried_by else ""
        out.print(f"{n:>3}. {s.headline}", markup=False)
        out.print(
            f"     {s.kind} · {plural(len(s.outlets), 'outlet')} ({outlets}{extra}) · "
            f"{plural(len(s.articles), 'article')} · {seen}",
            style="dim",
            markup=False,
        )
