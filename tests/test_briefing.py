"""`briefer brief`: conflicts on the seeds and on synthetic articles, formats, escaping and atomic
writes (which days and articles a briefing reads: ``test_briefing_window.py``; what changed between two
briefings: ``test_briefing_history.py``)."""

import json

import pytest
from conftest import SEEDS, briefing_of, indexed, run_cli

from briefer.brief.formats import to_json
from briefer.brief.render import markdown, to_html
from briefer.brief.stories import stories_of_window
from briefer.core.errors import ConfigError
from briefer.core.files import write_atomic
from briefer.index import Index
from briefer.ingest import ingest

pytestmark = pytest.mark.integration


TOLLS = [  # two outlets' tolls of one earthquake, which disagree
    {"title": "Quake toll rises", "source": "Daily Wire", "published_at": "2024-03-02",
     "body": "At least 45 people were killed in the earthquake in Al Haouz province, officials said. Rescue teams "
             "searched the rubble near Marrakech."},
    {"title": "Earthquake kills dozens", "source": "Coast Times", "published_at": "2024-03-02",
     "body": "The earthquake in Al Haouz province killed 38 people, the regional governor said. Schools near "
             "Marrakech were closed on Friday."},
]


_brief = briefing_of


def test_seed_briefing_sets_the_two_required_conflicts_side_by_side(dated_seeds):
    b = _brief(dated_seeds, date="2016-12-12", days=7)
    assert (b.start, b.end, b.articles) == ("2016-12-06", "2016-12-12", 3)
    figures = [{s.figure for s in c.sides} for c in b.conflicts]
    assert {"more than 150,000", "100,000"} in figures
    assert {"an estimated 10,000", "around 20,000"} in figures
    sana = next(c for c in b.conflicts if "around 20,000" in {s.figure for s in c.sides})
    assert [s.who for s in sana.sides] == ["Civilians, via CNN, 2016-12-12",  # who says it, which outlet, when
                                           "The Syrian state-run news agency SANA, via CNN, 2016-12-12"]
    for c in b.conflicts:
        for s in c.sides:
            assert dated_seeds.catalog.article_text(s.quote.article_id)[s.quote.start : s.quote.end] == s.quote.text
    md = markdown(b)
    order = [md.index(h) for h in ("# Briefing", "## Conflicting reports", "## Sources")]
    assert order == sorted(order) and "written “More than 1,50,000”" in md
    assert all(b.citations for sec in b.sections for b in sec.bullets)
    assert all(bullet.verdict == "supported" for sec in b.sections for bullet in sec.bullets)


def test_conflicts_on_synthetic_articles(tmp_path, minilm):

    arts = [
        *TOLLS,
        {"title": "Budget approved", "source": "Daily Wire", "published_at": "2024-03-02",
         "body": "The council approved a budget of 120 million dollars for road repairs. Work starts in April."},
    ]
    index = indexed(tmp_path, minilm, arts)
    b = _brief(index)
    assert len(b.conflicts) == 1
    sides = {(s.figure, s.who) for s in b.conflicts[0].sides}
    assert sides == {("at least 45", "Officials, via Daily Wire, 2024-03-02"),
                     ("38", "The regional governor, via Coast Times, 2024-03-02")}
    assert b.conflicts[0].kind == "conflict" and b.conflicts[0].story


def test_a_longer_briefing_does_not_set_side_by_side_two_reports_of_the_days_before_it(tmp_path, minilm):
    """A user read a week's briefing (2023-10-08 to 10-14) set "$30 million (The Verge, 2023-10-04) vs $35
    million (CNBC, 2023-10-06)" side by side: a report needs a side at most a story window (4 days) older
    than the briefing's last day, as a day's briefing sets a report of three days before beside its news."""
    arts = [
        *TOLLS,
        {"title": "Rescue goes on in Al Haouz", "source": "Daily Wire", "published_at": "2024-03-06",
         "body": "Rescue teams in Al Haouz province kept searching the rubble of the earthquake near Marrakech on "
                 "Wednesday, officials said. Aid lorries reached the mountain villages of Al Haouz."},
    ]
    index = indexed(tmp_path, minilm, arts)
    assert len(stories_of_window(index, "2024-03-06", "2024-03-06")[0].articles) == 3  # one story, still running
    day = _brief(index, date="2024-03-06")
    assert [{s.figure for s in c.sides} for c in day.conflicts] == [{"at least 45", "38"}]  # four days on: still news
    week = _brief(index, date="2024-03-08", days=3)
    assert week.sections and not week.conflicts  # both reports of the days before the window, six days old


