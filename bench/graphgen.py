"""Synthetic friendship graphs shaped like real ones: Holme-Kim (power-law degrees with clustering)."""

from __future__ import annotations

import random


def holme_kim(n: int, m: int, triad_p: float, rng: random.Random) -> list[tuple[int, int]]:
    """Edges of a Holme-Kim graph: each new node links to ``m`` nodes by preferential attachment,
    and after each such link, with probability ``triad_p``, to a neighbour of that node (a triangle)."""
    edges: set[tuple[int, int]] = set()
    neighbours: list[set[int]] = [set() for _ in range(n)]
    targets: list[int] = list(range(m))  # degree-weighted pool: a node appears once per edge end

    def link(a: int, b: int) -> None:
        edges.add((min(a, b), max(a, b)))
        neighbours[a].add(b)
        neighbours[b].add(a)
        targets.extend((a, b))

    for node in range(m, n):
        chosen: set[int] = set()
        while len(chosen) < m:
            anchor = rng.choice(targets)
            if anchor == node or anchor in chosen:
                continue
            chosen.add(anchor)
            link(node, anchor)
            if len(chosen) < m and rng.random() < triad_p:
                options = [x for x in neighbours[anchor] if x != node and x not in chosen]
                if options:
                    friend = rng.choice(options)
                    chosen.add(friend)
                    link(node, friend)
    return sorted(edges)
