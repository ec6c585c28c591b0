"""A private PostgreSQL server whose TCP logins need a password, for the login tests.

The shared test server trusts every login from 127.0.0.1, so a password is never asked there;
its configuration is not ours to change. This starts a throwaway cluster of the same
PostgreSQL (``initdb``, ``pg_ctl``) in a temporary folder, SCRAM over TCP and trust on its own
Unix socket (for setting it up), on a free port; stopped and removed afterwards. As root the
server runs as the ``postgres`` account (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class NoServer(Exception):
    """The PostgreSQL programs are not installed, or the cluster would not start."""


@dataclass(frozen=True)
class PasswordServer:
    """A running private server: its port and the folder of its Unix socket."""

    port: int
    socket_dir: Path

    def admin(self, dbname: str = "postgres") -> Any:
        """The superuser over the Unix socket (trusted), in autocommit."""
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres",
                               dbname=dbname, autocommit=True, connect_timeout=5)

    def url(self, user: str, database: str) -> str:
        """A URL over TCP for ``user`` on ``database``, without a password."""
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"


@dataclass(frozen=True)
class Login:
    """A login role with a password, owning its own database on the private server."""

    server: PasswordServer
    role: str
    password: str

    @property
    def url(self) -> str:
        return self.server.url(self.role, self.role)


def _programs() -> tuple[str, str]:
    found = [shutil.which(p) for p in ("initdb", "pg_ctl")]
    if None in found:
        for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
            if (folder / "initdb").exists():
                return str(folder / "initdb"), str(folder / "pg_ctl")
        raise NoServer("initdb/pg_ctl not found")
    return found[0] or "", found[1] or ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def password_server() -> Iterator[PasswordServer]:
    """Start the private server; stop it and remove its files afterwards."""
    initdb, pg_ctl = _programs()
    folder = Path(tempfile.mkdtemp(prefix="anjian-pw-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            raise NoServer("running as root without runuser")
        shutil.chown(folder, "postgres")
        as_user = [runuser, "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-U", "postgres", "-E", "UTF8",
                        "--locale=C.UTF-8", "--auth-local=trust",
                        "--auth-host=scram-sha-256", "-N"],
                       check=True, capture_output=True, timeout=120)
        settings = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
                    "-c shared_buffers=8MB -c max_connections=20 -c fsync=off")
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w",
                        "-t", "60", "-o", settings, "start"],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise NoServer(f"the private server did not start: {exc}") from None
    try:
        yield PasswordServer(port, folder)
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def login(server: PasswordServer) -> Iterator[Login]:
    """A new login role ``anjian_pw_<random>`` with a password, owning an empty database of
    the same name; both dropped afterwards."""
    role = f"anjian_pw_{uuid.uuid4().hex[:12]}"
    password = f"口令-{uuid.uuid4().hex[:8]}"
    with server.admin() as conn:
        conn.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
        conn.execute(f'CREATE DATABASE "{role}" OWNER "{role}"')
    try:
        yield Login(server, role, password)
    finally:
        with server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{role}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')
