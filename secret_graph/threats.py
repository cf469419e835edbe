"""Costs of known attacks under a configuration, as quoted in docs/threat-model.md."""

from __future__ import annotations

import math
from dataclasses import dataclass

from secret_graph.config import Settings


@dataclass(frozen=True)
class AttackCost:
    verified_numbers: int
    days: int
    fake_friends: int
    outsiders: int


def isolation_attack_cost(settings: Settings) -> AttackCost:
    """The cheapest fake-friend isolation (the 2014 attack on Secret) that opens a circle.

    The attacker's circle must hold ``min_friends`` counted friends. The victim is one of them
    (an established account with friends elsewhere), so ``min_friends - 1`` fakes are needed.
    Each fake must be ``friend_min_age_s`` old and have ``friend_min_outside`` friends outside
    the attacker's circle: extra fake accounts. Under the ``shared`` circle rule the fakes may all
    share the same ones (k + m numbers); under ``matching`` each fake needs its own, so
    ``(min_friends - 1) * friend_min_outside`` of them (k + (k - 1) * m numbers; the victim's own
    outside friends are real ones). Every account is a verified phone number, the attacker's own included.
    """
    fakes = max(0, settings.min_friends - 1)
    per_fake = settings.friend_min_outside if fakes else 0
    outsiders = per_fake * fakes if settings.circle_rule == "matching" else per_fake
    return AttackCost(
        verified_numbers=1 + fakes + outsiders,
        days=math.ceil(settings.friend_min_age_s / 86_400),
        fake_friends=fakes,
        outsiders=outsiders,
    )
