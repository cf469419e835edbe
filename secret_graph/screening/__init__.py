"""Screening: what a post or comment says, judged before anyone else can read it.

Each signal is a small component with one method, ``check(text) -> list[Hit]``; the screener runs
the configured ones, adds the targeted-harassment cue (a named or addressed person plus an
offensive signal), and turns the hits into one verdict: ``publish``, ``rethink`` (sent back to the
author with the reasons and spans) or ``hold`` (kept, seen by its author only, queued). Which
verdict each reason gives, and the classifier, are configuration (docs/moderation.md).
"""

from __future__ import annotations

from secret_graph.screening.core import (
    REASONS,
    SEVERITY,
    VERDICTS,
    Hit,
    Screener,
    Screening,
    Signal,
    for_settings,
)

__all__ = ["REASONS", "SEVERITY", "VERDICTS", "Hit", "Screener", "Screening", "Signal", "for_settings"]
