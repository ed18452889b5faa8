"""Terminal rendering of answers with rich: citation markers, verdict marks and the source list."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from briefer.answer import Answer
from briefer.answer.verify import SUPPORTED, UNCITED, UNSUPPORTED
from briefer.text.words import in_quotes

MARKS = {UNSUPPORTED: " ⚠ unsupported", UNCITED: " ⚠ uncited"}


def answer_text(answer: Answer) -> Text:
    """The answer body: supported sentences plain, others visibly marked, markers styled."""
    out = Text()
    for i, s in enumerate(answer.sentences):
        style = "" if s.verdict == SUPPORTED or answer.abstained else "yellow"
        out.append(("" if i == 0 else " ") + s.text, style=style)
        for n in s.citations:
            out.append(f" [{n}]", style="bold cyan")
        if s.verdict in MARKS and not answer.abstained:
            out.append(MARKS[s.verdict], style="bold red")
    if answer.incomplete:
        out.append("\n[answer incomplete: generation stopped before the end]", style="bold red")
    return out


def sources_text(answer: Answer, *, full: bool = False) -> Text:
    """Numbered sources: title, outlet, date, and the quoted sentence (the whole passage with ``full``)."""
    out = Text()
    for c in answer.citations:
        entry = f"entry of {c.entry_date}" if c.entry_date else ""  # a live page's date line
        meta = ", ".join(x for x in (c.source or "unknown outlet", c.published or "undated", entry) if x)
        out.append(f"[{c.n}] ", style="bold cyan")
        out.append(c.title, style="bold")
        out.append(f" — {meta}", style="dim")
        if c.url:
            out.append(f"  {c.url}", style="dim underline")
        out.append("\n    " + in_quotes(" ".join(c.quote.split())) + "\n")
        if full:
            passage = answer.passages[c.passage]
            out.append("    passage: " + " ".join(passage.hit.text.split()) + "\n", style="dim")
    return out


def print_answer(console: Console, answer: Answer, *, show_sources: bool = True) -> None:
    console.print(answer_text(answer))
    if answer.citations and show_sources:
        console.print()
        console.print(Text("Sources", style="bold underline"))
        console.print(sources_text(answer), end="")
    if answer.dropped:
        console.print(
            Text(
                f"({len(answer.dropped)} citation(s) dropped: they pointed at nothing that was sent, or were malformed)",
                style="dim",
            )
        )
