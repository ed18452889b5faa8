"""Briefings as Markdown, a self-contained HTML page (inline CSS, every article text escaped) or JSON."""

from __future__ import annotations

import html
import json

from briefer.brief.records import Briefing, Bullet

CSS = """body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.meta{color:#666}.cite{font-size:.8em;vertical-align:super;text-decoration:none}
.corr{color:#2a7;font-size:.85em}.flag{color:#b00;font-weight:bold}
.conflict{border-left:4px solid #e90;padding:.2rem .8rem;margin:1rem 0;background:#fff8ec}
.side q{font-style:italic}ol.sources li{margin:.3rem 0}"""


def _cites(b: Bullet) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(q.n for q in b.citations))


def _corr(b: Bullet) -> str:
    return f"✓ {b.outlets} outlets" if b.outlets > 1 else "1 outlet"


def _flag(b: Bullet) -> str:
    return "" if b.verdict == "supported" else f" ⚠ {b.verdict}"


def title(brief: Briefing) -> str:
    span = brief.start if brief.start == brief.end else f"{brief.start} to {brief.end}"
    topic = f" — {brief.topic}" if brief.topic else ""
    return f"Briefing{topic}: {span}"


def counts(brief: Briefing) -> str:
    return (
        f"{brief.articles} articles from {len(brief.outlets)} outlets ({', '.join(brief.outlets)}); "
        f"answers by {brief.llm}; generated {brief.generated_at}"
    )


def overview(brief: Briefing) -> str:
    """The summary's opening line: what the window holds, in numbers."""
    topics = "; ".join(s.heading for s in brief.sections)
    n = len(brief.conflicts)
    conflicts = f" {n} figure{'s' if n != 1 else ''} reported differently across sources." if n else ""
    return f"{brief.articles} articles from {len(brief.outlets)} outlets. Topics: {topics or 'none'}.{conflicts}"


def markdown(brief: Briefing) -> str:
    out = [f"# {title(brief)}", "", f"_{counts(brief)}_", ""]
    out += [" ".join([overview(brief)] + [f"{b.text} {_cites(b)}{_flag(b)}" for b in brief.summary]), ""]
    for sec in brief.sections:
        out += [f"## {sec.heading}", ""]
        out += [f"- {b.text} {_cites(b)} _({_corr(b)})_{_flag(b)}" for b in sec.bullets]
        out.append("")
    out += ["## Conflicting reports", ""]
    if not brief.conflicts:
        out += ["No conflicting figures found across the window's articles.", ""]
    for c in brief.conflicts:
        flag = "" if c.verdict == "supported" else f" ⚠ {c.verdict}"
        if all(not s.figure for s in c.sides):  # one statement citing every side
            out.append(f"- {c.about} " + "".join(f"[{n}]" for n in dict.fromkeys(s.quote.n for s in c.sides)) + flag)
        else:
            out.append(
                f"- **{c.about}**: "
                + " **vs** ".join(f"{s.figure} ({s.who}; written “{s.written}”) [{s.quote.n}]" for s in c.sides)
                + flag
            )
        out += [f"  - [{s.quote.n}] “{' '.join(s.quote.text.split())}”" for s in c.sides]
    out.append("")
    if brief.previous:
        out += [f"## What changed since {brief.previous}", ""] + [f"- {c}" for c in brief.changes] + [""]
    out += ["## Sources", ""]
    for s in brief.sources:
        link = f" <{s.url}>" if s.url else ""
        out.append(f"{s.n}. {s.title} — {s.source or 'unknown outlet'}, {s.published or 'undated'}{link}")
    return "\n".join(out) + "\n"


def _h(text) -> str:
    return html.escape(str(text), quote=True)


def _hcites(b: Bullet) -> str:
    return "".join(f'<a class="cite" href="#src-{n}">[{n}]</a>' for n in dict.fromkeys(q.n for q in b.citations))


def _hbullet(b: Bullet, corr: bool = True) -> str:
    flag = f' <span class="flag">⚠ {_h(b.verdict)}</span>' if b.verdict != "supported" else ""
    c = f' <span class="corr">({_h(_corr(b))})</span>' if corr else ""
    return f"{_h(b.text)} {_hcites(b)}{c}{flag}"


def to_html(brief: Briefing) -> str:
    parts = [
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{_h(title(brief))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{_h(title(brief))}</h1>",
        f'<p class="meta">{_h(counts(brief))}</p>',
    ]
    parts.append("<p>" + " ".join([_h(overview(brief))] + [_hbullet(b, corr=False) for b in brief.summary]) + "</p>")
    for sec in brief.sections:
        parts.append(
            f"<h2>{_h(sec.heading)}</h2><ul>" + "".join(f"<li>{_hbullet(b)}</li>" for b in sec.bullets) + "</ul>"
        )
    parts.append('<h2 id="conflicts">Conflicting reports</h2>')
    if not brief.conflicts:
        parts.append("<p>No conflicting figures found across the window's articles.</p>")
    for c in brief.conflicts:
        sides = "".join(
            f'<p class="side"><b>{_h(s.figure)}</b> {"— " + _h(s.who) if s.who else ""} '
            f'<a class="cite" href="#src-{s.quote.n}">[{s.quote.n}]</a>'
            f"<br><q>{_h(' '.join(s.quote.text.split()))}</q></p>"
            for s in c.sides
        )
        parts.append(f'<div class="conflict"><p><b>{_h(c.about)}</b></p>{sides}</div>')
    if brief.previous:
        parts.append(
            f"<h2>What changed since {_h(brief.previous)}</h2><ul>"
            + "".join(f"<li>{_h(x)}</li>" for x in brief.changes)
            + "</ul>"
        )
    parts.append('<h2>Sources</h2><ol class="sources">')
    for s in brief.sources:
        url = f' — <a href="{_h(s.url)}">{_h(s.url)}</a>' if s.url and s.url.startswith(("http://", "https://")) else ""
        parts.append(
            f'<li id="src-{s.n}">{_h(s.title)} — {_h(s.source or "unknown outlet")}, '
            f"{_h(s.published or 'undated')}{url}</li>"
        )
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"


def to_json(brief: Briefing) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"md": markdown, "html": to_html, "json": to_json}
