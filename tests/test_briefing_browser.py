"""The HTML briefing rendered by headless Chromium: the DOM it builds, and a screenshot."""

import shutil
import subprocess

import pytest
from conftest import SEEDS, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium not installed (make install-browser)")]


def _chromium(tmp_path, *args):
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def test_html_briefing_in_chromium(tmp_path):
    env = {"BRIEFER_INDEX": str(tmp_path / "i")}
    evil = tmp_path / "evil.md"
    evil.write_text("---\ntitle: Aleppo <script>document.title='PWNED'</script> update\nsource: Wire\n"
                    "published: 2016-12-12\n---\nCivilians kept leaving eastern Aleppo on Monday "
                    "<script>document.body.innerHTML='PWNED'</script> as the fighting went on, witnesses said.\n")
    assert run_cli("ingest", str(SEEDS), "--published", "2016-12-11", env=env).returncode == 0
    assert run_cli("ingest", str(evil), env=env).returncode == 0
    page = tmp_path / "brief.html"
    res = run_cli("brief", "--days", "3", "--format", "html", "-o", str(page), "--llm", "extractive", env=env)
    assert res.returncode == 0, res.stderr
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-500:]
    html = dom.stdout
    assert "PWNED" not in html.replace("&lt;script&gt;document.title='PWNED'", "").replace(
        "&lt;script&gt;document.body.innerHTML='PWNED'", "")  # the text is shown escaped, never run
    assert "<script" not in html.lower()
    assert "Conflicting reports" in html and 'id="src-1"' in html and 'href="#src-1"' in html
    shot = tmp_path / "brief.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,1400", page.as_uri())
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
