"""Daily briefings: a window of articles composed into cited, verified bullets by topic, conflicting
figures side by side, and what changed (``build.build``); rendered as Markdown, HTML or JSON."""
