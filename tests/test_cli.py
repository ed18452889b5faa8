"""The real CLI in subprocesses: the issue's done-when checks, exit codes, and no tracebacks."""

import json
import shutil

import pytest
from conftest import SEEDS, run_cli


@pytest.mark.integration
def test_ingest_seeds_reports_json(seeded):
    _, report = seeded
    assert report["articles_added"] == 3 and report["failed"] == []


@pytest.mark.integration
def test_search_finds_the_20000_passage_in_top_3(seeded):
    env, _ = seeded
    res = run_cli("search", "how many civilians left eastern Aleppo", "-k", "3", "--json", env=env)
    assert res.returncode == 0, res.stderr
    hits = json.loads(res.stdout)
    assert len(hits) == 3
    assert any("More than 20,000 civilians" in h["text"] for h in hits)
    keys = {"rank", "score", "chunk_id", "article_id", "title", "source", "published", "url", "text", "start", "end"}
    assert all(keys <= set(h) for h in hits)


@pytest.mark.integration
def test_search_since_returns_only_the_cnn_article(seeded):
    env, _ = seeded
    hits = json.loads(run_cli("search", "Aleppo", "--since", "2016-12-11", "--json", env=env).stdout)
    assert hits and {(h["source"], h["published"]) for h in hits} == {("CNN", "2016-12-12")}


@pytest.mark.integration
def test_second_ingest_changes_nothing_and_stats(seeded):
    env, _ = seeded
    again = json.loads(run_cli("ingest", str(SEEDS), "--json", env=env).stdout)
    assert again["articles_added"] == 0 and again["chunks_added"] == 0 and again["files_unchanged"] == 3
    stats = json.loads(run_cli("stats", "--json", env=env).stdout)
    assert stats["articles"] == 3 and stats["last_published"] == "2016-12-12"
    assert {"articles", "chunks", "sources", "first_published", "last_published"} <= set(stats)


@pytest.mark.integration
def test_human_search_output_and_doctor(seeded):
    env, _ = seeded
    out = run_cli("search", "Aleppo exodus", "-k", "2", env={**env, "NO_COLOR": "1"})
    assert out.returncode == 0 and "1. " in out.stdout and "\x1b[" not in out.stdout
    doc = run_cli("doctor", env=env)
    assert doc.returncode == 0, doc.stdout
    assert "agree" in doc.stdout and "ANTHROPIC_API_KEY" in doc.stdout and "reads up to 256 tokens" in doc.stdout
    big = run_cli("doctor", env={**env, "BRIEFER_CHUNK_TOKENS": "100000"})  # what ingest refuses, doctor names
    assert big.returncode != 0 and "chunk_tokens 100000" in big.stdout + big.stderr, big.stdout


def test_mixed_folder_names_each_broken_file_exit_1(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("002*")), folder / "good.txt")
    (folder / "broken.json").write_text("[{")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    res = run_cli("ingest", str(folder), env={"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_EMBED_BACKEND": "hash"})
    assert res.returncode == 1
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 2 and any("broken.json" in ln for ln in lines) and any("blob.txt" in ln for ln in lines)
    assert "Traceback" not in res.stderr and "1 article added" in res.stdout


def test_usage_and_config_errors_are_one_line(tmp_path):
    bad_date = run_cli("search", "x", "--since", "2016-13-40")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr and bad_date.stderr.count("\n") == 1
    for args, said in [
        (("search", "x", "-k", "99999999999999999999"), "-k"),
        (("ask", "   "), "empty"),
        (("search", ""), "empty"),
        (("search", "x", "--since", "2016-12-12", "--until", "2016-12-01"), "swap"),
        (("chat", "--since", "2016-12-12", "--until", "2016-12-01"), "swap"),
        (("nosuch",), "No such command"),
        (("search",), "Missing argument"),
    ]:
        res = run_cli(*args, env={"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_EMBED_BACKEND": "hash"})
        assert res.returncode == 2 and said in res.stderr, (args, res.stderr)
        assert res.stderr.startswith("briefer: error:") and res.stderr.count("\n") == 1, (args, res.stderr)
    assert "Usage:" in run_cli().stdout and run_cli().returncode == 0  # no command: the help
    bad_env = run_cli("stats", env={"BRIEFER_SEARCH_K": "-3"})
    assert bad_env.returncode == 2 and bad_env.stderr.count("\n") == 1 and "BRIEFER_SEARCH_K" in bad_env.stderr
    dead = run_cli("stats", env={"BRIEFER_CHROMA_URL": "http://127.0.0.1:9", "BRIEFER_INDEX": str(tmp_path / "i")})
    assert dead.returncode == 3 and "BRIEFER_CHROMA_URL" in dead.stderr and "Traceback" not in dead.stderr


