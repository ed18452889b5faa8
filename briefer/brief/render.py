"""Briefings as Markdown or a self-contained HTML page (inline CSS, every article text escaped); JSON and
writing several formats are in ``formats.py``.

All three render the same ``Briefing``: compute it once, write every format from it. Article text is
escaped in every format: in Markdown, characters that would become markup, links or raw HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import quote

from briefer.brief.people import is_record
from briefer.brief.records import Briefing, Bullet, ConflictReport, Headline, Section, Side, Source
from briefer.text.words import in_quotes, plural

CSS = """body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.meta{color:#666}.cite{font-size:.8em;vertical-align:super;text-decoration:none}
.corr{color:#2a7;font-size:.85em}.date{color:#777;font-size:.85em}.flag{color:#b00;font-weight:bold}
.conflict{border-left:4px solid #e90;padding:.2rem .8rem;margin:1rem 0;background:#fff8ec}
.update{border-left:4px solid #39c;padding:.2rem .8rem;margin:1rem 0;background:#f0f7fc}
.side q{font-style:italic}ol.sources li{margin:.3rem 0}"""
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


_CITED = re.compile(r"\[(\d+)\]")  # a source's number in a line of text
_CITED_ESCAPED = re.compile(r"\\\[(\d+)\\\]")  # ... as ``md`` escapes it


def _md_cited(text: str) -> str:
    """``md(text)`` with its sources' numbers left as citations ("[3]", not "\\[3\\]")."""
    return _CITED_ESCAPED.sub(r"[\1]", md(text))


def _html_cite(n: int | str) -> str:
    """A source's number in HTML: a link to it in the list of sources."""
    return f'<a class="cite" href="#src-{n}">[{n}]</a>'


def md(text: object) -> str:
    """Text from an article, safe inside Markdown: one line, markup characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_link(url: str | None) -> str:
    """`` <url>`` for a web link, nothing for any other scheme (no ``javascript:`` autolink). Markdown
    reads no backslash escapes inside ``<...>``, so the URL goes in as it is, with the characters an
    autolink cannot hold (spaces, ``<``, ``>``) percent-encoded."""
    if not (url and url.startswith(("http://", "https://"))):
        return ""
    return " <" + re.sub(r"[\s<>]", lambda m: quote(m.group()), url) + ">"


def title(brief: Briefing) -> str:
    """ "Briefing: 2023-11-01", and what it is narrowed to: "Briefing — SBF trial, from The Verge: ..."."""
    span = brief.start if brief.start == brief.end else f"{brief.start} to {brief.end}"
    outlet = (brief.outlets[0] if len(brief.outlets) == 1 else brief.source) if brief.source else None
    narrowed = ", ".join(filter(None, [brief.topic, f"from {outlet}" if outlet else None]))
    return f"Briefing — {narrowed}: {span}" if narrowed else f"Briefing: {span}"


def counts(brief: Briefing) -> str:
    stories = plural(brief.stories, "story", "stories") if brief.stories else plural(len(brief.sections), "topic")
    if brief.stories > 1 and brief.several_outlets == 0 and not brief.source:  # the lead is one outlet's word
        stories += ", no news story carried by two outlets"
    quoted = sum(sec.quoted for sec in brief.sections)
    by = f"{brief.llm} ({quoted} of {len(brief.sections)} stories quoted from the articles)" if quoted else brief.llm
    return (
        f"{plural(brief.articles, 'article')} from {plural(len(brief.outlets), 'outlet')}, {stories}; "
        f"written by {by}; generated {brief.generated_at}"
    )


def left_out(brief: Briefing) -> str:
    """What the briefing does not show, and why (empty when nothing is left out)."""
    parts = []
    if brief.service_skipped:  # which ones: `briefer stories` lists them, last
        service = plural(brief.service_skipped, "shopping, list, review or how-to article")
        parts.append(f"{service} (`{_stories_command(brief)}` lists them)")
    if brief.uncited_left_out:
        parts.append(f"{plural(brief.uncited_left_out, 'sentence')} the model wrote without citing an article")
    if brief.undated_skipped:
        parts.append(
            f"{plural(brief.undated_skipped, 'article')} without a date (set one with `briefer article ID "
            "--published YYYY-MM-DD`)"
        )
    return "Not shown: " + "; ".join(parts) + "." if parts else ""


def _window_word(brief: Briefing) -> str:
    return "the day's" if brief.start == brief.end else "the window's"


def overview(brief: Briefing) -> str:
    """The summary's opening line: the leading stories."""
    lead = "; ".join(s.heading.rstrip(" .;") for s in brief.sections[:3])
    if lead:
        return f"Leading: {lead}" + ("" if lead.endswith(("?", "!")) else ".")
    if not brief.also and brief.service_skipped:
        return "No story to report: every article of the window is shopping, list, review or how-to content."
    return "No story to report."


def _leading(brief: Briefing) -> str:
    """The overview line, unless it would only repeat the one section's heading printed under it."""
    return "" if len(brief.sections) == 1 else overview(brief)


def corroboration(b: Bullet) -> str:
    """Said only where it says something: other outlets that report the same, copies carried."""
    parts = []
    if b.corroborated_by:
        parts.append(f"✓ also reported by {', '.join(b.corroborated_by)}")
    if b.also_carried_by:
        parts.append(f"also carried by {', '.join(b.also_carried_by)}")
    return "; ".join(parts)


def more_listed(brief: Briefing) -> str:
    return f"… and {plural(brief.also_left, 'more story', 'more stories')}: {_stories_command(brief)}"


def _stories_command(brief: Briefing) -> str:
    """The command that lists every story of the briefing's window."""
    days = (dt.date.fromisoformat(brief.end) - dt.date.fromisoformat(brief.start)).days + 1
    return f"briefer stories --date {brief.end}" + (f" --days {days}" if days > 1 else "")


def story_line(sec: Section, text=str, cite=lambda n: f"[{n}]") -> str:
    """Who carries the story and when: "2 outlets: Sporting News, The Guardian [7] · 2023-12-05 to
    2023-12-06", with the number of an outlet's article when no bullet cites it (``text`` escapes the
    words, ``cite`` writes a number, for each format)."""
    if not sec.outlets:
        return ""
    seen = sec.first_seen if sec.first_seen == sec.last_seen else f"{sec.first_seen} to {sec.last_seen}"
    carried = f"; also carried by {', '.join(sec.carried_by)}" if sec.carried_by else ""
    named = ", ".join(text(o) + "".join(f" {cite(n)}" for n in sec.outlet_sources.get(o, [])) for o in sec.outlets)
    return f"{plural(len(sec.outlets), 'outlet')}: {named}{text(carried)} · {text(seen)}"


def _cites(b: Bullet) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(q.n for q in b.citations))


def _flag(verdict: str) -> str:
    return "" if verdict == "supported" else f" ⚠ {verdict}"


def _sides(c: ConflictReport, fmt) -> str:
    if c.kind == "update" and all(s.figure for s in c.sides):
        a, b = c.sides
        moved = "went" if is_record(a.figure) else "rose"  # a win-loss record does not rise
        return f"{moved} from {fmt(a)} to {fmt(b)}"
    return " **vs** ".join(fmt(s) for s in c.sides)


_LISTED_KINDS = {"opinion": " (opinion)", "funding": " (funding round)"}


def _listed_by(h: Headline) -> str:
    """Who carried a listed story, and "(opinion)" when it is an argument, not a report ("(funding
    round)" for a startup's raise)."""
    outlets = ", ".join(h.outlets) or "unknown outlet"
    return outlets + _LISTED_KINDS.get(h.kind, "")


def markdown(brief: Briefing) -> str:
    """The whole briefing."""
    return _markdown(brief, ("head", "stories", "also", "reports", "changes"))


def summary_markdown(brief: Briefing) -> str:
    """The briefing in short, for a chat: the day's stories, without reports or history."""
    return _markdown(brief, ("head", "stories", "also"))


def story_markdown(brief: Briefing) -> str:
    """One story told at length, for a chat: its section, its conflicting figures if any, its sources."""
    return _markdown(brief, ("stories", "reports") if brief.conflicts else ("stories",))


def conflicts_markdown(brief: Briefing) -> str:
    """Only the conflicting reports and updates of the briefing, with their sources."""
    return _markdown(brief, ("title", "reports"))


def _markdown(brief: Briefing, parts: tuple[str, ...]) -> str:
    out = [f"# {md(title(brief))}", ""]
    if "head" in parts:
        out += _md_head(brief)
    if "stories" in parts:
        out += _md_stories(brief)
    if "also" in parts and brief.also:
        out += ["## Also reported", ""]
        rows = [f"- {md(h.text)} — {md(_listed_by(h))} " + "".join(f"[{n}]" for n in h.sources) for h in brief.also]
        out += rows + [""] + ([f"_{md(more_listed(brief))}_", ""] if brief.also_left else [])
    if "reports" in parts and (brief.sections or brief.conflicts):  # no story, nothing was compared
        out += _md_reports(
            "Conflicting reports",
            brief.disagreements,
            f"No conflicting figures found within {_window_word(brief)} stories.",
        )
        if brief.updates:
            out += _md_reports("Updates", brief.updates, "")
    if "changes" in parts and brief.previous:
        out += (
            [f"## What changed since the briefing of {md(brief.previous)}", ""]
            + [f"- {_md_cited(c)}" for c in brief.changes]
            + [""]
        )
    return "\n".join(out + _md_sources(brief, _cited(out))) + "\n"


def _md_head(brief: Briefing) -> list[str]:
    out = [f"_{md(counts(brief))}_", ""]
    if note := left_out(brief):
        out += [f"_{note}_", ""]
    if line := _leading(brief):
        out += [md(line), ""]  # the headlines on a line of their own, the summary below them
    summary = [f"{md(b.text)} {_cites(b)}{_earlier(brief, b)}{_flag(b.verdict)}" for b in _own_summary(brief)]
    return out + ([" ".join(summary), ""] if summary else [])


def _own_summary(brief: Briefing) -> list[Bullet]:
    """The summary, unless it only repeats the stories' bullets word for word (the offline briefing's does)."""
    told = {b.text for sec in brief.sections for b in sec.bullets}
    return [] if all(b.text in told for b in brief.summary) else brief.summary


def _earlier(brief: Briefing, b: Bullet, html_out: bool = False) -> str:
    """The day a bullet tells ("2023-11-17"): in a window of several days, where a story is told day by
    day, and for a bullet whose sources all date from before the window, so that background is not read
    as the day's news."""
    published = {s.n: s.published for s in brief.sources}
    days = [q.date or published.get(q.n) or "" for q in b.citations]
    several = brief.start != brief.end and all(days)
    if not days or not (several or all(d and d < brief.start for d in days)):
        return ""
    day = max(days)
    return f' <span class="date">({_h(day)})</span>' if html_out else f" _({md(day)})_"


def _md_stories(brief: Briefing) -> list[str]:
    out = []
    for sec in brief.sections:
        out += [f"## {md(sec.heading)}", ""]
        if line := story_line(sec, md):
            out += [f"_{line}_", ""]
        for b in sec.bullets:
            corr = f" _({md(corroboration(b))})_" if corroboration(b) else ""
            out.append(f"- {md(b.text)} {_cites(b)}{_earlier(brief, b)}{corr}{_flag(b.verdict)}")
        out.append("")
    return out


def _cited(lines: list[str]) -> set[int]:
    return {int(n) for line in lines for n in _CITED.findall(line)}


def _md_sources(brief: Briefing, cited: set[int]) -> list[str]:
    """The numbered sources that the text above cites, each under the number its citations give: a
    bullet, not an ordered list, which a Markdown reader would renumber where a source is not cited."""
    out = ["## Sources", ""]
    for s in brief.sources:
        if s.n not in cited:
            continue
        out.append(f"- [{s.n}] {md(s.title)} — {md(s.source or 'unknown outlet')}, {_dated(s)}{md_link(s.url)}")
    return out if len(out) > 2 else []


def _dated(s: Source) -> str:
    """A source's date, and for a live page the day it is read as of ("2023-11-18, live page as of
    2023-11-21": the page may have been updated since)."""
    return (s.published or "undated") + (f", live page as of {s.as_of}" if s.as_of else "")


def _md_reports(heading: str, reports: list[ConflictReport], empty: str) -> list[str]:
    out = [f"## {heading}", ""]
    if not reports:
        return out + [empty, ""]
    for c in reports:
        if all(not s.figure for s in c.sides):  # one statement citing every side (a model's)
            out.append(f"- {md(c.about)} " + "".join(f"[{s.quote.n}]" for s in c.sides) + _flag(c.verdict))
        elif _one_source(c):  # an article that tells the change itself: say its name once
            a = c.sides[0]
            said = _sides(c, lambda s: md(s.figure) + (f" ({_written(s)})" if _written(s) else ""))
            out.append(f"- **{md(c.about)}**: {said} ({md(a.who)}) [{a.quote.n}]{_flag(c.verdict)}")
        else:
            side = lambda s: f"{md(s.figure)} ({md(s.who)}{_as_written(s)}) [{s.quote.n}]"
            out.append(f"- **{md(c.about)}**: {_sides(c, side)}{_flag(c.verdict)}")
        out += [f"  - [{s.quote.n}] {md(in_quotes(s.quote.text))}" for s in c.sides]
    return out + [""]


def _one_source(c: ConflictReport) -> bool:
    """An update both of whose figures one article gives ("nearly 500 ... Later Monday, over 650")."""
    return c.kind == "update" and len({(s.who, s.quote.n) for s in c.sides}) == 1


def _written(s: Side) -> str:
    """How the article wrote the figure, when that differs from how it reads ("written “1,50,000”")."""
    return "" if s.written.casefold() == s.figure.casefold() else f"written “{md(s.written)}”"


def _as_written(s: Side) -> str:
    """``_written`` after the side's attribution ("CNN, 2016-12-12; written “1,50,000”")."""
    return f"; {_written(s)}" if _written(s) else ""


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _hbullet(brief: Briefing, b: Bullet, corr: bool = True) -> str:
    cites = "".join(_html_cite(n) for n in dict.fromkeys(q.n for q in b.citations))
    note = f' <span class="corr">({_h(corroboration(b))})</span>' if corr and corroboration(b) else ""
    flag = f' <span class="flag">⚠ {_h(b.verdict)}</span>' if b.verdict != "supported" else ""
    return f"{_h(b.text)} {cites}{_earlier(brief, b, html_out=True)}{note}{flag}"


def to_html(brief: Briefing) -> str:
    parts = [
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{_h(title(brief))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{_h(title(brief))}</h1>",
        f'<p class="meta">{_h(counts(brief))}</p>',
    ]
    if note := left_out(brief):
        parts.append(f'<p class="meta">{_h(note)}</p>')
    if line := _leading(brief):
        parts.append(f"<p>{_h(line)}</p>")
    if summary := _own_summary(brief):
        parts.append("<p>" + " ".join(_hbullet(brief, b, corr=False) for b in summary) + "</p>")
    for sec in brief.sections:
        line = story_line(sec, _h, _html_cite)
        line = f'<p class="meta">{line}</p>' if line else ""
        parts.append(
            f"<h2>{_h(sec.heading)}</h2>{line}<ul>"
            + "".join(f"<li>{_hbullet(brief, b)}</li>" for b in sec.bullets)
            + "</ul>"
        )
    if brief.also:
        parts.append(
            "<h2>Also reported</h2><ul>"
            + "".join(
                f"<li>{_h(h.text)} — {_h(_listed_by(h))} " + "".join(_html_cite(n) for n in h.sources) + "</li>"
                for h in brief.also
            )
            + "</ul>"
            + (f'<p class="more">{_h(more_listed(brief))}</p>' if brief.also_left else "")
        )
    if brief.sections or brief.conflicts:
        parts += _html_reports("conflicts", "Conflicting reports", brief.disagreements, "conflict", _window_word(brief))
    if brief.updates:
        parts += _html_reports("updates", "Updates", brief.updates, "update", _window_word(brief))
    if brief.previous:
        parts.append(
            f"<h2>What changed since the briefing of {_h(brief.previous)}</h2><ul>"
            + "".join(f"<li>{_CITED.sub(lambda m: _html_cite(m[1]), _h(x))}</li>" for x in brief.changes)
            + "</ul>"
        )
    parts.append('<h2>Sources</h2><ol class="sources">')
    for s in brief.sources:
        url = f' — <a href="{_h(s.url)}">{_h(s.url)}</a>' if s.url and s.url.startswith(("http://", "https://")) else ""
        parts.append(
            f'<li id="src-{s.n}">{_h(s.title)} — {_h(s.source or "unknown outlet")}, {_h(_dated(s))}{url}</li>'
        )
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"


def _html_reports(anchor: str, heading: str, reports: list[ConflictReport], css: str, within: str) -> list[str]:
    out = [f'<h2 id="{anchor}">{heading}</h2>']
    if not reports:
        return out + [f"<p>No conflicting figures found within {within} stories.</p>"]
    for c in reports:
        sides = "".join(
            f'<p class="side"><b>{_h(s.figure)}</b> {"— " + _h(s.who) if s.who else ""} '
            f"{_html_cite(s.quote.n)}<br>"
            f'<span class="quote">{_h(in_quotes(" ".join(s.quote.text.split())))}</span></p>'
            for s in c.sides
        )
        said = _sides(c, lambda s: f"<b>{_h(s.figure)}</b>") if c.kind == "update" else ""
        out.append(f'<div class="{css}"><p><b>{_h(c.about)}</b>{": " + said if said else ""}</p>{sides}</div>')
    return out
