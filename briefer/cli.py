"""The command line: parses, calls the library, prints. No work lives here."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefer.errors import EXIT_PARTIAL, BrieferError

app = typer.Typer(
    help="briefer: news briefings in the terminal, every claim cited to an exact sentence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: "[n]" and "[env ...]" must not be read as markup
)

EXIT_CODES_HELP = "Exit codes: 0 ok, 1 some inputs failed or nothing matched, 2 usage/config, 3 service (LLM, Chroma server), 4 index problem, 5 internal error."


def _date(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD") from None


DateOpt = Annotated[Optional[str], typer.Option(callback=_date, metavar="YYYY-MM-DD")]


@app.callback(epilog=EXIT_CODES_HELP)
def _global(
    ctx: typer.Context,
    index: Annotated[Optional[Path], typer.Option("--index", help="Index folder (env BRIEFER_INDEX).")] = None,
    chroma_url: Annotated[Optional[str], typer.Option("--chroma-url", help="Chroma server URL (env BRIEFER_CHROMA_URL).")] = None,
    embed_model: Annotated[Optional[str], typer.Option("--embed-model", help="Embedding model (env BRIEFER_EMBED_MODEL).")] = None,
) -> None:
    ctx.obj = {"index": index, "chroma_url": chroma_url, "embed_model": embed_model}


def _settings(ctx: typer.Context, **more):
    from briefer.settings import load_settings

    return load_settings(**ctx.obj, **more)


def _index(ctx: typer.Context, **more):
    from briefer.index import Index

    return Index(_settings(ctx, **more))


def _console(stderr: bool = False):
    from briefer.console import console

    return console(stderr)


def _progress(enabled: bool, console):
    from briefer.console import ProgressBar

    return ProgressBar(enabled, console)


def _Stream(console):
    from briefer.console import LiveStream

    return LiveStream(console)


def _emit_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    source: Annotated[Optional[str], typer.Option(help="Outlet name for every article (overrides the files).")] = None,
    published: DateOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Add articles (txt, md, html, json/jsonl, RSS/Atom) to the index.

    Example: briefer ingest seeds/ --source CNN
    """
    from briefer.ingest import ingest as run

    index = _index(ctx)
    err = _console(stderr=True)
    with _progress(enabled=not as_json and err.is_terminal, console=err) as progress:
        report = run(index, paths, source=source, published=published, progress=progress)
    for path, reason in report.failed:
        print(f"briefer: skipped {path}: {reason}", file=sys.stderr)
    if as_json:
        _emit_json(report.to_dict())
    else:
        _console().print(
            f"{report.articles_added} articles added, {report.articles_replaced} replaced, "
            f"{report.articles_removed} removed, {report.articles_unchanged} unchanged; "
            f"{report.chunks_added} chunks in {report.seconds:.1f}s"
            + (f"; {len(report.failed)} files failed" if report.failed else ""),
            markup=False,
        )
    if report.failed:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[Optional[int], typer.Option("-k", min=1, help="Number of results (default 10).")] = None,
    since: DateOpt = None,
    until: DateOpt = None,
    source: Annotated[Optional[str], typer.Option(help="Only this outlet (case-insensitive).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Hybrid search (dense + BM25, fused, diversified) over the index.

    Example: briefer search "civilians leaving eastern Aleppo" -k 3 --since 2016-12-01
    """
    from briefer.models import Filters
    from briefer.retrieval import Retriever

    hits = Retriever(_index(ctx)).search(query, k, Filters(since, until, source))
    if as_json:
        _emit_json([h.to_dict() for h in hits])
        return
    out = _console()
    if not hits:
        out.print("No results. Try other words, or widen --since/--until/--source.")
        raise typer.Exit(EXIT_PARTIAL)
    from rich.markup import escape

    for h in hits:
        meta = " · ".join(x for x in (h.source or "unknown outlet", h.published or "undated") if x)
        snippet = " ".join(h.text.split())
        snippet = snippet[:280] + ("…" if len(snippet) > 280 else "")
        out.print(f"[bold]{h.rank}. {escape(h.title)}[/bold]  [dim]{escape(meta)}[/dim]")
        out.print(f"   {escape(snippet)}\n")


LlmOpt = Annotated[Optional[str], typer.Option("--llm", help="anthropic or extractive (env BRIEFER_LLM).")]


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question.")],
    llm: LlmOpt = None,
    k: Annotated[Optional[int], typer.Option("-k", min=1, help="Passages to retrieve (default 6).")] = None,
    since: DateOpt = None,
    until: DateOpt = None,
    source: Annotated[Optional[str], typer.Option(help="Only this outlet (case-insensitive).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer, citations and verdicts as JSON.")] = False,
) -> None:
    """Answer a question with inline citations [n], each checked against its source sentence.

    Example: briefer ask "How many civilians left eastern Aleppo on Saturday?"
    """
    from briefer.answer import ask as run, choose_llm
    from briefer.models import Filters

    index = _index(ctx)
    backend, notice = choose_llm(index.settings, index, llm)
    err, out = _console(stderr=True), _console()
    if notice and not as_json:
        err.print(notice, style="dim", markup=False)
    stream = None
    if not as_json and out.is_terminal:
        stream = _Stream(out)
    try:
        answer = run(index, backend, question, k=k, filters=Filters(since, until, source),
                     on_text=stream.write if stream else None)
    finally:
        if stream:
            stream.close()
    if as_json:
        _emit_json(answer.to_dict())
        return
    from briefer.render import print_answer

    print_answer(out, answer)


@app.command()
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
    from briefer.answer import choose_llm
    from briefer.chat import ChatSession
    from briefer.chat_repl import run_chat
    from briefer.models import Filters

    index = _index(ctx)
    backend, notice = choose_llm(index.settings, index, llm)
    out, err = _console(), _console(stderr=True)
    session = ChatSession(index, backend, filters=Filters(since, until, source))
    if resume:
        last = ChatSession.latest(index.folder)
        if last is None:
            err.print("No saved session to resume; starting a new one.", markup=False)
        else:
            session.load(last)
    if notice:
        err.print(notice, style="dim", markup=False)
    raise typer.Exit(run_chat(session, out, err, interactive=sys.stdin.isatty()))


@app.command()
def brief(
    ctx: typer.Context,
    date: DateOpt = None,
    days: Annotated[int, typer.Option(min=1, help="Days in the window, ending on --date.")] = 1,
    topic: Annotated[Optional[str], typer.Option(help="Only articles about this subject.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Only this outlet (case-insensitive).")] = None,
    llm: LlmOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="md, html or json.")] = "md",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to this file (atomically).")] = None,
) -> None:
    """A daily briefing: topics, cited bullets, conflicting reports, what changed, sources.

    Example: briefer brief --date 2016-12-12 --days 7 -o brief.md
    """
    from briefer.answer import choose_llm
    from briefer.briefing import build
    from briefer.briefing_render import RENDERERS

    if fmt not in RENDERERS:
        raise typer.BadParameter(f"'{fmt}' is not a format; use md, html or json", param_hint="--format")
    index = _index(ctx)
    backend, notice = choose_llm(index.settings, index, llm)
    if notice:
        _console(stderr=True).print(notice, style="dim", markup=False)
    doc = RENDERERS[fmt](build(index, llm=backend, date=date, days=days, topic=topic, source=source))
    if output is None:
        sys.stdout.write(doc)
        return
    from briefer.files import write_atomic

    write_atomic(output, doc)
    _console(stderr=True).print(f"Briefing written to {output}", markup=False)


@app.command()
def stats(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of articles, chunks and outlets, and the published date range.

    Example: briefer stats --json
    """
    index = _index(ctx)
    index.sync_from_server()
    data = index.catalog.stats()
    if as_json:
        _emit_json(data)
        return
    out = _console()
    out.print(f"articles: {data['articles']} ({data['undated']} undated)", markup=False)
    out.print(f"chunks:   {data['chunks']}", markup=False)
    out.print(f"outlets:  {len(data['sources'])} {', '.join(data['sources'])}", markup=False)
    out.print(f"dates:    {data['first_published'] or '-'} to {data['last_published'] or '-'}", markup=False)


@app.command()
def doctor(
    ctx: typer.Context,
    repair: Annotated[bool, typer.Option("--repair", help="Make the catalog and the store agree.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check the set-up (model, store, API key) and the index's consistency.

    Example: briefer doctor --repair
    """
    from briefer.doctor import run_checks

    checks = run_checks(_settings(ctx), repair=repair)
    if as_json:
        _emit_json([c.__dict__ for c in checks])
    else:
        out = _console()
        marks = {"ok": "[green]ok[/green]", "warn": "[yellow]warn[/yellow]", "fail": "[red]FAIL[/red]"}
        from rich.markup import escape

        for c in checks:
            out.print(f"{marks[c.status]:>5}  {escape(c.name)}: {escape(c.detail)}")
    if any(c.status == "fail" for c in checks):
        raise typer.Exit(4)


@app.command()
def config() -> None:
    """Every setting with its default and description (set via BRIEFER_* or briefer.toml)."""
    from briefer.settings import describe

    out = _console()
    for name, default, desc in describe():
        out.print(f"[bold]{name}[/bold] (BRIEFER_{name.upper()}, default {default})\n    {desc}", highlight=False)


@app.command("eval")
def eval_cmd(
    ctx: typer.Context,
    suite: Annotated[str, typer.Argument(help="seeds, multihop, multihop-mini, or a suite .jsonl file / MultiHop-format folder.")],
    data: Annotated[Optional[Path], typer.Option("--data", help="Corpus (seeds, .jsonl suites) or MultiHop-RAG folder (env BRIEFER_EVAL_DATA).")] = None,
    llm: LlmOpt = None,
    k: Annotated[Optional[int], typer.Option("-k", min=1, help="Passages sent for each answer (default 6).")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the first N questions.")] = None,
    judge: Annotated[bool, typer.Option("--judge", help="Claude LLM judge beside the verifier (not available offline yet).")] = False,
    retrieval_only: Annotated[bool, typer.Option("--retrieval-only", help="Score retrieval only (fast); no answers.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")] = False,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Also write a .md or .html report (and a .png plot beside it).")] = None,
) -> None:
    """Score retrieval, answers, abstention and citations on a suite, in the suite's own index.

    Example: briefer eval seeds --llm extractive; briefer eval multihop -o report.md
    """
    from briefer.eval_report import print_report, write_report
    from briefer.evals import run_suite

    err = _console(stderr=True)
    notify = None if as_json else (lambda msg: err.print(msg, style="dim", markup=False))
    with _progress(enabled=not as_json and err.is_terminal, console=err) as progress:
        report = run_suite(_settings(ctx), suite, data=data, llm=llm, k=k, limit=limit, judge=judge,
                           answers=not retrieval_only, progress=progress, notify=notify)
    if output:
        write_report(report, output)
        if not as_json:
            err.print(f"report written to {output}", markup=False)
    if as_json:
        _emit_json(report)
    else:
        print_report(_console(), report)


def main() -> None:
    """Console entry point: one line per error, never a traceback (set BRIEFER_DEBUG=1 for one)."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        app()  # click handles usage errors (exit 2) and --help itself
    except BrieferError as exc:
        print(f"briefer: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("briefer: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last guard before a traceback would reach the user
        if os.environ.get("BRIEFER_DEBUG"):
            raise
        print(f"briefer: internal error: {type(exc).__name__}: {exc} (BRIEFER_DEBUG=1 shows the traceback)", file=sys.stderr)
        sys.exit(5)
