"""Agreement figures as tables: codes × statistics, and the documents for drilling down.

An undefined coefficient (κ or α with no variation: 0/0) is shown as "—" with the core's
reason in the tooltip, never as 0 or NaN: a blank that reads as a number is what makes
a reliability table wrong in print. Values keep three decimals, as papers report them;
the copied table has the same figures as the screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.agreement.service import DocumentAgreement
from annotator.agreement.statistics import STATISTICS, MacroStat, Stat, StatSet
from annotator.ids import CodeId
from ui.models.table import RowsModel

Index = QModelIndex | QPersistentModelIndex
CODE, N = range(2)  # then one column per statistic, in STATISTICS order
UNDEFINED = "—"
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the code key (str) of a code row
CODE_ROW, POOLED_ROW, MACRO_ROW = "code", "pooled", "macro"


def figure(value: float | None) -> str:
    return UNDEFINED if value is None else f"{value:.3f}"


@dataclass(frozen=True)
class StatRow:
    label: str
    kind: str  # code | pooled | macro
    stats: StatSet[Stat] | StatSet[MacroStat]
    key: str | None = None
    code_id: CodeId | None = None
    color: str | None = None


class StatsModel(RowsModel):
    """Per-code rows, then the pooled and the macro row; the code id is in Qt.UserRole."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[StatRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[StatRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def headers(self) -> list[str]:
        names = {
            "percent": self.tr("Agreement"),
            "cohen_kappa": self.tr("Cohen κ"),
            "fleiss_kappa": self.tr("Fleiss κ"),
            "krippendorff_alpha": self.tr("Krippendorff α"),
            "gwet_ac1": self.tr("Gwet AC1"),
            "brennan_prediger": self.tr("Brennan–Prediger κ"),
            "positive_agreement": self.tr("Positive agr."),
        }
        return [self.tr("Code"), self.tr("n"), *(names[name] for name in STATISTICS)]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(section)
        return super().headerData(section, orientation, role)

    def _header_tip(self, section: int) -> str | None:
        if section == N:
            return self.tr("Units every coder finished (Krippendorff α may use more: see its "
                           "tooltip)")
        if section - N - 1 == STATISTICS.index("percent"):
            return self.tr("Percent agreement as a proportion (0–1): the share of agreeing "
                           "coder pairs per unit, averaged over units")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return int(row.code_id) if row.code_id is not None else None
        if role == KEY_ROLE:
            return row.key
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == CODE and row.color:
            return QColor(row.color)
        if role == Qt.ItemDataRole.FontRole and row.kind != CODE_ROW:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column != CODE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def cell(self, row: StatRow, column: int) -> str:
        if column == CODE:
            return row.label
        if column == N:
            percent = row.stats.percent
            return str(percent.n_units) if isinstance(percent, Stat) else ""
        name = STATISTICS[column - N - 1]
        return figure(getattr(row.stats, name).value)

    def _tooltip(self, row: StatRow, column: int) -> str | None:
        if column == CODE:
            return row.key
        if column == N:
            if row.kind == MACRO_ROW:
                return self.tr("The macro row is a mean over codes, not over units")
            return None
        stat = getattr(row.stats, STATISTICS[column - N - 1])
        lines = []
        if isinstance(stat, Stat):
            lines.append(self.tr("n = {n} units").format(n=stat.n_units))
        elif stat.codes:
            lines.append(self.tr("Mean over {n} code(s): {codes}").format(
                n=len(stat.codes), codes=", ".join(stat.codes)))
        if stat.note:
            lines.append(stat.note)
        return "\n".join(lines) or None

    def tsv(self) -> str:
        """The table as tab-separated lines, for pasting into a spreadsheet or a paper."""
        lines = ["\t".join(self.headers())]
        for row in self.rows:
            lines.append("\t".join(self.cell(row, c) for c in range(self.columnCount())))
        return "\n".join(lines)


def stat_rows(codes: Mapping[str, StatSet[Stat]], pooled: StatSet[Stat],
              macro: StatSet[MacroStat], looks: Mapping[str, tuple[CodeId, str, str]],
              pooled_label: str, macro_label: str) -> list[StatRow]:
    """Rows for a report (or one document of it); `looks` is key → (id, label, colour)."""
    rows = []
    for key, stats in codes.items():
        code_id, label, color = looks.get(key, (None, key, None))
        rows.append(StatRow(label, CODE_ROW, stats, key, code_id, color))
    rows.append(StatRow(pooled_label, POOLED_ROW, pooled))
    rows.append(StatRow(macro_label, MACRO_ROW, macro))
    return rows


NAME, UNITS, POOLED_KAPPA, POOLED_ALPHA = range(4)


class DocumentsModel(RowsModel):
    """Documents with their units and pooled figures; the document id is in Qt.UserRole."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DocumentAgreement] = []

    def set_documents(self, documents: Sequence[DocumentAgreement]) -> None:
        self.beginResetModel()
        self.rows = list(documents)
        self.endResetModel()

    def row_of(self, document: int) -> int:
        return next((n for n, d in enumerate(self.rows) if d.id == document), -1)

    def headers(self) -> list[str]:
        return [self.tr("Document"), self.tr("Units"), self.tr("Fleiss κ (pooled)"),
                self.tr("α (pooled)")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return int(row.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return row.name
            if column == UNITS:
                return str(row.n_units)
            stat = row.pooled.fleiss_kappa if column == POOLED_KAPPA \
                else row.pooled.krippendorff_alpha
            return figure(stat.value)
        if role == Qt.ItemDataRole.ToolTipRole and column in (POOLED_KAPPA, POOLED_ALPHA):
            stat = row.pooled.fleiss_kappa if column == POOLED_KAPPA \
                else row.pooled.krippendorff_alpha
            return stat.note or self.tr("n = {n} units").format(n=stat.n_units)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
