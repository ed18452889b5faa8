"""Commands that bring news in from the web and keep the index's size: sources, update, daily, prune."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from briefer.cli.common import LlmOpt, emit_json, progress_bar, ready_index, settings_of, terminal
from briefer.cli.index_commands import ingest_summary, say
from briefer.core.errors import EXIT_PARTIAL
from briefer.text.words import plural

sources_app = typer.Typer(help="The feeds and pages `briefer update` fetches.", no_args_is_help=True)


@sources_app.command("add")
def sources_add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="An RSS/Atom feed or a web page.")],
    name: Annotated[Optional[str], typer.Option("--name", help="Outlet its articles are attributed to.")] = None,
) -> None:
    """Add a source. Example: briefer sources add https://feeds.bbci.co.uk/news/rss.xml --name "BBC News" """
    from briefer.ingest.sources import Sources

    sources = Sources(Path(settings_of(ctx).storage.index))
    sources.add(url, name)
    sources.save()
    terminal().print(f"Added {url}; `briefer update` fetches it.", markup=False)


@sources_app.command("list")
def sources_list(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The sources with their last fetch, status, articles and error. Example: briefer sources list"""
    from dataclasses import asdict

    from briefer.ingest.sources import Sources

    items = Sources(Path(settings_of(ctx).storage.index)).items
    if as_json:
        emit_json([{k: v for k, v in asdict(s).items() if k != "seen"} for s in items])
        return
    out = terminal()
    if not items:
        out.print("No sources yet: `briefer sources add URL`.", markup=False)
    for s in items:
        head = f"{s.name or '(feed title)'}  {s.url}"
        tail = f"{s.status}, last fetch {s.last_fetch or 'never'}, {s.articles} articles"
        out.print(f"{head}\n  {tail}" + (f"\n  error: {s.error}" if s.error else ""), markup=False)


@sources_app.command("remove")
def sources_remove(ctx: typer.Context, which: Annotated[str, typer.Argument(help="Its name or URL.")]) -> None:
    """Stop fetching a source (its articles stay; `briefer prune` removes old ones). Example: briefer sources remove "BBC News" """
    from briefer.ingest.sources import Sources

    sources = Sources(Path(settings_of(ctx).storage.index))
    gone = sources.remove(which)
    sources.save()
    terminal().print(f"Removed {', '.join(s.url for s in gone)}.", markup=False)


def update(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Fetch every source and ingest what is new or changed. Exit 1 when some source failed.

    Example: briefer update
    """
    index = ready_index(ctx)
    report = _update(index, as_json)
    if as_json:
        emit_json(report.to_dict())
    if report.failed or report.ingest.failed:
        raise typer.Exit(EXIT_PARTIAL)


def _update(index, quiet: bool):
    from briefer.ingest.update import update as run

    err = terminal(stderr=True)
    with progress_bar(enabled=not quiet and err.is_terminal, out=err) as progress:
        report = run(index, progress=progress)
    for f in report.failed:
        say(f"briefer: source {f.source.name or f.source.url} failed: {f.error}")
    for key, reason in report.ingest.failed:
        say(f"briefer: skipped {key}: {reason}")
    if not quiet:
        n = len(report.sources)
        fresh = sum(1 for f in report.sources if f.entries)
        same = sum(1 for f in report.sources if not f.error and not f.entries)
        terminal().print(
            f"{n} sources: {fresh} with news, {same} unchanged, {len(report.failed)} failed; "
            + ingest_summary(report.ingest),
            markup=False,
        )
    return report


def daily(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Folder of the briefings (DIR/YYYY-MM-DD.md ...).")] = Path(
        "briefings"
    ),
    fmt: Annotated[str, typer.Option("--format", help="md, html, json, or a list: md,html.")] = "md,html",
    llm: LlmOpt = None,
    no_update: Annotated[
        bool, typer.Option("--no-update", help="Brief on what the index holds; fetch nothing.")
    ] = False,
) -> None:
    """Update, then write the briefing of the latest day to DIR/YYYY-MM-DD.md/.html, atomically; a
    second run the same day rewrites the same files with what changed since. Exit 1 when a source failed
    (the briefing is still written); 75 when another briefer process holds the index.

    Example: briefer daily --out ~/briefings --format md,html   (cron: 0 7 * * * briefer daily)
    """
    from briefer.brief.build import build
    from briefer.brief.formats import formats_of, write_formats
    from briefer.llm import choose_llm

    formats = formats_of(fmt)
    index = ready_index(ctx)
    report = None if no_update else _update(index, quiet=False)
    backend, _ = choose_llm(index.settings, index.embedder, llm)
    briefing = build(index, llm=backend)
    base = Path(out) / (briefing.end if len(formats) > 1 else f"{briefing.end}.{formats[0]}")
    try:
        Path(out).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from briefer.core.errors import ConfigError

        raise ConfigError(f"cannot create {out} ({exc.strerror}); choose another --out") from None
    for path in write_formats(briefing, formats, base):
        terminal().print(f"Briefing written to {path}", markup=False)
    if report is not None and (report.failed or report.ingest.failed):
        raise typer.Exit(EXIT_PARTIAL)


def prune(
    ctx: typer.Context,
    before: Annotated[str, typer.Option("--before", help="Remove articles published before this day.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Remove articles published before a day, with their chunks, vectors, BM25 rows and story places
    (crash-safe: an interrupted prune finishes on the next write). Example: briefer prune --before 2023-10-01
    """
    from briefer.cli.common import _date

    day = _date(before)
    index = ready_index(ctx)
    with index.writing():
        index.recover()
        gone = index.prune(day or before)
    if as_json:
        emit_json({"removed": len(gone), "before": day})
        return
    terminal().print(f"{plural(len(gone), 'article')} published before {day} removed.", markup=False)
