"""Commands that build and inspect the index: ingest, stats, doctor, config."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefer.cli.common import LlmOpt, PublishedOpt, emit_json, index_of, progress_bar, settings_of, terminal
from briefer.core.errors import EXIT_INDEX, EXIT_PARTIAL, EXIT_SERVICE
from briefer.text.control import strip_controls
from briefer.text.words import plural


def say(line: str) -> None:
    """One plain line on stderr (a warning, a skipped file) with any control character taken out."""
    print(strip_controls(line), file=sys.stderr)


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders (searched recursively), or http(s) URLs of feeds or pages.")
    ],
    source: Annotated[Optional[str], typer.Option(help="Outlet name for every article (overrides the files).")] = None,
    published: PublishedOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Add articles (txt, md, html, json/jsonl, RSS/Atom files; feeds and pages by URL) to the index.

    Example: briefer ingest seeds/ --source CNN; briefer ingest https://feeds.bbci.co.uk/news/rss.xml
    """
    from briefer.ingest import ingest as run

    index = index_of(ctx)
    err = terminal(stderr=True)
    urls = [p for p in paths if p.startswith(("http://", "https://"))]
    files = [Path(p) for p in paths if p not in urls]
    with progress_bar(enabled=not as_json and err.is_terminal, out=err) as progress:
        report = (
            run(
                index,
                files,
                source=source,
                published=published,
                progress=progress,
                on_wait=lambda: say(
                    f"briefer: another briefer process is writing to {index.folder}; waiting for it (up to "
                    f"{index.settings.storage.lock_wait:g} s, BRIEFER_LOCK_WAIT)"
                ),
            )
            if files or not urls
            else None
        )
        report = _ingest_urls(index, urls, report, progress)
    for path, reason in report.failed:
        say(f"briefer: skipped {path}: {reason}")
    if as_json:
        emit_json(report.to_dict())
    else:
        terminal().print(ingest_summary(report), markup=False)
        for aid, title, origin in report.undated:
            in_file = (
                "a `published_at` field"
                if origin.split("#")[0].endswith((".json", ".jsonl"))
                else "a `published:` front-matter line"
            )
            say(
                f"briefer: no date for {origin} (“{title}”, id {aid[:10]}): it is left out of briefings; set one "
                f"with `briefer article {aid[:10]} --published YYYY-MM-DD`, or ingest it with --published or "
                f"{in_file}"
            )
    if report.failed:
        raise typer.Exit(EXIT_PARTIAL)


def _ingest_urls(index, urls: list[str], report, progress):
    """Each URL (a feed or a page) fetched and ingested, its report added to ``report``."""
    from briefer.ingest.pipeline import IngestReport
    from briefer.ingest.update import fetch_url

    total = report or IngestReport()
    for url in urls:
        fetched, got = fetch_url(index, url, progress)
        if fetched.error:
            total.failed.append((url, fetched.error))
        total.merge(got)
    return total


def ingest_summary(report) -> str:
    parts = [
        plural(report.articles_added, "article") + " added",
        f"{report.articles_replaced} replaced",
        f"{report.articles_removed} removed",
        f"{report.articles_unchanged} unchanged",
    ]
    if report.copies:
        parts.append(
            plural(report.copies, "copy", "copies") + " of stored articles (kept as other outlets carrying them)"
        )
    line = ", ".join(parts) + f"; {plural(report.chunks_added, 'chunk')} in {report.seconds:.1f}s"
    return line + (f"; {plural(len(report.failed), 'file')} failed" if report.failed else "")


def article(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(help="The article: its id (or its first 6 characters or more), its URL or its exact title.")
    ],
    published: PublishedOpt = None,
    source: Annotated[Optional[str], typer.Option(help="Its outlet.")] = None,
) -> None:
    """Fix an article's date or outlet after ingest (kept when its file is ingested again).

    Example: briefer article 4f2a9c01de --published 2016-12-10 --source Reuters
    """
    from briefer.ingest.edit import set_metadata

    meta = set_metadata(index_of(ctx), ref, source=source, published=published)
    terminal().print(f"{meta.title}: {meta.source or 'unknown outlet'}, {meta.published or 'undated'}", markup=False)


