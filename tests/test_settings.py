import pytest

from briefer.errors import ConfigError
from briefer.settings import BUNDLED_MODEL, describe, load_settings


def test_defaults(monkeypatch, tmp_path):
    s = load_settings()
    assert str(s.index) == "index" and s.embed_model == BUNDLED_MODEL and s.chroma_url is None


def test_precedence_flags_over_env_over_file(monkeypatch, tmp_path):
    cfg = tmp_path / "b.toml"
    cfg.write_text('index = "from-file"\nsearch_k = 7\nchroma_url = "http://file:1"\n')
    monkeypatch.setenv("BRIEFER_CONFIG", str(cfg))
    monkeypatch.setenv("BRIEFER_INDEX", "from-env")
    s = load_settings(chroma_url="http://flag:2", index=None)
    assert str(s.index) == "from-env"          # env beats file; a None flag is ignored
    assert s.search_k == 7                     # file beats default
    assert s.chroma_url == "http://flag:2"     # flag beats file


def test_invalid_value_is_one_actionable_line(monkeypatch):
    monkeypatch.setenv("BRIEFER_SEARCH_K", "zero")
    with pytest.raises(ConfigError) as err:
        load_settings()
    msg = str(err.value)
    assert "search_k" in msg and "BRIEFER_SEARCH_K" in msg and "\n" not in msg


def test_unknown_key_in_file_is_rejected(monkeypatch, tmp_path):
    cfg = tmp_path / "b.toml"
    cfg.write_text("indx = 'typo'\n")
    monkeypatch.setenv("BRIEFER_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match="indx"):
        load_settings()


def test_every_setting_is_described():
    assert all(desc for _, _, desc in describe())
