"""The ONNX Runtime backend: the bundled model exported and quantized locally once, cached, close to
the PyTorch vectors, and free of torch once cached."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import REPO, SEEDS

from briefer.config import load_settings
from briefer.index.embedders import make_embedder

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory):
    cache = tmp_path_factory.mktemp("xdg-cache")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache)
    yield cache
    if old is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = old


def _texts() -> list[str]:
    body = " ".join(p.read_text() for p in sorted(SEEDS.glob("*.txt")))
    return [s.strip() for s in body.split(". ") if len(s.split()) > 6][:40]


def test_int8_vectors_are_close_to_torch_and_the_export_is_cached(onnx_cache, minilm):
    onnx = make_embedder(load_settings(embed_backend="onnx"))
    texts = _texts()
    got, want = onnx.embed(texts), minilm.embed(texts)
    cosine = (got * want).sum(axis=1)
    print(f"onnx int8 vs torch fp32 on {len(texts)} seed sentences: cosine min {cosine.min():.4f} mean {cosine.mean():.4f}")
    assert got.shape == want.shape and np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)
    assert cosine.min() >= 0.97 and cosine.mean() >= 0.99
    assert onnx.count_tokens(texts) == minilm.count_tokens(texts) and onnx.max_tokens == minilm.max_tokens
    (model,) = onnx_cache.rglob("model.int8.onnx")
    stamp = model.stat().st_mtime_ns
    again = make_embedder(load_settings(embed_backend="onnx")).embed(texts[:2])  # a new process would do the same
    assert model.stat().st_mtime_ns == stamp and np.allclose(again, got[:2], atol=1e-5)


def test_once_cached_it_embeds_without_torch(onnx_cache):
    make_embedder(load_settings(embed_backend="onnx")).embed(["warm the cache"])
    code = ("import sys; from briefer.config import load_settings; from briefer.index.embedders import make_embedder; "
            "v = make_embedder(load_settings(embed_backend='onnx')).embed(['Civilians left Aleppo.']); "
            "print(v.shape, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         env={**os.environ, "XDG_CACHE_HOME": str(onnx_cache)})
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["(1,", "384)", "False", "False"]


def test_auto_gives_a_new_index_onnx_and_keeps_each_index_on_the_backend_that_built_it(tmp_path, onnx_cache):
    from briefer.index import Index
    from briefer.index.embedders.auto import RECORD

    fresh = Index(load_settings(index=tmp_path / "new"))  # embed_backend defaults to auto
    assert fresh.embedder.backend == "onnx"  # onnxruntime is installed here

    legacy = Index(load_settings(index=tmp_path / "old", embed_backend="hash"))
    from briefer.ingest import ingest

    ingest(legacy, [SEEDS])
    (tmp_path / "old" / RECORD).unlink()  # an index built before backends were recorded
    assert Index(load_settings(index=tmp_path / "old")).embedder.backend == "sentence-transformers"

    named = Index(load_settings(index=tmp_path / "hashed", embed_backend="hash"))
    ingest(named, [SEEDS])
    assert Index(load_settings(index=tmp_path / "hashed")).embedder.backend == "hash"  # its record wins
    explicit = Index(load_settings(index=tmp_path / "hashed", embed_backend="sentence-transformers"))
    assert explicit.embedder.backend == "sentence-transformers"  # a named backend wins over the record


def test_the_cli_on_a_new_index_ingests_and_answers_with_onnx_without_importing_torch(tmp_path, onnx_cache):
    env = {**os.environ, "BRIEFER_INDEX": str(tmp_path / "index"), "XDG_CACHE_HOME": str(onnx_cache)}
    run = [sys.executable, "-m", "briefer"]
    done = subprocess.run([*run, "ingest", str(SEEDS)], env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert '"onnx"' in (tmp_path / "index" / "embedder.json").read_text()
    probe = ("import sys, runpy; sys.argv=['briefer','search','How many civilians left eastern Aleppo?']\n"
             "try: runpy.run_module('briefer', run_name='__main__')\n"
             "except SystemExit: pass\n"
             "print('TORCH' if 'torch' in sys.modules else 'NO-TORCH')")
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert "Aleppo" in out.stdout and out.stdout.strip().endswith("NO-TORCH"), out.stdout + out.stderr
    shown = subprocess.run([*run, "config", "--json"], env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert json.loads(shown.stdout)["embedder_in_effect"] == "onnx (recorded in embedder.json)"
