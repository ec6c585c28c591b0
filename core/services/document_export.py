"""An issued document written out as a Word file, and as PDF through LibreOffice: from its
frozen content alone, to a target checked as every export's is.

The targets are refused before any work when they are one of anjian's own files (the
database, its journals, the evidence store: :func:`core.services.exports.kept_out`), when
their folder is missing or when the name does not end in ``.docx``. With ``pdf`` the PDF is
made first, from a Word file in a private folder, so a LibreOffice that is missing or fails
leaves nothing written; each file is then written whole or not at all."""

from __future__ import annotations

import tempfile
from pathlib import Path

from core.documents.docx import office, to_pdf, write_docx
from core.documents.saving import write_bytes
from core.excel.saving import check_target
from core.i18n import AnjianError
from core.services.context import Context
from core.services.documents import show
from core.services.exports import kept_out

DOCX = ".docx"
PDF = ".pdf"


def targets(ctx: Context, out: str | Path, *, pdf: bool = False) -> list[Path]:
    """Where :func:`export` writes: ``out`` (a .docx) and, with ``pdf``, the .pdf beside it;
    a refusal naming the file and what to do when one may not be written."""
    kept = kept_out(ctx.store.url)
    path = check_target(out, kept, suffix=None)
    if path.suffix.lower() != DOCX:
        raise AnjianError("docfile.suffix", file=path)
    paths = [path]
    if pdf:
        paths.append(check_target(path.with_suffix(PDF), kept, suffix=None))
    return paths


def export(ctx: Context, number: str, out: str | Path, *, pdf: bool = False) -> list[Path]:
    """Write document ``number`` to ``out`` (.docx) and, with ``pdf``, beside it as .pdf;
    the files written."""
    issued = show(ctx, number)  # who may read it, and the content it was issued with
    paths = targets(ctx, out, pdf=pdf)
    if not pdf:
        return [write_docx(issued.content, paths[0])]
    office()  # refused before anything is made when LibreOffice is missing
    with tempfile.TemporaryDirectory(prefix="anjian-document-") as tmp:
        staged = to_pdf(write_docx(issued.content, Path(tmp) / paths[0].name),
                        Path(tmp) / paths[1].name)
        docx = write_docx(issued.content, paths[0])
        return [docx, write_bytes(paths[1], staged.read_bytes())]
