"""The ONNX Runtime backend: the bundled model exported and quantized locally once, cached, close to
the PyTorch vectors, and free of torch once cached."""

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
