"""Annotator core: PDF extraction, passages, Japanese tokens, coding, review, export. No Qt."""

__version__ = "0.1.0"
