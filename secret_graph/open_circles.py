"""Circles found open, remembered with a digest of what the check read, so a page need not check again.

Every feed page, post view, heart and comment asks whether the viewer's circle is open: at 100,000
accounts that statement is 5 ms at p50 and 25 ms at p99 (docs/performance.md). An open circle can only
close when a friendship of the viewer or of one of its friends changes, or a friend's trust score does;
each of those writes counts itself in the accounts' ``ties`` (visibility.cypher, ``circle_inputs``). The
digest of the viewer's and its friends' counts is read first on every check of a viewer remembered
here (a viewer unknown here goes straight to ``circle``, which reads it before and after the rule);
only while it is the digest remembered with an open result is the result reused. So the cache is
exact, not a staleness window: the page after any such change checks again. A closed circle is never
remembered (it opens with time too, as friends age past the age rule).

One per process (on the ``Context``): API replicas need nothing shared, a cold replica checks again.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable

DEFAULT_CAPACITY = 200_000  # viewers; an entry is about 200 bytes, so about 40 MB at most


class OpenCircles:
    """Viewer id -> the digest under which its circle was last found open. ``capacity`` 0 turns it off."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._capacity = capacity
        self._entries: dict[str, Hashable] = {}
        self._lock = threading.Lock()

    def __contains__(self, viewer_id: object) -> bool:
        """Whether an answer is remembered for this viewer, under whatever digest."""
        with self._lock:
            return viewer_id in self._entries

    def is_open(self, viewer_id: str, digest: Hashable) -> bool:
        """Whether the circle was found open under exactly this digest."""
        with self._lock:
            return self._entries.get(viewer_id) == digest

    def remember(self, viewer_id: str, digest: Hashable) -> None:
        """The circle was found open with the graph this digest was read from (or a later one)."""
        if self._capacity <= 0:
            return
        with self._lock:
            self._entries.pop(viewer_id, None)
            while len(self._entries) >= self._capacity:
                del self._entries[next(iter(self._entries))]  # the oldest: dicts keep insertion order
            self._entries[viewer_id] = digest

    def forget(self, viewer_id: str) -> None:
        """Check this viewer's circle again next time."""
        with self._lock:
            self._entries.pop(viewer_id, None)

    def __len__(self) -> int:
        return len(self._entries)
