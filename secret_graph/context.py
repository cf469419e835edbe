"""What every service needs, built once per process: ``with Context.create(settings) as ctx:``."""

from __future__ import annotations

from dataclasses import dataclass, field

from secret_graph.adapters import facebook, media, push, sms
from secret_graph.clock import Clock, SystemClock
from secret_graph.config import Settings
from secret_graph.crypto import Keyring
from secret_graph.db.database import Database
from secret_graph.jobs import JobQueue
from secret_graph.open_circles import OpenCircles


@dataclass
class Context:
    settings: Settings
    db: Database
    clock: Clock
    keyring: Keyring
    sms: sms.SmsSender
    # Off unless wired: a Context built by hand (benchmarks, scripts) never believes a dev token.
    facebook: facebook.FacebookVerifier = field(default_factory=facebook.NullVerifier)
    # Jobs run in-process unless wired to Redis; pushes are recorded (dev) unless wired.
    jobs: JobQueue = field(default_factory=JobQueue)
    push: push.PushSender = field(default_factory=push.DevPushSender)
    # Uploaded images; None means the configured store (a Context built by hand gets one too).
    media: media.MediaStore | None = None
    # Circles found open, kept while nothing they depend on changes (exact: secret_graph/open_circles.py).
    circles: OpenCircles = field(default_factory=OpenCircles)

    def __post_init__(self) -> None:
        self.jobs.bind(self)
        if self.media is None:
            self.media = media.from_settings(self.settings)

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.jobs.stop()
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
            jobs=JobQueue.from_settings(settings),
            push=push.from_settings(settings),
        )
