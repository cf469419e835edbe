"""The declarations of the configuration variables, one module per area; ``Settings`` (config.py) joins them.

A variable is declared once, as a field made by ``setting(...)``: its environment name, default,
meaning and parser together. This package holds what a declaration is made of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secret_graph.config_parsing import shown, text

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Variable:
    """One environment variable: where it is read, its default as it would be written, and its parser."""

    name: str
    attr: str
    default: str
    help: str
    parse: Callable[[str], Any]
    show: Callable[[Any], str]
    secret: bool = False


def project_path(raw: str) -> Path:
    path = Path(raw)
    return path if path.is_absolute() else PROJECT_ROOT / path


def setting(
    name: str,
    default: str,
    doc: str,
    parse: Callable[[str], Any] = text,
    *,
    secret: bool = False,
) -> Any:
    """Declare a setting: a dataclass field that carries its variable."""
    return field(
        repr=not secret,
        metadata={"variable": Variable(name, "", default, doc, parse, shown, secret)},
    )
