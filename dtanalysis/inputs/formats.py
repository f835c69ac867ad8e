"""Tell what a file really is from its first bytes, decode text files, and hold the limits every reader keeps.

Offices rename files freely (a Parquet export saved as `.csv`, a web page saved as `.xls`), so the reader is
chosen by content, and a name that lies is reported as a warning. Text is decoded as UTF-8 (with or without
BOM), UTF-16 with a BOM (Excel's "Unicode text"), Windows-1258, and only then by detection. Text that was
UTF-8 but was opened as Windows-1252 or -1258 before being saved again ('HÃ  Ná»™i' for 'Hà Nội') is told
apart and repaired cell by cell (`unmojibake`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from pathlib import Path

from dtanalysis.common.errors import DataError, Problem

# What one file may cost: refused beyond these, with a message naming the limit.
MAX_COLUMNS = 1_000  # header cells (a CSV line or a sheet row)
MAX_FIELD_CHARS = 1_000_000  # one cell's text
MAX_UNCOMPRESSED_BYTES = 200_000_000  # all parts of one .xlsx/.ods zip together
MAX_COMPRESSION_RATIO = 500  # a part this much larger than its compressed bytes is a zip bomb (real sheets: < 100)
MAX_SHEET_CELLS = 5_000_000  # cells of one sheet (rows × columns of its used area) for .xls/.ods
MAX_SHEET_ROWS = 1_048_576  # Excel's own row limit

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
SUFFIXES = (*TEXT_SUFFIXES, *EXCEL_SUFFIXES, ".parquet")

_KIND_NAMES = {
    "parquet": "a Parquet file",
    "xlsx": "an Excel workbook (.xlsx)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "text": "text (CSV)",
}
_SUFFIX_KIND = {
    ".csv": "text",
    ".tsv": "text",
    ".txt": "text",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".ods": "ods",
    ".xls": "xls",
    ".parquet": "parquet",
}


def whole_file_problem(file: str, message: str, fix: str, severity: str = "error", value: object = None) -> Problem:
    """Return a Problem about a whole file (no row or column)."""
    return Problem(file, None, None, value, message, fix, severity)


def refuse(file: str, message: str, fix: str) -> DataError:
    """Return the DataError for a file that cannot be read at all."""
    return DataError([whole_file_problem(file, message, fix)])


def content_kind(path: Path, content: bytes) -> str:
    """Return 'parquet', 'xlsx', 'ods', 'xls' or 'text' from the file's first bytes; raise for other binary files."""
    head = content[:8]
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"  # an OLE2 compound file: Excel 97-2003 (or a password-protected workbook)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path, content)
    start = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml", b"mime-version")):
        raise refuse(
            path.name,
            "the file is a web page or XML export, not a table dtanalysis can read (often a system export named .xls)",
            "open it in Excel or LibreOffice and save it as .xlsx or 'CSV UTF-8'",
        )
    if b"\x00" in content[:4096] and not content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if not _looks_utf16(content[:4096]):
            raise refuse(
                path.name,
                f"not a readable {path.suffix.lower() or 'data'} file: its content is binary data of no format "
                "dtanalysis knows (a damaged or half-sent file?) — it is not a readable .xlsx workbook, CSV or Parquet",
                "save it again from Excel or LibreOffice (or export it again) and send the new file",
            )
    return "text"


def _looks_utf16(head: bytes) -> bool:
    """True when every other byte is zero, as in UTF-16 text without a BOM."""
    even, odd = head[0::2], head[1::2]
    return len(head) >= 4 and (odd.count(0) > 0.4 * len(odd) or even.count(0) > 0.4 * len(even))


def _zip_kind(path: Path, content: bytes) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return "xlsx"  # let the workbook reader report the damage with its own words
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
        return "xlsx"
    raise refuse(
        path.name,
        "the file is a zip archive, not a workbook",
        "unpack it and put the .xlsx, .csv or .parquet files it holds in the data folder",
    )


