"""Configuration: the one grouped settings object, read from flags, environment and ``briefer.toml``."""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefer.config.settings import BUNDLED_MODEL, DEFAULT_CLAUDE_MODEL, FIELD_GROUP, GROUPS, Settings
from briefer.core.errors import ConfigError

__all__ = [
    "BUNDLED_MODEL",
    "DEFAULT_CLAUDE_MODEL",
    "GROUPS",
    "Settings",
    "config_file",
    "describe",
    "load_settings",
    "unknown_env",
]

ENV_PREFIX = "BRIEFER_"
# BRIEFER_ variables that are not settings: the settings file, tracebacks, and the crash-safety tests' hook.
NOT_SETTINGS = frozenset({"BRIEFER_CONFIG", "BRIEFER_DEBUG", "BRIEFER_CRASH_AT"})


def config_file() -> Path:
    """The settings file: BRIEFER_CONFIG, else ``briefer.toml`` in the working folder (an empty
    BRIEFER_CONFIG means no file at all)."""
    name = os.environ.get("BRIEFER_CONFIG", "briefer.toml")
    return Path(name) if name else Path(os.devnull)


def _file_values(path: Path) -> dict[str, Any]:
    """Flat name -> value from the TOML file: top-level keys, or keys under a ``[group]`` table."""
    if not path.is_file():
        return {}
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}; fix or remove the file") from None
    flat: dict[str, Any] = {}
    for key, value in doc.items():
        if key in GROUPS and isinstance(value, dict):
            for name, inner in value.items():
                if FIELD_GROUP.get(name) != key:
                    raise ConfigError(f"unknown setting '{name}' under [{key}] in {path}; `briefer config` lists them")
                flat[name] = inner
        elif key in FIELD_GROUP:
            flat[key] = value
        else:
            raise ConfigError(f"unknown setting '{key}' in {path}; `briefer config` lists them")
    return flat


def _env_values() -> dict[str, str]:
    return {
        name: os.environ[ENV_PREFIX + name.upper()] for name in FIELD_GROUP if ENV_PREFIX + name.upper() in os.environ
    }


def unknown_env() -> list[str]:
    """One line for each BRIEFER_ variable that names no setting (a typo is otherwise silently ignored),
    with the setting it most likely meant."""
    names = [name.upper() for name in FIELD_GROUP]
    lines = []
    for var in sorted(os.environ):
        name = var.removeprefix(ENV_PREFIX)
        if not var.startswith(ENV_PREFIX) or name in names or var in NOT_SETTINGS:
            continue
        near = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
        hint = f"did you mean {ENV_PREFIX}{near[0]}? " if near else ""
        lines.append(f"{var} is not a setting and is ignored; {hint}`briefer config` lists them")
    return lines


def load_settings(**flags: Any) -> Settings:
    """Settings from flags (``None`` values are ignored), env and file; errors become one line."""
    path = config_file()
    if os.environ.get("BRIEFER_CONFIG") and not path.is_file():
        raise ConfigError(
            f"BRIEFER_CONFIG names {path}, which is not a file; create it, or set BRIEFER_CONFIG='' for no file"
        )
    if os.environ.get("BRIEFER_INDEX") == "" and flags.get("index") is None:
        raise ConfigError("BRIEFER_INDEX is set but empty; set it to the index folder or unset it (default: index/)")
    layers = [
        (f"file {path}", _file_values(path)),
        ("env", _env_values()),
        ("flag", {k: v for k, v in flags.items() if v is not None}),
    ]
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for origin, layer in layers:
        for name, value in layer.items():
            if name not in FIELD_GROUP:
                raise ConfigError(f"unknown setting '{name}'")
            values[name] = value
            origins[name] = f"env {ENV_PREFIX}{name.upper()}" if origin == "env" else origin
    nested: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        nested.setdefault(FIELD_GROUP[name], {})[name] = value
    try:
        return Settings.model_validate({**nested, "origins": origins})
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][-1]) if err["loc"] else "settings"
        where = origins.get(name, "default")
        raise ConfigError(
            f"setting '{name}' is invalid ({err['msg']}; from {where}); fix {ENV_PREFIX}{name.upper()} or '{name}' in {path}"
        ) from None


def describe(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every setting: group, name, value in effect, default, where the value came from, description."""
    settings = settings or Settings()
    rows = []
    for group, cls in GROUPS.items():
        current = getattr(settings, group)
        for name, field in cls.model_fields.items():
            rows.append(
                {
                    "group": group,
                    "name": name,
                    "env": ENV_PREFIX + name.upper(),
                    "value": getattr(current, name),
                    "default": field.default,
                    "origin": settings.origins.get(name, "default"),
                    "description": field.description or "",
                }
            )
    return rows
