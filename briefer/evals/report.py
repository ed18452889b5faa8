"""Rendering an eval report: a rich table in the terminal; Markdown or HTML with a matplotlib PNG.

The PNG sets briefer's retrieval figures beside the MultiHop-RAG paper's Table 5 rows
(``PAPER_TABLE5``, copied from the shared README). matplotlib is imported lazily, Agg backend.
"""

from __future__ import annotations

import html
from pathlib import Path

from briefer.core.files import write_atomic

# Tang & Yang, "MultiHop-RAG", COLM 2024, Table 5: 256-token chunks, top-k cosine retrieval;
# "+ rerank" = top 20 re-ranked by bge-reranker-large. Values: MRR@10, MAP@10, Hits@10, Hits@4.
PAPER_TABLE5: dict[str, dict[str, float]] = {
    "text-embedding-ada-002": {"mrr@10": 0.4203, "map@10": 0.3431, "hits@10": 0.6381, "hits@4": 0.5040},
    "bge-large-en-v1.5": {"mrr@10": 0.4298, "map@10": 0.3423, "hits@10": 0.6718, "hits@4": 0.5221},
    "voyage-02": {"mrr@10": 0.3934, "map@10": 0.3143, "hits@10": 0.6506, "hits@4": 0.4619},
    "instructor-large": {"mrr@10": 0.3458, "map@10": 0.2650, "hits@10": 0.5717, "hits@4": 0.4229},
    "e5-base-v2": {"mrr@10": 0.1843, "map@10": 0.1161, "hits@10": 0.3556, "hits@4": 0.2334},
    "ada-002 + rerank": {"mrr@10": 0.5477, "map@10": 0.4625, "hits@10": 0.7059, "hits@4": 0.6169},
    "bge-large + rerank": {"mrr@10": 0.5630, "map@10": 0.4759, "hits@10": 0.7183, "hits@4": 0.6364},
    "voyage-02 + rerank": {"mrr@10": 0.5860, "map@10": 0.4795, "hits@10": 0.7467, "hits@4": 0.6625},
    "instructor-large + rerank": {"mrr@10": 0.5115, "map@10": 0.4118, "hits@10": 0.6590, "hits@4": 0.5775},
    "e5-base-v2 + rerank": {"mrr@10": 0.3237, "map@10": 0.2165, "hits@10": 0.4176, "hits@4": 0.3716},
}
RETRIEVAL = ("hits@4", "hits@10", "mrr@10", "map@10")
ROWS = (
    ("hits@4", "Hits@4"),
    ("hits@10", "Hits@10"),
    ("mrr@10", "MRR@10"),
    ("map@10", "MAP@10"),
    ("answer_em", "answer EM"),
    ("answer_f1", "answer F1"),
    ("answer_lenient", "answer lenient"),
    ("answer_contains", "answer contains the reference"),
    ("answer_lenient_paper", "answer lenient (paper script)"),
    ("abstention_accuracy", "abstention accuracy"),
    ("abstain_recall", "abstained when it should"),
    ("answered_rate", "answered when it should"),
    ("citation_precision", "citation precision"),
    ("citation_recall", "citation recall"),
    ("evidence_recall", "evidence recall (gold facts cited)"),
    ("judge_correct", "judge: answer correct"),
    ("judge_citation_support", "judge: citations support"),
    ("judge_no_verdict", "judge: replies without a verdict"),
    ("n_questions", "questions"),
    ("n_retrieval", "  with gold facts"),
    ("n_answerable", "  answerable"),
)
NOTE = (
    "Paper rows: full MultiHop-RAG (2,556 queries), dense top-k cosine. briefer: the dev split given, "
    "hybrid dense (MiniLM) + BM25 with RRF and MMR, same 256-token chunks and the same scoring rule."
)


def _note(report: dict) -> str:
    if report["suite"] == "multihop":
        return NOTE
    return NOTE + f" Suite '{report['suite']}' is not the paper's corpus: its figures are not comparable."