def stats(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of articles, chunks and outlets, and the published date range.

    Example: briefer stats --json
    """
    index = index_of(ctx)
    index.sync_from_server()
    data = index.catalog.stats()
    if as_json:
        emit_json(data)
        return
    out = terminal()
    out.print(f"articles: {data['articles']} ({data['undated']} undated)", markup=False)
    out.print(f"chunks:   {data['chunks']}", markup=False)
    out.print(f"outlets:  {len(data['sources'])} {', '.join(data['sources'])}", markup=False)
    out.print(f"dates:    {data['first_published'] or '-'} to {data['last_published'] or '-'}", markup=False)


def doctor(
    ctx: typer.Context,
    repair: Annotated[bool, typer.Option("--repair", help="Make the catalog and the store agree.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    llm: LlmOpt = None,
) -> None:
    """Check the set-up (embedding model, store, the answer backend: key, endpoint and its models) and
    the index's consistency. Exit 4 when the index fails a check, 3 when only the backend does.

    Example: briefer doctor --repair; OPENAI_BASE_URL=http://127.0.0.1:8080/v1 briefer doctor --llm openai
    """
    from briefer.cli.doctor import run_checks

    checks = run_checks(settings_of(ctx), repair=repair, llm=llm)
    if as_json:
        emit_json([c.__dict__ for c in checks])
    else:
        out = terminal()
        marks = {"ok": "[green]ok[/green]", "warn": "[yellow]warn[/yellow]", "fail": "[red]FAIL[/red]"}
        from rich.markup import escape

        for c in checks:
            out.print(f"{marks[c.status]:>5}  {escape(c.name)}: {escape(c.detail)}")
    failed = {c.name for c in checks if c.status == "fail"}
    if failed - {"answer backend"}:
        raise typer.Exit(EXIT_INDEX)
    if failed:
        raise typer.Exit(EXIT_SERVICE)


def config(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print every setting as JSON.")] = False,
) -> None:
    """Every setting in effect, by group: its value, where it came from, its default and description.

    Example: BRIEFER_SEARCH_K=5 briefer config
    """
    from briefer.config import describe
    from briefer.index.embedders import EMBEDDERS
    from briefer.index.vectors import STORES
    from briefer.llm import LLMS

    settings = settings_of(ctx)
    rows = describe(settings)
    embedder = _embedder_in_effect(settings)
    backends = {
        reg.setting: [{"name": e.name, "summary": e.summary} for e in reg.entries()]
        for reg in (LLMS, EMBEDDERS, STORES)
    }
    if as_json:
        emit_json(
            {
                "settings": [{**r, "value": _plain(r["value"]), "default": _plain(r["default"])} for r in rows],
                "backends": backends,
                "embedder_in_effect": embedder,
            }
        )
        _check_backends(settings)
        return
    out = terminal()
    group = None
    for r in rows:
        if r["group"] != group:
            group = r["group"]
            out.print(f"\n[{group}]", style="bold underline", markup=False)
        origin = "" if r["origin"] == "default" else f"  (from {r['origin']}; default {_plain(r['default'])!r})"
        out.print(f"{r['name']} = {_plain(r['value'])!r}{origin}", style="bold", markup=False)
        out.print(f"    {r['env']}: {r['description']}", markup=False)
    for setting, entries in backends.items():
        out.print(f"\nbackends for {setting}:", style="bold underline", markup=False)
        for e in entries:
            out.print(f"  {e['name']}: {e['summary']}", markup=False)
    out.print(f"\nembedder in effect for {settings.storage.index}: {embedder}", markup=False)
    _check_backends(settings)


def _check_backends(settings) -> None:
    """After listing them: a backend setting naming no registered backend is a configuration error."""
    from briefer.core.errors import ConfigError
    from briefer.index.embedders import EMBEDDERS
    from briefer.index.vectors import STORES
    from briefer.llm import LLMS

    chosen = ((LLMS, settings.llm.llm), (EMBEDDERS, settings.embedding.embed_backend), (STORES, settings.storage.store))
    for reg, name in chosen:
        if name is not None and name != "auto" and name not in reg.names():
            raise ConfigError(f"{reg.setting} is '{name}', which is no backend; use one of: {', '.join(reg.names())}")


def _embedder_in_effect(settings) -> str:
    """Which backend embeds for this index, and why (without creating the index)."""
    from briefer.index.embedders.auto import backend_and_reason

    folder = Path(settings.storage.index)
    name, why = backend_and_reason(settings, folder, built=(folder / "catalog.sqlite").is_file())
    return f"{name} ({why})"


def _plain(value):
    """Settings values for display and JSON (paths as strings)."""
    return str(value) if isinstance(value, Path) else value
