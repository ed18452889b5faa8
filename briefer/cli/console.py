"""Terminal plumbing shared by the commands: consoles, a progress bar, a live streaming region."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.segment import Segment

from briefer.text.control import has_controls, strip_controls


class SafeConsole(Console):
    """A console whose text can carry no escape sequence of its own: control characters in what it
    prints (article text, titles, file names) are dropped; only rich's own styling reaches the terminal."""

    def print(self, *objects, **kwargs) -> None:
        objects = tuple(strip_controls(o) if isinstance(o, str) else o for o in objects)
        natural = None if self.is_terminal else self._natural_width(objects)
        if natural is None or natural <= self.width:
            super().print(*objects, **kwargs)
            return
        narrow, self.width = self.width, natural  # rich's own width caps print(width=...)
        try:
            super().print(*objects, **kwargs)
        finally:
            self.width = narrow

    def _natural_width(self, objects) -> int | None:
        """Into a pipe or a file, a table is as wide as its cells need (a figure is never cut to "0.…")."""
        from rich.measure import Measurement
        from rich.table import Table

        tables = [o for o in objects if isinstance(o, Table)]
        if not tables:
            return None
        return max(Measurement.get(self, self.options.update(width=10_000), t).maximum for t in tables)

    def render(self, renderable, options=None):
        for seg in super().render(renderable, options):
            if not seg.control and has_controls(seg.text):
                seg = Segment(strip_controls(seg.text), seg.style, seg.control)
            yield seg


def console(stderr: bool = False) -> Console:
    """A rich console (NO_COLOR honoured by rich): on a terminal it wraps at word boundaries (the
    terminal itself would cut words); into a pipe or a file it never re-wraps what it prints."""
    out = SafeConsole(stderr=stderr, highlight=False)
    out.soft_wrap = not out.is_terminal
    return out


class ProgressBar:
    """A rich progress bar on stderr, or a no-op callback when quiet."""

    def __init__(self, enabled: bool, console: Console):
        self.enabled, self.console = enabled, console
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self._bar.__enter__()
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(stage, total=total)
        self._bar.update(self._tasks[stage], completed=done, total=total)

    def __exit__(self, *exc):
        if self._bar:
            self._bar.__exit__(*exc)


class LiveStream:
    """Shows the answer as it streams, then clears it for the verified rendering."""

    def __init__(self, console):
        from rich.live import Live
        from rich.text import Text

        self.text = Text(style="dim")
        self.live = Live(self.text, console=console, transient=True, auto_refresh=False)
        self.live.start()

    def write(self, delta: str) -> None:
        self.text.append(delta)
        self.live.refresh()

    def close(self) -> None:
        self.live.stop()
