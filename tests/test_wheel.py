"""The package installs: a wheel built from the checkout, installed into a fresh virtualenv, runs
outside the checkout (prompts and the ranker's model are package data, eval paths are settings).

The fresh virtualenv gets only the wheel; its third-party dependencies (torch, chromadb, ...) are
borrowed from the project's environment through a ``.pth`` path, so the test measures briefer's
packaging, not a 1 GB dependency install. The project's editable install is not visible there (its
finder is a ``.pth`` *hook* of the project's environment, which a borrowed path does not run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

from briefer.testing.fake_anthropic import FakeAnthropic, Reply, cit, text

pytestmark = pytest.mark.integration
Q = "How many civilians left eastern Aleppo on Saturday?"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(briefer executable, environment, working folder) of the wheel installed in a fresh venv."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("briefer-*.whl"))
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--quiet", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = root / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFER_", "ANTHROPIC_", "VIRTUAL_ENV"))}
    env.update(BRIEFER_INDEX=str(root / "index"), BRIEFER_CONFIG="")
    return env_dir / "bin" / "briefer", env, work, wheel


def run(installed, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    exe, base_env, work, _ = installed
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=work, timeout=300,
                          env={**base_env, **(env or {})})


def test_the_wheel_carries_prompts_and_the_ranker(installed):
    names = zipfile.ZipFile(installed[3]).namelist()
    assert {"briefer/prompts/answer_system.md", "briefer/prompts/briefing_system.md",
            "briefer/prompts/rewrite_query.md", "briefer/prompts/cite_prompted.md", "briefer/prompts/judge_answer.md",
            "briefer/search/data/ranker.txt", "briefer/search/data/ranker.json", "briefer/llm/data/evidence.txt",
            "briefer/llm/data/evidence.json", "briefer/ingest/data/genre.json",
            "briefer/brief/data/story_model.json"} <= set(names)
    assert not any(n.startswith(("tests/", "benchmarks/", "evals/")) for n in names)


def test_installed_package_is_the_wheel_not_the_checkout(installed):
    exe = installed[0]
    where = subprocess.run([str(exe.parent / "python"), "-c", "import briefer; print(briefer.__file__)"],
                           capture_output=True, text=True, cwd=installed[2], env=installed[1], check=True).stdout
    assert str(exe.parent.parent) in where and str(REPO) not in where


def test_ingest_and_offline_ask_outside_the_checkout(installed):
    res = run(installed, "ingest", str(SEEDS), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["articles_added"] == 3
    res = run(installed, "ask", Q, "--llm", "extractive", "--json")
    assert res.returncode == 0, res.stderr
    ans = json.loads(res.stdout)
    assert "20,000" in ans["answer"] and ans["sentences"][0]["verdict"] == "supported"


def test_claude_path_loads_its_prompt_from_the_package(installed):
    assert run(installed, "ingest", str(SEEDS)).returncode == 0
    with FakeAnthropic() as fake:
        fake.enqueue(Reply([text("More than 20,000 civilians left eastern Aleppo on Saturday.", [cit(0, 4)])]))
        res = run(installed, "ask", Q, "--llm", "anthropic", "--json", "-k", "3",
                  env={**fake.env, "ANTHROPIC_API_KEY": "sk-test-wheel"})
    assert res.returncode == 0, res.stderr
    system = fake.requests[0].body["system"]
    prompts = REPO / "briefer" / "prompts"
    assert system == (prompts / "answer_system.md").read_text(encoding="utf-8").replace(
        "{abstain_phrase}", "The provided articles do not answer this question.").replace(
        "{cite_rule}", (prompts / "cite_native.md").read_text(encoding="utf-8").strip())
    assert json.loads(res.stdout)["citations"][0]["quote"] == fake.requests[0].search_results[0]["content"][4]["text"]


def test_eval_says_where_its_data_should_be(installed):
    res = run(installed, "eval", "seeds", "--retrieval-only")
    assert res.returncode == 2
    assert "BRIEFER_EVALS_DIR" in res.stderr and "\n" not in res.stderr.strip()
