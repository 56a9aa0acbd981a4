"""Live panes: what another window, process or team member wrote appears here too (issue 12).

Every 1.5 s the watcher asks the core what changed since its last mark (one cheap poll of the
history table's last id and a few fingerprints) and publishes it on the Bus like a local edit,
so panes refresh through the same path and blind mode hides what it hides for local edits.
After a local edit it takes a fresh mark, so our own work is not published a second time.
The same quiet moment checkpoints the WAL, so the project file alone holds every coding.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from annotator.changes import Changes
from annotator.watch import Mark
from ui.workbench import Workbench

POLL_MS = 1500
IDLE_CHECKPOINT_MS = 1000


class Watcher(QObject):
    def __init__(self, bench: Workbench, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.mark: Mark | None = bench.project.watch.mark()
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.poll)
        self._poll.start()
        self._idle = QTimer(self, singleShot=True, interval=IDLE_CHECKPOINT_MS)
        self._idle.timeout.connect(self.checkpoint)
        self._remark = QTimer(self, singleShot=True, interval=0)
        self._remark.timeout.connect(self._take_mark)
        bench.bus.changed.connect(self._on_changed)

    def poll(self) -> None:
        """Publish what others changed since the last poll; a failed read waits for the next."""
        try:
            self.mark, changes = self.bench.project.changes_since(self.mark)
        except Exception:  # noqa: BLE001 - a busy or vanished file: try again next tick
            return
        if changes != Changes():
            self.bench.bus.publish(changes, self)

    def checkpoint(self) -> None:
        self.bench.project.checkpoint()

    def stop(self) -> None:
        self._poll.stop()
        self._idle.stop()
        self._remark.stop()

    def _on_changed(self, _changes: Changes, initiator: object) -> None:
        self._idle.start()
        if initiator is not self:
            self._remark.start()

    def _take_mark(self) -> None:
        try:
            self.mark = self.bench.project.watch.mark()
        except Exception:  # noqa: BLE001 - the next poll takes one instead
            self.mark = None
