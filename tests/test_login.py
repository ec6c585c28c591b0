"""Database passwords: never on the command line; from ``PGPASSWORD``, ``~/.pgpass`` or the
environment's URL; asked in a terminal (never echoed) when the server wants one and none was
given; a wrong one is a clear message. Against a real server that asks for passwords (a
private one: the shared test server trusts every login) and the real command line, run in a
real pseudo-terminal where a person would type."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.i18n import AnjianError
from core.services.schema import upgrade_database
from core.store.db import head_revision, open_store

from .db_state import snapshot
from .password_server import Login
from .workflow_helpers import cli_run

ANJIAN = [sys.executable, "-c", "from tui.cli import main; main()"]


def _env(**extra: str) -> dict[str, str]:
    """The environment of a command: this one's, in Chinese, without a database URL (the
    password variables as the fixture left them), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in ("ANJIAN_DATABASE_URL", "ANJIAN_LANG")}
    return {**env, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", **extra}


def _with_password(made: Login) -> str:
    """The login's URL with its password, for the tests' own look at the database."""
    return make_url(made.url).set(password=made.password).render_as_string(hide_password=False)


def run(args: list[str], **env: str) -> tuple[int, str, str]:
    """``anjian`` in a process of its own, with no terminal (stdin is empty)."""
    done = subprocess.run([*ANJIAN, *args], env=_env(**env), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def in_terminal(args: list[str], typed: str | None, **env: str) -> tuple[int, str]:
    """``anjian`` in a pseudo-terminal of its own (stdin, stdout and stderr), as a person runs
    it; ``typed`` is typed (then Enter) once a password prompt shows. Returns the exit status
    and everything the terminal showed."""
    leader, follower = os.openpty()
    proc = subprocess.Popen([*ANJIAN, *args], env=_env(**env), stdin=follower, stdout=follower,
                            stderr=follower, start_new_session=True)
    os.close(follower)
    shown, asked = b"", False
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # the terminal closed: the command is done
                    break
                if not chunk:
                    break
                shown += chunk
            elif proc.poll() is not None:
                break
            if not asked and typed is not None and "密码（输入时不显示）".encode() in shown:
                asked = True
                os.write(leader, typed.encode() + b"\n")
        code = proc.wait(timeout=60)
    finally:
        os.close(leader)
        if proc.poll() is None:
            proc.kill()
    return code, shown.decode(errors="replace")


def test_a_password_in_db_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """Refused before anything connects (the server named does not exist): the app's fast
    path and every command alike, the password in the URL's user part or in its query."""
    for url in ("postgresql+psycopg://postgres:s3cret@127.0.0.1:1/x",
                "postgresql+psycopg://postgres@127.0.0.1:1/x?password=s3cret"):
        for args in ([], ["enterprises", "list"], ["db", "upgrade"]):
            from tui.cli import main

            capsys.readouterr()
            with pytest.raises(SystemExit) as exit_:
                main(["--lang", "zh", "--db", url, *args])
            err = capsys.readouterr().err
            assert exit_.value.code == 2
            assert "进程列表" in err and "PGPASSWORD" in err and "~/.pgpass" in err
            assert "s3cret" not in err
    # a URL without a password goes on to the server (here: none listening)
    code, _, err = cli_run("postgresql+psycopg://postgres@127.0.0.1:1/x", "甲",
                           ["enterprises", "list"], capsys, lang="zh")
    assert code == 2 and "进程列表" not in err


def test_the_owner_upgrades_and_users_connect_with_pgpassword(pg_login: Login) -> None:
    code, out, err = run(["--db", pg_login.url, "db", "upgrade"], PGPASSWORD=pg_login.password)
    assert code == 0, err
    assert head_revision() in out
    code, out, err = run(["--db", pg_login.url, "--lang", "en", "enterprises", "add", "--uscc",
                          "91110000600037341L", "--name", "甲单位", "--district", "历下区",
                          "--sector", "fire"], PGPASSWORD=pg_login.password)
    assert code == 0, err


def test_a_password_in_the_environments_url_is_used(pg_login: Login) -> None:
    """``ANJIAN_DATABASE_URL`` may hold the password: a process's environment is not in the
    process list."""
    url = _with_password(pg_login)
    code, _, err = run(["db", "upgrade"], ANJIAN_DATABASE_URL=url)
    assert code == 0, err
    code, _, err = run(["enterprises", "list"], ANJIAN_DATABASE_URL=url)
    assert code == 0, err


def test_without_a_terminal_the_message_says_where_the_password_goes(pg_login: Login) -> None:
    for args in (["db", "upgrade"], ["enterprises", "list"]):
        code, out, err = run(["--db", pg_login.url, *args])
        assert code == 2, (out, err)
        assert "Traceback" not in err
        assert "要求用户" in err and pg_login.role in err
        assert "PGPASSWORD" in err and "~/.pgpass" in err


def test_a_wrong_password_from_the_environment(pg_login: Login) -> None:
    code, out, err = run(["--db", pg_login.url, "db", "upgrade"], PGPASSWORD="不对")
    assert code == 2, (out, err)
    assert "拒绝了用户" in err and "密码不对" in err and "数据库管理员重设" in err
    assert "不对" not in err.replace("密码不对", "")


def test_asked_in_the_terminal_never_echoed(pg_login: Login, tmp_path: Path) -> None:
    """No password anywhere: the command asks for it in Chinese, the typed password is not
    shown, and the command goes on with it (the owner's upgrade, then a user's change)."""
    home = tmp_path / "home"
    home.mkdir()
    code, shown = in_terminal(["--db", pg_login.url, "db", "upgrade"], pg_login.password,
                              HOME=str(home))
    assert code == 0, shown
    assert f"用户 {pg_login.role} 的密码（输入时不显示）" in shown
    assert pg_login.password not in shown
    assert head_revision() in shown
    code, shown = in_terminal(["--db", pg_login.url, "enterprises", "add", "--uscc",
                               "91110000600037341L", "--name", "甲单位", "--district",
                               "历下区", "--sector", "fire"], pg_login.password,
                              HOME=str(home))
    assert code == 0, shown
    assert pg_login.password not in shown
    assert "甲单位" in repr(snapshot(_with_password(pg_login))["enterprise"])
    assert list(home.iterdir()) == []  # the password was written nowhere (no ~/.pgpass)


def test_a_wrong_password_typed_is_asked_once_and_refused(pg_login: Login) -> None:
    upgrade_database(pg_login.url, password=pg_login.password)
    before = snapshot(_with_password(pg_login))
    code, shown = in_terminal(["--db", pg_login.url, "enterprises", "add", "--uscc",
                               "91110000600037341L", "--name", "甲单位", "--district",
                               "历下区", "--sector", "fire"], "打错了")
    assert code == 2, shown
    assert shown.count("输入时不显示") == 1
    assert "密码不对" in shown and "打错了" not in shown and "Traceback" not in shown
    assert snapshot(_with_password(pg_login)) == before


def test_the_store_keeps_the_password_in_its_engine_only(pg_login: Login) -> None:
    with pytest.raises(AnjianError) as none:
        open_store(pg_login.url)
    assert none.value.key == "db.needs_password"
    with pytest.raises(AnjianError) as wrong:
        upgrade_database(pg_login.url, password="不对")
    assert wrong.value.key == "db.login_failed"
    assert "不对" not in wrong.value.render("en")
    assert upgrade_database(pg_login.url, password=pg_login.password)[1] == head_revision()
    store = open_store(pg_login.url, password=pg_login.password)
    try:
        assert store.url == pg_login.url  # what anjian shows and hands on: no password
        with store.session() as s:
            assert s.execute(text("SELECT session_user")).scalar() == pg_login.role
        assert pg_login.password not in repr(store) and pg_login.password not in str(
            store.engine.url)
    finally:
        store.close()
