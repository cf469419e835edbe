"""What every service needs, built once per process: ``with Context.create(settings) as ctx:``."""

from __future__ import annotations

from dataclasses import dataclass, field

from secret_graph.adapters import facebook, sms
from secret_graph.clock import Clock, SystemClock
from secret_graph.config import Settings
from secret_graph.crypto import Keyring
from secret_graph.db.database import Database


@dataclass
class Context:
    settings: Settings
    db: Database
    clock: Clock
    keyring: Keyring
    sms: sms.SmsSender
    # Off unless wired: a Context built by hand (benchmarks, scripts) never believes a dev token.
    facebook: facebook.FacebookVerifier = field(default_factory=facebook.NullVerifier)

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.db.close()

    @classmethod
    def create(cls, settings: Settings, *, db: Database | None = None, clock: Clock | None = None) -> Context:
        """The production wiring: one driver, the system clock, the configured SMS and Facebook backends."""
        return cls(
            settings=settings,
            db=db or Database.connect(settings),
            clock=clock or SystemClock(),
            keyring=Keyring(settings.peppers),
            sms=sms.from_settings(settings),
            facebook=facebook.from_settings(settings),
        )
