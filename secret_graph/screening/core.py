"""The screening interface: hits, signals, the screener and its verdict."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Protocol

# Every reason a signal may give, with the severity that orders the review queue (higher first).
SEVERITY = {
    "slur": 4,
    "harassment": 3,
    "personal_info": 3,
    "offensive": 2,
    "insult": 2,
}
REASONS = tuple(SEVERITY)
VERDICTS = ("publish", "rethink", "hold")  # in rising strictness


@dataclass(frozen=True)
class Hit:
    """One reason to look again at a text, with the spans (start, end) that triggered it."""

    reason: str
    spans: tuple[tuple[int, int], ...] = ()
    score: float = 1.0


class Signal(Protocol):
    """A screening component: a classifier, a word list, a cue. ``name`` is for logs and docs."""

    name: str

    def check(self, text: str) -> list[Hit]: ...


@dataclass(frozen=True)
class Screening:
    """What the screener says about one text."""

    verdict: str
    hits: tuple[Hit, ...] = ()

    @property
    def reasons(self) -> list[str]:
        return sorted({hit.reason for hit in self.hits}, key=lambda r: (-SEVERITY[r], r))

    @property
    def severity(self) -> int:
        return max((SEVERITY[hit.reason] for hit in self.hits), default=0)

    def spans(self) -> list[dict]:
        return sorted(
            ({"start": s, "end": e, "reason": hit.reason} for hit in self.hits for s, e in hit.spans),
            key=lambda span: (span["start"], span["end"], span["reason"]),
        )


@dataclass
class Screener:
    """Runs the signals, adds the targeted-harassment cue, and gives the strictest configured verdict."""

    signals: list[Signal]
    verdicts: dict[str, str]
    cues: Signal | None = None
    offensive_reasons: frozenset[str] = field(default=frozenset({"offensive", "insult", "slur"}))

    def screen(self, text: str) -> Screening:
        hits = [hit for signal in self.signals for hit in signal.check(text)]
        if self.cues is not None and any(hit.reason in self.offensive_reasons for hit in hits):
            # A person named or addressed, plus an offensive signal: the text targets someone.
            targets = [span for hit in self.cues.check(text) for span in hit.spans]
            if targets:
                insults = [span for hit in hits if hit.reason in self.offensive_reasons for span in hit.spans]
                hits.append(Hit("harassment", tuple(sorted(set(targets + insults)))))
        verdict = "publish"
        for hit in hits:
            chosen = self.verdicts.get(hit.reason, "publish")
            if VERDICTS.index(chosen) > VERDICTS.index(verdict):
                verdict = chosen
        return Screening(verdict, tuple(hits))


def for_settings(settings) -> Screener:
    """The screener the settings describe, built once per process (the classifier loads a model)."""
    return _build(
        settings.screening_classifier,
        settings.screening_threshold,
        settings.screening_wordlists,
        settings.screening_languages,
        settings.screening_verdicts,
    )


@functools.lru_cache(maxsize=8)
def _build(
    classifier: str, threshold: float, wordlist_file: str, languages: tuple[str, ...], verdicts: tuple
) -> Screener:
    from secret_graph.screening import classifier as classifiers
    from secret_graph.screening import signals

    chosen: list[Signal] = [signals.WordLists.load(languages=languages, extra_file=wordlist_file)]
    model = classifiers.load(classifier, threshold=threshold)
    if model is not None:
        chosen.append(model)
    chosen.append(signals.PersonalInformation())
    return Screener(signals=chosen, verdicts=dict(verdicts), cues=signals.TargetCues())
