"""The form for one code: names, key, colour, shortcut, definition and notes.

The dialog does not write anything itself. On OK it hands the changed fields to the
`apply` callback (which runs an undo command); if the core refuses them the message is
shown and the dialog stays open with the user's input, so nothing is lost or half-saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.records import CodeRow

Apply = Callable[[Mapping[str, str | None]], AnnotatorError | None]
TEXTS = ("definition", "include_note", "exclude_note", "examples")
DEFAULT_COLOR = "#888888"


class CodeEditorDialog(QDialog):
    """Edits `code`, or a new code when `code` is None; `others` are the rest of the book."""

    def __init__(
        self,
        code: CodeRow | None,
        others: list[CodeRow],
        apply: Apply,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.code = code
        self._apply = apply
        own = code.id if code else None
        self._shortcuts = {c.shortcut: c for c in others if c.shortcut and c.id != own}
        self.setWindowTitle(self.tr("Edit code") if code else self.tr("New code"))
        self.name_ja = QLineEdit()
        self.name = QLineEdit()
        self.key = QLineEdit(placeholderText=self.tr("made from the English name"))
        self.color_button = QPushButton()
        self.color_button.clicked.connect(self._pick_color)
        self.shortcut = QComboBox()
        self.shortcut_note = QLabel()
        self.texts = {name: QPlainTextEdit() for name in TEXTS}
        self._fill_shortcuts()
        self._build()
        self._load(code)

    # building ---------------------------------------------------------------------------------

    def _fill_shortcuts(self) -> None:
        self.shortcut.addItem(self.tr("None"), None)
        for digit in "123456789":
            holder = self._shortcuts.get(digit)
            text = digit if holder is None else f"{digit} — {_label(holder)}"
            self.shortcut.addItem(text, digit)
        self.shortcut.currentIndexChanged.connect(lambda _i: self._show_shortcut_note())

    def _build(self) -> None:
        form = QFormLayout(self)
        form.addRow(self.tr("Japanese name"), self.name_ja)
        form.addRow(self.tr("English name"), self.name)
        form.addRow(self.tr("Key"), self.key)
        form.addRow(self.tr("Colour"), self.color_button)
        form.addRow(self.tr("Shortcut"), self.shortcut)
        form.addRow("", self.shortcut_note)
        labels = {
            "definition": self.tr("Definition"),
            "include_note": self.tr("Include when"),
            "exclude_note": self.tr("Exclude when"),
            "examples": self.tr("Examples"),
        }
        for name, widget in self.texts.items():
            widget.setTabChangesFocus(True)
            widget.setMinimumHeight(60)
            form.addRow(labels[name], widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 620)

    def _load(self, code: CodeRow | None) -> None:
        self.name_ja.setText(code.name_ja if code else "")
        self.name.setText(code.name if code else "")
        self.key.setText(code.key if code else "")
        self.set_color(code.color if code else DEFAULT_COLOR)
        self.set_shortcut(code.shortcut if code else None)
        for name, widget in self.texts.items():
            widget.setPlainText(getattr(code, name) if code else "")

    # values -----------------------------------------------------------------------------------

    def color(self) -> str:
        return self._color

    def set_color(self, color: str) -> None:
        self._color = color
        swatch = QPixmap(16, 16)
        swatch.fill(QColor(color))
        self.color_button.setIcon(QIcon(swatch))
        self.color_button.setText(color)

    def set_shortcut(self, shortcut: str | None) -> None:
        self.shortcut.setCurrentIndex(max(0, self.shortcut.findData(shortcut)))
        self._show_shortcut_note()

    def values(self) -> dict[str, str | None]:
        """Every field as the form shows it."""
        shortcut = self.shortcut.currentData()
        values: dict[str, str | None] = {
            "name_ja": self.name_ja.text().strip(),
            "name": self.name.text().strip(),
            "key": self.key.text().strip(),
            "color": self._color,
            "shortcut": str(shortcut) if shortcut else None,
        }
        values.update({name: w.toPlainText().strip() for name, w in self.texts.items()})
        return values

    def changes(self) -> dict[str, str | None]:
        """For a new code every field; for an existing one only those that differ."""
        values = self.values()
        if self.code is None:
            return values
        return {name: v for name, v in values.items() if v != getattr(self.code, name)}

    # checks -----------------------------------------------------------------------------------

    def _shortcut_holder(self) -> CodeRow | None:
        shortcut = self.shortcut.currentData()
        return self._shortcuts.get(str(shortcut)) if shortcut else None

    def _show_shortcut_note(self) -> None:
        holder = self._shortcut_holder()
        self.shortcut_note.setText(
            self.tr("Already used by {code}").format(code=_label(holder)) if holder else ""
        )

    def problem(self) -> str | None:
        """What the form itself can tell is wrong before asking the core."""
        holder = self._shortcut_holder()
        if holder is not None:
            return self.tr("Shortcut {key} is already used by {code}.").format(
                key=holder.shortcut, code=_label(holder)
            )
        if self.code is not None and not self.key.text().strip():
            return self.tr("A code needs a key.")
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            QMessageBox.warning(self, self.windowTitle(), problem)
            return
        changes = self.changes()
        error = self._apply(changes) if changes else None
        if error is not None:
            QMessageBox.warning(self, self.windowTitle(), str(error))
            return
        super().accept()

    def _pick_color(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._color), self, self.tr("Colour"))
        if chosen.isValid():
            self.set_color(chosen.name().upper())


def _label(code: CodeRow) -> str:
    return " / ".join(n for n in (code.name_ja, code.name) if n)
