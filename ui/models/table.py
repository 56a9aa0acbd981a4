"""A flat table over a list of row values: the part every list in the workbench shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
K = TypeVar("K")
R = TypeVar("R")

PAGE = 200  # rows fetched at once: a screenful and then some


class LazyRows(Sequence[R], Generic[K, R]):
    """A list of rows known by id, fetched a page at a time as they are looked at.

    Like Anki's browser table: the model holds every id (cheap) and a cache of the rows
    that have been on screen, so a list of 50,000 codings opens in a blink.
    """

    def __init__(self, ids: Sequence[K], fetch: Callable[[Sequence[K]], list[R]],
                 key: Callable[[R], K]) -> None:
        self.ids = list(ids)
        self._fetch, self._key = fetch, key
        self._cache: dict[K, R] = {}
        self._index: dict[K, int] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids)

    @overload
    def __getitem__(self, row: int) -> R: ...

    @overload
    def __getitem__(self, row: slice) -> list[R]: ...

    def __getitem__(self, row: int | slice) -> R | list[R]:
        if isinstance(row, slice):
            return [self[n] for n in range(len(self.ids))[row]]
        wanted = self.ids[row]
        found = self._cache.get(wanted)
        if found is None:
            start = max(0, (row if row >= 0 else len(self.ids) + row) - PAGE // 4)
            page = [i for i in self.ids[start:start + PAGE] if i not in self._cache]
            self._cache.update((self._key(r), r) for r in self._fetch(page))
            found = self._cache.get(wanted)
            if found is None:  # removed meanwhile: the next reload drops it
                raise IndexError(row)
        return found

    def __iter__(self) -> Iterator[R]:
        for row in range(len(self.ids)):
            yield self[row]

    def fetches_with(self, fetch: Callable[[Sequence[K]], list[R]]) -> bool:
        """Whether rows come from `fetch`: only then can ids be patched in and out."""
        return self._fetch == fetch

    def insert(self, row: int, key: K) -> None:
        """A new id at `row`; its row is fetched when it is first looked at."""
        self.ids.insert(row, key)
        self._index = None

    def remove(self, row: int) -> None:
        self._cache.pop(self.ids.pop(row), None)
        self._index = None

    def forget(self, keys: Iterable[K]) -> None:
        """Drop cached rows whose content changed (a decision, a memo): fetched afresh."""
        for key in keys:
            self._cache.pop(key, None)

    def row_of(self, key: K) -> int:
        if self._index is None:
            self._index = {k: n for n, k in enumerate(self.ids)}
        return self._index.get(key, -1)

    @staticmethod
    def of(rows: Sequence[R], key: Callable[[R], K]) -> LazyRows[K, R]:
        """Rows already at hand (small lists): nothing left to fetch."""
        lazy: LazyRows[K, R] = LazyRows([key(r) for r in rows], lambda _ids: [], key)
        lazy._cache = {key(r): r for r in rows}
        return lazy


class RowsModel(QAbstractTableModel):
    """Rows are plain values (records with ids); subclasses name the columns and cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: Sequence[Any] = []

    def headers(self) -> list[str]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def patch(self, old: Sequence[Any], new: Sequence[Any], remove: Callable[[int], object],
              insert: Callable[[int], None]) -> bool:
        """Turn the rows keyed `old` into those keyed `new` by removing and inserting rows.

        A reset makes a view lose its selection and scroll position and re-ask for every
        visible cell; a tag or an undo adds or removes a row or two, so only those rows
        change. `remove(n)` and `insert(n)` change the model's rows at `n` (between Qt's
        begin/end calls). Returns False, having done nothing, when the rows kept are not in
        the same order (the caller resets then).
        """
        wanted, had = set(new), set(old)
        if [k for k in old if k in wanted] != [k for k in new if k in had]:
            return False
        for n in reversed(range(len(old))):
            if old[n] not in wanted:
                self.beginRemoveRows(QModelIndex(), n, n)
                remove(n)
                self.endRemoveRows()
        for n, key in enumerate(new):
            if key not in had:
                self.beginInsertRows(QModelIndex(), n, n)
                insert(n)
                self.endInsertRows()
        return True

    def cells_changed(self) -> None:
        """Every cell may show something new (a memo, a decision): repaint, keep the rows."""
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))
