"""CSV and TSV in, streamed: delimiter sniffed (``,`` ``;`` tab ``|``), quotes, any line ending.

Rows are read one at a time from the file (never the whole file in memory), so a
million-row table streams. Cells are stripped; spaces after a delimiter are skipped.
"""

import csv

from events.importers.messages import CELL_COUNT, COLUMNS_TWICE, NO_HEADER, ROW
from events.importers.rows import SourceRow
from events.services.import_files import ImportRefused, Problem, file_open, line_repair, text_stream_open

DELIMITERS = [",", ";", "\t", "|"]
SNIFF_CHARS = 64_000
csv.field_size_limit(10_000_000)  # one cell may hold a long text; the file size is bounded elsewhere


def delimiter_guess(sample: str) -> str:
    """The delimiter that splits the header and the next lines into the same, largest number of cells."""
    lines = [line for line in sample.splitlines() if line.strip()][:20] or [""]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter, skipinitialspace=True)]
        header = counts[0] if counts else 0
        steady = sum(1 for count in counts if count == header)
        score = (header > 1 and steady, header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class CsvFile:
    """A CSV/TSV file as rows; each iteration re-opens and streams the file."""

    format = "csv"

    def __init__(self, name, path):
        self.name, self.path, self.warnings = name, path, []
        with file_open(path) as handle:
            stream = text_stream_open(name, handle)
            sample = stream.text.read(SNIFF_CHARS)
            self.encoding, self.encoding_note = stream.encoding, stream.note
            stream.text.detach()
        self.delimiter = delimiter_guess(sample)
        header = next(csv.reader(sample.splitlines()[:1] or [""], delimiter=self.delimiter, skipinitialspace=True), [])
        self.columns = [cell.strip() for cell in header]
        if not any(self.columns):
            raise ImportRefused([Problem(name, ROW.format(number=1), str(NO_HEADER))])
        duplicates = sorted({c for c in self.columns if c and self.columns.count(c) > 1})
        if duplicates:
            message = COLUMNS_TWICE.format(columns=", ".join(duplicates))
            raise ImportRefused([Problem(name, ROW.format(number=1), message)])

    def __iter__(self):
        with file_open(self.path) as handle:
            stream = text_stream_open(self.name, handle)
            reader = csv.reader(stream.text, delimiter=self.delimiter, skipinitialspace=True)
            next(reader, None)
            width = len(self.columns)
            for number, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue  # blank lines are not rows
                yield self._row(number, cells, width)

    def _row(self, number, cells, width):
        problems, repaired = [], False
        values = {}
        for column, cell in zip(self.columns, cells, strict=False):
            try:
                text, fixed = line_repair(cell)
            except ValueError as exc:
                problems.append((column, str(exc), cell.encode("utf-8", "surrogateescape").decode("utf-8", "replace")))
                text, fixed = "", False
            repaired |= fixed
            values[column] = text.strip()
        if len(cells) != width:
            problems.append(("", CELL_COUNT.format(cells=len(cells), width=width), ""))
        return SourceRow(ROW.format(number=number), values, None, cells, problems, repaired, f"row {number}")
