"""Writing a document's file whole or not at all (:mod:`core.files`, as workbooks are
saved): a failure is a refusal naming the file, with nothing left behind."""

from __future__ import annotations

from pathlib import Path

from core.files import PART, replace
from core.i18n import AnjianError, Msg

__all__ = ["PART", "check_folder", "write_bytes"]


def check_folder(path: Path) -> Path:
    """``path`` when a file may be written there: its folder exists and it is not a folder."""
    folder = path.absolute().parent
    if not folder.is_dir():
        raise AnjianError("export.no_folder", file=path, folder=folder)
    if path.is_dir():
        raise AnjianError("export.not_written", file=path, reason=Msg("os.is_folder"))
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all (:func:`core.files.replace`); on any
    failure ``path`` is as it was."""
    check_folder(path)
    return replace(path, lambda fh: fh.write(data))