def _fmt(v) -> str:
    if v is None:
        return "–"
    return str(v) if isinstance(v, int) else f"{v:.3f}"


def metric_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    types = list(report["by_type"])
    head = ["metric", "overall", *types]
    rows = [
        [label, _fmt(report["metrics"].get(key)), *(_fmt(report["by_type"][t].get(key)) for t in types)]
        for key, label in ROWS
        if report.get("judge") or not key.startswith("judge_")
    ]
    return head, rows


CURVE_COLUMNS = (
    ("threshold", "threshold"),
    ("answered_rate", "answered"),
    ("evidence_recall", "evidence"),
    ("answer_lenient", "lenient"),
    ("citation_precision", "cit. precision"),
    ("null_abstained", "null abstained"),
)


def curve_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    """The abstention threshold's trade-off (backends with the relevance capability), or no rows."""
    rows = report.get("abstention_curve") or []
    return [h for _, h in CURVE_COLUMNS], [[_fmt(r.get(k)) for k, _ in CURVE_COLUMNS] for r in rows]


def latency_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    ms = lambda v: "–" if v is None else f"{v:.0f}"
    return ["stage (ms)", "p50", "p95"], [
        [stage.removesuffix("_ms"), ms(v["p50"]), ms(v["p95"])] for stage, v in report["latency"].items()
    ]


def paper_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    head = ["system", "MRR@10", "MAP@10", "Hits@10", "Hits@4"]
    keys = ("mrr@10", "map@10", "hits@10", "hits@4")
    rows = [[name, *(_fmt(vals.get(k)) for k in keys)] for name, vals in _ours(report)]
    return head, rows + [[name, *(f"{v[k]:.4f}" for k in keys)] for name, v in PAPER_TABLE5.items()]


def _ours(report: dict) -> list[tuple[str, dict]]:
    """briefer's rows: this run, and, when the ranker was trained on these queries (so this run is
    in-sample), the ranker's cross-validated figures from its model card."""
    cv = report.get("ranker_cv")
    if not cv:
        return [(f"briefer ({report['suite']})", report["metrics"])]
    return [
        (f"briefer ({report['suite']}, in-sample)", report["metrics"]),
        ("briefer, ranker cross-validated (model card)", cv),
    ]


def _summary(report: dict) -> str:
    s = report["settings"]
    llm = f"llm {s['llm']} ({s['model']}), k={s['answer_k']}" if s.get("answers", True) else "retrieval only"
    return (
        f"{s['questions']} questions, {s.get('corpus_articles')} articles; {llm}; "
        f"{s['embed_model']}, {s['chunk_tokens']}-token chunks; "
        f"index {s['index_s']}s, questions {s['questions_s']}s, total {s['total_s']}s; {s['machine']}"
    )


# --- terminal --------------------------------------------------------------------------------


def print_report(console, report: dict) -> None:
    from rich.table import Table

    def table(title, head, rows):
        t = Table(title=title, title_justify="left", show_edge=False)
        for i, h in enumerate(head):
            t.add_column(h, justify="left" if i == 0 else "right", no_wrap=i == 0)
        for r in rows:
            t.add_row(*r)
        console.print(t)

    table(f"briefer eval: {report['suite']}", *metric_rows(report))
    table("latency", *latency_rows(report))
    if report.get("abstention_curve"):
        table("abstention threshold trade-off (answerable: answered, evidence, lenient)", *curve_rows(report))
    if report["suite"].startswith("multihop"):
        table("retrieval beside MultiHop-RAG Table 5", *paper_rows(report))
    console.print(_summary(report), style="dim", markup=False, highlight=False)
    for w in report.get("warnings", []):
        console.print(f"warning: {w}", style="yellow", markup=False, highlight=False)


# --- files -----------------------------------------------------------------------------------


