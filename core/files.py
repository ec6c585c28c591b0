"""Writing a file whole or not at all, for every part that writes one (workbooks, Word
documents, PDF, audit anchors): the content goes to a hidden temporary file in the target's
folder (``.<name>.<random>.part``), is flushed to disk and renamed over the target. A rename
within one folder is atomic, so a crash, a kill or a full disk leaves any earlier file whole.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

from core.i18n import AnjianError, os_reason

#: How a temporary file ends; its name starts with ``.`` and the target's name.
PART = ".part"


def replace(path: Path, write: Callable[[IO[bytes]], object]) -> Path:
    """Write ``path`` by ``write(file)`` into a temporary file in the same folder, flush it to
    disk and rename it over ``path``. On any failure the temporary file is removed and ``path``
    is as it was; a problem of the system (no such folder, disk full, no permission) is a
    refusal naming ``path``."""
    folder = path.absolute().parent
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}{PART}"
    try:
        # Created with the usual mode (0666 less the umask), as the file itself would be;
        # never through a link, never over an existing file.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise AnjianError("export.not_written", file=path, reason=os_reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):  # a file replaced keeps its permissions
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(tmp, path)
        _fsync_dir(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AnjianError("export.not_written", file=path, reason=os_reason(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX; other systems have no directory handles to flush)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