def kind_warning(path: Path, kind: str) -> Problem | None:
    """Return a warning when the file's name says another format than its content (None when they agree)."""
    named = _SUFFIX_KIND.get(path.suffix.lower())
    if named is None or named == kind:
        return None
    return whole_file_problem(
        path.name,
        f"the file is named {path.suffix} but holds {_KIND_NAMES[kind]}; it was read as what it holds",
        f"rename it to end in {_canonical_suffix(kind)} so other programs open it correctly",
        "warning",
    )


def _canonical_suffix(kind: str) -> str:
    return {"text": ".csv", "xlsx": ".xlsx", "ods": ".ods", "xls": ".xls", "parquet": ".parquet"}[kind]


def check_zip(path: Path, content: bytes) -> None:
    """Refuse a workbook zip whose parts would unpack beyond the limits (a zip bomb or a huge sheet)."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse(
            path.name,
            "not a readable workbook: the zip container is damaged",
            "save it again from Excel or LibreOffice; a file cut short by e-mail or a copy must be sent again",
        ) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise refuse(
            path.name,
            f"the workbook unpacks to {total:,} bytes, more than the limit of {MAX_UNCOMPRESSED_BYTES:,}",
            "save a workbook this large as CSV or Parquet, or split it into several files",
        )
    for info in infos:
        if info.file_size > 10_000_000 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise refuse(
                path.name,
                f"part {info.filename} unpacks {info.file_size // max(info.compress_size, 1):,} times larger than it "
                f"is stored (limit {MAX_COMPRESSION_RATIO:,}×): a zip bomb, or a sheet of millions of empty cells",
                "open it in Excel, delete the empty rows and columns below and right of the table, and save again",
            )


# ---------------------------------------------------------------- text


# The code pages a spreadsheet program in an office in Vietnam opens a CSV with by default: a UTF-8 file read
# through one of them and saved again keeps every byte of the original, each shown as one character.
MOJIBAKE_CODECS = {"cp1252": "Windows-1252 (Western)", "cp1258": "Windows-1258 (Vietnamese)"}


def _undefined_as_byte(error: UnicodeEncodeError) -> tuple[bytes, int]:
    """Encode the characters programs show for the bytes a code page leaves undefined as those bytes: U+0080–U+009F
    (Python, Excel) or U+F180–U+F1FF (LibreOffice puts byte b at U+F100 + b)."""
    out = []
    for c in error.object[error.start : error.end]:
        code = ord(c)
        if 0x80 <= code <= 0x9F or 0xF180 <= code <= 0xF1FF:
            out.append(code & 0xFF)
        else:
            raise error
    return bytes(out), error.end


codecs.register_error("dtanalysis-undefined", _undefined_as_byte)
# every character a byte can become in each code page (an undefined byte as either of the two forms above)
_SHOWN = {
    codec: frozenset(bytes(range(256)).decode(codec, errors="ignore"))
    | {chr(b) for b in range(0x80, 0xA0)}
    | {chr(0xF100 + b) for b in range(0x80, 0x100)}
    for codec in MOJIBAKE_CODECS
}


def unmojibake(text: str) -> tuple[str, tuple[str, ...]] | None:
    """Return (the original text, the code pages that garble it so) when `text` is UTF-8 that was read as
    Windows-1252 or -1258; None when it is not.

    Strict on purpose: the whole text must go back to bytes in that code page and those bytes must be valid
    UTF-8 that differs from it. Vietnamese written correctly never passes: its letters with tone marks do not
    exist in Windows-1252, and in Windows-1258 they are not valid UTF-8 byte sequences.
    """
    if text.isascii():
        return None
    found: dict[str, list[str]] = {}
    for codec in MOJIBAKE_CODECS:
        if not _SHOWN[codec].issuperset(text):  # a character no byte becomes: not this code page's mojibake
            continue
        try:
            original = text.encode(codec, errors="dtanalysis-undefined").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if original != text:
            found.setdefault(unicodedata.normalize("NFC", original), []).append(codec)
    if not found:
        return None
    original, codecs_ = next(iter(found.items()))  # two code pages giving two different texts: never seen
    return original, tuple(codecs_)


def decode_text(path: Path, raw: bytes) -> tuple[str, bool, list[Problem]]:
    """Return the file's text in NFC, whether its bytes (less a UTF-8 BOM) already are that text in UTF-8, and warnings."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw[:4096]):
        encoding = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _utf16_order(raw)
        try:
            return unicodedata.normalize("NFC", raw.decode(encoding)), False, []
        except UnicodeDecodeError as err:
            raise _undecodable(path, raw, err.start, "UTF-16") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp1258")
        except UnicodeDecodeError as cp1258_error:
            detected = _detect(raw, utf8_error.start)
            if detected is None:
                raise _undecodable(path, raw, cp1258_error.start, "Windows-1258 (CP1258)") from None
            text, encoding = detected
            _check_letters_kept(path, text, encoding)
            warning = whole_file_problem(
                path.name,
                f"the file is neither UTF-8 nor Windows-1258; it was read as {encoding} (detected), check the accents",
                "save it as 'CSV UTF-8 (Comma delimited)' so the encoding need not be guessed",
                "warning",
                encoding,
            )
            return unicodedata.normalize("NFC", text), False, [warning]
        _check_letters_kept(path, text, "a one-byte code page, read as Windows-1258")
        return unicodedata.normalize("NFC", text), False, []  # CP1258 writes tone marks as combining characters
    if unicodedata.is_normalized("NFC", text):
        return text, True, []
    return unicodedata.normalize("NFC", text), False, []  # macOS and some exports write NFD


