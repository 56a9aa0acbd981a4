"""Undo commands for review: decisions, adjudication into the consensus, roles, blind mode.

A reviewer walks hundreds of codings with single keys, so a wrong key must cost one
Ctrl+Z: every decision and every adjudication is a command here, like every coding. The
core keeps each decision as a row of its own, so undo withdraws the one this command
made (the history keeps both) and redo decides again. Roles and blind mode are project
settings that change what coders see, so they are undoable edits too.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from annotator.changes import Changes
from annotator.ids import AnnotationId, DocumentId
from annotator.records import Target
from annotator.review.service import (
    ACCEPTED,
    BLIND_AUTO,
    BLIND_OFF,
    BLIND_ON,
    CONSENSUS,
    DISCUSSION,
    REJECTED,
    ReviewId,
)
from ui.commands.coding import CoreCommand
from ui.workbench import Workbench


def tr(text: str) -> str:
    return QCoreApplication.translate("ReviewCommands", text)


def blind_mode_label(mode: str) -> str:
    """How a blind mode reads in the menu and in the undo history."""
    labels: dict[str, str] = {BLIND_AUTO: tr("Automatic (blind unless reviewer)"),
                              BLIND_ON: tr("On"), BLIND_OFF: tr("Off")}
    return labels.get(mode, mode)


def _decision_text(state: str) -> str:
    texts: dict[str, str] = {ACCEPTED: tr("Accept {code} by {coder}"),
                             REJECTED: tr("Reject {code} by {coder}"),
                             DISCUSSION: tr("Mark {code} by {coder} for discussion")}
    return texts.get(state, tr("Review {code} by {coder}"))


class DecideCommand(CoreCommand):
    """One decision on one coding; undo withdraws exactly the decision it recorded."""

    def __init__(self, bench: Workbench, annotation: AnnotationId, state: str, comment: str,
                 *, code: str, coder: str) -> None:
        super().__init__(bench, _decision_text(state).format(code=code, coder=coder))
        self.annotation, self.state, self.comment = annotation, state, comment
        self.reviewer = bench.current.coder  # not whoever is current when undone
        self.review: ReviewId | None = None

    def forward(self) -> Changes:
        op = self.bench.project.review.decide(self.annotation, self.state, self.reviewer,
                                              self.comment)
        self.review = op.value
        return op.changes

    def backward(self) -> Changes:
        if self.review is None:
            return Changes()
        review, self.review = self.review, None
        return self.bench.project.review.undo_decision(review, actor=self.reviewer).changes


class _ConsensusCommand(CoreCommand):
    """Shared undo of adjudication: remove the consensus codings this command made.

    Only codings that did not exist before are undone; taking a coding that already
    stands in the consensus changes nothing, so such a command is dropped (obsolete)
    rather than stacked as an empty undo step.
    """

    def __init__(self, bench: Workbench, text: str, consensus: str) -> None:
        super().__init__(bench, text)
        self.reviewer = bench.current.coder
        self.consensus = consensus
        self.created: list[AnnotationId] = []

    def _made(self, created: Sequence[AnnotationId]) -> None:
        self.created = list(created)
        if not self.created:
            self.setObsolete(True)

    def _restore(self) -> Changes:
        # One transaction for all; links to the sources come back with the codings.
        return self.bench.project.coding.restore_many(self.created, self.reviewer).changes

    def backward(self) -> Changes:
        if not self.created:
            return Changes()
        return self.bench.project.review.withdraw(self.created, actor=self.reviewer,
                                                  consensus=self.consensus).changes


class AdjudicateCommand(_ConsensusCommand):
    """Copy picked codings into the consensus coder, linked to the codings they came from."""

    def __init__(self, bench: Workbench, document: DocumentId, picks: Sequence[AnnotationId],
                 *, consensus: str = CONSENSUS) -> None:
        text = tr("Accept {n} coding(s) into {consensus}").format(n=len(picks),
                                                                   consensus=consensus)
        super().__init__(bench, text, consensus)
        self.document, self.picks = document, list(picks)

    def forward(self) -> Changes:
        if self._ran:
            return self._restore()
        op = self.bench.project.review.apply_adjudication(
            self.document, self.picks, consensus=self.consensus, actor=self.reviewer)
        self._made(op.value.created)
        return op.changes


class AdjudicateCodeCommand(_ConsensusCommand):
    """Apply a code as the consensus on a range (e.g. a code no coder chose there)."""

    def __init__(self, bench: Workbench, target: Target, code: str, label: str, *,
                 sources: Sequence[AnnotationId] = (), memo: str = "",
                 consensus: str = CONSENSUS) -> None:
        text = tr("Apply {code} to {consensus}").format(code=label, consensus=consensus)
        super().__init__(bench, text, consensus)
        self.target, self.code, self.memo = target, code, memo
        self.sources = list(sources)

    def forward(self) -> Changes:
        if self._ran:
            return self._restore()
        op = self.bench.project.review.adjudicate_code(
            self.target, self.code, actor=self.reviewer, sources=self.sources,
            consensus=self.consensus, memo=self.memo)
        self._made([op.value.id] if op.value.created else [])
        return op.changes


class SetReviewerCommand(CoreCommand):
    """Make a coder a reviewer (or not): in automatic blind mode, reviewers see everyone."""

    def __init__(self, bench: Workbench, coder: str, reviewer: bool) -> None:
        text = tr("Make {coder} a reviewer") if reviewer else tr("{coder} is no longer a reviewer")
        super().__init__(bench, text.format(coder=coder))
        self.coder, self.reviewer = coder, reviewer
        self.before = bench.project.review.is_reviewer(coder)

    def forward(self) -> Changes:
        return self.bench.project.review.set_reviewer(self.coder, self.reviewer).changes

    def backward(self) -> Changes:
        return self.bench.project.review.set_reviewer(self.coder, self.before).changes


class SetBlindModeCommand(CoreCommand):
    """The project's blind mode: automatic (blind unless a reviewer), on or off."""

    def __init__(self, bench: Workbench, mode: str) -> None:
        super().__init__(bench, tr("Blind mode: {mode}").format(mode=blind_mode_label(mode)))
        self.mode = mode
        self.before = bench.project.review.blind_mode()

    def forward(self) -> Changes:
        return self.bench.project.review.set_blind_mode(self.mode).changes

    def backward(self) -> Changes:
        return self.bench.project.review.set_blind_mode(self.before).changes