def test_also_reported_lists_the_most_newsworthy_and_counts_the_rest(tmp_path):
    """A user's weekly briefing listed 19 sport and lifestyle headlines under "Also reported": the list
    keeps the ``brief_also`` most newsworthy and says how many more `briefer stories` lists."""
    topics = ["rail budget in Norway", "harbour bridge repairs in Lisbon", "wheat harvest in Kansas",
              "library reopening in Leeds", "ferry strike in Helsinki"]
    arts = [{"title": f"News of the {t}", "source": f"Outlet {i}", "published_at": "2024-03-05",
             "body": f"Officials announced on Tuesday a plan for the {t}, which will cost {i + 2} million dollars. "
                     f"The decision on the {t} was welcomed by residents at a public meeting."} for i, t in enumerate(topics)]
    index = indexed(tmp_path, None, arts, embed_backend="hash", brief_stories=1, brief_also=2)
    b = _brief(index, date="2024-03-05")
    assert len(b.sections) == 1 and len(b.also) == 2 and b.also_left == 2
    assert len(b.sources) == 3  # the headlines not listed are not numbered either
    assert "… and 2 more stories: briefer stories --date 2024-03-05_" in markdown(b)
    assert '<p class="more">… and 2 more stories: briefer stories --date 2024-03-05</p>' in to_html(b)
    assert json.loads(to_json(b))["also_left"] == 2


def test_html_escapes_article_text_and_links_citations(tmp_path, minilm):
    from briefer.config import load_settings

    index = Index(load_settings(index=tmp_path / "i"), embedder=minilm)
    evil = tmp_path / "evil.md"
    evil.write_text("---\ntitle: <script>alert('t')</script> Market news\nsource: Wire\npublished: 2024-05-01\n---\n"
                    "Shares rose sharply on Monday <script>alert(1)</script> as investors cheered the results. "
                    "Analysts said the rally could continue into the summer months ahead.\n")
    ingest(index, [evil])
    page = to_html(_brief(index))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="#src-1"' in page and 'id="src-1"' in page and "<style>" in page and "http" not in page


def test_json_has_the_same_structure(dated_seeds):
    data = json.loads(to_json(_brief(dated_seeds, date="2016-12-12", days=7)))
    assert {"sections", "conflicts", "sources", "summary", "changes"} <= set(data)
    assert all({"text", "citations", "verdict", "outlets"} <= set(b) for s in data["sections"] for b in s["bullets"])


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "brief.md"
    write_atomic(target, "first\n")
    write_atomic(target, "second\n")
    assert target.read_text() == "second\n" and [p.name for p in tmp_path.iterdir()] == ["brief.md"]
    with pytest.raises(ConfigError, match="cannot write"):
        write_atomic(tmp_path / "brief.md" / "b.md", "x")  # under a file: no folder can be made
    write_atomic(tmp_path / "new-dir" / "b.md", "x")  # a missing folder is made
    folder = tmp_path / "adir"
    folder.mkdir()
    with pytest.raises(ConfigError):
        write_atomic(folder, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "brief.md", "new-dir"]
    assert target.read_text() == "second\n"


def test_cli_brief_done_when(tmp_path):
    env = {"BRIEFER_INDEX": str(tmp_path / "i")}
    assert run_cli("ingest", str(SEEDS / "000_b77d2fd608b1d053.txt"), str(SEEDS / "002_05a49977c339561e.txt"), env=env).returncode == 0
    assert run_cli("ingest", str(next(SEEDS.glob("001*"))), "--published", "2016-12-10", env=env).returncode == 0
    out = tmp_path / "brief.md"
    res = run_cli("brief", "--date", "2016-12-12", "--days", "7", "--llm", "extractive", "-o", str(out), env=env)
    assert res.returncode == 0, res.stderr
    md = out.read_text()
    conflicts = md[md.index("## Conflicting reports"):md.index("## Sources")]
    assert "more than 150,000" in conflicts and "100,000" in conflicts and "1,50,000" in conflicts
    assert "10,000" in conflicts and "20,000" in conflicts and "SANA" in conflicts
    empty = run_cli("brief", "--date", "2001-01-01", env=env)
    assert empty.returncode == 1 and "no articles published 2001-01-01" in empty.stderr
    assert empty.stderr.count("briefer: error:") == 1 and "Traceback" not in empty.stderr