_LOST_LETTER = re.compile(r"[^\W\d_]\?[^\W\d_]")  # 'Qu?ng Ng?i': a letter the code page lacked, written as '?'


def _check_letters_kept(path: Path, text: str, encoding: str) -> None:
    """Refuse text in a legacy code page whose writer replaced the letters it cannot hold with '?' (saving
    Vietnamese as Windows-1252 does: 'Quảng Ninh' → 'Qu?ng Ninh'); a '?' inside a web address does not count."""
    for match in _LOST_LETTER.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        line = text[start : end if end >= 0 else len(text)]
        token = re.search(r"\S*$", text[start : match.start()])[0] + re.match(r"\S*", text[match.start() :])[0]
        if "://" in token or token.lower().startswith("www."):
            continue
        word = re.search(r"[\w?]*$", text[start : match.start()])[0] + re.match(r"[\w?]*", text[match.start() :])[0]
        raise DataError(
            [
                Problem(
                    path.name,
                    text.count("\n", 0, match.start()) + 1,
                    None,
                    line.strip()[:80],
                    f"the file's encoding ({encoding}) cannot hold every Vietnamese letter: the program that saved it "
                    f"wrote '?' for the letters it lacked ({word[:40]!r}), and they cannot be read back",
                    "save the table again from the original workbook as 'CSV UTF-8 (Comma delimited)' (LibreOffice: "
                    "character set 'Unicode (UTF-8)'), or as .xlsx",
                )
            ]
        )


def _utf16_order(raw: bytes) -> str:
    head = raw[:4096]
    return "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"


def _detect(raw: bytes, first_bad: int) -> tuple[str, str] | None:
    """Return (text, encoding) charset-normalizer finds, unless the file is UTF-8 or CP1258 with a few stray bytes."""
    for encoding in ("utf-8", "cp1258"):
        if raw.decode(encoding, errors="replace").count("\ufffd") <= max(3, len(raw) // 1000):
            return None  # mostly UTF-8 or CP1258: a damaged byte, not another encoding; say where it is
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:1_000_000]).best()
    if best is None:
        return None
    try:
        return raw.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


def _undecodable(path: Path, raw: bytes, position: int, tried: str) -> DataError:
    line = raw[:position].count(b"\n") + 1
    return DataError(
        [
            Problem(
                path.name,
                line,
                None,
                f"byte 0x{raw[position]:02x}",
                f"the file is neither UTF-8 nor {tried} text" if tried != "UTF-16" else "the UTF-16 text is damaged",
                "open it in Excel and save as 'CSV UTF-8 (Comma delimited)', or save it as .xlsx",
            )
        ]
    )
