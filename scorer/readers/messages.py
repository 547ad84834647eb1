"""The one table of reader error messages, Chinese first, then English.

Inspectors, not programmers, read these messages, so each one says what is wrong and what to do.
Readers never build message strings themselves; they call :func:`read_error` with a code.
"""

from __future__ import annotations

from typing import Any

from scorer.errors import ReadError

#: code -> (Chinese template, English template); ``{name}`` fields are filled by :func:`read_error`.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_found": (
        "无法读取：文件不存在，请检查路径。",
        "Cannot read: the file does not exist; check the path.",
    ),
    "is_directory": (
        "无法读取：这是一个文件夹，不是报告文件。",
        "Cannot read: this is a folder, not a report file.",
    ),
    "permission_denied": (
        "无法读取：没有读取权限。请关闭占用该文件的程序或检查文件权限后重试。",
        "Cannot read: permission denied. Close any program holding the file or fix its permissions.",
    ),
    "io_error": (
        "无法读取：读取文件时出错（{detail}）。",
        "Cannot read: the file could not be read ({detail}).",
    ),
    "unsupported_format": (
        "无法读取：不支持 {suffix} 格式。支持的格式：{supported}。",
        "Cannot read: {suffix} files are not supported. Supported: {supported}.",
    ),
    "empty": (
        "无法读取：文件是空的（没有任何文字）。",
        "Cannot read: the file is empty (it contains no text).",
    ),
    "too_large": (
        "无法读取：{what}过大（约 {size_mb} MB，上限 {limit_mb} MB），可能不是报告或已损坏。",
        "Cannot read: {what_en} is too large (about {size_mb} MB, limit {limit_mb} MB); "
        "it is probably not a report, or it is damaged.",
    ),
    "not_text": (
        "无法读取：文件内容不是文字（可能是图片、压缩包或其他二进制文件被改了扩展名）。",
        "Cannot read: the content is not text (probably a binary file with a text extension).",
    ),
    "unknown_encoding": (
        "无法读取：文字编码既不是 UTF-8 也不是 GB18030/GBK。"
        "请用记事本另存为 UTF-8，或用 --encoding 指定编码。",
        "Cannot read: the text is neither UTF-8 nor GB18030/GBK. Save it as UTF-8 in Notepad, "
        "or name the encoding with --encoding.",
    ),
    "bad_encoding_name": (
        "无法读取：指定的编码 {encoding!r} 不存在。可用的如 utf-8、gb18030、big5。",
        "Cannot read: unknown encoding {encoding!r}. Use e.g. utf-8, gb18030 or big5.",
    ),
    "bad_encoding": (
        "无法读取：文件不能按指定的编码 {encoding} 解码（第 {offset} 字节出错）。"
        "请去掉 --encoding 或换一个编码。",
        "Cannot read: the file does not decode as {encoding} (error at byte {offset}). "
        "Drop --encoding or try another one.",
    ),
    "not_a_docx": (
        "无法读取：文件不是有效的 Word 文档（{reason_zh}）。请在 Word/WPS 中另存为 .docx 后重试。",
        "Cannot read: not a valid .docx ({reason_en}). Re-save it as .docx in Word or WPS and try again.",
    ),
    "corrupt_docx": (
        "无法读取：Word 文档已损坏（{detail}）。请在 Word/WPS 中打开并另存为 .docx 后重试。",
        "Cannot read: the .docx is damaged ({detail}). Open it in Word or WPS, save it as .docx "
        "and try again.",
    ),
    "encrypted_docx": (
        "无法读取：Word 文档设置了打开密码。请取消密码后另存为 .docx 再试。",
        "Cannot read: the Word document is password-protected. Remove the password, save it as "
        ".docx and try again.",
    ),
    "not_a_doc": (
        "无法读取：文件不是 Word 97-2003 (.doc) 或 WPS 文档，也不是文字。"
        "请在 Word/WPS 中另存为 .docx 后重试。",
        "Cannot read: neither a Word 97-2003 (.doc) or WPS document nor text. Re-save it as .docx "
        "in Word or WPS and try again.",
    ),
    "not_a_pdf": (
        "无法读取：文件不是有效的 PDF（缺少 %PDF 文件头）。请重新导出 PDF。",
        "Cannot read: not a valid PDF (no %PDF header). Export the PDF again.",
    ),
    "corrupt_pdf": (
        "无法读取：PDF 已损坏（{detail}）。请重新导出 PDF，或改交 Word 版。",
        "Cannot read: the PDF is damaged ({detail}). Export it again or send the Word version.",
    ),
    "encrypted_pdf": (
        "无法读取：PDF 已加密，需要密码才能打开。请提供未加密的 PDF 或 Word 版。",
        "Cannot read: the PDF is encrypted and needs a password. Provide an unencrypted PDF or "
        "the Word version.",
    ),
    "scanned_pdf": (
        "无法读取：PDF 是扫描件，无文字层，需要先做 OCR，或改交 Word 版。",
        "Cannot read: scanned PDF with no text layer; run OCR first, or send the Word version.",
    ),
    "garbled_pdf": (
        "无法读取：PDF 的文字层无法解码（{share}% 的字符是乱码，字体缺少 Unicode 映射）。"
        "请改交 Word 版或先做 OCR。",
        "Cannot read: the PDF text layer cannot be decoded ({share}% of characters are garbage; "
        "the fonts lack a Unicode map). Send the Word version or run OCR first.",
    ),
    "needs_conversion": (
        "无法读取：{suffix} 是旧版 Word/WPS 格式，本机没有 LibreOffice 无法转换。"
        "请在 Word/WPS 中打开并另存为 .docx 后重试（或安装 LibreOffice）。",
        "Cannot read: {suffix} is an old Word/WPS format and LibreOffice is not installed to convert "
        "it. Open it in Word or WPS and save it as .docx (or install LibreOffice).",
    ),
    "conversion_failed": (
        "无法读取：LibreOffice 转换失败（{detail}）。请在 Word/WPS 中打开并另存为 .docx 后重试。",
        "Cannot read: LibreOffice could not convert the file ({detail}). Open it in Word or WPS "
        "and save it as .docx.",
    ),
    "conversion_timeout": (
        "无法读取：LibreOffice 转换超时（{seconds} 秒）。请在 Word/WPS 中打开并另存为 .docx 后重试。",
        "Cannot read: LibreOffice conversion timed out after {seconds} s. Open it in Word or WPS "
        "and save it as .docx.",
    ),
    "too_complex": (
        "无法读取：文件过于复杂，{what}为 {value}，超过限制 limit {limit}，可能已损坏或是刻意构造的。"
        "请在 Word/WPS 中打开并另存为 .docx 或 .txt 后重试；确属正常报告的，请把文件交给维护人员。",
        "Cannot read: too complex, {what_en} is {value}; limit {limit}. The file is probably damaged or crafted. "
        "Open it in Word or WPS, save it as .docx or .txt and try again; if it is a genuine report, pass it "
        "to the maintainers.",
    ),
    "reader_failed": (
        "无法读取：读取 {format} 时出现意外错误（{detail}）。"
        "请另存为 .docx 或 .txt 后重试，并把原文件交给维护人员。",
        "Cannot read: unexpected error while reading the {format} file ({detail}). Save it as "
        ".docx or .txt and try again, and pass the original to the maintainers.",
    ),
}


def read_error(path: str, code: str, **fields: Any) -> ReadError:
    """Build the :class:`ReadError` for ``code`` with its bilingual message.

    Args:
        path: The file that could not be read, as the inspector named it.
        code: A key of :data:`MESSAGES`.
        **fields: Values for the template fields of that code.

    Returns:
        The error, ready to raise.

    Raises:
        KeyError: If ``code`` is not in :data:`MESSAGES` (a programming error, caught by tests).
    """
    zh, en = MESSAGES[code]
    return ReadError(path, code, f"{zh.format(**fields)} / {en.format(**fields)}")


def short(exc: BaseException, limit: int = 120) -> str:
    """Describe a library exception in one short line for the ``detail`` field.

    Args:
        exc: The exception a library raised.
        limit: Maximum length of the description.

    Returns:
        ``TypeName: message``, trimmed to ``limit`` characters.
    """
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
