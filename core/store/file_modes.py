"""Owner-only files: what anjian keeps on disk holds personal data (个人信息: contacts, photos,
records), so what it creates is readable by its owner alone.

The SQLite database file is created ``0600`` before SQLite first opens it (SQLite gives its
``-wal``, ``-shm`` and ``-journal`` files the database file's mode), a folder anjian creates
for it or for the evidence store is ``0700``, and a stored evidence file ``0400``. A file or
folder that already exists keeps the mode its owner gave it: anjian only reports one that
others may read (:func:`open_to_others`), it never changes it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: A folder anjian creates; a file it creates (the database); a file it keeps read-only.
OWNER_DIR, OWNER_FILE, OWNER_READ = 0o700, 0o600, 0o400
#: What the group and everyone else may do.
OTHERS = 0o077


def make_folder(path: Path, mode: int = OWNER_DIR) -> bool:
    """Make the folder ``path`` with ``mode`` (missing folders above it get the system's
    default), unless it exists; whether this call made it. ``mode`` is set exactly, whatever
    the umask, and keeps the set-group-ID bit a shared parent passes on."""
    try:
        try:
            path.mkdir(mode=mode)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.mkdir(mode=mode)
    except FileExistsError:
        if path.is_dir():
            return False
        raise
    if mode & OTHERS:  # the umask may have taken bits a shared folder's policy asks for
        os.chmod(path, mode | (os.stat(path).st_mode & stat.S_ISGID))
    return True


def make_private_file(path: Path) -> bool:
    """Create ``path`` empty, readable and writable by its owner only, unless something is
    there already (then it is left as it is); whether this call made it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, OWNER_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def open_to_others(path: Path, allowed: int = 0) -> int | None:
    """The permission bits of ``path`` when they let the group or everyone else do more than
    ``allowed`` (group or other bits a shared setting grants); None when they do not, or when
    there is nothing at ``path``."""
    try:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
    except OSError:
        return None
    return mode if mode & OTHERS & ~allowed else None
