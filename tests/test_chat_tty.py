"""`briefer chat` on a pseudo-terminal: the prompt, streamed answers, Ctrl-C cancelling an answer
(not the session) and Ctrl-D leaving with exit 0."""

import os
import signal
import sys
import time

import pexpect
import pytest
from conftest import REPO

from briefer.testing.fake_anthropic import FakeAnthropic, Reply, cit, text

pytestmark = pytest.mark.integration


def test_stream_ctrl_c_and_ctrl_d(seeded):
    env, _ = seeded
    with FakeAnthropic() as fake:
        fake.enqueue(
            Reply([text("This answer never arrives.", [cit(0, 0)])], delay=20),
            Reply([text("More than 20,000 civilians left eastern Aleppo on Saturday.", [cit(0, 0)])], pieces=5),
        )
        full_env = {**os.environ, **env, "ANTHROPIC_BASE_URL": fake.url, "ANTHROPIC_API_KEY": "sk-test-tty",
                    "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "120", "LINES": "40"}
        # Ctrl-C as at a terminal: a suite started in the background (`make test &`) ignores SIGINT, and a
        # child would inherit that.
        child = pexpect.spawn(sys.executable, ["-m", "briefer", "chat"], env=full_env, cwd=str(REPO),
                              encoding="utf-8", timeout=60, dimensions=(40, 120),
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            child.expect("briefer chat")
            child.expect("briefer›")
            child.sendline("How many civilians left eastern Aleppo on Saturday?")
            deadline = time.time() + 60
            while not fake.requests and time.time() < deadline:  # wait until the answer is under way
                time.sleep(0.1)
            time.sleep(0.5)  # the fake server holds this reply back: cancel it
            child.sendintr()
            child.expect("answer cancelled")
            child.expect("briefer›")
            _ask_and_leave(child, "Sources")
        finally:
            child.close()
        assert child.exitstatus == 0


def test_answers_wrap_at_words_on_a_narrow_terminal(seeded):
    import re

    env, _ = seeded
    full_env = {**os.environ, **env, "TERM": "xterm", "COLUMNS": "50", "LINES": "40", "NO_COLOR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "briefer", "ask", "How many civilians left eastern Aleppo on Saturday?",
                                           "--llm", "extractive"], env=full_env, cwd=str(REPO), encoding="utf-8",
                          timeout=120, dimensions=(40, 50))
    child.expect(pexpect.EOF)
    child.close()
    final = child.before.rsplit("\x1b[2K", 1)[-1]  # after the streamed draft is erased: the answer as printed
    text = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07", "", final).replace("\r", "")
    lines = [ln for ln in text.split("\n") if ln.strip()]
    assert child.exitstatus == 0 and any("20,000" in ln for ln in lines), text
    assert max(len(ln) for ln in lines) <= 50, [ln for ln in lines if len(ln) > 50]  # wrapped by briefer, at words
    assert "civilians" in text.split() or "civilians" in " ".join(lines).split()


def test_the_model_loads_behind_a_spinner_before_the_prompt(seeded):
    env, _ = seeded
    child = _offline_chat(env, columns=120)
    try:
        child.expect("Loading the model and the index")
        child.expect("3 articles, 1 outlet · answers by extractive")
        child.expect("briefer›")
        _ask_and_leave(child, "briefer›")
    finally:
        child.close()
    assert child.exitstatus == 0


def _offline_chat(env: dict, columns: int):
    """`briefer chat --llm extractive` on a pseudo-terminal ``columns`` wide."""
    full_env = {**os.environ, **env, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": str(columns),
                "LINES": "40"}
    return pexpect.spawn(sys.executable, ["-m", "briefer", "chat", "--llm", "extractive"], env=full_env,
                         cwd=str(REPO), encoding="utf-8", timeout=120, dimensions=(40, columns))


def _ask_and_leave(child, then: str) -> None:
    """Ask the Saturday question at the prompt, see its figure and ``then``, wait for the prompt, press Ctrl-D."""
    child.sendline("How many civilians left eastern Aleppo on Saturday?")
    child.expect("20,000")
    child.expect(then)
    if then != "briefer›":
        child.expect("briefer›")
    child.sendeof()
    child.expect(pexpect.EOF)


def test_a_briefing_at_a_terminal_is_shown_not_printed_as_markdown_source(seeded):
    """Seen by a user: `briefer brief` at a terminal printed '# Briefing', '_..._' and '\\[1\\]'."""
    import re

    env, _ = seeded
    full_env = {**os.environ, **env, "TERM": "xterm", "COLUMNS": "80", "LINES": "40", "NO_COLOR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "briefer", "brief", "--date", "2016-12-12", "--days", "7", "--llm",
                                           "extractive"], env=full_env, cwd=str(REPO), encoding="utf-8",
                          timeout=120, dimensions=(40, 80))
    child.expect(pexpect.EOF)
    child.close()
    text = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", child.before).replace("\r", "")
    assert child.exitstatus == 0 and "Briefing" in text and "Aleppo" in text, text
    assert "# Briefing" not in text and "\\[" not in text and "[1]" in text
    assert max(len(ln) for ln in text.split("\n")) <= 80


def test_a_briefing_in_chat_at_a_terminal_wraps_at_its_width(seeded):
    import re

    env, _ = seeded
    child = _offline_chat({**env, "NO_COLOR": "1"}, columns=60)
    try:
        child.expect("briefer›")
        child.sendline("/brief 2016-12-12 --days 7")
        child.expect("Sources")
        child.expect("briefer›")
        shown = child.before
        child.sendeof()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    text = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", shown).replace("\r", "")
    assert "Aleppo" in text and "# Briefing" not in text and "[1]" in text
    assert max(len(ln) for ln in text.split("\n")) <= 60  # wrapped at the terminal's width, not cropped
