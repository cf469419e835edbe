"""One Neo4j driver per process; services run their whole use case in one managed transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from secret_graph.config import Settings
from secret_graph.db.cypher import Statement
from secret_graph.errors import Unavailable

T = TypeVar("T")
Work = Callable[[ManagedTransaction], T]

# Short retry and connect windows: during an outage a request should fail fast with a 503
# rather than hold a worker for the driver's default 30 s.
_DRIVER_OPTIONS = {
    "max_transaction_retry_time": 5.0,
    "connection_timeout": 3.0,
    "connection_acquisition_timeout": 5.0,
    "max_connection_lifetime": 3600,
    # Schema hints ("unknown property") are for development tools, not the request log.
    "notifications_min_severity": "OFF",
}


class Database:
    def __init__(self, driver: neo4j.Driver, database: str) -> None:
        self.driver = driver
        self.database = database

    @classmethod
    def connect(cls, settings: Settings) -> Database:
        """Open the process's driver for the configured (or local) Neo4j."""
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        driver = GraphDatabase.driver(settings.bolt_uri, auth=auth, **_DRIVER_OPTIONS)
        return cls(driver, settings.neo4j_database)

    def read(self, work: Work[T]) -> T:
        """Run ``work`` in a managed read transaction (retried on transient errors)."""
        return self._execute("read", work)

    def write(self, work: Work[T], *, retry_window_s: float | None = None) -> T:
        """Run ``work`` in a managed write transaction (retried on transient errors).

        ``retry_window_s`` widens the retry window for batch jobs, whose single attempt can
        outlast the request-sized default and would then never be retried."""
        return self._execute("write", work, retry_window_s)

    def query(self, statement: Statement, /, **params: Any) -> list[dict[str, Any]]:
        """Run one read statement in its own transaction."""
        return self.read(lambda tx: statement(tx, **params))

    def command(self, statement: Statement, /, **params: Any) -> list[dict[str, Any]]:
        """Run one write statement in its own transaction."""
        return self.write(lambda tx: statement(tx, **params))

    def lookup(self, statement: Statement, /, **params: Any) -> dict[str, Any] | None:
        """One read statement's first row, in an auto-commit transaction.

        One Bolt round trip (RUN and PULL travel together) where a managed transaction takes three
        (BEGIN, RUN, COMMIT): for the single-row read every request makes, the session behind its
        bearer token. It reads committed data like any transaction, so a revoked session fails at once."""
        for attempt in (1, 2):
            try:
                with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                    record = session.run(statement.text, params).single()
                    return record.data() if record is not None else None
            except (ServiceUnavailable, SessionExpired, TransientError) as error:
                # Managed transactions are retried by the driver, this read once here: a pooled
                # connection from before a restart fails once and is dropped, a transient error passes.
                if attempt == 2:
                    if isinstance(error, TransientError):
                        raise Unavailable("the database is busy; try again", retry_after=1) from error
                    raise Unavailable("the database is unavailable") from error
            except OSError as error:
                raise Unavailable("the database is unavailable") from error
        return None  # not reached: the second attempt returns or raises

    def autocommit(self, statement: str, **params: Any) -> None:
        """Run a raw statement in an auto-commit transaction (schema changes, batched deletes)."""
        try:
            with self.driver.session(database=self.database) as session:
                session.run(statement, params).consume()
        except (ServiceUnavailable, SessionExpired, OSError) as error:
            raise Unavailable("the database is unavailable") from error

    def ping(self) -> None:
        """Raise Unavailable unless Neo4j answers."""
        try:
            self.driver.verify_connectivity()
        except (DriverError, Neo4jError, OSError) as error:
            raise Unavailable("the database is unavailable") from error

    def close(self) -> None:
        self.driver.close()

    def _execute(self, mode: str, work: Work[T], retry_window_s: float | None = None) -> T:
        options = {} if retry_window_s is None else {"max_transaction_retry_time": retry_window_s}
        try:
            with self.driver.session(database=self.database, **options) as session:
                if mode == "read":
                    return session.execute_read(work)
                return session.execute_write(work)
        except (ServiceUnavailable, SessionExpired, OSError) as error:
            raise Unavailable("the database is unavailable") from error
        except TransientError as error:
            # Deadlocks and lock timeouts that outlasted the driver's retries: contention, not a
            # bug in the request, so the client is told to retry shortly rather than given a 500.
            raise Unavailable("the database is busy; try again", retry_after=1) from error
