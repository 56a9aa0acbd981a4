"""The project's closed vocabularies, one StrEnum each, with the values stored today.

A StrEnum member *is* its string, so stored rows, JSON output and comparisons with plain
strings keep working; what the enum adds is that a typo is a NameError, not a silent miss,
and that each vocabulary is written down in one place.
"""

from __future__ import annotations

from enum import StrEnum


class PassageKind(StrEnum):
    """What a passage is; speaker headings and figure labels are not coded."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    SPEAKER = "speaker"
    SPEECH = "speech"
    BULLET = "bullet"
    ITEM = "item"
    NOTE = "note"
    CELL = "cell"
    FIGURE = "figure"


#: Passage kinds nobody codes: progress does not count them, navigation skips them.
UNCODED: tuple[PassageKind, ...] = (PassageKind.SPEAKER, PassageKind.FIGURE)


#: The coder that holds adjudicated codings: what review leads to, never a coder whose
#: agreement is measured.
CONSENSUS = "consensus"


class Anchor(StrEnum):
    """How well a coding sits on the text after a re-extraction, best first."""

    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    LOST = "lost"


class Verdict(StrEnum):
    """A coding's review state: the latest standing decision, or none yet."""

    UNREVIEWED = "unreviewed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DISCUSSION = "discussion"


class Decision(StrEnum):
    """What a reviewer says (the words typed on the CLI), each leading to a Verdict."""

    ACCEPT = "accept"
    REJECT = "reject"
    DISCUSS = "discuss"

    @property
    def verdict(self) -> Verdict:
        return {Decision.ACCEPT: Verdict.ACCEPTED, Decision.REJECT: Verdict.REJECTED,
                Decision.DISCUSS: Verdict.DISCUSSION}[self]


class BlindMode(StrEnum):
    """Whether coders see each other's codings: auto = blind unless a reviewer."""

    AUTO = "auto"
    ON = "on"
    OFF = "off"


class DocumentState(StrEnum):
    """A coder's own mark on a document; agreement counts only documents marked done."""

    DONE = "done"
    IN_PROGRESS = "in_progress"


class HistoryAction(StrEnum):
    """What a history row records."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    REANCHOR = "reanchor"
    REVIEW = "review"
    UNREVIEW = "unreview"


class Outcome(StrEnum):
    """What happened to one file of an import or one document of a re-extraction."""

    IMPORTED = "imported"
    REEXTRACTED = "reextracted"
    SKIPPED = "skipped"
    FAILED = "error"


class Origin(StrEnum):
    """Where a coding came from: typed by its coder, or a suggestion the coder accepted."""

    HUMAN = "human"
    SUGGESTED = "suggested"
