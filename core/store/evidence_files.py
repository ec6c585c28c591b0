"""The evidence store: files attached to findings and rectifications, kept once each under
their SHA-256 in a folder beside the SQLite database (or wherever ``ANJIAN_EVIDENCE_DIR`` says;
it must say for PostgreSQL).

A file is checked first (a regular file, named as it really is, within the size limit), then
hashed while it is copied into a temporary file inside the store, flushed to disk, made
read-only and renamed to ``<sha[:2]>/<sha>``. The rename is atomic, so a crash leaves at most a
temporary file, never a partial file under a hash name; identical content is stored once.

The store holds personal data (photos, records), so it is its owner's alone: a store folder
anjian creates is ``0700`` and a stored file ``0400``, whatever the source file's mode. A team
that shares one store among several accounts gives the store's own folder to a group
(``chmod 2770``, a shared group): anjian then makes the folders inside it open to that group
and the files readable by it (:func:`shared_bits`), never to anyone else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.i18n import AnjianError, Msg, os_reason
from core.store import file_modes

ENV_DIR = "ANJIAN_EVIDENCE_DIR"
ENV_MAX_MB = "ANJIAN_EVIDENCE_MAX_MB"
DEFAULT_MAX_MB = 50.0
MB = 1024 * 1024
CHUNK = 1024 * 1024
#: Temporary files being copied in; never a 64-hex name, so never mistaken for stored evidence.
TMP_PREFIX = ".incoming-"
#: A stored file, before the group bits a shared store grants.
READ_ONLY = file_modes.OWNER_READ


def store_dir(url: str) -> Path:
    """The store folder: ``ANJIAN_EVIDENCE_DIR``, else ``evidence/`` beside a SQLite file.

    A PostgreSQL database (or an in-memory SQLite one) has no folder of its own: the team
    must name a shared one."""
    configured = os.environ.get(ENV_DIR)
    if configured:
        return Path(configured).expanduser().absolute()
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from core.store.db import sqlite_path

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise AnjianError("db.bad_url", url=url) from None
    path = sqlite_path(parsed)
    if path is not None:
        return path.expanduser().absolute().parent / "evidence"
    raise AnjianError("evidence.no_dir", url=parsed.render_as_string(hide_password=True),
                      var=ENV_DIR)


def max_bytes() -> int:
    """The size limit of one file: ``ANJIAN_EVIDENCE_MAX_MB`` (default 50) megabytes."""
    raw = os.environ.get(ENV_MAX_MB, "").strip()
    if not raw:
        return int(DEFAULT_MAX_MB * MB)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise AnjianError("evidence.bad_max", var=ENV_MAX_MB, value=raw,
                          default=f"{DEFAULT_MAX_MB:g}")
    return max(1, int(value * MB))


def human(size: int) -> Msg:
    """A size for people: ``12.3 MB (12,902,400 bytes)`` / ``12.3 MB（12,902,400 字节）``."""
    for unit, scale in (("GB", MB * 1024), ("MB", MB), ("KB", 1024)):
        if size >= scale:
            return Msg("size.scaled", value=f"{size / scale:.1f}", unit=unit, bytes=f"{size:,}")
    return Msg("size.bytes", bytes=f"{size:,}")


@dataclass(frozen=True)
class Checked:
    """A path that passed :func:`check`: its absolute form, how the user named it, and the
    file it was (device, inode, size) so a swap before copying is noticed."""

    path: Path
    named: str
    size: int
    dev: int
    ino: int


def check(named: str | Path, limit: int) -> Checked:
    """Refuse anything but a regular file, named as it really is, within ``limit`` bytes."""
    shown = str(named)
    path = Path(os.path.abspath(shown))
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise AnjianError("evidence.missing", path=shown) from None
    except OSError as exc:
        raise AnjianError("evidence.unreadable", path=shown, reason=os_reason(exc)) from None
    if stat.S_ISLNK(st.st_mode):
        raise AnjianError("evidence.symlink", path=shown, target=str(path.resolve()))
    real = path.resolve()
    if real != path:  # a folder on the way is a link: the file is not where the user named it
        raise AnjianError("evidence.outside", path=shown, real=str(real))
    if stat.S_ISDIR(st.st_mode):
        raise AnjianError("evidence.directory", path=shown)
    if not stat.S_ISREG(st.st_mode):
        raise AnjianError("evidence.not_regular", path=shown)
    if st.st_size > limit:
        raise AnjianError("evidence.too_big", path=shown, size=human(st.st_size),
                          limit=human(limit), var=ENV_MAX_MB)
    return Checked(path, shown, st.st_size, st.st_dev, st.st_ino)


@dataclass(frozen=True)
class Stored:
    """A file in the store; ``new`` when this call put it there (so a failed transaction may
    take it away again)."""

    name: str
    size: int
    sha256: str
    path: Path
    new: bool

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}


def shared_bits(root: Path) -> int:
    """The group's bits of the store's folder (0 when it is its owner's alone): the folders
    anjian makes in it get them, stored files the group's read bit."""
    try:
        return stat.S_IMODE(os.stat(root).st_mode) & 0o070
    except OSError:
        return 0


def location(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX; other systems have no directory handles to flush)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_to_others(root: Path, stored: Iterable[Path]) -> list[tuple[Path, int, bool]]:
    """(path, mode, is a folder) of the store's folder, and of the folders and files among
    ``stored``, that others may read beyond what a shared store grants its group (the store's
    folder: its group bits; what is in it: folders those bits, files the group's read bit).
    Evidence stored by anjian before it kept the store owner-only (``0444`` files) is here."""
    group = shared_bits(root)
    out: list[tuple[Path, int, bool]] = []
    mode = file_modes.open_to_others(root, allowed=group)
    if mode is not None:
        out.append((root, mode, True))
    folders: set[Path] = set()
    for path in stored:
        if path.parent not in folders:
            folders.add(path.parent)
            mode = file_modes.open_to_others(path.parent, allowed=group)
            if mode is not None:
                out.append((path.parent, mode, True))
        mode = file_modes.open_to_others(path, allowed=group & 0o040)
        if mode is not None:
            out.append((path, mode, False))
    return out


def hash_file(path: Path) -> str | None:
    """The SHA-256 of the regular file at ``path`` (read in chunks); None when there is no
    such file, "" when what is there cannot be the evidence (a link, a folder, unreadable)."""
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return ""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return ""  # cannot be confirmed intact: reported with the changed ones
    return digest.hexdigest()


def _store_error(root: Path, exc: OSError) -> AnjianError:
    return AnjianError("evidence.store_failed", dir=str(root), reason=os_reason(exc),
                       var=ENV_DIR)


def put(item: Checked, root: Path, limit: int) -> Stored:
    """Copy ``item`` into the store under its SHA-256, hashing as it is copied."""
    # No following a link swapped in since the check; no blocking on a FIFO swapped in.
    flags = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(item.path, flags)
    except OSError as exc:
        raise AnjianError("evidence.unreadable", path=item.named,
                          reason=os_reason(exc)) from None
    with os.fdopen(fd, "rb") as src:
        st = os.fstat(src.fileno())
        if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (item.dev, item.ino):
            raise AnjianError("evidence.changed", path=item.named)
        try:
            file_modes.make_folder(root)
            group = shared_bits(root)
            tmp_fd, tmp_name = tempfile.mkstemp(dir=root, prefix=TMP_PREFIX)  # 0600
        except OSError as exc:
            raise _store_error(root, exc) from None
        tmp = Path(tmp_name)
        try:
            digest, size = hashlib.sha256(), 0
            with os.fdopen(tmp_fd, "wb") as out:
                while chunk := src.read(CHUNK):
                    size += len(chunk)
                    if size > limit:  # grew past the limit since it was checked
                        raise AnjianError("evidence.too_big", path=item.named,
                                          size=Msg("size.over", size=human(limit)),
                                          limit=human(limit), var=ENV_MAX_MB)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if size != item.size:
                raise AnjianError("evidence.changed", path=item.named)
            sha = digest.hexdigest()
            dest = location(root, sha)
            file_modes.make_folder(dest.parent, file_modes.OWNER_DIR | group)
            existed = dest.exists() or dest.is_symlink()
            if existed and hash_file(dest) == sha:
                tmp.unlink()
            else:  # new content, or a damaged copy that this one repairs
                os.chmod(tmp, READ_ONLY | (group & 0o040))
                os.replace(tmp, dest)
                _fsync_dir(dest.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _store_error(root, exc) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return Stored(item.path.name, size, sha, dest, new=not existed)


def remove(stored: Iterable[Stored]) -> None:
    """Take files this action put into the store away again (best effort: an orphan left
    behind is harmless, it is only content no row refers to)."""
    for x in stored:
        if x.new:
            with contextlib.suppress(OSError):
                os.chmod(x.path, 0o600)  # some systems refuse to delete a read-only file
                x.path.unlink()