def plot(report: dict, path: Path) -> Path:
    """A PNG: for each retrieval metric, briefer's bar beside the paper's Table 5 rows."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ours = _ours(report)
    names = [name for name, _ in ours] + list(PAPER_TABLE5)
    labels = dict(ROWS)
    fig, axes = plt.subplots(1, 4, figsize=(15, 5), sharey=True)
    for ax, key in zip(axes, RETRIEVAL):
        vals = [vals.get(key) or 0.0 for _, vals in ours] + [PAPER_TABLE5[n][key] for n in PAPER_TABLE5]
        colors = ["#d62728"] * len(ours) + ["#1f77b4" if "rerank" not in n else "#9ecae1" for n in PAPER_TABLE5]
        ax.barh(range(len(names)), vals, color=colors)
        for y, v in enumerate(vals):
            ax.text(v + 0.01, y, f"{v:.2f}", va="center", fontsize=8)
        ax.set_title(labels[key])
        ax.set_xlim(0, 1)
    axes[0].invert_yaxis()  # shared y axis: invert once, briefer on top
    axes[0].set_yticks(range(len(names)), names, fontsize=8)
    caveat = (
        "" if report["suite"] == "multihop" else f" — '{report['suite']}' is not the paper's corpus: not comparable"
    )
    fig.suptitle("Retrieval: briefer vs MultiHop-RAG Table 5 (light: + bge-reranker-large)" + caveat)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _md_table(head, rows) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _html_table(head, rows) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    trs = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"


def _misses(report: dict, n: int = 15) -> tuple[list[str], list[list[str]]]:
    """The first questions that retrieval missed or answered wrongly, to look at."""
    rows = []
    for r in report["per_question"]:
        bad = [
            w
            for w, cond in (
                ("retrieval miss", r.get("hits@10") == 0.0),
                ("wrong abstention", r.get("abstention_correct") == 0.0),
                ("answer no overlap", r.get("answer_lenient") == 0.0),
                ("unsupported sentence", r.get("citation_recall") is not None and r["citation_recall"] < 1.0),
            )
            if cond
        ]
        if bad:
            pred = r.get("prediction") or ("(abstained)" if r.get("abstained") else "(not answered)")
            rows.append([r["id"], r["type"], r["question"][:120], str(r["gold_answer"]), pred[:160], ", ".join(bad)])
        if len(rows) >= n:
            break
    return ["id", "type", "question", "gold", "briefer", "problem"], rows


def write_report(report: dict, path: Path) -> Path:
    """Write ``path`` (.md or .html) and the PNG beside it (same name, .png). Returns the PNG path."""
    suffix = path.suffix.lower()
    if suffix not in (".md", ".markdown", ".html", ".htm"):
        from briefer.core.errors import ConfigError

        raise ConfigError(f"cannot write report {path}: use a .md or .html file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    png = plot(report, path.with_suffix(".png"))
    sections = [
        ("Metrics", metric_rows(report)),
        ("Retrieval beside MultiHop-RAG (Table 5)", paper_rows(report)),
        ("Latency per stage", latency_rows(report)),
        ("Abstention threshold trade-off", curve_rows(report)),
        ("Questions to look at", _misses(report)),
    ]
    settings = [[k, str(v)] for k, v in report["settings"].items() if k != "all"]
    settings += [[f"setting {k}", str(v)] for k, v in report["settings"].get("all", {}).items()]
    intro = [
        _summary(report),
        *(f"Warning: {w}" for w in report.get("warnings", [])),
        "Metric definitions: evals/README.md.",
    ]
    if suffix in (".md", ".markdown"):
        parts = [f"# briefer eval: {report['suite']}", *intro]
        for title, (head, rows) in sections:
            parts.append(f"## {title}")
            if title.startswith("Retrieval"):
                parts += [f"![retrieval beside the paper]({png.name})", _note(report)]
            parts.append(_md_table(head, rows))
        parts += ["## Settings", _md_table(["setting", "value"], settings)]
        write_atomic(path, "\n\n".join(parts) + "\n")
    else:
        body = [f"<h1>briefer eval: {html.escape(report['suite'])}</h1>"]
        body += [f"<p>{html.escape(p)}</p>" for p in intro]
        for title, (head, rows) in sections:
            body.append(f"<h2>{html.escape(title)}</h2>")
            if title.startswith("Retrieval"):
                body += [
                    f'<img src="{html.escape(png.name)}" alt="retrieval beside the paper" style="max-width:100%">',
                    f"<p>{html.escape(_note(report))}</p>",
                ]
            body.append(_html_table(head, rows))
        body += ["<h2>Settings</h2>", _html_table(["setting", "value"], settings)]
        style = (
            "body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
            "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
            "text-align:right}td:first-child,th:first-child{text-align:left}"
        )
        write_atomic(
            path,
            f"<!doctype html><html><head><meta charset='utf-8'><title>briefer eval</title>"
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>\n",
        )
    return png


BRIEFING_COLUMNS = (
    ("top_story_coverage", "cover"),
    ("top_stories_told", "told"),
    ("top_story_bullets", "top"),
    ("noise_bullets", "noise"),
    ("lead_is_top_story", "lead"),
    ("standalone_bullets", "alone"),
    ("standalone_by_hand", "by hand"),
    ("seconds", "s"),
)


def print_briefing_report(console, report: dict) -> None:
    """One row per labelled day, one per label file and one overall, then what the columns mean."""
    from rich.table import Table

    t = Table(title="briefer eval briefing", title_justify="left", show_edge=False, box=None)
    for i, h in enumerate(["labels", "day", *(label for _, label in BRIEFING_COLUMNS), "conflicts", "updates"]):
        t.add_column(h, justify="left" if i < 2 else "right", no_wrap=True)
    for d in report["days"]:
        t.add_row(
            _stem(d["labels"]),
            d["date"],
            *(_two(d.get(k)) for k, _ in BRIEFING_COLUMNS),
            _pairs_cell(d["conflicts"]),
            _pairs_cell(d["updates"]),
        )
    for name, agg in [*report["files"].items(), ("overall", report["overall"])]:
        t.add_row(
            _stem(name),
            f"{agg['days']} days",
            *(_two(agg.get(k)) for k, _ in BRIEFING_COLUMNS),
            f"P {_two(agg['conflicts_precision'])} R {_two(agg['conflicts_recall'])}",
            f"P {_two(agg['updates_precision'])} R {_two(agg['updates_recall'])}",
        )
    console.print(t)
    if report.get("stories"):
        st = report["stories"]
        console.print(
            f"stories, against {st['pairs']} labelled article pairs: together when one event, precision "
            f"{_two(st['precision'])}, recall {_two(st['recall'])}; news pairs ({st['news_pairs_labelled']}): "
            f"precision {_two(st['news_precision'])}, recall {_two(st['news_recall'])}",
            markup=False,
        )
    overall = report["overall"]
    if overall.get("judged_bullets") or overall.get("unjudged_bullets"):
        console.print(
            f"stand-alone by hand: {overall['judged_bullets']} bullets judged blind, "
            f"{overall['unjudged_bullets']} not yet (evals/results/briefing-bullets-judged-*.jsonl)",
            markup=False,
        )
    console.print(
        "cover: share of the day's top stories the briefing cites; told: share it tells in bullets; top, noise: share of bullets citing a top-story, "
        "a noise article; lead: the first three bullets cite top stories; alone: bullets that stand alone by the rules; "
        "by hand: of the bullets a blind judge has read, those that stand alone; "
        "conflicts, updates: correct/predicted · found/labelled per day, precision and recall in total.",
        style="dim",
        markup=False,
    )


def _stem(name: str) -> str:
    return name.removesuffix(".json").removeprefix("days-")


def _two(v) -> str:
    return "–" if v is None else f"{v:.2f}"


def _pairs_cell(p: dict) -> str:
    return f"{p['correct']}/{p['predicted']}·{p['found']}/{p['labelled']}"
