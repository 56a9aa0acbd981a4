"""A big project written straight into the tables: 1,000 documents, 20,000 passages,
50,000 codings by two coders (hanako, taro) who finished every document, 5,000 reviews.

Shared by the benchmarks that need a large project (export, opening the workbench);
importing that many PDFs would take minutes and measure the import instead.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from annotator.project import Project
from db.models import TABLES

DOCUMENTS, PASSAGES_PER_DOC, CODINGS = 1000, 20, 50_000
REVIEWED_EVERY = 10
CODER = "hanako"
SENTENCE = ("新型コロナ緊急包括支援交付金は全額国費でまかなっているため、"
            "配分の委任は困難と考えております。")


def fill(path: Path) -> None:
    """1,000 documents, 20,000 passages, 50,000 codings by two coders, 5,000 reviews."""
    text = (SENTENCE + "\n") * PASSAGES_PER_DOC
    length = len(SENTENCE)
    stamp = datetime(2026, 1, 1)
    with Project(path) as project, project.db.write() as s:
        c = s.connection()
        c.execute(TABLES["blobs"].insert(), [{"sha256": f"{n:064x}", "data": b"%PDF-1.7"}
                                             for n in range(DOCUMENTS)])
        c.execute(TABLES["documents"].insert(), [
            {"id": n + 1, "name": f"文書{n + 1:04d}.pdf", "sha256": f"{n:064x}", "title": "",
             "page_count": 1, "text": text, "extractor": "2", "warnings": "[]",
             "imported_at": stamp} for n in range(DOCUMENTS)])
        c.execute(TABLES["pages"].insert(), [
            {"document_id": n + 1, "number": 0, "width": 595.0, "height": 842.0, "start": 0,
             "end": len(text), "boxes": b"", "needs_ocr": False, "garbled": False,
             "furniture": "[]"} for n in range(DOCUMENTS)])
        c.execute(TABLES["passages"].insert(), [
            {"document_id": d + 1, "seq": p, "start": p * (length + 1),
             "end": p * (length + 1) + length, "page": 0, "page_end": 0, "kind": "paragraph",
             "speaker": None, "indexed": True}
            for d in range(DOCUMENTS) for p in range(PASSAGES_PER_DOC)])
        c.execute(TABLES["coders"].insert(), [
            {"id": n, "name": name, "created_at": stamp}
            for n, name in ((1, "hanako"), (2, "taro"), (3, "boss"))])
        c.execute(TABLES["document_status"].insert(), [
            {"document_id": d + 1, "coder_id": who, "status": "done", "updated_at": stamp}
            for d in range(DOCUMENTS) for who in (1, 2)])
        c.execute(TABLES["annotations"].insert(), [_coding(n, length, stamp)
                                                   for n in range(CODINGS)])
        c.execute(TABLES["reviews"].insert(), [
            {"annotation_id": n + 1, "coder_id": 3, "decision": "accepted", "comment": "",
             "at": stamp} for n in range(0, CODINGS, REVIEWED_EVERY)])


def _coding(n: int, length: int, stamp: datetime) -> dict[str, object]:
    """Coder n % 2 codes passage n // 2 % 20000 with one of the codes, memos here and there."""
    passage = n // 2 % (DOCUMENTS * PASSAGES_PER_DOC)
    document, seq = passage // PASSAGES_PER_DOC, passage % PASSAGES_PER_DOC
    start = seq * (length + 1)
    return {"document_id": document + 1, "passage_id": passage + 1, "start": start,
            "end": start + length, "code_id": (n // 2 + n % 2 * (n // 7 % 2)) % 4 + 1,
            "coder_id": n % 2 + 1, "memo": "全額国費" if n % 9 == 0 else "",
            "quote": SENTENCE, "anchor": "exact", "created_at": stamp, "updated_at": stamp}
