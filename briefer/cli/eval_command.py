"""The eval command: score a suite of questions in its own index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from briefer.cli.common import MAX_K, LlmOpt, emit_json, progress_bar, settings_of, terminal


def eval_cmd(
    ctx: typer.Context,
    suite: Annotated[
        str,
        typer.Argument(
            help="seeds, multihop, multihop-mini, briefing (daily briefings against evals/labels), or a suite .jsonl "
            "file / MultiHop-format folder."
        ),
    ],
    data: Annotated[
        Optional[Path],
        typer.Option("--data", help="Corpus (seeds, .jsonl suites) or MultiHop-RAG folder (env BRIEFER_EVAL_DATA)."),
    ] = None,
    llm: LlmOpt = None,
    k: Annotated[
        Optional[int], typer.Option("-k", min=1, max=MAX_K, help="Passages sent for each answer (default 6).")
    ] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the first N questions.")] = None,
    retrieval_only: Annotated[
        bool, typer.Option("--retrieval-only", help="Score retrieval only (fast); no answers.")
    ] = False,
    labels: Annotated[
        Optional[list[Path]],
        typer.Option(
            "--labels",
            help="briefing only: label files to score against (default: the tune, holdout and "
            "seeds labels in evals/labels).",
        ),
    ] = None,
    split: Annotated[
        Optional[str],
        typer.Option("--split", help="Only the tune or holdout half of the questions (thresholds are chosen on tune)."),
    ] = None,
    judge: Annotated[
        bool, typer.Option("--judge", help="An LLM judge also scores correctness and citation support.")
    ] = False,
    judge_llm: Annotated[
        Optional[str], typer.Option("--judge-llm", help="The judge's backend (default: --llm; implies --judge).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")] = False,
    output: Annotated[
        Optional[Path],
        typer.Option("-o", "--output", help="Also write a .md or .html report (and a .png plot beside it)."),
    ] = None,
) -> None:
    """Score retrieval, answers, abstention and citations on a suite, in the suite's own index.

    Example: briefer eval seeds --llm extractive; briefer eval multihop --split holdout -o report.md;
    briefer eval seeds --llm openai --judge
    """
    if split not in (None, "tune", "holdout"):
        raise typer.BadParameter("use tune or holdout", param_hint="--split")
    from briefer.evals.report import print_report, write_report
    from briefer.evals.runner import run_suite

    err = terminal(stderr=True)
    if suite == "briefing":
        _briefing(ctx, labels, data, llm, as_json, err)
        return
    notify = None if as_json else (lambda msg: err.print(msg, style="dim", markup=False))
    with progress_bar(enabled=not as_json and err.is_terminal, out=err) as progress:
        report = run_suite(
            settings_of(ctx),
            suite,
            data=data,
            llm=llm,
            k=k,
            limit=limit,
            answers=not retrieval_only,
            progress=progress,
            notify=notify,
            split=split,
            judge=judge,
            judge_llm=judge_llm,
        )
    if output:
        write_report(report, output)
        if not as_json:
            err.print(f"report written to {output}", markup=False)
    if as_json:
        emit_json(report)
    else:
        print_report(terminal(), report)


def _briefing(ctx: typer.Context, labels, data, llm, as_json: bool, err) -> None:
    from briefer.evals.briefing import run_briefing_eval
    from briefer.evals.report import print_briefing_report

    with progress_bar(enabled=not as_json and err.is_terminal, out=err) as progress:
        report = run_briefing_eval(settings_of(ctx), labels, data=data, llm=llm, progress=progress)
    if as_json:
        emit_json(report)
    else:
        print_briefing_report(terminal(), report)
