"""The codebook pane: apply a code to the current passage; add, edit, nest, merge, delete.

A single click only selects a code, so choosing one to edit, nest or delete never makes a
stray coding (issue 12). Applying is explicit: a double click, Enter, the Apply button or
the code's keyboard shortcut. Edit… (F2) and the context menu open the editor.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QCursor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QToolBar,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.ids import CodeId
from annotator.records import CodeRow
from ui.commands.codebook import (
    AddCodeCommand,
    CodebookCommand,
    DeleteCodeCommand,
    EditCodeCommand,
    FieldValues,
    MergeCodesCommand,
    label,
)
from ui.commands.coding import TagCommand, UntagCommand
from ui.commands.coding import run as run_command
from ui.dialogs.code_editor import Apply, CodeEditorDialog
from ui.models.codebook import COUNT, NAME, SHORTCUT, CodebookModel
from ui.workbench import Workbench


class CodeTree(QTreeView):
    """A tree whose Enter key applies the current code instead of opening an editor."""

    apply_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.currentIndex().isValid():
            self.apply_requested.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class CodebookPane(QWidget):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.model = CodebookModel(bench)
        self.view = self._build_view()
        self._kept: CodeId | None = None
        self._file_actions: list[QAction] = []
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view)
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._after_reset)
        self.view.expandAll()
        self._update_actions()

    # building ---------------------------------------------------------------------------------

    def _build_view(self) -> CodeTree:
        view = CodeTree()
        view.setModel(self.model)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDropIndicatorShown(True)
        view.setExpandsOnDoubleClick(False)
        view.setUniformRowHeights(True)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SHORTCUT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)
        view.doubleClicked.connect(self._apply_index)
        view.apply_requested.connect(self._apply_index)
        view.customContextMenuRequested.connect(self._context_menu)
        view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        return view

    def _build_actions(self) -> None:
        self.apply_action = self._action(
            self.tr("Apply"), self.apply_clicked,
            self.tr("Code the current passage or selection with this code (or remove it)"))
        self.add_action = self._action(self.tr("Add"), self.add_clicked, self.tr("Add a code"))
        self.add_sub_action = self._action(
            self.tr("Add sub-code"), self.add_sub_clicked, self.tr("Add a code under this one")
        )
        self.edit_action = self._action(self.tr("Edit…"), self.edit_clicked, self.tr("Edit code"))
        self.edit_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.merge_action = self._action(
            self.tr("Merge into…"), self.merge_clicked, self.tr("Move codings and sub-codes over")
        )
        self.delete_action = self._action(
            self.tr("Delete…"), self.delete_clicked, self.tr("Delete code")
        )
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.toolbar = QToolBar(self.tr("Codebook"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions(self._actions())
        self.view.addActions([self.edit_action, self.delete_action])

    def _action(self, text: str, slot: object, tip: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        return action

    def _actions(self) -> list[QAction]:
        return [
            self.apply_action,
            self.add_action,
            self.add_sub_action,
            self.edit_action,
            self.merge_action,
            self.delete_action,
        ]

    def add_file_actions(self, actions: list[QAction]) -> None:
        """Codebook import/export, owned by the window (which also puts them in the File
        menu): offered here too, where people look after their codebook."""
        self._file_actions.extend(actions)

    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        for action in self._actions()[:1] + self._actions()[2:]:
            action.setEnabled(chosen)

    # selection --------------------------------------------------------------------------------

    def selected(self) -> CodeRow | None:
        return self.model.code_at(self.view.currentIndex())

    def select(self, code_id: CodeId) -> None:
        index = self.model.index_of(code_id)
        if index.isValid():
            self.view.setCurrentIndex(index)

    def _keep_selection(self) -> None:
        code = self.selected()
        self._kept = code.id if code else None

    def _after_reset(self) -> None:
        self.view.expandAll()
        if self._kept is not None:
            self.select(self._kept)
        self._update_actions()

    # applying a code --------------------------------------------------------------------------

    def apply_clicked(self) -> None:
        code = self.selected()
        if code is not None:
            self.apply_code(code.id)

    def _apply_index(self, index: QModelIndex) -> None:
        code = self.model.code_at(index)
        if code is not None:
            self.apply_code(code.id)

    def apply_code(self, code_id: CodeId) -> None:
        """Code the current target with this code, or remove it if I already did."""
        code = self.model.code(code_id)
        target = self.bench.current.target
        if code is None:
            return
        if target is None:
            QToolTip.showText(QCursor.pos(), self.tr("Pick a passage or select text first"), self)
            return
        rows = [a for a in self.bench.codings.of(target.document)
                if a.coder == self.bench.current.coder]
        mine = [
            a
            for a in rows
            if a.code_id == code.id and (a.start, a.end) == (target.start, target.end)
        ]
        if mine:
            self._run_coding(UntagCommand(self.bench, mine, label(code)))
        else:
            self._run_coding(TagCommand(self.bench, [target], code.key, label(code)))

    def _run_coding(self, command: TagCommand | UntagCommand) -> None:
        try:
            self.bench.run(command)
        except AnnotatorError as err:
            self._warn(self.tr("Cannot code"), str(err))

    # editing ----------------------------------------------------------------------------------

    def editor(self, code: CodeRow | None, parent: CodeId | None = None) -> CodeEditorDialog:
        """The dialog for `code` (or a new code under `parent`), ready to exec() or drive."""
        apply = self._adder(parent) if code is None else self._changer(code)
        return CodeEditorDialog(code, self.model.codes(), apply, self)

    def _adder(self, parent: CodeId | None) -> Apply:
        def add(values: FieldValues) -> AnnotatorError | None:
            command = AddCodeCommand(self.bench, values, parent)
            error = run_command(self.bench, command)
            if error is None and command.code_id is not None:
                self.select(command.code_id)
            return error

        return add

    def _changer(self, code: CodeRow) -> Apply:
        def change(values: FieldValues) -> AnnotatorError | None:
            return run_command(self.bench, EditCodeCommand(self.bench, code, values))

        return change

    def add_clicked(self) -> None:
        self.editor(None).exec()

    def add_sub_clicked(self) -> None:
        code = self.selected()
        if code is not None:
            self.editor(None, code.id).exec()

    def edit_clicked(self) -> None:
        code = self.selected()
        if code is not None:
            self.edit_code_dialog(code.id)

    def edit_code_dialog(self, code_id: CodeId) -> None:
        code = self.model.code(code_id)
        if code is not None:
            self.editor(code).exec()

    # merging and deleting ---------------------------------------------------------------------

    def merge_clicked(self) -> None:
        code = self.selected()
        if code is None:
            return
        excluded = {code.id, *self.model.descendants(code.id)}  # merging into a sub-code
        choices = [c for c in self.model.codes() if c.id not in excluded]
        prompt = self.tr("Merge “{code}” into:").format(code=label(code))
        target = pick_code(self, self.tr("Merge codes"), prompt, choices)
        if target is not None:
            self.merge_codes(code.id, target)

    def merge_codes(self, source: CodeId, target: CodeId) -> bool:
        """Fold `source` into `target`; a sub-code of `source` cannot be the target."""
        code, into = self.model.code(source), self.model.code(target)
        if code is None or into is None:
            return False
        if target in self.model.descendants(source):
            self._warn(
                self.tr("Merge codes"),
                self.tr("“{code}” cannot be merged into its own sub-code.").format(
                    code=label(code)
                ),
            )
            return False
        return self._run(self.tr("Merge codes"), MergeCodesCommand(self.bench, code, into))

    def delete_clicked(self) -> None:
        code = self.selected()
        if code is None:
            return
        used = self.model.usage(code.id)
        title = self.tr("Delete code")
        if not used:
            question = self.tr("Delete “{code}”?").format(code=label(code))
            if QMessageBox.question(self, title, question) == QMessageBox.StandardButton.Yes:
                self.delete_code(code.id, None)
            return
        choices = [c for c in self.model.codes() if c.id != code.id]
        prompt = self.tr("“{code}” has {n} coding(s). Move them to:").format(
            code=label(code), n=used
        )
        target = pick_code(self, title, prompt, choices)
        if target is not None:
            self.delete_code(code.id, target)

    def delete_code(self, code_id: CodeId, move_to: CodeId | None) -> bool:
        """Delete a code; a used one needs `move_to`, or the core refuses and we say why."""
        code = self.model.code(code_id)
        if code is None or move_to == code_id:
            return False
        return self._run(self.tr("Delete code"), DeleteCodeCommand(self.bench, code, move_to))

    def _run(self, title: str, command: CodebookCommand) -> bool:
        error = run_command(self.bench, command)
        if error is not None:
            self._warn(title, str(error))
        return error is None

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def _context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addActions(self._actions())
        if self._file_actions:
            menu.addSeparator()
            menu.addActions(self._file_actions)
        menu.exec(self.view.viewport().mapToGlobal(position))


def pick_code(parent: QWidget, title: str, prompt: str, codes: list[CodeRow]) -> CodeId | None:
    """Ask for one of `codes`; the answer comes from the item's id, not its text."""
    if not codes:
        message = QCoreApplication.translate("CodebookPane", "There is no other code to choose.")
        QMessageBox.information(parent, title, message)
        return None
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    combo = QComboBox()
    for code in codes:
        combo.addItem(" / ".join(n for n in (code.name_ja, code.name) if n), int(code.id))
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(prompt))
    layout.addWidget(combo)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return CodeId(int(combo.currentData()))
