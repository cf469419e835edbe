"""The built-in signals: operator word lists per language, targeted-person cues, personal information.

Word lists are plain files of ``[LANGUAGE REASON]`` sections (reason ``slur`` or ``insult``), one
term per line; a term ending in ``*`` matches any word it starts (``encul*``); several words make
a phrase. Terms and text are compared folded: case, accents, repeated letters (``idiooot``) and
common digit-for-letter swaps (``1d10t``) do not matter. Spans are given in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from secret_graph.screening.core import Hit

BUILT_IN = Path(__file__).with_name("wordlists")
LIST_REASONS = ("slur", "insult")
_TOKEN = re.compile(r"\w+")
_SECTION = re.compile(r"^\[\s*([a-z]{2,3})\s+([a-z_]+)\s*\]$")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_RUNS = re.compile(r"(.)\1{2,}")


def fold(word: str) -> str:
    """A word as word lists compare it."""
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    if any(ch.isalpha() for ch in plain):
        plain = plain.translate(_LEET)
    return _RUNS.sub(r"\1", plain)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of each word of ``text``, leetspeak digits kept inside words."""
    return [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass
class WordLists:
    """Operator word lists: each entry a folded phrase (the last word may be a prefix) and its reason."""

    name = "wordlist"
    exact: dict[str, list[tuple[tuple[str, ...], bool, str]]] = field(default_factory=dict)
    prefixes: list[tuple[tuple[str, ...], str]] = field(default_factory=list)

    @classmethod
    def load(cls, *, languages: tuple[str, ...], extra_file: str = "") -> WordLists:
        lists = cls()
        for language in languages:
            path = BUILT_IN / f"{language}.txt"
            if path.exists():
                lists.add_file(path, languages=languages)
        if extra_file:
            lists.add_file(Path(extra_file), languages=languages)
        return lists

    def add_file(self, path: Path, *, languages: tuple[str, ...]) -> None:
        section: tuple[str, str] | None = None
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if match := _SECTION.match(line):
                if match.group(2) not in LIST_REASONS:
                    raise ValueError(f"{path}:{number}: the reason is one of {', '.join(LIST_REASONS)}")
                section = (match.group(1), match.group(2))
                continue
            if section is None:
                raise ValueError(f"{path}:{number}: a term before any [language reason] section")
            if section[0] in languages:
                self.add(line, reason=section[1])

    def add(self, term: str, *, reason: str) -> None:
        prefix = term.endswith("*")
        words = tuple(fold(w) for w in _TOKEN.findall(term.rstrip("*")))
        if not words:
            return
        if prefix and len(words) == 1:
            self.prefixes.append((words, reason))
        else:
            self.exact.setdefault(words[0], []).append((words, prefix, reason))

    def check(self, text: str) -> list[Hit]:
        words = tokens(text)
        found: dict[str, list[tuple[int, int]]] = {}
        for i, (word, start, _) in enumerate(words):
            for phrase, prefix, reason in self.exact.get(word, ()):
                following = words[i : i + len(phrase)]
                if len(following) < len(phrase):
                    continue
                *middle, last = phrase
                if all(w == p for (w, _, _), p in zip(following, middle, strict=False)) and (
                    following[-1][0].startswith(last) if prefix else following[-1][0] == last
                ):
                    found.setdefault(reason, []).append((start, following[-1][2]))
            for (stem,), reason in self.prefixes:
                if word.startswith(stem):
                    found.setdefault(reason, []).append((start, words[i][2]))
        return [Hit(reason, tuple(sorted(set(spans)))) for reason, spans in found.items()]


# Someone named or addressed: @handles, second-person words (EN, FR), a capitalised full name.
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
_SECOND_PERSON = re.compile(
    r"(?i)\b(?:t['\u2019](?=\w)|(?:you|you['\u2019]re|youre|ur|u|your|yourself|ya|tu|toi|te|ta|ton|tes|vous|votre|vos)(?=\W|$))"
)
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_FULL_NAME = re.compile(rf"\b[{_UPPER}][{_LOWER}]+(?:[ -][{_UPPER}][{_LOWER}]+)+\b")
# Capitalised words that start sentences or name no one: "The Office" or "Happy Monday" is not a person.
_NOT_NAME_WORDS = """i the a an my our your his her their this that these those it we they he she you and but or so if
    when what why how who where there here hello hi hey dear happy merry good bad new old big little
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december christmas easter god jesus le la les un une mon ma mes
    ton ta tes son sa ses notre votre leur ce cet cette il elle on nous vous ils elles je et mais ou donc
    quand pourquoi comment bonjour salut joyeux bonne bon lundi mardi mercredi jeudi vendredi samedi
    dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre noël
    dieu new york paris london saint san los las"""
_NOT_NAMES = frozenset(fold(word) for word in _NOT_NAME_WORDS.split())


class TargetCues:
    """Where a text names or addresses a person; the screener combines it with offensive signals."""

    name = "target"

    def check(self, text: str) -> list[Hit]:
        spans = [m.span() for m in _HANDLE.finditer(text)]
        spans += [m.span() for m in _SECOND_PERSON.finditer(text)]
        for match in _FULL_NAME.finditer(text):
            words = re.split(r"[ -]", match.group())
            if not any(fold(word) in _NOT_NAMES for word in words):
                spans.append(match.span())
        return [Hit("target", tuple(sorted(spans)))] if spans else []


# Street addresses (English and French forms) and URLs of a person's profile.
_STREET_EN = re.compile(  # a number, capitalised names, a street type: "221B Baker Street", "12 Elm st"
    r"\b\d{1,5}[a-zA-Z]?\s+(?:[A-Z][\w'.-]*\s+){1,4}?"
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|crescent|close)\b"
)
_STREET_FR = re.compile(
    r"(?i)\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+"
    r"(?:rue|avenue|av\.?|boulevard|bd|place|impasse|allée|allee|chemin|quai|cours|route|square|passage)"
    r"\s+(?:de\s+la\s+|des\s+|du\s+|de\s+|d'|l'|la\s+|le\s+)?[\w'-]+"
)
_PROFILE = re.compile(
    r"(?i)\b(?:https?://)?(?:www\.|m\.|mobile\.)?"
    r"(?:facebook\.com|fb\.com|fb\.me|instagram\.com|instagr\.am|twitter\.com|x\.com|tiktok\.com|"
    r"linkedin\.com/in|snapchat\.com/add|threads\.net|youtube\.com|reddit\.com/u(?:ser)?|vk\.com|"
    r"github\.com|t\.me|onlyfans\.com)/@?[\w.-]+"
)


class PersonalInformation:
    """Street addresses and profile URLs (phone numbers and e-mail addresses are refused outright,
    by secret_graph/text.py, and never stored)."""

    name = "personal_info"

    def check(self, text: str) -> list[Hit]:
        spans = [m.span() for pattern in (_STREET_EN, _STREET_FR, _PROFILE) for m in pattern.finditer(text)]
        return [Hit("personal_info", tuple(sorted(spans)))] if spans else []
