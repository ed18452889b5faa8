"""Eval suites: questions with reference answers and gold facts over a corpus (see evals/README.md).

Two formats: the suite file (JSON Lines, one question per line, optional header line naming the
corpus; ``evals/seeds.jsonl`` is one) and MultiHop-RAG's (``corpus.json`` + ``dev_queries.json``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from briefer.config.settings import EvalSettings
from briefer.core.errors import ConfigError
from briefer.evals import metrics as M

ABSTAIN_TYPES = {"unanswerable", "null_query"}
NULL_ANSWER = "Insufficient information."


@dataclass
class Question:
    id: str
    type: str
    question: str
    answer: str | None  # None: the articles cannot answer it
    gold: list[str] = field(default_factory=list)  # fact strings (gold sentences or their substrings)
    gold_articles: list[str] = field(default_factory=list)

    @property
    def should_abstain(self) -> bool:
        return (
            self.answer is None
            or self.type in ABSTAIN_TYPES
            or M.normalize_answer(self.answer) == M.normalize_answer(NULL_ANSWER)
        )


@dataclass
class Suite:
    name: str
    questions: list[Question]
    corpus: list[Path]  # files or folders for briefer.ingest
    source: Path  # the suite file or folder


HALVES = ("tune", "holdout")


def half_of(question_id: str) -> str:
    """'tune' or 'holdout': a fixed split of a suite's questions by a hash of their ids. Models and
    thresholds tuned on MultiHop-RAG dev use the tune half only; the holdout half checks them."""
    return HALVES[int(hashlib.sha1(question_id.encode()).hexdigest(), 16) % 2]


def load_suite(name: str, settings: EvalSettings, data: Path | None = None) -> Suite:
    """The suite called ``name`` (built-in, or a path); ``data`` overrides its corpus location.

    The built-in suites live where the eval settings say (``evals_dir``, ``seeds_dir``,
    ``eval_data``; by default the folders of a briefer checkout, relative to the working folder)."""
    if name == "seeds":
        suite_file = _built_in(settings.evals_dir / "seeds.jsonl", "evals_dir")
        return read_jsonl_suite(suite_file, corpus=data, default_corpus=settings.seeds_dir, name="seeds")
    if name == "multihop":
        return read_multihop(data or settings.eval_data, name="multihop")
    if name == "multihop-mini":
        return read_multihop(data or _built_in(settings.evals_dir / "multihop-mini", "evals_dir"), name="multihop-mini")
    path = Path(name)
    if path.is_dir():
        return read_multihop(path, name=path.name)
    if path.is_file():
        return read_jsonl_suite(path, corpus=data, name=path.stem)
    raise ConfigError(
        f"unknown suite '{name}': use seeds, multihop, multihop-mini, a suite .jsonl file "
        "or a folder with corpus.json and dev_queries.json (see evals/README.md)"
    )


def _built_in(path: Path, setting: str) -> Path:
    if not path.exists():
        raise ConfigError(
            f"built-in suite file {path} not found; run from a briefer checkout or set "
            f"BRIEFER_{setting.upper()} (or '{setting}' in briefer.toml) to the folder that holds it"
        )
    return path


def _gold_items(raw, where: str) -> tuple[list[str], list[str]]:
    facts, articles = [], []
    for item in raw or []:
        if isinstance(item, str):
            facts.append(item)
        elif isinstance(item, dict) and isinstance(item.get("fact") or item.get("sentence"), str):
            facts.append(item.get("fact") or item["sentence"])
            if item.get("article") or item.get("url"):
                articles.append(str(item.get("article") or item.get("url")))
        else:
            raise ConfigError(f"{where}: each gold item must be a string or an object with 'fact' or 'sentence'")
    return facts, articles


def read_jsonl_suite(
    path: Path, *, corpus: Path | None = None, default_corpus: Path | None = None, name: str | None = None
) -> Suite:
    """A suite file: one JSON object per line (see evals/README.md). A line without ``question``
    is the suite's header: ``name``, ``corpus`` (a path or a list, relative to the file)."""
    questions: list[Question] = []
    header: dict = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read suite {path} ({exc.strerror})") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{where}: broken JSON ({exc.msg}); one JSON object per line") from None
        if not isinstance(rec, dict):
            raise ConfigError(f"{where}: expected a JSON object")
        if "question" not in rec:
            header.update(rec)
            continue
        answer = rec.get("answer")
        if not isinstance(rec["question"], str) or not (answer is None or isinstance(answer, str)):
            raise ConfigError(f"{where}: 'question' must be a string and 'answer' a string or null")
        facts, articles = _gold_items(rec.get("gold"), where)
        questions.append(
            Question(
                str(rec.get("id") or f"q{len(questions) + 1:03d}"),
                str(rec.get("type") or ("unanswerable" if answer is None else "factoid")),
                rec["question"],
                answer,
                facts,
                articles,
            )
        )
    if corpus is None and header.get("corpus"):
        given = header["corpus"] if isinstance(header["corpus"], list) else [header["corpus"]]
        paths = [(path.parent / p) for p in given]
    elif corpus is not None or default_corpus is not None:
        paths = [corpus or default_corpus]
    else:
        raise ConfigError(
            f'suite {path} names no corpus; pass --data PATH or add a header line {{"corpus": "path/to/articles"}}'
        )
    for p in paths:
        if not p.exists():
            raise ConfigError(f"corpus {p} of suite {path} does not exist; pass --data PATH")
    if not questions:
        raise ConfigError(f"suite {path} has no questions")
    return Suite(name or str(header.get("name") or path.stem), questions, paths, path)


def read_multihop(folder: Path, *, name: str) -> Suite:
    """MultiHop-RAG's format: ``corpus.json`` (articles) and ``dev_queries.json`` (queries)."""
    corpus, queries = folder / "corpus.json", folder / "dev_queries.json"
    if not (corpus.is_file() and queries.is_file()):
        raise ConfigError(
            f"MultiHop-RAG data not found in {folder} (needs corpus.json and dev_queries.json); "
            "pass --data DIR or set BRIEFER_EVAL_DATA (or 'eval_data' in briefer.toml)"
        )
    try:
        rows = json.loads(queries.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {queries}: {exc}") from None
    questions = []
    for i, q in enumerate(rows):
        evidence = q.get("evidence_list") or []
        questions.append(
            Question(
                f"mh{i:04d}",
                q.get("question_type") or "query",
                q["query"],
                q.get("answer"),
                [e["fact"] for e in evidence],
                [e.get("url") or "" for e in evidence],
            )
        )
    return Suite(name, questions, [corpus], folder)