def test_seeds_as_make_chat_ingests_them_pair_exactly_the_two_real_conflicts(tmp_path, minilm):
    """The undated seed stays undated; the latest day's briefing holds the Aleppo story with its
    earlier article, and sets 150,000 against 100,000 and 10,000 against 20,000, and nothing else."""
    from briefer.config import load_settings

    index = Index(load_settings(index=tmp_path / "i"), embedder=minilm)
    ingest(index, [SEEDS])
    b = _brief(index)
    assert (b.start, b.end, b.undated_skipped) == ("2016-12-12", "2016-12-12", 1)
    assert sorted(sorted(s.figure for s in c.sides) for c in b.conflicts) == [
        ["100,000", "more than 150,000"], ["an estimated 10,000", "around 20,000"]]
    assert all(c.kind == "conflict" for c in b.conflicts)
    md = markdown(b)
    assert "without a date" in md and "1 outlet)" not in md


def test_figures_that_grow_over_time_are_updates_not_conflicts(tmp_path, minilm):

    arts = [
        {"title": "Flood toll climbs in the valley", "source": "River Post", "published_at": "2024-04-01",
         "body": "Floods in the Arno valley have killed more than 40 people, the civil protection agency said. "
                 "Rescue crews from Florence searched flooded villages along the Arno."},
        {"title": "Arno valley floods: toll rises", "source": "Valley News", "published_at": "2024-04-02",
         "body": "Floods in the Arno valley have killed 61 people, the civil protection agency said on Tuesday. "
                 "Rescue crews from Florence kept searching flooded villages along the Arno."},
    ]
    index = indexed(tmp_path, minilm, arts)
    b = _brief(index, date="2024-04-02", days=2)
    assert [c.kind for c in b.conflicts] == ["update"]
    assert [s.figure for s in b.conflicts[0].sides] == ["more than 40", "61"]
    md = markdown(b)
    assert "## Updates" in md and "rose from more than 40" in md and "## Conflicting reports" in md
    assert "rose from <b>more than 40</b> to <b>61</b>" in to_html(b)  # the page words it as the Markdown does


def _arno_floods(tmp_path, minilm, todays_body: str) -> Index:

    arts = [
        {"title": "Arno valley floods: toll rises", "source": "Valley News", "published_at": "2024-04-02",
         "body": todays_body},
        {"title": "Flood toll climbs in the valley", "source": "River Post", "published_at": "2024-03-31",
         "body": "Floods in the Arno valley have killed more than 40 people, the civil protection agency said. "
                 "Rescue crews from Florence searched flooded villages along the Arno on Sunday."},
    ]
    return indexed(tmp_path, minilm, arts)


def test_a_day_tells_its_own_news_and_the_lead_is_not_said_twice(tmp_path, minilm):
    """An earlier day's sentence of the story is not told once the day's own articles gave a bullet:
    2023-11-21 had told "Sam Altman has been fired from OpenAI" (of 11-17) under the day's OpenAI story."""
    index = _arno_floods(tmp_path, minilm, "Floods in the Arno valley have killed 61 people, the civil protection "
                                           "agency said on Tuesday.")
    md = markdown(_brief(index, date="2024-04-02"))
    today = "Floods in the Arno valley have killed 61 people, the civil protection agency said on Tuesday. [1]"
    assert f"- {today}\n" in md and today not in md.split("## ")[0]  # told once, under its story
    assert "Florence searched" not in md and "2024-03-31)_" not in md.split("## Sources")[0]


def test_a_bullet_from_an_earlier_day_says_its_day(tmp_path, minilm):
    """When the day's articles of a story give no sentence that reads alone, an earlier day's is told,
    and says its day."""
    index = _arno_floods(tmp_path, minilm, "He said it would rise again, speaking for them on Tuesday.")
    b = _brief(index, date="2024-04-02")
    md, page = markdown(b), to_html(b)
    assert "Florence searched flooded villages along the Arno on Sunday. [1] _(2024-03-31)_" in md
    assert 'on Sunday. <a class="cite" href="#src-1">[1]</a> <span class="date">(2024-03-31)</span>' in page


def test_a_window_of_shopping_content_alone_says_so_and_compares_nothing(tmp_path):

    deal = {"title": "The 12 best deals on noise-cancelling headphones", "source": "Gadget Desk",
            "published_at": "2024-03-01", "body": "Sony's WH-1000XM5 headphones are down to $298 at Amazon today."}
    index = indexed(tmp_path, None, [deal], embed_backend="hash", chunk_tokens=60)
    b = _brief(index)
    md, page = markdown(b), to_html(b)
    said = "No story to report: every article of the window is shopping, list, review or how-to content."
    assert said in md and said in page
    assert "Conflicting reports" not in md + page  # no story was told, so none was compared


