"""The command line: a thin typer app (``app``) over the library, the chat REPL, terminal rendering.

Only this package prints; ``main`` turns every error into one line and an exit code.
"""

from briefer.cli.app import main

__all__ = ["main"]
