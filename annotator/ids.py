"""Typed ids, so a passage id can never be passed where an annotation id belongs."""

from typing import NewType

DocumentId = NewType("DocumentId", int)
PassageId = NewType("PassageId", int)
CodeId = NewType("CodeId", int)
CoderId = NewType("CoderId", int)
AnnotationId = NewType("AnnotationId", int)
