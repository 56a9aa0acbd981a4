"""What a .qdpx import did, said exactly: what the file held, what came in, how each coding
was placed, and what was left behind and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.documents.reanchor import STATUSES


@dataclass
class SourceLine:
    name: str
    kind: str
    status: str  # imported | existing | skipped
    unit: str = ""  # what its positions counted, for text selections
    why: str = ""

    def line(self) -> str:
        text = f"{self.status} {self.kind} {self.name}"
        if self.unit:
            text += f": positions in {self.unit} ({self.why})"
        elif self.why:
            text += f": {self.why}"
        return text


@dataclass
class QdpxImportReport:
    file: str
    origin: str = ""
    found: dict[str, int] = field(default_factory=dict)
    sources: list[SourceLine] = field(default_factory=list)
    codes_added: int = 0
    codes_matched: int = 0
    users_added: int = 0
    users_matched: int = 0
    codings: int = 0  # new codings stored
    codings_existing: int = 0  # already in the project (a second import changes nothing)
    notes: int = 0
    reviews: int = 0
    statuses: int = 0
    anchors: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    cancelled: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.codings or self.codes_added or self.users_added or self.notes
                    or self.reviews or self.statuses
                    or any(s.status == "imported" for s in self.sources))

    def lines(self) -> list[str]:
        found = ", ".join(f"{n} {k}" for k, n in self.found.items())
        imported = sum(1 for s in self.sources if s.status == "imported")
        existing = sum(1 for s in self.sources if s.status == "existing")
        lines = [f"{self.file} ({self.origin or 'unknown producer'}): {found}",
                 f"sources: {imported} imported, {existing} already in the project",
                 f"codes: {self.codes_added} added, {self.codes_matched} matched",
                 f"users: {self.users_added} added, {self.users_matched} matched",
                 f"codings: {self.codings} imported, {self.codings_existing} already there",
                 "re-anchored: " + ", ".join(f"{self.anchors.get(s, 0)} {s}" for s in STATUSES),
                 f"notes: {self.notes} imported, {self.reviews} review decisions, "
                 f"{self.statuses} done marks"]
        lines += [s.line() for s in self.sources]
        lines += [f"skipped: {reason}" for reason in self.skipped]
        if self.cancelled:
            lines.append("cancelled: the sources above were imported, no codings")
        return lines

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "origin": self.origin, "found": self.found,
                "sources": [vars(s) for s in self.sources],
                "codes": {"added": self.codes_added, "matched": self.codes_matched},
                "users": {"added": self.users_added, "matched": self.users_matched},
                "codings": {"imported": self.codings, "existing": self.codings_existing},
                "reanchored": {s: self.anchors.get(s, 0) for s in STATUSES},
                "notes": self.notes, "reviews": self.reviews, "statuses": self.statuses,
                "skipped": self.skipped, "cancelled": self.cancelled}
