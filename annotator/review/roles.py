"""Roles: who reviews, and the project's blind mode."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.changes import Changes, Op
from annotator.database import Database
from annotator.errors import InvalidInputError
from annotator.history import coder_id
from annotator.kinds import BlindMode
from db.models import (
    Coder,
    Setting,
)

BLIND_AUTO, BLIND_ON, BLIND_OFF = BlindMode.AUTO, BlindMode.ON, BlindMode.OFF
BLIND_MODES = (BLIND_AUTO, BLIND_ON, BLIND_OFF)
_BLIND = "blind"


class RolesMixin:
    """Reviewers and blind mode: who sees whose codings while coding."""

    _db: Database

    def set_reviewer(self, coder: str, is_reviewer: bool = True) -> Op[None]:
        with self._db.write() as s:
            row = s.get_one(Coder, coder_id(s, coder))
            row.is_reviewer = is_reviewer
        return Op(None, Changes(settings=True))

    def is_reviewer(self, coder: str) -> bool:
        with self._db.read() as s:
            return _is_reviewer(s, coder)

    def reviewers(self) -> list[str]:
        with self._db.read() as s:
            return list(s.scalars(select(Coder.name).where(Coder.is_reviewer.is_(True))
                                  .order_by(Coder.name)))

    def blind_mode(self) -> str:
        """The project's blind mode: "auto" (blind unless a reviewer), "on" or "off"."""
        with self._db.read() as s:
            return _blind_mode(s)

    def set_blind_mode(self, value: str) -> Op[None]:
        value = value.strip().lower()
        if value not in BLIND_MODES:
            raise InvalidInputError(f"blind mode {value!r} is not one of {', '.join(BLIND_MODES)}")
        with self._db.write() as s:
            s.merge(Setting(key=_BLIND, value=value))
        return Op(None, Changes(settings=True))

    def is_blind(self, coder: str) -> bool:
        """Whether `coder` should see only their own codings while coding."""
        with self._db.read() as s:
            mode = _blind_mode(s)
            return mode == BLIND_ON or (mode == BLIND_AUTO and not _is_reviewer(s, coder))


def _blind_mode(s: Session) -> str:
    row = s.get(Setting, _BLIND)
    return row.value if row is not None and row.value in BLIND_MODES else BLIND_AUTO


def _is_reviewer(s: Session, coder: str) -> bool:
    """Coders are made on first use, so an unknown name is simply not a reviewer (yet)."""
    return bool(s.scalar(select(Coder.is_reviewer).where(Coder.name == coder.strip())))
