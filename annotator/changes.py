"""What one user action changed, so each pane refreshes only what concerns it."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.ids import DocumentId


@dataclass(frozen=True)
class Changes:
    documents: frozenset[DocumentId] = field(default_factory=frozenset)  # added/removed/renamed
    annotations_in: frozenset[DocumentId] = field(default_factory=frozenset)
    status_in: frozenset[DocumentId] = field(default_factory=frozenset)
    passages_in: frozenset[DocumentId] = field(default_factory=frozenset)
    codebook: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            documents=self.documents | other.documents,
            annotations_in=self.annotations_in | other.annotations_in,
            status_in=self.status_in | other.status_in,
            passages_in=self.passages_in | other.passages_in,
            codebook=self.codebook or other.codebook,
        )

    @staticmethod
    def annotations(*documents: DocumentId) -> Changes:
        return Changes(annotations_in=frozenset(documents))
