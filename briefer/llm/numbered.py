"""Prompted citations, for models without a citation feature: every passage sentence goes in with a
number, the model writes those numbers in square brackets after its sentences, and the markers map
back to exact sentences (``RawCitation``\\ s, as a native citation would).

The marker format is defined once here and filled into the prompt (``prompts/cite_prompted.md``),
so what the model is shown and what the parser reads cannot drift apart. A marker naming a number
that was never shown, or one that is not a list of numbers ("[source 2]", "[1a]"), is dropped and
counted; its text never reaches the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefer.core.resources import load_prompt
from briefer.llm.drafts import Passage, RawCitation, Segment
from briefer.text.sentences import split_sentences

LABEL = "[{n}]"
"""How a sentence's number is shown to the model, and how the model writes it back."""
WELL_FORMED = re.compile(r"\[\s*(\d+(?:\s*(?:,|;|-|\u2013)\s*\d+)*)\s*\]")
"""A marker: one number, or several separated by commas or given as a range ("[3]", "[3, 7]", "[3-5]")."""
BRACKETED = re.compile(r"\[[^\[\]\n]{0,40}\]")
"""Anything in square brackets: a marker when WELL_FORMED, malformed when it holds a digit ("[source 2]")."""
MARKER_RUN = re.compile(r"(?:\s*\[[^\[\]\n]{0,40}\])+")
MAX_RANGE = 10  # a range marker naming more sentences than this is malformed ("[1-400]")


def label(n: int) -> str:
    return LABEL.format(n=n)


def cite_rule() -> str:
    """The citation instructions of a prompted backend, with examples in the parser's format."""
    return load_prompt(
        "cite_prompted.md",
        label_example=label(3),
        answer_example=f"`More than 20,000 people left the city on Saturday. {label(3)}{label(7)}`",
    ).strip()


@dataclass
class Numbering:
    """The numbered sentences of the passages sent: number -> (passage, block)."""

    passages: list[Passage]
    where: dict[int, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, passages: list[Passage]) -> Numbering:
        numbering = cls(passages)
        for p in passages:
            for b in range(len(p.sentences) or 1):
                numbering.where[len(numbering.where) + 1] = (p.index, b)
        return numbering

    def render(self) -> str:
        """The passages as the model sees them: a header per article, then its numbered sentences."""
        out, n = [], 1
        for p in self.passages:
            h = p.hit
            out.append(
                f'<source title="{_attr(h.title)}" outlet="{_attr(h.source or "unknown")}" '
                f'published="{h.published or "undated"}">'
            )
            for text in p.blocks() or [h.text]:
                out.append(f"{label(n)} {' '.join(text.split())}")
                n += 1
            out.append("</source>")
        return "\n".join(out)


def _attr(value: str) -> str:
    return " ".join(value.split()).replace('"', "'").replace("<", "(").replace(">", ")")


@dataclass
class Parsed:
    segments: list[Segment]
    dropped: list[str]  # one reason per marker (or marker number) that was dropped


def parse(text: str, numbering: Numbering) -> Parsed:
    """The model's text -> segments, one per answer sentence, each with the citations written after it.

    A marker run cites the sentence it follows; sentences before it in the same run of text get no
    citation from it. Markers are removed from the text.
    """
    segments: list[Segment] = []
    dropped: list[str] = []
    pos = 0
    for m in MARKER_RUN.finditer(text):
        cites = _citations(m.group(), numbering, dropped)
        if not any(ch.isdigit() for ch in m.group()) and not cites:
            continue  # "[sic]", "[...]": not a marker, keep it as text
        _add(segments, text[pos : m.start()], cites)
        pos = m.end()
    _add(segments, text[pos:], [])
    return Parsed([s for s in segments if s.text.strip() or s.citations], dropped)


def _add(segments: list[Segment], text: str, cites: list[RawCitation]) -> None:
    """``text`` as one segment per sentence; the citations go to its last sentence."""
    spans = split_sentences(text) if text.strip() else []
    if not spans:
        segments.append(Segment(text, cites))
        return
    cut = [0] + [s.start for s in spans[1:]] + [len(text)]
    for i in range(len(cut) - 1):
        last = i == len(cut) - 2
        segments.append(Segment(text[cut[i] : cut[i + 1]], cites if last else []))


def _citations(run: str, numbering: Numbering, dropped: list[str]) -> list[RawCitation]:
    found: list[RawCitation] = []
    for bracket in BRACKETED.findall(run):
        m = WELL_FORMED.fullmatch(bracket)
        if not m:
            if any(ch.isdigit() for ch in bracket):
                dropped.append(f"malformed marker {bracket!r}")
            continue
        for n in _numbers(m.group(1), dropped, bracket):
            if n not in numbering.where:
                dropped.append(f"marker [{n}] names no sentence sent (1-{len(numbering.where)})")
                continue
            passage, block = numbering.where[n]
            raw = RawCitation(passage, block, block + 1)
            if raw not in found:
                found.append(raw)
    return found


def _numbers(body: str, dropped: list[str], bracket: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", body):
        ends = [int(x) for x in re.split(r"\s*[-\u2013]\s*", part)]
        if len(ends) == 2 and 0 <= ends[1] - ends[0] < MAX_RANGE:
            out.extend(range(ends[0], ends[1] + 1))
        elif len(ends) == 1:
            out.append(ends[0])
        else:
            dropped.append(f"malformed marker {bracket!r}")
    return out


class MarkerFilter:
    """Streams text to ``on_text`` with the markers taken out (their numbers are the prompt's, not
    the answer's): text from an unclosed ``[`` is held back until the bracket closes or runs long."""

    def __init__(self, on_text: Callable[[str], None] | None):
        self.on_text = on_text
        self.held = ""

    def feed(self, text: str) -> None:
        self.held += text
        cut = self.held.rfind("[")
        if cut >= 0 and "]" not in self.held[cut:] and len(self.held) - cut <= 42:
            ready, self.held = self.held[:cut], self.held[cut:]
        else:
            ready, self.held = self.held, ""
        self._emit(ready)

    def close(self) -> None:
        self._emit(self.held)
        self.held = ""

    def _emit(self, text: str) -> None:
        clean = WELL_FORMED.sub("", text)
        if clean and self.on_text is not None:
            self.on_text(clean)


def user_turn(question: str, numbering: Numbering) -> str:
    """The user message: the numbered passages as data, then the question."""
    return load_prompt("answer_prompted.md", question=question, sources=numbering.render()).strip()


__all__ = ["LABEL", "MarkerFilter", "Numbering", "Parsed", "cite_rule", "label", "parse", "user_turn"]