def test_several_formats_from_one_briefing(tmp_path):
    env = {"BRIEFER_INDEX": str(tmp_path / "i")}
    assert run_cli("ingest", str(SEEDS), env=env).returncode == 0
    (tmp_path / "taken").write_text("a file, not a folder")
    res = run_cli("brief", "--format", "md,html,json", "-o", str(tmp_path / "taken" / "day"), env=env)
    assert res.returncode != 0 and "cannot write" in res.stderr  # no folder can be made there: one clear line
    res = run_cli("brief", "--format", "md,html,json", "-o", str(tmp_path / "out" / "day"), "--llm", "extractive",
                  env=env)
    assert res.returncode == 0, res.stderr  # the folder out/ is made, as the README's example expects
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["day.html", "day.json", "day.md"]
    data = json.loads((tmp_path / "out" / "day.json").read_text())
    md = (tmp_path / "out" / "day.md").read_text()
    assert data["generated_at"] in md and data["generated_at"] in (tmp_path / "out" / "day.html").read_text()
    bad = run_cli("brief", "--format", "md,pdf", "-o", str(tmp_path / "x"), env=env)
    assert bad.returncode == 2 and "pdf" in bad.stderr and "Traceback" not in bad.stderr
    assert run_cli("brief", "--format", "md,html", env=env).returncode == 2  # several formats need -o
    single = run_cli("brief", "-o", str(tmp_path / "new" / "sub" / "day.html"), "--llm", "extractive", env=env)
    assert single.returncode == 0, single.stderr  # the suffix names the format when --format is not given
    assert (tmp_path / "new" / "sub" / "day.html").read_text().lstrip().lower().startswith("<!doctype html")
    into = run_cli("brief", "--format", "md,json", "-o", f"{tmp_path / 'fresh'}/", "--llm", "extractive", env=env)
    assert into.returncode == 0, into.stderr  # a new folder, named with its "/": the files go inside it
    assert sorted(p.suffix for p in (tmp_path / "fresh").iterdir()) == [".json", ".md"]
    for option in ("--topic", "--source"):
        empty = run_cli("brief", option, " ", env=env)
        assert empty.returncode == 2 and option in empty.stderr and "empty" in empty.stderr, empty.stderr


def test_output_into_a_folder_names_each_file_for_its_window(tmp_path):
    from briefer.brief.formats import write_formats

    deal = {"title": "The 12 best deals on noise-cancelling headphones", "source": "Gadget Desk",
            "published_at": "2024-03-01", "body": "Sony's WH-1000XM5 headphones are down to $298 at Amazon today."}
    b = _brief(indexed(tmp_path, None, [deal], embed_backend="hash", chunk_tokens=60))
    (tmp_path / "out").mkdir()
    written = write_formats(b, ["md", "json"], tmp_path / "out")  # an existing folder: files go inside it
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["briefing-2024-03-01.json", "briefing-2024-03-01.md"]
    assert written[0].read_text().startswith("# Briefing") and not (tmp_path / "out.md").exists()
    b.start = "2024-02-24"
    assert write_formats(b, ["html"], f"{tmp_path / 'new'}/")[0].name == "briefing-2024-02-24_to_2024-03-01.html"
    assert write_formats(b, ["html"], tmp_path / "day.htm")[0].name == "day.htm"  # a file path is used as given


def test_markdown_escapes_article_text(tmp_path, minilm):
    from briefer.config import load_settings

    index = Index(load_settings(index=tmp_path / "i"), embedder=minilm)
    evil = tmp_path / "evil.md"
    evil.write_text("---\ntitle: Markets [click](javascript:alert(1)) rally\nsource: Wire\npublished: 2024-05-01\n"
                    "url: javascript:alert(2)\n---\nShares of Acme Corp rose sharply on Monday <script>alert(1)</script> "
                    "as investors cheered the results of the quarter.\n")
    ingest(index, [evil])
    md = markdown(_brief(index))
    import re

    assert "<script>" not in md and not re.search(r"(?<!\\)\]\(javascript:", md) and "<javascript:" not in md


def test_atomic_write_has_the_usual_permissions_and_clears_a_killed_writers_leftovers(tmp_path):
    import os
    import subprocess
    import sys

    target = tmp_path / "brief.md"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f".brief.md.{dead.stdout.strip()}.abcd1234.briefer-tmp"  # a writer SIGKILLed mid-write
    left.write_text("half a brie")
    mine = tmp_path / f".brief.md.{os.getpid()}.live.briefer-tmp"  # a writer still running is left alone
    mine.write_text("in progress")
    old = os.umask(0o022)
    try:
        write_atomic(target, "whole\n")
    finally:
        os.umask(old)
    assert (target.stat().st_mode & 0o777) == 0o644  # like any file the user writes, not a temp file's 0600
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name, "brief.md"]
