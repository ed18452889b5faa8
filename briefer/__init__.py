"""briefer: a terminal-first news-briefing assistant whose every claim is traceable to a sentence."""

__version__ = "0.1.0"
