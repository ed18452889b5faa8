"""Characters that must never reach a terminal: C0 and C1 control codes (ESC starts every escape
sequence: screen clears, OSC 8 links, window titles) and DEL. Tabs and newlines stay.

Article text loses them at ingest (before any offset is taken, so citations still point at the
stored text); the command line also strips them from everything it prints, for indexes built
before, file names and error messages.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Whole escape sequences, so that no "[2J" is left behind: CSI (ESC [ or U+009B ... final byte),
# OSC (ESC ] or U+009D ... BEL or ESC \\), and two-character escapes.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[@-Z\\^_]"
)


def strip_controls(text: str) -> str:
    """``text`` without escape sequences or control characters (tabs and newlines kept; a carriage
    return is dropped)."""
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def has_controls(text: str) -> bool:
    return bool(_CONTROLS.search(text))
