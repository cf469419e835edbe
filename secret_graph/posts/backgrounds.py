"""Proposed backgrounds for a text, ranked by keyword overlap (as Whisper proposes an image)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

BUILT_IN = Path(__file__).with_name("backgrounds.json")
_WORD = re.compile(r"[a-z]+")
SUGGESTIONS = 6


@cache
def catalogue(extra_file: str = "") -> tuple[dict, ...]:
    """The built-in catalogue plus an operator's file (e.g. image URLs), validated."""
    entries = json.loads(BUILT_IN.read_text())
    if extra_file:
        entries += json.loads(Path(extra_file).read_text())
    cleaned = []
    for entry in entries:
        item = {"id": str(entry["id"]), "keywords": [str(k).lower() for k in entry.get("keywords", [])]}
        if entry.get("image", "").startswith("https://"):
            item["image"] = entry["image"]
        elif re.match(r"^#[0-9A-Fa-f]{6}$", entry.get("color", "")):
            item["color"] = entry["color"].upper()
        else:
            continue
        cleaned.append(item)
    return tuple(cleaned)


def suggest(text: str, *, extra_file: str = "", limit: int = SUGGESTIONS) -> list[dict]:
    """Catalogue entries ranked by how many of their keywords the text uses; catalogue order breaks ties."""
    words = set(_WORD.findall(text.lower()))
    entries = catalogue(extra_file)
    ranked = sorted(range(len(entries)), key=lambda i: (-len(words & set(entries[i]["keywords"])), i))
    return [entries[i] for i in ranked[:limit]]
