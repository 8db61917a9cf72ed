"""Reading import files: the one reader behind the command line and the admin upload.

Every door hands its files to this module, so the same rules apply whichever way
a file comes in:

- a path is refused *before a byte is read* unless it is a regular file no larger
  than ``MAPPER_IMPORT_MAX_BYTES`` (a FIFO named ``*.json`` would block forever, a
  link to ``/dev/zero`` would be read until memory runs out);
- text is decoded from its bytes in one place: a BOM (UTF-8, UTF-16, UTF-32) says
  the encoding; otherwise it must be UTF-8 (article JSON), or, for tables read as a
  stream, UTF-8 or the legacy encoding charset-normalizer detects (cp1252, Latin-1…).

Problems name the file and are collected, so one run reports every refused file.
"""

import codecs
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath

import charset_normalizer
from django.conf import settings

from events.importers.messages import (
    A_BLOCK_DEVICE,
    A_CHARACTER_DEVICE,
    A_DIRECTORY,
    A_FIFO,
    A_SOCKET,
    BYTES_UNREADABLE,
    CANNOT_READ,
    ENCODINGS_MIXED,
    NO_FILES_IN_DIRECTORY,
    NO_SUCH_FILE,
    NOT_A_REGULAR_FILE,
    NOT_BOM_TEXT,
    NOT_REGULAR,
    NOT_UTF8,
    TOO_LARGE,
)

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
FILE_TYPES = [
    (stat.S_ISDIR, A_DIRECTORY),
    (stat.S_ISFIFO, A_FIFO),
    (stat.S_ISCHR, A_CHARACTER_DEVICE),
    (stat.S_ISBLK, A_BLOCK_DEVICE),
    (stat.S_ISSOCK, A_SOCKET),
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import file: where (record and field) and what."""

    file: str
    where: str  # "events[2].latitude", "article.url", "line 3, column 7", or "" for the whole file
    message: str

    def __str__(self):
        return f"{self.file}: {self.where}: {self.message}" if self.where else f"{self.file}: {self.message}"


class ImportRefused(Exception):
    """Raised before anything is written; lists every problem found in every file."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def import_max_bytes() -> int:
    return settings.MAPPER_IMPORT_MAX_BYTES


def size_text(size: int) -> str:
    """``2_500_000`` -> ``2.5 MB`` (decimal units, as file managers show them)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def too_large_message(size: int, limit: int) -> str:
    return TOO_LARGE.format(size=size_text(size), limit=size_text(limit))


def _not_regular(mode) -> str:
    """Why a file of this mode is refused, or '' for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    kind = next((name for test, name in FILE_TYPES if test(mode)), NOT_A_REGULAR_FILE)
    return NOT_REGULAR.format(kind=kind)


def file_open(path):
    """``path`` opened for binary reading, refusing special and oversized files before reading them.

    The mode is checked with ``stat`` (following links) before opening, and again with
    ``fstat`` on the opened descriptor, so a file swapped in between is caught too.
    The file is opened non-blocking, so even a FIFO that slips through cannot hang.
    """
    name, limit = str(path), import_max_bytes()

    def refused(message):
        return ImportRefused([Problem(name, "", message)])

    try:
        reason = _not_regular(os.stat(path).st_mode)
        if reason:
            raise refused(reason)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise refused(str(NO_SUCH_FILE)) from None
    except OSError as exc:
        raise refused(CANNOT_READ.format(reason=exc.strerror)) from None
    handle = os.fdopen(descriptor, "rb")
    status = os.fstat(descriptor)
    reason = _not_regular(status.st_mode) or (
        too_large_message(status.st_size, limit) if status.st_size > limit else ""
    )
    if reason:
        handle.close()
        raise refused(reason)
    return handle


def file_bytes_read(path) -> bytes:
    """The whole content of ``path``, by the rules of ``file_open``."""
    limit = import_max_bytes()
    with file_open(path) as handle:
        data = handle.read(limit + 1)  # a file growing while read is still bounded
    if len(data) > limit:
        raise ImportRefused([Problem(str(path), "", too_large_message(len(data), limit))])
    return data


def text_decode(name, data: bytes) -> str:
    """Decode an import file's bytes: the encoding its BOM names, else UTF-8."""
    encoding = next((enc for bom, enc in BYTE_ORDER_MARKS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        message = NOT_UTF8 if encoding == "utf-8" else NOT_BOM_TEXT
        text = message.format(encoding=encoding.upper(), reason=exc.reason, byte=exc.start)
        raise ImportRefused([Problem(name, "", text)]) from None


SAMPLE_BYTES = 1 << 20
UNDECODED = re.compile("[\udc80-\udcff]")  # bytes the stream's encoding could not decode
LEGACY_FALLBACK = "cp1252"


@dataclass
class TextStream:
    """A text file opened for streaming, with the encoding it was read as."""

    text: io.TextIOBase
    encoding: str
    note: str  # how the encoding was chosen, for the report


def text_stream_open(name, handle) -> TextStream:
    """Open a binary ``handle`` as text for a streaming parser (CSV).

    Newlines are left to the parser (``newline=""``: ``\\r\\n``, ``\\n`` and old Mac ``\\r`` all
    work). Without a BOM the first megabyte decides: UTF-8 when it is UTF-8, else the
    encoding charset-normalizer finds. Bytes that do not decode stay as surrogate escapes
    for ``line_repair`` to repair (a cp1252 line in a UTF-8 file) or report, row by row.
    """
    sample = handle.read(SAMPLE_BYTES)
    handle.seek(0)
    encoding = next((enc for bom, enc in BYTE_ORDER_MARKS if sample.startswith(bom)), None)
    note = "byte order mark"
    if encoding is None:
        try:
            sample.decode("utf-8")
            encoding, note = "utf-8", "UTF-8"
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 3 and len(sample) == SAMPLE_BYTES:  # a character cut by the sample
                encoding, note = "utf-8", "UTF-8"
            elif _has_utf8_sequences(sample):  # UTF-8 with some lines in another encoding
                encoding, note = "utf-8", "UTF-8, some lines in another encoding"
            else:
                best = charset_normalizer.from_bytes(sample).best()
                encoding = best.encoding if best is not None else LEGACY_FALLBACK
                note = f"detected {encoding} (not UTF-8)"
    errors = "strict" if encoding.startswith(("utf-16", "utf-32")) else "surrogateescape"
    return TextStream(io.TextIOWrapper(handle, encoding=encoding, errors=errors, newline=""), encoding, note)


def _has_utf8_sequences(sample: bytes) -> bool:
    """True when the bytes hold real UTF-8 multibyte characters (not only stray high bytes)."""
    text = sample.decode("utf-8", "surrogateescape")
    return any(ord(ch) > 0x7F and not 0xDC80 <= ord(ch) <= 0xDCFF for ch in text)


def line_repair(value: str) -> tuple[str, bool]:
    """``(text, repaired)``: undecodable bytes re-read as cp1252 when that is certain.

    Certain means the bytes decode as cp1252 to printable characters; otherwise
    ValueError says which bytes could not be read.
    """
    if not UNDECODED.search(value):
        return value, False
    raw = value.encode("utf-8", "surrogateescape")
    try:
        repaired = raw.decode(LEGACY_FALLBACK)
    except UnicodeDecodeError as exc:
        raise ValueError(BYTES_UNREADABLE.format(raw=raw[exc.start : exc.end])) from None
    if any(0x80 <= ord(ch) <= 0x9F for ch in repaired):
        raise ValueError(str(ENCODINGS_MIXED))
    return repaired, True


def paths_expand(paths, pattern, *, exclude_suffix="") -> tuple[list[Path], list[Problem]]:
    """Files named by ``paths`` (a directory stands for its files matching ``pattern``), and problems.

    Nothing is opened here: a FIFO or a device that matches is refused when read.
    """
    files, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.glob(pattern) if not (exclude_suffix and p.name.endswith(exclude_suffix)))
            if not found:
                problems.append(Problem(str(path), "", NO_FILES_IN_DIRECTORY.format(pattern=pattern)))
            files += found
        else:
            files.append(path)
    return list(dict.fromkeys(files)), problems  # a file named twice is read once


def sources_from_paths(paths, pattern, *, exclude_suffix="") -> list[tuple[str, str]]:
    """``(file name, text)`` for every file; every unreadable file is reported at once."""
    sources = []
    files, problems = paths_expand(paths, pattern, exclude_suffix=exclude_suffix)
    for path in files:
        try:
            sources.append((str(path), text_decode(str(path), file_bytes_read(path))))
        except ImportRefused as exc:
            problems += exc.problems
    if problems:
        raise ImportRefused(problems)
    return sources


def upload_source(upload) -> tuple[str, str]:
    """``(file name, text)`` of an uploaded file, by the same rules as a file on disk."""
    name, limit = PurePath(upload.name).name, import_max_bytes()
    if upload.size > limit:
        raise ImportRefused([Problem(name, "", too_large_message(upload.size, limit))])
    return name, text_decode(name, upload.read())
