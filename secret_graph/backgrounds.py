"""Proposed backgrounds for a text, ranked by keyword overlap (as Whisper proposes an image)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

BUILT_IN = Path(__file__).with_name("backgrounds.json")
_WORD = re.compile(r"[a-z]+")
SUGGESTIONS = 6


_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_MAX_URL = 2048


@cache
def catalogue(extra_file: str = "") -> tuple[dict, ...]:
    """The built-in catalogue plus an operator's file (e.g. image URLs), validated.

    Posts may only use these backgrounds. An operator's image URLs are the operator's choice; an
    entry without a string id, with a repeated id, or without an https URL or #RRGGBB colour is left out.
    """
    entries = json.loads(BUILT_IN.read_text())
    if extra_file:
        extra = json.loads(Path(extra_file).read_text())
        if not isinstance(extra, list):
            raise ValueError(f"{extra_file}: a backgrounds file is a JSON list of entries")
        entries += extra
    cleaned: list[dict] = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
            continue
        if any(item["id"] == entry["id"] for item in cleaned):
            continue
        item: dict = {"id": entry["id"], "keywords": [str(k).lower() for k in entry.get("keywords", [])]}
        image, color = entry.get("image"), entry.get("color")
        if isinstance(image, str) and _https_url(image):
            item["image"] = image
        elif isinstance(color, str) and _COLOR.match(color):
            item["color"] = color.upper()
        else:
            continue
        cleaned.append(item)
    return tuple(cleaned)


@cache
def images(extra_file: str = "") -> frozenset[str]:
    """The catalogue's image URLs: the only images a post may show."""
    return frozenset(entry["image"] for entry in catalogue(extra_file) if "image" in entry)


def _https_url(value: str) -> bool:
    return value.startswith("https://") and len(value) <= _MAX_URL and value.isprintable() and " " not in value


def suggest(text: str, *, extra_file: str = "", limit: int = SUGGESTIONS) -> list[dict]:
    """Catalogue entries ranked by how many of their keywords the text uses; catalogue order breaks ties."""
    words = set(_WORD.findall(text.lower()))
    entries = catalogue(extra_file)
    ranked = sorted(range(len(entries)), key=lambda i: (-len(words & set(entries[i]["keywords"])), i))
    return [entries[i] for i in ranked[:limit]]
