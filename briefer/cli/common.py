"""What every command shares: option types, settings and index from the global flags, consoles, JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated, Any, Optional

import typer


def _date(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD") from None


def _published(value: Optional[str]) -> Optional[str]:
    """A publication date: a date, and not after tomorrow (a typo such as 2031 would lead every briefing)."""
    day = _date(value)
    if day and day > (dt.date.today() + dt.timedelta(days=1)).isoformat():
        raise typer.BadParameter(f"'{value}' is in the future; give the day the article was published")
    return day


DateOpt = Annotated[Optional[str], typer.Option(callback=_date, metavar="YYYY-MM-DD")]
PublishedOpt = Annotated[Optional[str], typer.Option(callback=_published, metavar="YYYY-MM-DD")]
MAX_K = 1000  # results or passages one command may ask for


def nonblank(value: str) -> str:
    """A question or query with something in it."""
    if not value.strip():
        raise typer.BadParameter('it is empty; write some words, e.g. "Who left Aleppo?"')
    return value


def window(since: Optional[str], until: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """``--since`` and ``--until``, checked to make a window."""
    if since and until and since > until:
        raise typer.BadParameter(f"--since {since} is after --until {until}; swap them", param_hint="--since")
    return since, until


def settings_of(ctx: typer.Context, **more: Any):
    from briefer.config import load_settings

    return load_settings(**ctx.obj, **more)


def index_of(ctx: typer.Context, **more: Any):
    from briefer.index import Index

    return Index(settings_of(ctx, **more))


def filled_index(ctx: typer.Context, **more: Any):
    """The index, for a command that reads articles: one that holds none (a mistyped BRIEFER_INDEX,
    or nothing ingested yet) is said so, not searched and answered "the articles do not say"."""
    from briefer.core.errors import EmptyResult

    index = index_of(ctx, **more)
    if not index.server and index.catalog.article_count() == 0:  # a server's catalog is only a local cache
        raise EmptyResult(
            f"the index in {index.folder} holds no articles; ingest some (briefer ingest FILE...), "
            "or set BRIEFER_INDEX to the folder of your index"
        )
    return index


def outlet(index: Any, given: Optional[str]) -> Optional[str]:
    """The outlet a --source option names (see ``Catalog.outlet_named``), or None without one."""
    return None if given is None else index.catalog.outlet_named(given)


def ready_index(ctx: typer.Context, **more: Any):
    """The index, with anything a catalog from before stories lacks filled in first (once)."""
    from briefer.ingest.write import backfill, needs_backfill

    index = index_of(ctx, **more)
    if needs_backfill(index):
        with index.writing():
            backfill(index)
    return index


def terminal(stderr: bool = False):
    from briefer.cli.console import console as make

    return make(stderr)


def progress_bar(enabled: bool, out):
    from briefer.cli.console import ProgressBar

    return ProgressBar(enabled, out)


def live_stream(out):
    from briefer.cli.console import LiveStream

    return LiveStream(out)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


LlmOpt = Annotated[
    Optional[str],
    typer.Option("--llm", help="anthropic, openai or extractive (env BRIEFER_LLM; `briefer config` lists them)."),
]
