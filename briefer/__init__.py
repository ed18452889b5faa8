"""briefer: a terminal-first news-briefing assistant; every claim cited to an exact, checked sentence.

The subpackages are the pipeline's stages, in one-way layers (ARCHITECTURE.md; enforced by the
import-linter contract in pyproject.toml): core -> text -> config -> index -> ingest | search ->
llm -> answer -> brief -> chat -> evals -> cli. ``briefer.testing`` holds the deterministic fakes.
"""

__version__ = "0.1.0"
