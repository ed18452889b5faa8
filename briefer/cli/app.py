"""The command line: parses, calls the library, prints. No work lives here; each command is in the
module of its kind (index_commands, read_commands, eval_command)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

try:  # typer carries its own copy of click since 0.17
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - older typer
    from click.exceptions import NoArgsIsHelpError, UsageError  # type: ignore[assignment]

from briefer.cli import eval_command, index_commands, read_commands, web_commands
from briefer.core.errors import EXIT_INTERNAL, BrieferError
from briefer.text.control import strip_controls

app = typer.Typer(
    help="briefer: news briefings in the terminal, every claim cited to an exact sentence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: "[n]" and "[env ...]" must not be read as markup
)

EXIT_CODES_HELP = "Exit codes: 0 ok, 1 some inputs failed or nothing matched, 2 usage/config, 3 service (LLM, Chroma server), 4 index problem, 5 internal error, 75 index busy (retry later)."


@app.callback(epilog=EXIT_CODES_HELP)
def _global(
    ctx: typer.Context,
    index: Annotated[Optional[Path], typer.Option("--index", help="Index folder (env BRIEFER_INDEX).")] = None,
    chroma_url: Annotated[
        Optional[str], typer.Option("--chroma-url", help="Chroma server URL (env BRIEFER_CHROMA_URL).")
    ] = None,
    embed_model: Annotated[
        Optional[str], typer.Option("--embed-model", help="Embedding model (env BRIEFER_EMBED_MODEL).")
    ] = None,
) -> None:
    ctx.obj = {"index": index, "chroma_url": chroma_url, "embed_model": embed_model}
    from briefer.config import unknown_env

    for line in unknown_env():
        print(strip_controls(f"briefer: warning: {line}"), file=sys.stderr)


app.command()(index_commands.ingest)
app.command()(read_commands.search)
app.command()(read_commands.ask)
app.command()(read_commands.chat)
app.command()(read_commands.brief)
app.command()(read_commands.stories)
app.command()(index_commands.article)
app.command()(index_commands.stats)
app.command()(index_commands.doctor)
app.command()(index_commands.config)
app.command("eval")(eval_command.eval_cmd)
app.add_typer(web_commands.sources_app, name="sources")
app.command()(web_commands.update)
app.command()(web_commands.daily)
app.command()(web_commands.prune)


def main() -> None:
    """Console entry point: one line per error, never a traceback (set BRIEFER_DEBUG=1 for one)."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        code = app(standalone_mode=False)  # click prints --help itself; usage errors come here
    except UsageError as exc:
        if isinstance(exc, NoArgsIsHelpError) and exc.ctx:
            print(exc.ctx.get_help())
            sys.exit(0)
        where = exc.ctx.command_path if exc.ctx else "briefer"
        print(strip_controls(f"briefer: error: {exc.format_message()} (see `{where} --help`)"), file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("briefer: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrieferError as exc:
        print(strip_controls(f"briefer: error: {exc}"), file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("briefer: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("BRIEFER_DEBUG"):
            raise
        print(
            strip_controls(
                f"briefer: internal error: {type(exc).__name__}: {exc} (BRIEFER_DEBUG=1 shows the traceback)"
            ),
            file=sys.stderr,
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)
