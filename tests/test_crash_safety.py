"""SIGKILL at every write step, and at random moments: a resumed ingest equals a clean one."""

import json
import os
import random
import signal
import subprocess
import time

import pytest
from conftest import BRIEFER, REPO, run_cli, snapshot

from briefer.config import load_settings
from briefer.index import Index


def _corpus(folder, n=24, prefix="Report"):
    folder.mkdir(exist_ok=True)
    arts = [{"title": f"{prefix} {i}", "source": "Wire", "published_at": f"2023-11-{i % 28 + 1:02d}",
             "body": " ".join(f"{prefix} {i} sentence {j} mentions item{i}x{j}." for j in range(40))}
            for i in range(n)]
    (folder / "a.json").write_text(json.dumps(arts[: n // 2]))
    (folder / "b.jsonl").write_text("\n".join(json.dumps(a) for a in arts[n // 2 :]))
    return folder


# The fixed queries of the snapshot are ranked by the learned ranker: under reciprocal rank fusion
# "item11x20 item5x2" ties two articles, and which one an approximate (HNSW) dense search lists first
# varied with how the graph was built (a CI run of the racing test flipped them); crash safety is
# about what is stored, which every other part of the snapshot compares exactly.
def _env(index_dir):
    return {"BRIEFER_INDEX": str(index_dir), "BRIEFER_EMBED_BACKEND": "hash", "BRIEFER_CHUNK_TOKENS": "64",
            "BRIEFER_FUSION": "learned"}


def _snap(index_dir):
    index = Index(load_settings(index=index_dir, embed_backend="hash", chunk_tokens=64, fusion="learned"))
    snap = snapshot(index)
    problems = {k: v for k, v in index.consistency().items() if v}
    index.catalog.close()
    return snap, problems


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    base = tmp_path_factory.mktemp("clean")
    corpus = _corpus(base / "corpus")
    res = run_cli("ingest", str(corpus), "--json", env=_env(base / "index"))
    assert res.returncode == 0, res.stderr
    return corpus, _snap(base / "index")[0]


def _normalise(snap, corpus, other):
    """File paths differ between the clean run's corpus and this one's copy."""
    snap = dict(snap)
    snap["files"] = [f.replace(str(other), str(corpus)) for f in snap["files"]]
    return snap


@pytest.mark.parametrize("point", ["staged", "staged:2", "chunks-stored", "articles-stored", "articles-stored:2"])
def test_kill_at_each_write_step_then_resume(tmp_path, clean, point):
    corpus, expected = clean
    index_dir = tmp_path / "index"
    killed = run_cli("ingest", str(corpus), env={**_env(index_dir), "BRIEFER_CRASH_AT": point})
    assert killed.returncode == -signal.SIGKILL
    resumed = run_cli("ingest", str(corpus), env=_env(index_dir))
    assert resumed.returncode == 0, resumed.stderr
    snap, problems = _snap(index_dir)
    assert problems == {}
    assert snap == expected


@pytest.mark.parametrize("point", ["deleting", "store-deleted"])
def test_kill_while_replacing_a_changed_file(tmp_path, point):
    corpus = _corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    assert run_cli("ingest", str(corpus), env=_env(index_dir)).returncode == 0
    _corpus(corpus, n=24, prefix="Revised")  # both files change: old articles must go
    killed = run_cli("ingest", str(corpus), env={**_env(index_dir), "BRIEFER_CRASH_AT": point})
    assert killed.returncode == -signal.SIGKILL
    assert run_cli("ingest", str(corpus), env=_env(index_dir)).returncode == 0
    snap, problems = _snap(index_dir)
    fresh = tmp_path / "fresh"
    assert run_cli("ingest", str(corpus), env=_env(fresh)).returncode == 0
    assert problems == {}
    assert snap == _snap(fresh)[0]


def test_sigkill_at_random_moments(tmp_path, clean):
    """20 times: an ingest SIGKILLed at a random moment, resumed, and compared with a clean ingest
    (articles and their states, chunks, BM25 rows, sentences, vectors, first results of fixed queries)."""
    corpus, expected = clean
    rng = random.Random(7)
    # The moments are drawn within how long an uninterrupted ingest takes on this machine: fixed
    # seconds had let a fast run finish before most kills (8 of 20 killed once, on a quiet machine).
    started = time.monotonic()
    assert run_cli("ingest", str(corpus), env=_env(tmp_path / "timed")).returncode == 0
    whole = time.monotonic() - started
    kills = identical = 0
    for run in range(20):
        index_dir = tmp_path / f"index{run}"
        proc = subprocess.Popen([*BRIEFER, "ingest", str(corpus)], env={**os.environ, **_env(index_dir)}, cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 0.9) * whole)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        resumed = run_cli("ingest", str(corpus), env=_env(index_dir))
        assert resumed.returncode == 0, resumed.stderr
        snap, problems = _snap(index_dir)
        assert problems == {} and snap == expected, f"run {run}"
        identical += 1
    print(f"kill-and-resume: {identical} of 20 identical to a clean ingest; {kills} killed mid-way "
          f"(an uninterrupted ingest took {whole:.1f} s)")
    assert kills >= 10  # the moments do fall inside the ingest


def test_two_ingests_at_once_the_second_waits_and_nothing_is_lost(tmp_path, clean):
    corpus, expected = clean
    index_dir = tmp_path / "index"
    env = {**os.environ, **_env(index_dir)}
    holder = Index(load_settings(index=index_dir, embed_backend="hash", chunk_tokens=64))
    with holder.writing():  # another writer, as an ingest in progress
        fast = run_cli("ingest", str(corpus), env={**_env(index_dir), "BRIEFER_LOCK_WAIT": "0"})
        assert fast.returncode == 75 and "BRIEFER_LOCK_WAIT" in fast.stderr and fast.stderr.count("\n") == 1
        doctor = run_cli("doctor", env=_env(index_dir))
        assert doctor.returncode == 0 and "writing to the index" in doctor.stdout, doctor.stdout
        waiting = subprocess.Popen([*BRIEFER, "ingest", str(corpus)], env=env, cwd=REPO,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2.0)
        assert waiting.poll() is None  # it waits, it does not fail
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and "waiting for it" in err, err
    holder.catalog.close()
    snap, problems = _snap(index_dir)
    assert problems == {} and snap == expected


def test_two_ingest_commands_racing_on_one_index_both_land(tmp_path):
    """Two real CLI processes started together, one file each: one writes, the other waits for it
    (saying so), and the index ends as the two files ingested one after the other in that order
    (the order decides the BM25 row order and the vector graph, so the reference is built so)."""
    corpus = _corpus(tmp_path / "corpus", n=160)  # seconds of work each: the two surely overlap
    names = ["a.json", "b.jsonl"]
    env = {**os.environ, **_env(tmp_path / "index")}
    procs = [subprocess.Popen([*BRIEFER, "ingest", str(corpus / name)], env=env, cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in names]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    waited = ["waiting for it" in err for _, err in outs]
    assert sum(waited) == 1, outs  # one went first, the other waited and said so
    for name in sorted(names, key=lambda n: waited[names.index(n)]):
        assert run_cli("ingest", str(corpus / name), env=_env(tmp_path / "reference")).returncode == 0
    snap, problems = _snap(tmp_path / "index")
    reference = _snap(tmp_path / "reference")[0]
    assert problems == {} and len(snap["states"]) == 160
    assert {k: v for k, v in snap.items() if k != "top3"} == {k: v for k, v in reference.items() if k != "top3"}
    # the same vectors; which of two near-tied chunks of one article ranks first depends on how the
    # graph was built batch by batch (a clean-clone run flipped chunks -0000 and -0001 of one article),
    # so the fixed queries are compared by the article of their best hit
    assert [t[0].rsplit("-", 1)[0] for t in snap["top3"]] == [t[0].rsplit("-", 1)[0] for t in reference["top3"]]


def test_a_replacing_ingest_killed_half_way_leaves_the_file_to_be_read_again(tmp_path):
    """Other chunking replaces a file's article: killed after the old one is deleted, the next ingest
    (with the first settings, so the file's record would match) must store the article again."""
    doc = tmp_path / "story.txt"
    doc.write_text("Council vote\n\nThe council voted on Monday to widen the harbour road. Ten members attended. "
                   "The mayor said work would start in spring and cost 12 million euros.\n")
    env = _env(tmp_path / "index")
    assert run_cli("ingest", str(doc), env=env).returncode == 0
    killed = run_cli("ingest", str(doc), env={**env, "BRIEFER_CHUNK_TOKENS": "32", "BRIEFER_CRASH_AT": "store-deleted"})
    assert killed.returncode == -9  # SIGKILL once the old article is deleted, before the new one is staged
    again = run_cli("ingest", str(doc), env=env)
    assert again.returncode == 0, again.stderr
    snap, problems = _snap(tmp_path / "index")
    assert problems == {} and len(snap["states"]) == 1, snap["states"]
