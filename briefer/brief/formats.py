"""The formats a briefing is written in (Markdown, HTML, JSON), and writing several of them from one
computation: ``--format md,html,json`` (``render.py`` renders each)."""

from __future__ import annotations

import json
from pathlib import Path

from briefer.brief.records import Briefing
from briefer.brief.render import markdown, to_html
from briefer.core.errors import ConfigError
from briefer.core.files import write_atomic


def to_json(brief: Briefing) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"md": markdown, "html": to_html, "json": to_json}


def formats_of(spec: str) -> list[str]:
    """``"md,html"`` -> ["md", "html"]; a format briefer does not write is a ConfigError."""
    formats = list(dict.fromkeys(f.strip().lower() for f in spec.split(",") if f.strip()))
    bad = [f for f in formats if f not in RENDERERS]
    if bad or not formats:
        raise ConfigError(
            f"unknown briefing format '{', '.join(bad) or spec}'; use md, html, json or a list: md,html,json"
        )
    return formats


def suffix_format(output: Path | str | None) -> str:
    """The format an output file's suffix names (``brief.html`` -> html), else md."""
    suffix = Path(output).suffix.lstrip(".").lower() if output else ""
    return suffix if suffix in RENDERERS else "md"


def render(brief: Briefing, fmt: str) -> str:
    return RENDERERS[fmt](brief)


def write_formats(brief: Briefing, formats: list[str], output: Path | str) -> list[Path]:
    """Every format of one briefing, each written atomically: ``output`` itself for one format, else
    ``output`` with each format's suffix (``brief`` -> brief.md, brief.html); into a folder (one that
    exists, or a path ending in /), files named for the window (``briefing-2023-10-13.md``)."""
    base = Path(output)
    if base.is_dir() or str(output).endswith(("/", "\\")):
        span = brief.end if brief.start == brief.end else f"{brief.start}_to_{brief.end}"
        base = base / f"briefing-{span}"
    elif len(formats) == 1:
        write_atomic(base, render(brief, formats[0]))
        return [base]
    base = base.with_suffix("") if base.suffix.lstrip(".") in RENDERERS else base
    paths = [base.with_name(f"{base.name}.{f}") for f in formats]
    for fmt, path in zip(formats, paths):
        write_atomic(path, render(brief, fmt))
    return paths