def test_help_is_instant_and_lists_commands():
    res = run_cli("--help")
    assert res.returncode == 0
    for cmd in ("ingest", "search", "stats", "doctor"):
        assert cmd in res.stdout


def test_hostile_files_each_one_line_and_the_rest_ingested(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("002*")), folder / "zz_good.txt")
    body = "A sentence long enough to be the body of an article. And a second one."
    (folder / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (folder / "bigint.json").write_text('[{"body": "' + body + '", "n": ' + "9" * 5000 + "}]")
    (folder / "deep.md").write_text("---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n" + body)
    (folder / "lines.jsonl").write_text('{"title": "A", "body": "' + body + '"}\n{oops\n')
    (folder / "baddate.md").write_text("---\ntitle: Bad date\ndate: 2016-13-45\n---\nThe council met on a date that "
                                       "front matter got wrong. It voted to repair the harbour wall.")
    env = {"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_EMBED_BACKEND": "hash"}
    for _ in range(2):  # a re-run does not die at the same file either
        res = run_cli("ingest", str(folder), env=env)
        assert res.returncode == 1 and "Traceback" not in res.stderr and "internal error" not in res.stderr
    first = run_cli("ingest", str(folder), env={**env, "BRIEFER_INDEX": str(tmp_path / "j")})
    failed = [ln for ln in first.stderr.splitlines() if ln.startswith("briefer: skipped")]
    assert sorted(ln.split()[2].rsplit("/", 1)[-1].rstrip(":") for ln in failed) == [
        "bigint.json", "deep.json", "deep.md", "lines.jsonl"]
    assert "3 articles added" in first.stdout  # the good file, the good line, the undated article
    assert "baddate.md" in first.stderr and "--published" in first.stderr


def test_a_50_mb_single_line_file_is_refused_quickly_with_bounded_memory(tmp_path):
    import resource

    folder = tmp_path / "big"
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("002*")), folder / "good.txt")
    words = b"alpha beta gamma delta council city vote news "
    with open(folder / "huge.txt", "wb") as f:  # one line, 50 MB, no sentence end in sight
        f.write(b"Huge\n\n")
        for _ in range(50 * 1024 * 1024 // len(words) - 1):
            f.write(words)
    res = run_cli("ingest", str(folder), env={"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_EMBED_BACKEND": "hash"})
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"50 MB single-line file: peak RSS of the ingest {peak_mb:.0f} MB")
    assert res.returncode == 1 and "1 article added" in res.stdout
    (line,) = [ln for ln in res.stderr.splitlines() if "huge.txt" in ln]
    assert "max_article_chars" in line and "BRIEFER_MAX_ARTICLE_CHARS" in line
    assert peak_mb < 2048  # bounded: the text is refused before it is split, chunked or embedded


@pytest.mark.parametrize("command", [["ask", "Who is Sam Altman?"], ["search", "Sam Altman"], ["chat"]])
def test_reading_an_index_that_holds_no_articles_says_so(tmp_path, command):
    typo = tmp_path / "typo-idx"  # a mistyped BRIEFER_INDEX: no answer "the articles do not say"
    offline = [] if command[0] == "search" else ["--llm", "extractive"]
    res = run_cli(*command, *offline, env={"BRIEFER_INDEX": str(typo)})
    assert res.returncode == 1 and res.stderr.count("\n") == 1, res.stderr
    assert f"the index in {typo} holds no articles" in res.stderr and "BRIEFER_INDEX" in res.stderr
    assert "do not answer" not in res.stdout
