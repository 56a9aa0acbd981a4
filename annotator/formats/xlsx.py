"""openpyxl, behind one module: streamed workbooks, their sheets, styles, chart; reading one.

Streaming (write-only) workbooks style a cell by copying a prepared style array: building
a style per cell costs as much as writing it. The workbook's default cell format is set to
the Japanese font and top alignment once, so the plain cells — most of them — need no
style at all. A version bump of openpyxl touches this file only.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException, WorkbookAlreadySaved
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet import _writer as openpyxl_writer
from openpyxl.worksheet.properties import PageSetupProperties

from annotator.errors import AnnotatorError
from annotator.formats.cells import (
    EXCEL_ROWS,
    RATIO,
    WRAP,
    CellLog,
    Column,
    Value,
    fit_excel,
    formula_like,
    harmless,
    naive_utc,
    xml_safe,
)
from annotator.formats.files import part_name

# Yu Gothic (游ゴシック) ships with Windows 8.1+ and with Office for Mac, and is what Japanese
# Excel itself uses for new workbooks; charset 128 (Shift-JIS) makes Excel and LibreOffice
# fall back to another Japanese font, not a Chinese one, where it is missing.
FONT_NAME = "Yu Gothic"
FONT = Font(name=FONT_NAME, sz=11, family=3, charset=128)
BOLD = Font(name=FONT_NAME, sz=11, family=3, charset=128, b=True)
RATIO_FORMAT = "0.000"
_CHART_MAX_CM = 150.0  # Excel draws taller charts, but nobody reads 500 bars

Book = Workbook

#: Where a streamed sheet's temporary file goes: beside the export (see sheet_temporaries),
#: not in the system temp folder, where coded text would outlive a killed export.
_SHEET_FOLDER: ContextVar[Path | None] = ContextVar("sheet_folder", default=None)
_system_temporary = openpyxl_writer.create_temporary_file


def _temporary_sheet_file(suffix: str = "") -> str:
    folder = _SHEET_FOLDER.get()
    if folder is None:
        return str(_system_temporary(suffix))
    path = part_name(folder, "annotator-sheet")
    path.touch(exist_ok=False)
    openpyxl_writer.ALL_TEMP_FILES.append(str(path))
    return str(path)


openpyxl_writer.create_temporary_file = _temporary_sheet_file


@contextmanager
def sheet_temporaries(folder: Path) -> Iterator[None]:
    """Streamed sheets made in this block keep their temporary files in `folder` (hidden
    .part files, removed by the next export there if a killed one left them)."""
    token = _SHEET_FOLDER.set(folder)
    try:
        yield
    finally:
        _SHEET_FOLDER.reset(token)


class SheetFullError(AnnotatorError):
    """More rows than a sheet holds: Excel would refuse (or "repair") the file."""


class UnreadableWorkbookError(AnnotatorError):
    """Not an .xlsx file openpyxl can open."""


def new_workbook() -> Workbook:
    book = Workbook(write_only=True)
    _default_format(book)
    return book


def _default_format(book: Workbook) -> None:
    """Make the default cell format the Japanese font, aligned to the top of its row.

    openpyxl has no public way to change a new workbook's default format, but every
    unstyled cell uses it; setting it here spares a style on each of a million cells.
    """
    book._fonts = IndexedList([FONT])
    top = StyleArray()
    top.alignmentId = book._alignments.add(Alignment(vertical="top"))
    book._cell_styles = IndexedList([top])
    book._named_styles["Normal"].font = FONT


class Styles:
    """Prepared style arrays; a cell copies one instead of building its style."""

    def __init__(self, sheet: Any) -> None:
        def array(**attributes: Any) -> StyleArray:
            cell = WriteOnlyCell(sheet)
            for name, value in attributes.items():
                setattr(cell, name, value)
            return StyleArray(cell._style)

        top = Alignment(vertical="top")
        wrap = Alignment(vertical="top", wrap_text=True)
        self.text = array(alignment=top)
        self.wrap = array(alignment=wrap)
        self.ratio = array(alignment=top, number_format=RATIO_FORMAT)
        self.header = array(font=BOLD, alignment=Alignment(vertical="top", wrap_text=True),
                            fill=PatternFill("solid", fgColor="E7E6E6"),
                            border=Border(bottom=Side(style="thin", color="808080")))
        self.bold = array(font=BOLD, alignment=top)
        self._sheet = sheet

    def filled(self, color: str) -> StyleArray:
        """A cell filled with `color` (#RRGGBB), its text legible on it."""
        cell = WriteOnlyCell(self._sheet)
        cell.alignment = Alignment(vertical="top")
        cell.fill = PatternFill("solid", fgColor=color.lstrip("#").upper())
        cell.font = Font(name=FONT_NAME, sz=11, family=3, charset=128,
                         color="FFFFFF" if _dark(color) else "000000")
        return StyleArray(cell._style)


def _dark(color: str) -> bool:
    red, green, blue = (int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


class XlsxSheet:
    """One streamed sheet: header row frozen, filter over the data, values made safe."""

    def __init__(self, book: Workbook, styles: Styles | None, title: str,
                 columns: Sequence[Column], log: CellLog, *, autofilter: bool = True,
                 printable: bool = False) -> None:
        self.ws = book.create_sheet(title)
        if printable:
            _print_setup(self.ws)
        self.title = title
        self.columns = list(columns)
        self.styles = styles if styles is not None else Styles(self.ws)
        self.log = log
        self.rows = 0
        self._autofilter = autofilter
        for number, column in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(number)].width = column.width
        if self.columns:
            self.ws.freeze_panes = "A2"
            self.append([c.header for c in self.columns], style=self.styles.header)
        self._writers = [self._writer(c.kind) for c in self.columns]
        self._plain = frozenset(n for n, c in enumerate(self.columns) if c.kind not in (WRAP,
                                                                                      RATIO))

    def append(self, values: Sequence[Value | Cell], *, style: StyleArray | None = None) -> None:
        """Write one row; `style` makes every cell of it e.g. a header."""
        self.rows += 1
        if self.rows > EXCEL_ROWS:
            raise SheetFullError(f"the {self.title} sheet would need more than Excel's "
                                 f"{EXCEL_ROWS:,} rows; export CSV instead, or one coder")
        if style is not None:
            self.ws.append([self.cell(v, n, style) for n, v in enumerate(values, start=1)])
            return
        row = list(values)
        writers, plain = self._writers, self._plain
        for n, value in enumerate(row):  # the common cases inline: this runs a million times
            kind = value.__class__
            if value is None or kind is int:
                continue
            if isinstance(value, str) and n in plain and harmless(value):
                if not value:
                    row[n] = None
                continue
            if not isinstance(value, Cell):
                row[n] = (writers[n] if n < len(writers) else self._value)(value, n + 1)
        self.ws.append(row)

    def cell(self, value: Value | Cell, column: int, style: StyleArray) -> Any:
        """A styled cell; text in it is made safe like any other."""
        if isinstance(value, Cell) or value is None:
            return value
        if isinstance(value, str):
            return self._text_cell(value, column, style)
        if isinstance(value, datetime):
            value = naive_utc(value)
        elif isinstance(value, float) and not math.isfinite(value):
            return None
        return Cell(self.ws, row=1, column=column, value=value, style_array=style)

    def close(self) -> None:
        if self._autofilter and self.columns and self.rows > 0:
            last = get_column_letter(len(self.columns))
            self.ws.auto_filter.ref = f"A1:{last}{self.rows}"

    def _writer(self, kind: str) -> Callable[[Any, int], Any]:
        """How a column writes what is not an int: text plain or wrapped, ratios formatted."""
        return {WRAP: self._wrapped, RATIO: self._ratio}.get(kind, self._value)

    def _value(self, value: Any, column: int) -> Any:
        """Text made safe; datetimes as real dates (openpyxl gives them a date format)."""
        if isinstance(value, str):
            return self._short_text(value, column)
        if isinstance(value, datetime):
            return naive_utc(value)
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value

    def _wrapped(self, value: Any, column: int) -> Any:
        if isinstance(value, str) and value:
            return self._text_cell(value, column, self.styles.wrap)
        return self._value(value, column)

    def _ratio(self, value: Any, column: int) -> Any:
        if isinstance(value, float | int) and not isinstance(value, bool):
            return self.cell(value, column, self.styles.ratio)
        return self._value(value, column)

    def _short_text(self, value: Any, column: int) -> Any:
        """Most text needs nothing; only what Excel would misread becomes a styled cell."""
        if value is None or value == "":
            return None
        text = str(value)
        return text if harmless(text) else self._text_cell(text, column, self.styles.text)

    def _text_cell(self, text: str, column: int, style: StyleArray) -> Cell:
        text, replaced = xml_safe(text)
        self.log.replaced += replaced
        total = len(text)
        text, cut = fit_excel(text)
        if cut:
            self.log.truncated.append(
                f"{self.title}!{get_column_letter(column)}{self.rows} ({total:,} characters)")
        cell = Cell(self.ws, row=1, column=column, value=text, style_array=style)
        cell.data_type = "s"  # never a formula, never an error value
        if formula_like(text):
            cell.quotePrefix = True  # Excel's "treat as text": stays text after an edit
            self.log.as_text += 1
        return cell


def _print_setup(ws: Any) -> None:
    """Landscape, as wide as the page, header on every page: ready for an appendix."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"


def save(book: Workbook, path: Path) -> None:
    """Write the workbook; if that fails, its streamed sheets are discarded too."""
    try:
        book.save(str(path))
    finally:
        discard(book)


def discard(book: Workbook) -> None:
    """Close a streaming workbook's sheets and delete their temporary files.

    An abandoned (cancelled, failed) write-only workbook would otherwise keep a temporary
    file per sheet until the program ends, and complain when it is garbage-collected.
    """
    for ws in book.worksheets:
        # lxml's errors on a half-closed stream are SyntaxErrors
        with suppress(OSError, SyntaxError, StopIteration, ValueError, WorkbookAlreadySaved):
            if not ws.closed:
                ws.close()
        writer = ws._writer
        if writer is not None and Path(writer.out).exists():
            with suppress(OSError, ValueError):
                writer.cleanup()


def bar_chart(sheet: XlsxSheet, *, rows: int, colors: Sequence[str], title: str,
              axis_title: str, anchor_column: int) -> None:
    """Stacked horizontal bars of the table's rows 2.., one series per data column B...

    Each series takes its colour from `colors` (#RRGGBB); the first row sits on top, as in
    the table.
    """
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = title
    chart.y_axis.title = axis_title
    chart.add_data(Reference(sheet.ws, min_col=2, max_col=len(colors) + 1, min_row=1,
                             max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=2, max_row=rows + 1))
    for series, color in zip(chart.series, colors, strict=True):
        series.graphicalProperties.solidFill = color.lstrip("#").upper()
        series.graphicalProperties.line.solidFill = color.lstrip("#").upper()
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides axes otherwise
    chart.legend.position = "b"
    chart.width = 24.0
    chart.height = min(max(8.0, 0.55 * rows + 4.0), _CHART_MAX_CM)
    sheet.ws.add_chart(chart, f"{get_column_letter(anchor_column)}2")


#: A codebook sheet is a few hundred rows of text; these bounds are a thousand times that.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_READ_ROWS = 20_000
_MAX_RATIO = 200  # zip members compress text about 10:1; a bomb, thousands to one


def _check_archive(path: Path) -> None:
    """Refuse a zip bomb before openpyxl unpacks it: sizes are in the zip's directory."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise UnreadableWorkbookError(f"{path.name}: not an Excel workbook ({err})") from err
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise UnreadableWorkbookError(
            f"{path.name}: unpacks to {total / 2**20:,.0f} MB, more than a codebook needs "
            f"(the limit is {MAX_UNPACKED_BYTES // 2**20} MB)")
    for member in members:
        if member.file_size > 2**20 and member.file_size > _MAX_RATIO * max(
                member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            raise UnreadableWorkbookError(
                f"{path.name}: {member.filename} expands {ratio:,} times (a zip bomb?)")


def read_rows(path: Path, preferred: str) -> list[tuple[Any, ...]]:
    """The values of the sheet called `preferred`, or else of the first sheet.

    Bounded: the archive is checked before it is unpacked, at most MAX_READ_ROWS rows are
    read, and a broken sheet (bad XML, bad cell values) is one line, not a traceback.
    """
    _check_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
            SyntaxError, TypeError) as err:
        raise UnreadableWorkbookError(f"{path.name}: not an Excel workbook ({err})") from err
    try:
        sheet = book[preferred] if preferred in book.sheetnames else book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(tuple(row))
            if len(rows) > MAX_READ_ROWS:
                raise UnreadableWorkbookError(
                    f"{path.name}: more than {MAX_READ_ROWS:,} rows; a codebook has fewer")
        return rows
    except (KeyError, ValueError, SyntaxError, TypeError, IndexError, zipfile.BadZipFile,
            OSError) as err:  # xml.etree's ParseError is a SyntaxError
        detail = (str(err).splitlines() or [type(err).__name__])[0]
        raise UnreadableWorkbookError(f"{path.name}: the sheet cannot be read ({detail})") from err
    finally:
        book.close()
