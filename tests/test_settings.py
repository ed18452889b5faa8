import pytest

from briefer.config import BUNDLED_MODEL, describe, load_settings
from briefer.core.errors import ConfigError


def test_defaults(monkeypatch, tmp_path):
    s = load_settings()
    assert str(s.storage.index) == "index" and s.embedding.embed_model == BUNDLED_MODEL and s.storage.chroma_url is None


def test_precedence_flags_over_env_over_file(monkeypatch, tmp_path):
    cfg = tmp_path / "b.toml"
    cfg.write_text('index = "from-file"\nsearch_k = 7\nchroma_url = "http://file:1"\n')
    monkeypatch.setenv("BRIEFER_CONFIG", str(cfg))
    monkeypatch.setenv("BRIEFER_INDEX", "from-env")
    s = load_settings(chroma_url="http://flag:2", index=None)
    assert str(s.storage.index) == "from-env"          # env beats file; a None flag is ignored
    assert s.search.search_k == 7                     # file beats default
    assert s.storage.chroma_url == "http://flag:2"     # flag beats file


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


def test_a_misspelt_environment_variable_is_a_warning_naming_the_setting_it_meant(tmp_path):
    from conftest import run_cli

    env = {"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_SEARCHK": "3", "BRIEFER_DEBUG": "", "BRIEFER_ZZZ": "1"}
    res = run_cli("stats", env=env)
    assert res.returncode == 0
    warnings = [line for line in res.stderr.splitlines() if "warning" in line]
    assert warnings == [
        "briefer: warning: BRIEFER_SEARCHK is not a setting and is ignored; did you mean BRIEFER_SEARCH_K? "
        "`briefer config` lists them",
        "briefer: warning: BRIEFER_ZZZ is not a setting and is ignored; `briefer config` lists them",
    ]  # BRIEFER_INDEX is a setting and BRIEFER_DEBUG is known: no warning for them


def test_config_lists_the_settings_then_refuses_a_backend_that_does_not_exist(tmp_path):
    from conftest import run_cli

    res = run_cli("config", env={"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_LLM": "clade"})
    assert res.returncode == 2 and "llm = 'clade'  (from env BRIEFER_LLM" in res.stdout
    assert res.stderr.strip() == (
        "briefer: error: --llm or BRIEFER_LLM is 'clade', which is no backend; use one of: anthropic, openai, extractive"
    )
    assert run_cli("config", env={"BRIEFER_INDEX": str(tmp_path / "i")}).returncode == 0


def test_every_setting_is_described_in_its_group():
    rows = describe()
    assert all(r["description"] for r in rows)
    assert {r["group"] for r in rows} >= {"storage", "embedding", "search", "llm", "answer", "chat"}
    assert len({r["env"] for r in rows}) == len(rows)  # one environment variable per setting


def test_group_tables_in_the_file_and_where_each_value_came_from(monkeypatch, tmp_path):
    cfg = tmp_path / "b.toml"
    cfg.write_text('[search]\nsearch_k = 4\n[chat]\nchat_turns = 2\n')
    monkeypatch.setenv("BRIEFER_CONFIG", str(cfg))
    monkeypatch.setenv("BRIEFER_ANSWER_K", "3")
    s = load_settings(support_threshold=0.6)
    assert (s.search.search_k, s.chat.chat_turns, s.answer.answer_k, s.answer.support_threshold) == (4, 2, 3, 0.6)
    origin = {r["name"]: r["origin"] for r in describe(s)}
    assert origin["search_k"] == f"file {cfg}" and origin["answer_k"] == "env BRIEFER_ANSWER_K"
    assert origin["support_threshold"] == "flag" and origin["mmr_lambda"] == "default"


def test_a_setting_under_the_wrong_group_is_rejected(monkeypatch, tmp_path):
    cfg = tmp_path / "b.toml"
    cfg.write_text('[chat]\nsearch_k = 4\n')
    monkeypatch.setenv("BRIEFER_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match="search_k"):
        load_settings()


def test_updated_copies_by_flat_name(make_settings):
    s = make_settings(search_k=5)
    t = s.updated(search_k=2, chroma_url="http://x:1")
    assert (s.search.search_k, t.search.search_k, t.storage.chroma_url, t.storage.index) == (5, 2, "http://x:1", s.storage.index)


@pytest.mark.parametrize("env, said", [
    ({"BRIEFER_LLM_TIMEOUT": "inf"}, "llm_timeout"),
    ({"BRIEFER_LLM_TIMEOUT": "nan"}, "llm_timeout"),
    ({"BRIEFER_CONFIG": "/nonexistent/briefer.toml"}, "BRIEFER_CONFIG"),
    ({"BRIEFER_INDEX": ""}, "BRIEFER_INDEX"),
    ({"BRIEFER_CHROMA_URL": "notaurl"}, "chroma_url"),
    ({"BRIEFER_CHROMA_URL": "ftp://host:8000"}, "chroma_url"),
    ({"BRIEFER_FUSION": "magic"}, "should be 'auto', 'rrf' or 'learned'"),  # the choices, not a regular expression
])
def test_settings_that_cannot_work_are_refused_with_the_fix(monkeypatch, env, said):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert said in str(caught.value) and "\n" not in str(caught.value)


def test_a_number_where_a_path_belongs_in_the_file(monkeypatch, tmp_path):
    (tmp_path / "b.toml").write_text("index = 5\n")
    monkeypatch.setenv("BRIEFER_CONFIG", str(tmp_path / "b.toml"))
    with pytest.raises(ConfigError, match="'index' is invalid"):
        load_settings()


def test_index_folder_that_cannot_be_made_is_a_configuration_error(tmp_path):
    from conftest import run_cli

    (tmp_path / "file").write_text("not a folder")
    res = run_cli("stats", env={"BRIEFER_INDEX": str(tmp_path / "file"), "BRIEFER_EMBED_BACKEND": "hash"})
    assert res.returncode == 2 and "BRIEFER_INDEX" in res.stderr and res.stderr.count("\n") == 1


def test_chunks_longer_than_the_model_reads_are_refused(tmp_path, minilm):
    from conftest import SEEDS

    from briefer.index import Index
    from briefer.ingest import ingest

    index = Index(load_settings(index=tmp_path / "i", chunk_tokens=1000), embedder=minilm)
    with pytest.raises(ConfigError, match="BRIEFER_CHUNK_TOKENS to 256 or less"):
        ingest(index, [SEEDS])
