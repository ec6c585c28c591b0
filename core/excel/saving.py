"""Saving a file without risking what is there: the target is checked before anything is
written, and the content goes to a temporary file in the same folder, is flushed to disk and
then renamed over the target.

A rename within one folder is atomic, so a crash, a kill or a full disk during a save leaves
the earlier file whole (and at most a hidden ``.<name>.<random>.part`` file beside it), never a
half-written one. The target is refused, before any work, when it is one of the files an
export must never replace (the database, its journals, the evidence store: the service names
them), when its folder does not exist, and when it does not end in ``.xlsx``.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from core.files import PART, replace
from core.i18n import AnjianError, Msg

__all__ = ["PART", "Kept", "check_target", "replace", "save_workbook"]

WORKBOOK = ".xlsx"


@dataclass(frozen=True)
class Kept:
    """A path an export must never write: ``what`` is the catalogue key of what it is (the
    database, its journal, the evidence store); with ``inside``, nothing within the folder
    either."""

    path: Path
    what: str
    inside: bool = False


def check_target(out: str | Path, kept: Sequence[Kept] = (), *,
                 suffix: str | None = WORKBOOK) -> Path:
    """The path a file may be saved to, or a refusal naming it: not one of ``kept`` (nor
    inside a kept folder, through a link or a second name of the same file), in a folder that
    exists, not a folder itself, and ending in ``suffix``."""
    path = Path(out).expanduser()
    for k in kept:
        if _same(path, k.path) or (k.inside and _within(path, k.path)):
            raise AnjianError("export.kept" if suffix == WORKBOOK else "export.kept_file",
                              file=path, what=Msg(k.what, path=k.path))
    if suffix is not None and path.suffix.lower() != suffix:
        raise AnjianError("export.suffix", file=path, suffix=suffix)
    folder = path.absolute().parent
    if not folder.is_dir():
        raise AnjianError("export.no_folder", file=path, folder=folder)
    if path.is_dir():
        raise AnjianError("export.not_written", file=path, reason=Msg("os.is_folder"))
    return path


def save_workbook(wb: Any, out: str | Path) -> Path:
    """Save an openpyxl workbook to ``out`` (checked as :func:`check_target` does) through a
    temporary file, flushed and renamed. A save that fails is given up quietly: what openpyxl
    left half done is closed here, not complained about when it is collected."""
    path = check_target(out)

    def write(fh: IO[bytes]) -> None:
        sink = _Sink(fh)
        try:
            wb.save(sink)
        finally:
            sink.done = True

    try:
        return replace(path, write)
    except BaseException:
        _abandon(wb)
        raise


class _Sink(io.RawIOBase):
    """The temporary file as openpyxl's zip writer sees it. Once the save is over, what the
    writer still sends goes nowhere: a writer left open by a failed save would otherwise, when
    collected, write its directory into a file already closed and removed, and complain."""

    def __init__(self, fh: IO[bytes]) -> None:
        super().__init__()
        self.fh, self.done = fh, False
        #: Where the writer is in the file: its directory records offsets, so the sink goes on
        #: counting when done (a writer told 0 would compute negative sizes and complain).
        self.pos = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        n = len(data) if self.done else self.fh.write(data)
        self.pos += n
        return n

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if not self.done:
            self.pos = self.fh.seek(offset, whence)
        elif whence == os.SEEK_SET:
            self.pos = offset
        elif whence == os.SEEK_CUR:
            self.pos += offset
        return self.pos

    def tell(self) -> int:
        return self.pos

    def flush(self) -> None:
        if not self.done:
            self.fh.flush()


def _abandon(wb: Any) -> None:
    """Close the streams of a write-only workbook whose save failed (each is a generator in
    the middle of an XML element, which would complain when collected) and remove their
    temporary files."""
    for ws in getattr(wb, "worksheets", ()):
        writer = getattr(ws, "_writer", None)
        for stream in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
        out = getattr(writer, "out", None)
        if isinstance(out, str):
            with contextlib.suppress(Exception):
                writer.cleanup()  # type: ignore[union-attr]


def _same(path: Path, other: Path) -> bool:
    """Whether two paths name one file: the same real path, or (both existing) the same
    file under two names (a hard link, a case-insensitive disk)."""
    if os.path.realpath(path) == os.path.realpath(other):
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is inside ``folder`` (both followed through links)."""
    real, top = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    if top in real.parents:
        return True
    try:  # the folder under another name (a bind mount, a case-insensitive disk)
        return any(os.path.samefile(p, folder) for p in real.parents if p.exists())
    except OSError:
        return False
