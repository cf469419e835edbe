"""The local Neo4j server the project starts itself: Community 5.26 jars from Maven Central.

Data, logs, config and the pid file live under one home directory (``var/neo4j`` by default);
the jars are shared between homes and fetched once per ``neo4j/pom.xml`` checksum.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from secret_graph.config import PROJECT_ROOT, Settings

POM = PROJECT_ROOT / "neo4j" / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
PLUGINS = "plugins"  # the jars' sub-folder holding the plugins (Graph Data Science)
_JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Dfile.encoding=UTF-8",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
]


class LocalNeo4jError(RuntimeError):
    pass


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_jars(lib_root: Path, *, log=print) -> Path:
    """The directory of Neo4j jars for the current pom, fetched with Maven if missing.

    The server's jars lie in the directory itself, the plugins' (Graph Data Science) in its
    ``plugins`` folder: one Maven profile each, so neither changes the other's library versions.
    """
    stamp = hashlib.sha256(POM.read_bytes()).hexdigest()[:12]
    target = lib_root / stamp
    if (target / ".complete").exists():
        return target
    lib_root.mkdir(parents=True, exist_ok=True)
    with open(lib_root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes must not fetch into one folder at once
        if (target / ".complete").exists():
            return target
        if shutil.which("mvn") is None:
            raise LocalNeo4jError("Maven (mvn) is needed to fetch the Neo4j jars; install it or set NEO4J_URI")
        log(f"fetching Neo4j jars with Maven into {target} (once)")
        partial = lib_root / f"{stamp}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        for profile, folder in (("server", partial), ("plugins", partial / PLUGINS)):
            # Files named group.artifact.jar, without versions, so that a library the server
            # already has can be recognised below.
            result = subprocess.run(
                [
                    *("mvn", "-q", "-B", "-f", str(POM), "-P", profile, "dependency:copy-dependencies"),
                    *(f"-DoutputDirectory={folder}", "-Dmdep.stripVersion=true", "-Dmdep.prependGroupId=true"),
                ],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise LocalNeo4jError(
                    f"Maven could not fetch the Neo4j jars ({profile}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
                )
        # A library on both the server's classpath and in the plugins folder splits its packages
        # between two class loaders (Neo4j refuses to register the plugin's procedures): the
        # plugin uses the server's copy.
        for jar in (partial / PLUGINS).glob("*.jar"):
            if (partial / jar.name).exists():
                jar.unlink()
        (partial / ".complete").touch()
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    return target


def java_binary() -> str:
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home, "bin", "java") if java_home else None
    if candidate and candidate.exists():
        return str(candidate)
    found = shutil.which("java")
    if not found:
        raise LocalNeo4jError("a JDK 17 or newer (java) is needed for the local Neo4j; install one or set NEO4J_URI")
    return found


@dataclass
class LocalNeo4j:
    home: Path
    lib_root: Path
    bolt_port: int = 7687
    http_port: int = 0
    heap: str = "1g"
    pagecache: str = "512m"

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalNeo4j:
        return cls(
            home=settings.var_dir / "neo4j",
            lib_root=settings.var_dir / "neo4j-lib",
            bolt_port=settings.neo4j_bolt_port,
            http_port=settings.neo4j_http_port,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
        )

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "secret-graph-neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "console.log"

    def pid(self) -> int | None:
        """The pid of this home's running server, or None."""
        try:
            pid = int(self.pid_file.read_text())
        except (OSError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        # A recycled pid must not be mistaken for (and later killed as) our server.
        if ENTRY_POINT.encode() not in cmdline or str(self.home).encode() not in cmdline:
            return None
        return pid

    def is_ready(self) -> bool:
        try:
            with GraphDatabase.driver(self.uri, auth=None, connection_timeout=2) as driver:
                driver.verify_connectivity()
            return True
        except (DriverError, Neo4jError, OSError):
            return False

    def start(self, *, timeout_s: float = 180, log=print) -> str:
        """Start the server unless it runs already; returns the Bolt URI once it answers."""
        if self.pid() is not None:
            self._wait_ready(timeout_s)
            return self.uri
        jars = ensure_jars(self.lib_root, log=log)
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        self.write_config(jars)
        command = [
            java_binary(),
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            *_JVM_FLAGS,
            "-cp",
            # As the official launcher does: plugins on the classpath too, so their extensions
            # (the services GDS's procedures are given) load with the server's.
            f"{jars}/*:{jars / PLUGINS}/*",
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.home / 'conf'}",
        ]
        with open(self.log_file, "ab") as console:
            process = subprocess.Popen(
                command,
                stdout=console,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # outlives the CLI call that started it; `neo4j stop` ends it
                cwd=self.home,
            )
        self.pid_file.write_text(str(process.pid))
        try:
            self._wait_ready(timeout_s, process=process)
        except BaseException:
            self.stop()
            raise
        return self.uri

    def stop(self, *, timeout_s: float = 60) -> bool:
        """Stop the server and wait until its JVM is gone; returns whether one was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def write_config(self, jars: Path) -> None:
        """The configuration this project generates (the server and neo4j-admin both read it)."""
        (self.home / "conf").mkdir(parents=True, exist_ok=True)
        (self.home / "conf" / "neo4j.conf").write_text(self._config(plugins=jars / PLUGINS))

    def _wait_ready(self, timeout_s: float, process: subprocess.Popen | None = None) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise LocalNeo4jError(
                    f"Neo4j exited with {process.returncode}; see {self.log_file}:\n{self._log_tail()}"
                )
            if self.is_ready():
                return
            time.sleep(0.5)
        raise LocalNeo4jError(f"Neo4j did not answer on {self.uri} within {timeout_s:.0f} s; see {self.log_file}")

    def _log_tail(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def _config(self, *, plugins: Path) -> str:
        http = (
            f"server.http.enabled=true\nserver.http.listen_address=127.0.0.1:{self.http_port}\n"
            if self.http_port
            else "server.http.enabled=false\n"
        )
        return (
            "# Generated by secret-graph on every start; edit the SECRET_GRAPH_NEO4J_* variables instead.\n"
            "server.default_listen_address=127.0.0.1\n"
            f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}\n"
            f"{http}"
            "server.https.enabled=false\n"
            # Loopback only, so no password: a local developer database, never a production one.
            "dbms.security.auth_enabled=false\n"
            f"server.memory.pagecache.size={self.pagecache}\n"
            "dbms.usage_report.enabled=false\n"
            "db.transaction.timeout=60s\n"
            f"server.directories.data={self.home / 'data'}\n"
            f"server.directories.logs={self.home / 'logs'}\n"
            f"server.directories.run={self.home / 'run'}\n"
            f"server.directories.import={self.home / 'import'}\n"
            # The plugins are read in place from the shared jar cache (they are never written).
            f"server.directories.plugins={plugins}\n"
            # Graph Data Science reads the store through internal APIs, which Neo4j allows only
            # to procedures listed here; nothing else is unrestricted.
            "dbms.security.procedures.unrestricted=gds.*\n"
            "dbms.security.procedures.allowlist=gds.*\n"
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie of ours counts as gone
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    if state == "Z":
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return False
    return True
