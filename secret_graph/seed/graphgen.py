"""Friendship graphs for seeding: synthetic Holme-Kim graphs, or a real SNAP-style edge list."""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path


def holme_kim(n: int, m: int, triad_p: float, rng: random.Random) -> list[tuple[int, int]]:
    """Edges of a Holme-Kim graph: power-law degrees with clustering, as in real friendship graphs.

    Node ``k`` joins after nodes ``0..k-1`` and links to ``m`` of them by preferential attachment;
    after each such link, with probability ``triad_p``, it also links to a neighbour of that node
    (closing a triangle). Edges come out as ``(newer, older)`` and are unique by construction.
    """
    if n <= m:
        return [(b, a) for a in range(n) for b in range(a + 1, n)]
    edges: list[tuple[int, int]] = []
    neighbours: list[list[int]] = [[] for _ in range(n)]
    targets: list[int] = list(range(m))  # a node appears once per edge end: degree-weighted sampling

    def link(a: int, b: int) -> None:
        edges.append((a, b))
        neighbours[a].append(b)
        neighbours[b].append(a)
        targets.append(a)
        targets.append(b)

    for node in range(m, n):
        chosen: set[int] = set()
        while len(chosen) < m:
            anchor = rng.choice(targets)
            if anchor == node or anchor in chosen:
                continue
            chosen.add(anchor)
            link(node, anchor)
            if len(chosen) < m and rng.random() < triad_p and neighbours[anchor]:
                # A few random tries instead of filtering a hub's whole neighbour list.
                for _ in range(3):
                    friend = rng.choice(neighbours[anchor])
                    if friend != node and friend not in chosen:
                        chosen.add(friend)
                        link(node, friend)
                        break
    return edges


def read_edge_list(path: Path) -> tuple[int, list[tuple[int, int]]]:
    """Nodes and edges of a SNAP-style edge list (``u v`` per line, ``#`` comments).

    Node labels are renumbered ``0..n-1`` in order of first appearance; self-loops and repeated
    edges (in either direction) are dropped. Raises ValueError naming the first bad line.
    """
    index: dict[str, int] = {}
    seen: set[tuple[int, int]] = set()
    edges: list[tuple[int, int]] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            if len(fields) < 2:
                raise ValueError(f"{path}:{number}: expected two node ids, got {line.strip()!r}")
            a, b = (index.setdefault(label, len(index)) for label in fields[:2])
            pair = (max(a, b), min(a, b))
            if a != b and pair not in seen:
                seen.add(pair)
                edges.append(pair)
    return len(index), edges


def degrees(n: int, edges: Iterable[tuple[int, int]]) -> list[int]:
    """Degree of every node."""
    result = [0] * n
    for a, b in edges:
        result[a] += 1
        result[b] += 1
    return result
