"""A one-line progress bar on stderr for long seeding stages."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Redraws ``stage [####------] 40% 400,000/1,000,000 12.3 s`` at most ten times a second.

    On a terminal the line is redrawn in place; otherwise (CI logs) one line per 25% is printed.
    """

    def __init__(self, stream: TextIO | None = sys.stderr, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.stage = ""
        self.total = 0
        self.done = 0
        self.started = time.perf_counter()
        self._drawn_at = 0.0
        self._quarter = -1

    def begin(self, stage: str, total: int) -> None:
        self.stage, self.total, self.done = stage, max(total, 0), 0
        self.started = time.perf_counter()
        self._quarter = -1
        self._draw(force=True)

    def advance(self, amount: int) -> None:
        self.done = min(self.total, self.done + amount)
        self._draw()

    def end(self) -> float:
        """Finish the stage; returns its seconds."""
        self.done = self.total
        self._draw(force=True)
        if self.stream is not None and self.stream.isatty():
            self.stream.write("\n")
        return time.perf_counter() - self.started

    def _draw(self, force: bool = False) -> None:
        if self.stream is None:
            return
        fraction = self.done / self.total if self.total else 1.0
        elapsed = time.perf_counter() - self.started
        line = (
            f"{self.stage:<14} [{'#' * int(fraction * self.width):<{self.width}}] {fraction:4.0%} "
            f"{self.done:,}/{self.total:,} {elapsed:.1f} s"
        )
        if self.stream.isatty():
            now = time.perf_counter()
            if force or now - self._drawn_at >= 0.1:
                self.stream.write("\r" + line)
                self.stream.flush()
                self._drawn_at = now
        elif int(fraction * 4) > self._quarter:
            self._quarter = int(fraction * 4)
            self.stream.write(line + "\n")
            self.stream.flush()


SILENT = Progress(stream=None)
