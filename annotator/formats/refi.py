"""A REFI-QDA project (.qde) as plain values: what `formats.qdpx` reads and writes.

Only what Annotator can use or must pass on is modelled; elements it has no place for
(sets, links, graphs, cases, variables, media selections) are counted, so an import can say
what it left behind. Positions are as the file states them; `annotator.exchange.offsets`
decides what unit they count in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from annotator.formats.codebook_sheet import CodeEntry
from annotator.records import CodeRow

TEXT, PDF = "TextSource", "PDFSource"
SOURCE_KINDS = ("TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource")


@dataclass
class RefiUser:
    guid: str
    name: str
    reviewer: bool = False


@dataclass
class RefiCoding:
    guid: str
    code: str  # the code's GUID
    user: str | None = None  # a user GUID
    created: datetime | None = None


@dataclass
class RefiSelection:
    """A `PlainTextSelection` (start, end) or a `PDFSelection` (page and a box)."""

    guid: str
    name: str = ""
    start: int = 0
    end: int = 0
    user: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    description: str = ""
    codings: list[RefiCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # NoteRef target GUIDs
    page: int | None = None  # PDFSelection only: 0-based page, box in points, bottom-left
    box: tuple[int, int, int, int] | None = None
    text: str | None = None  # a PDFSelection's own PlainTextContent
    mirror: bool = False  # ours: the PDF view of a text selection, not a coding of its own
    line: int = 0


@dataclass
class RefiSource:
    kind: str  # one of SOURCE_KINDS
    guid: str
    name: str = ""
    path: str | None = None  # PDF, picture, media; a TextSource's richTextPath
    plain_path: str | None = None  # the TextSource's (or the PDF Representation's) text
    plain_text: str | None = None  # inline PlainTextContent
    representation: str | None = None  # the PDF Representation's GUID
    user: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    description: str = ""
    selections: list[RefiSelection] = field(default_factory=list)  # on the text
    pdf_selections: list[RefiSelection] = field(default_factory=list)
    other_selections: int = 0  # picture, audio, video selections: not importable
    other_codings: int = 0  # the codings on those
    notes: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class RefiNote:
    guid: str
    name: str = ""
    text: str = ""
    description: str = ""
    user: str | None = None
    created: datetime | None = None
    meta: dict[str, str] = field(default_factory=dict)  # ours: review or status, see export


@dataclass
class RefiProject:
    name: str
    origin: str = ""
    created: datetime | None = None
    modified: datetime | None = None
    users: list[RefiUser] = field(default_factory=list)
    codes: list[CodeEntry] = field(default_factory=list)  # read: entries, parents by index
    code_rows: list[CodeRow] = field(default_factory=list)  # write: the codebook in tree order
    sources: list[RefiSource] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    unsupported: dict[str, int] = field(default_factory=dict)  # "Sets": 16, …
