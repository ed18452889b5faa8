"""No article, file name or error message can drive the terminal: escape sequences and control
characters are taken out at ingest and again by everything the command line prints."""

import io
import json

from conftest import run_cli

from briefer.cli.console import SafeConsole
from briefer.ingest.readers import read_file
from briefer.text.control import strip_controls

HOSTILE = ("Evil \x1b[2J screen clear and \x1b]8;;http://phish.example\x1b\\click\x1b]8;;\x1b\\ link. The harbour "
           "council voted \x9b31m to repair the wall on Monday, officials said.\x1b]0;window title")


def test_sequences_go_whole_and_text_stays():
    assert strip_controls(HOSTILE) == ("Evil  screen clear and click link. The harbour council voted  to repair the "
                                       "wall on Monday, officials said.")
    assert strip_controls("tab\there\nand a bell\x07 and DEL\x7f.") == "tab\there\nand a bell and DEL."


def test_ingest_stores_no_control_character(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"title": "Harbour \x1b[5mvote", "source": "Evil\x07 Times", "body": HOSTILE}]))
    (art,) = read_file(path)
    assert (art.title, art.source) == ("Harbour vote", "Evil Times")
    assert strip_controls(art.text) == art.text and "phish" not in art.text


def test_the_console_drops_what_an_older_index_still_holds():
    out = io.StringIO()
    SafeConsole(file=out, force_terminal=True, color_system="standard", highlight=False).print(HOSTILE, style="bold", markup=False)
    printed = out.getvalue()
    assert "\x07" not in printed and "\x9b" not in printed and "]8;;" not in printed and "[2J" not in printed
    assert "\x1b" not in printed.replace("\x1b[1m", "").replace("\x1b[0m", "")  # rich's own bold, nothing else
    assert " ".join(printed.replace("\x1b[1m", "").replace("\x1b[0m", "").split()) == " ".join(
        strip_controls(HOSTILE).split())


def test_no_command_prints_an_escape_sequence(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[31mred.json").write_text(json.dumps([{
        "title": "Harbour \x1b[5mvote", "source": "Evil\x07 Times", "published_at": "2016-12-12", "body": HOSTILE}]))
    (folder / "broken\x1b]0;x\x07.json").write_text("[{")
    env = {"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_EMBED_BACKEND": "hash"}
    runs = [run_cli("ingest", str(folder), env=env)]
    for args in (["search", "harbour"], ["ask", "What did the harbour council vote?", "--llm", "extractive"],
                 ["brief", "--date", "2016-12-12", "--llm", "extractive"], ["stats"], ["stories"]):
        runs.append(run_cli(*args, env=env))
    assert runs[0].returncode == 1 and "in/broken.json" in runs[0].stderr  # named, without its escapes
    assert "repair the wall" in runs[1].stdout and "repair the wall" in runs[3].stdout
    for res in runs:
        assert "\x1b" not in res.stdout + res.stderr and "\x07" not in res.stdout + res.stderr, res.args


def test_a_table_into_a_pipe_keeps_every_figure_whole():
    from rich.table import Table

    table = Table(box=None)
    for name in ("labels", "day", "cover", "top", "noise", "lead", "alone", "seconds", "conflicts", "updates"):
        table.add_column(name, no_wrap=True)
    table.add_row("holdout11", "2023-12-21", "0.974", "0.731", "0.000", "0.604", "0.733", "0.34", "P 1.00 R 0.43",
                  "P 0.67 R 0.13")
    out = io.StringIO()
    SafeConsole(file=out, width=60, highlight=False).print(table)
    assert "…" not in out.getvalue()
    assert "2023-12-21" in out.getvalue() and "P 1.00 R 0.43" in out.getvalue()
