"""Files shipped inside the package (prompts, the ranker's model), found through importlib.resources,
so a wheel install (``pip install``, ``pipx``) finds them as a checkout does."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def read_text(*parts: str) -> str:
    """A text file of the package, e.g. ``read_text("prompts", "answer_system.md")``."""
    resource = files("briefer")
    for part in parts:
        resource = resource / part
    return resource.read_text(encoding="utf-8")


def path(*parts: str) -> Path:
    """A filesystem path to a package file (packages are installed unzipped, so this is the file itself)."""
    resource = files("briefer")
    for part in parts:
        resource = resource / part
    with as_file(resource) as p:
        return Path(p)


def load_prompt(name: str, **values: object) -> str:
    """``briefer/prompts/<name>`` with each ``{key}`` replaced by ``values[key]``.

    Plain ``str.replace`` per key, so other braces (JSON examples) in a prompt stay as written.
    """
    text = read_text("prompts", name)
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text
