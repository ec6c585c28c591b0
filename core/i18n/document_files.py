"""Documents written out: Word files, PDF through LibreOffice (`docfile.*`)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "docfile.no_office": ("没有找到 LibreOffice（soffice），无法生成 PDF；请安装 LibreOffice（如 apt-get install libreoffice-writer-nogui）后重试，或不加 --pdf 只导出 Word 文件；没有写出任何文件",
                          "LibreOffice (soffice) was not found, so no PDF can be made; install it (e.g. apt-get install libreoffice-writer-nogui) and try again, or export the Word file alone without --pdf; nothing was written"),
    "docfile.office_failed": ("{file}: LibreOffice 未能将其转换为 PDF（{reason}）；没有写出 PDF；请检查 LibreOffice 能否正常启动后重试",
                              "{file}: LibreOffice could not convert it to PDF ({reason}); no PDF was written; check that LibreOffice starts and try again"),
    "docfile.office_timeout": ("{file}: LibreOffice 在 {seconds} 秒内没有完成 PDF 转换，已停止；没有写出 PDF；请稍后重试",
                               "{file}: LibreOffice did not finish the PDF within {seconds} seconds and was stopped; no PDF was written; try again later"),
    "docfile.no_docx": ("{file}: 没有这个 Word 文件，无法转换为 PDF；请先导出 Word 文件",
                        "{file}: no such Word file to convert to PDF; export the Word file first"),
    "docfile.suffix": ("{file}: 文书的文件名须以 .docx 结尾；请换一个这样的文件名（PDF 用 --pdf 写在它旁边）",
                       "{file}: a document's file name must end in .docx; give a name that does (--pdf writes the PDF beside it)"),
}
