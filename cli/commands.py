"""The subcommands: each a (help, configure-parser, run) triple over Project services."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from annotator.coding.batch import BatchRejectedError, EmptyBatchError
from annotator.coding.service import TagRequest
from annotator.documents.importing import FAILED, BatchStep, ImportOutcome, expand
from annotator.documents.reextract import FAILED as REEXTRACT_FAILED
from annotator.errors import InvalidInputError, ProjectFileError
from annotator.ids import AnnotationId, CodeId, DocumentId, PassageId
from annotator.project import Project, is_team, location
from annotator.records import AnnotationRow, CodeRow, PassageRow, Target
from cli import agreement as cli_agreement
from cli import codes as cli_codes
from cli import export as cli_export
from cli import ocr as cli_ocr
from cli import qdpx as cli_qdpx
from cli import review as cli_review
from cli import suggest as cli_suggest
from cli import team as cli_team
from cli.batch import read_batch
from cli.safe import one_line

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]


def _open(args: argparse.Namespace, *, create: bool = False) -> Project:
    return Project(location(args.project), create=create)


def _emit(args: argparse.Namespace, value: Any, text: Callable[[], str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(value, ensure_ascii=False, default=_json_default, indent=1))
    else:
        out = text()
        if out:
            print(out)


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    raise TypeError(type(value).__name__)


def _project_arg(p: argparse.ArgumentParser, json_flag: bool = True) -> None:
    p.add_argument("project", help="the project file (.annot, a SQLite file) or a team "
                   "project on a server (postgresql://USER@HOST/DB)")
    if json_flag:
        p.add_argument("--json", action="store_true", help="print JSON")


# import ---------------------------------------------------------------------------------------

def _conf_import(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("pdfs", nargs="+", metavar="PDF")
    p.add_argument("--no-ocr", action="store_true",
                   help="do not OCR scanned or garbled pages now (later: the ocr command)")


def _run_import(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.pdfs]
    if not expand(paths):  # before the project file is created
        raise InvalidInputError(f"no PDF files in {', '.join(args.pdfs)}")
    results: list[ImportOutcome] = []
    with _open(args, create=True) as project:
        def step(at: BatchStep) -> None:
            if at.outcome is not None:  # a file is in: OCR its scans, then say so
                outcome = cli_ocr.after_import(project, at.outcome, not args.no_ocr)
                results.append(outcome)
                if not args.json:
                    print(one_line(outcome.line()), flush=True)
            elif at.indexing:
                _indexing_progress(at.page, at.pages)
            else:
                print(f"\r{one_line(at.name)}: page {at.page}/{at.pages}",
                      end="" if at.page < at.pages else "\n", file=sys.stderr, flush=True)

        project.importer.run_batch(paths, step=step, index=project.search.index_pending)
    if args.json:
        print(json.dumps([asdict(o) for o in results], ensure_ascii=False, indent=1))
    return 1 if any(o.status == FAILED for o in results) else 0


def _indexing_progress(done: int, total: int) -> None:
    print(f"\rindexing passages for search: {done}/{total}", end="" if done < total else "\n",
          file=sys.stderr, flush=True)


# documents, text, passages -------------------------------------------------------------------

def _run_documents(args: argparse.Namespace) -> int:
    with _open(args) as project:
        docs = project.documents.all()
    rows = [{"id": d.id, "name": d.name, "sha256": d.sha256, "pages": d.pages, "chars": d.chars,
             "passages": d.passages, "warnings": list(d.warnings), "extractor": d.extractor}
            for d in docs]
    _emit(args, rows, lambda: "\n".join(
        f"{d.id:>4}  {one_line(d.name)}  {d.pages} pages, {d.passages} passages"
        + "".join(f"  [{w}]" for w in d.warnings) for d in docs))
    return 0


def _conf_text(p: argparse.ArgumentParser) -> None:
    _project_arg(p, json_flag=False)
    p.add_argument("document", type=int, metavar="DOC_ID")


def _run_text(args: argparse.Namespace) -> int:
    with _open(args) as project:
        text = project.documents.text(DocumentId(args.document))
    getattr(sys.stdout, "exact", sys.stdout).write(text)  # exactly: offsets count on it
    sys.stdout.flush()
    return 0


def _conf_passages(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("--document", type=int, metavar="ID")


def passage_json(p: PassageRow) -> dict[str, Any]:
    return {"id": p.id, "document_id": p.document_id, "page": p.page + 1,
            "page_end": p.page_end + 1, "start": p.start, "end": p.end, "kind": p.kind,
            "speaker": p.speaker, "text": p.text}


def _run_passages(args: argparse.Namespace) -> int:
    with _open(args) as project:
        document = DocumentId(args.document) if args.document is not None else None
        passages = project.documents.passages(document)
    _emit(args, [passage_json(p) for p in passages], lambda: "\n".join(
        f"{p.id:>6}  p.{p.page + 1}  {p.kind:<9} {p.speaker or '':<8} {p.text[:60]!r}"
        for p in passages))
    return 0


# codes -----------------------------------------------------------------------------------------

def code_json(c: CodeRow, keys: dict[CodeId, str]) -> dict[str, Any]:
    return {"id": c.id, "guid": c.guid, "key": c.key, "name": c.name, "name_ja": c.name_ja,
            "parent": keys.get(c.parent) if c.parent is not None else None, "color": c.color,
            "shortcut": c.shortcut, "definition": c.definition, "version": c.version}


def _run_codes(args: argparse.Namespace) -> int:
    with _open(args) as project:
        codes = project.codebook.all()
    keys = {c.id: c.key for c in codes}
    depth: dict[CodeId, int] = {}
    for c in codes:
        depth[c.id] = depth[c.parent] + 1 if c.parent is not None else 0
    _emit(args, [code_json(c, keys) for c in codes], lambda: "\n".join(
        f"{'  ' * depth[c.id]}{c.shortcut or ' '}  {c.key}  {c.name_ja} / {c.name}  {c.color}"
        for c in codes))
    return 0


# tag, untag, done, annotations ----------------------------------------------------------------

def _conf_tag(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("--code", help="code key (or name)")
    p.add_argument("--coder", help="who codes")
    p.add_argument("--passage", type=int, metavar="ID")
    p.add_argument("--document", type=int, metavar="ID")
    p.add_argument("--start", type=int, help="code point offset into the stored text")
    p.add_argument("--end", type=int, help="code point offset (exclusive)")
    p.add_argument("--memo", default="")
    p.add_argument("--batch", metavar="FILE.jsonl",
                   help="one JSON object a line; all or nothing")


def annotation_json(a: AnnotationRow) -> dict[str, Any]:
    return {"id": a.id, "document_id": a.document_id, "passage_id": a.passage_id,
            "start": a.start, "end": a.end, "code": a.code, "coder": a.coder, "memo": a.memo,
            "quote": a.quote, "anchor": a.anchor, "created": a.created}


def _run_tag(args: argparse.Namespace) -> int:
    with _open(args) as project:
        if args.batch:
            if any(v is not None for v in (args.code, args.coder, args.passage, args.document,
                                           args.start, args.end)):
                raise InvalidInputError("--batch takes everything from the file")
            _run_batch(args, project, Path(args.batch))
            return 0
        if not args.code or not args.coder:
            raise InvalidInputError("tag needs --code and --coder (or --batch FILE)")
        target = _target(project, args.passage, args.document, args.start, args.end)
        ids = project.coding.tag_many([TagRequest(target, args.code, args.coder,
                                                  args.memo)]).value
        if args.json:
            _emit(args, annotation_json(project.coding.get(ids[0])), str)
        else:
            print(ids[0])
    return 0


def _run_batch(args: argparse.Namespace, project: Project, path: Path) -> None:
    """Stream the file into one core call; print an id a line (in blocks) once committed."""
    try:
        outcome = project.coding.tag_lines(read_batch(path)).value
    except BatchRejectedError as err:
        for number, problem in err.problems:
            print(f"{path} line {number}: {problem}", file=sys.stderr)
        raise InvalidInputError(f"{path}: {err}") from err
    except EmptyBatchError as err:
        raise InvalidInputError(f"{path}: no codings in the file") from err
    try:
        if args.json:
            _emit(args, [annotation_json(project.coding.get(i)) for i in outcome.ids], str)
            return
        block: list[str] = []
        for annotation_id in outcome.ids:
            block.append(str(annotation_id))
            if len(block) == 65536:
                print("\n".join(block))
                block.clear()
        if block:
            print("\n".join(block))
    finally:
        outcome.ids.close()


def _target(project: Project, passage: int | None, document: int | None, start: int | None,
            end: int | None) -> Target:
    if passage is not None:
        if document is not None or start is not None or end is not None:
            raise InvalidInputError("give either a passage or a document with --start/--end")
        row = project.documents.passage(PassageId(passage))
        return Target(row.document_id, row.start, row.end, row.id)
    if document is None or start is None or end is None:
        raise InvalidInputError("give --passage ID, or --document ID --start N --end N")
    return Target(DocumentId(document), start, end)


def _conf_untag(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("annotation", type=int, metavar="ANNOTATION_ID")
    p.add_argument("--coder", required=True)


def _run_untag(args: argparse.Namespace) -> int:
    with _open(args) as project:
        row = project.coding.untag(AnnotationId(args.annotation), args.coder).value
    _emit(args, annotation_json(row), lambda: f"removed {row.id}")
    return 0


def _conf_done(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("--document", type=int, required=True, metavar="ID")
    p.add_argument("--coder", required=True)
    p.add_argument("--undo", action="store_true", help="mark as in progress again")


def _run_done(args: argparse.Namespace) -> int:
    with _open(args) as project:
        project.coding.set_done(DocumentId(args.document), args.coder, not args.undo)
        status = project.coding.status(DocumentId(args.document), args.coder)
    _emit(args, {"document_id": args.document, "coder": args.coder, "status": status},
          lambda: f"document {args.document}: {status} for {args.coder}")
    return 0


def _conf_annotations(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("--coder")
    p.add_argument("--document", type=int, metavar="ID")
    p.add_argument("--code")


def _run_annotations(args: argparse.Namespace) -> int:
    with _open(args) as project:
        document = DocumentId(args.document) if args.document is not None else None
        rows = project.coding.annotations(coder=args.coder, document=document, code=args.code)
    _emit(args, [annotation_json(a) for a in rows], lambda: "\n".join(
        f"{a.id:>6}  doc {a.document_id} [{a.start}:{a.end}]  {a.code:<20} {a.coder:<10} "
        f"{a.quote[:40]!r}" for a in rows))
    return 0


# search ----------------------------------------------------------------------------------------

def _conf_search(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("query")
    p.add_argument("--document", type=int, metavar="ID")


def _run_search(args: argparse.Namespace) -> int:
    with _open(args) as project:
        document = DocumentId(args.document) if args.document is not None else None
        hits = project.search.search(args.query, document=document)
        names = {d.id: d.name for d in project.documents.all()}
    rows = [{"passage_id": h.passage.id, "document_id": h.passage.document_id,
             "document": names[h.passage.document_id], "page": h.passage.page + 1,
             "start": h.passage.start, "end": h.passage.end,
             "spans": [list(s) for s in h.spans], "kwic": [list(c) for c in h.contexts],
             "text": h.passage.text} for h in hits]
    _emit(args, rows, lambda: "\n".join(
        f"{names[h.passage.document_id]} p.{h.passage.page + 1} #{h.passage.id}  {h.kwic_line()}"
        for h in hits) + f"\n{len(hits)} passage(s)")
    return 0


# reextract -------------------------------------------------------------------------------------

def _conf_reextract(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("--document", type=int, metavar="ID", help="only this document")
    p.add_argument("--force", action="store_true",
                   help="also documents already extracted by the current extractor")


def _run_reextract(args: argparse.Namespace) -> int:
    def progress(name: str, done: int, total: int) -> None:
        print(f"\r{name}: page {done}/{total}", end="" if done < total else "\n",
              file=sys.stderr, flush=True)

    with _open(args) as project:
        document = DocumentId(args.document) if args.document is not None else None
        report = project.reextract.run(document, force=args.force, progress=progress).value
    _emit(args, [asdict(o) for o in report.documents], lambda: "\n".join(report.lines()))
    return 1 if any(o.status == REEXTRACT_FAILED for o in report.documents) else 0


def _run_code(args: argparse.Namespace) -> int:
    with _open(args) as project:
        print(cli_codes.run(args, project))
    return 0


def _project_only(p: argparse.ArgumentParser) -> None:
    _project_arg(p)


def _must_exist(run: Run) -> Run:
    def wrapped(args: argparse.Namespace) -> int:
        if not is_team(args.project) and not Path(args.project).expanduser().exists():
            raise ProjectFileError(f"{args.project}: no such project file")
        return run(args)
    return wrapped


COMMANDS: dict[str, tuple[str, Configure, Run]] = {
    "import": ("import PDFs into a project (created if missing)", _conf_import, _run_import),
    "documents": ("list the documents", _project_only, _must_exist(_run_documents)),
    "text": ("print a document's stored text, exactly", _conf_text, _must_exist(_run_text)),
    "passages": ("list passages", _conf_passages, _must_exist(_run_passages)),
    "codes": ("list the codebook", _project_only, _must_exist(_run_codes)),
    "code": ("edit the codebook: add, edit, move, merge, delete", cli_codes.configure,
             _must_exist(_run_code)),
    "tag": ("code a passage or a free range", _conf_tag, _must_exist(_run_tag)),
    "untag": ("remove a coding", _conf_untag, _must_exist(_run_untag)),
    "done": ("mark a document done for a coder", _conf_done, _must_exist(_run_done)),
    "annotations": ("list codings", _conf_annotations, _must_exist(_run_annotations)),
    "search": ("lemma search with keyword in context", _conf_search, _must_exist(_run_search)),
    "reextract": ("extract documents again with the current extractor; codings follow their "
                  "quoted text", _conf_reextract, _must_exist(_run_reextract)),
    "ocr": ("read scanned pages and garbled text with Tesseract OCR; codings follow their "
            "quoted text", cli_ocr.configure, _must_exist(cli_ocr.run)),
    "agreement": ("intercoder agreement (κ, α, AC1…) per code, pooled and per document",
                  cli_agreement.configure, _must_exist(cli_agreement.run)),
    **cli_review.COMMANDS,  # review, review-queue, compare, adjudicate, reviewer, blind
    **cli_team.COMMANDS,  # team fork, merge, push, pull, grant
    **{name: (text, conf, _must_exist(run))
       for name, (text, conf, run) in cli_suggest.COMMANDS.items()},  # suggest, suggest-eval
    "export": ("the consolidated Excel workbook (Codings, Long, Matrix, Agreement, Codebook, "
               "About) and/or CSV", cli_export.configure_export,
               _must_exist(cli_export.run_export)),
    "codebook": ("export the codebook to .xlsx or REFI-QDA .qdc, or import one (merges)",
                 cli_export.configure_codebook, _must_exist(cli_export.run_codebook)),
    **cli_qdpx.COMMANDS,  # qdpx export | import
}
