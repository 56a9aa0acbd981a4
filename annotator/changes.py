"""What one user action changed, so each pane refreshes only what concerns it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from annotator.ids import AnnotationId, DocumentId

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    documents: frozenset[DocumentId] = field(default_factory=frozenset)  # added/removed/renamed
    annotations_in: frozenset[DocumentId] = field(default_factory=frozenset)
    status_in: frozenset[DocumentId] = field(default_factory=frozenset)
    passages_in: frozenset[DocumentId] = field(default_factory=frozenset)
    reviews_in: frozenset[DocumentId] = field(default_factory=frozenset)  # review decisions
    codebook: bool = False
    settings: bool = False  # project settings or coder roles (who sees whose codings)
    # Which codings came into being (tagged, restored) or went (removed), so a list of
    # codings inserts or removes those rows instead of resetting itself.
    created: frozenset[AnnotationId] = field(default_factory=frozenset)
    removed: frozenset[AnnotationId] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            documents=self.documents | other.documents,
            annotations_in=self.annotations_in | other.annotations_in,
            status_in=self.status_in | other.status_in,
            passages_in=self.passages_in | other.passages_in,
            reviews_in=self.reviews_in | other.reviews_in,
            codebook=self.codebook or other.codebook,
            settings=self.settings or other.settings,
            created=(self.created - other.removed) | other.created,
            removed=(self.removed - other.created) | other.removed,
        )

    @staticmethod
    def annotations(*documents: DocumentId) -> Changes:
        return Changes(annotations_in=frozenset(documents))


@dataclass(frozen=True)
class Op(Generic[T]):
    """What a mutation hands back: its value and what it changed (Anki's `OpChanges`).

    Every service mutation returns one, so a front end never has to know which of a dozen
    tuple shapes a call returns: `op.value` is the result, `op.changes` goes to the Bus.
    """

    value: T
    changes: Changes = field(default_factory=Changes)
