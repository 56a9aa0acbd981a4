"""ocr: Tesseract on scans of pages whose text is known, per layout, clean and scan-noised.

The first page of every generated layout (``tests.support.layouts``) and the real vertical
page of the corpus, when it is there, are rendered to an image-only PDF (clean at 300 dpi;
noised at 200 dpi: turned 0.5°, blurred, JPEG), imported and OCR'd by the app itself
(``project.ocr``). The OCR'd page's text is compared with what the extractor reads from the
original page: sim is difflib's ratio of the whitespace-free texts, cer the character error
rate, s/page Tesseract's CPU seconds. Without Tesseract the benchmark says so and measures
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.ids import DocumentId
from annotator.pdf import ocr
from annotator.project import Project
from bench.common import Context, Target, table
from bench.corpus import SHARED
from tests.support.layouts import LAYOUTS
from tests.support.scans import cer, scan, similarity

SETTINGS = (("clean", 300, False), ("noised", 200, True))


@dataclass
class OcrScore:
    layout: str
    setting: str
    dpi: int
    sim: float
    cer: float
    seconds: float


@dataclass
class OcrResult:
    scores: list[OcrScore] = field(default_factory=list)
    missing: str = ""

    def render(self) -> str:
        if self.missing:
            return f"ocr: not measured: {self.missing}"
        rows = [(s.layout, s.setting, s.dpi, f"{s.sim:.3f}", f"{s.cer:.3f}", f"{s.seconds:.1f}")
                for s in self.scores]
        return "ocr (Tesseract; sim and cer against the original's text layer)\n" + table(
            ["layout", "scan", "dpi", "sim", "cer", "s/page"], rows)

    def _mean(self, setting: str, value: Callable[[OcrScore], float]) -> float:
        values = [value(s) for s in self.scores if s.setting == setting]
        return sum(values) / len(values) if values else float("nan")

    def targets(self) -> list[Target]:
        if self.missing or not self.scores:
            return []
        return [
            Target("ocr clean: 1 - similarity", 1 - self._mean("clean", lambda s: s.sim), 0.01,
                   ""),
            Target("ocr noised: 1 - similarity", 1 - self._mean("noised", lambda s: s.sim),
                   0.03, ""),
            Target("ocr CPU per page", sum(s.seconds for s in self.scores) / len(self.scores),
                   6.0, "s"),
        ]


def _pages() -> dict[str, bytes]:
    pages = {name: make()[0] for name, make in LAYOUTS.items()}
    vertical = SHARED / "corpus" / "pdfs" / "vertical_jo_miyazawa.pdf"
    if vertical.exists():
        pages["corpus vertical_jo_miyazawa"] = vertical.read_bytes()
    return pages


def run(ctx: Context) -> OcrResult:
    if not ocr.available():
        return OcrResult(missing=ocr.INSTALL_HINT)
    result = OcrResult()
    for name, pdf in _pages().items():
        for setting, dpi, noise in SETTINGS:
            result.scores.append(_score(ctx.scratch(f"ocr-{len(result.scores)}"), name, pdf,
                                        setting, dpi, noise))
    return result


def _score(folder: Path, name: str, pdf: bytes, setting: str, dpi: int,
           noise: bool) -> OcrScore:
    with Project(folder / "ocr.annot") as project:
        original = _import(project, folder / "original.pdf", pdf)
        scanned = _import(project, folder / "scan.pdf", scan(pdf, [0], dpi, noise=noise))
        report, _ = project.ocr.run([scanned], dpi=dpi)
        outcome = report.documents[0]
        truth, read = _text(project, original), _text(project, scanned)
        seconds = outcome.seconds / outcome.read if outcome.read else float("nan")
        return OcrScore(name, setting, dpi, similarity(truth, read), cer(truth, read), seconds)


def _import(project: Project, path: Path, data: bytes) -> DocumentId:
    path.write_bytes(data)
    (outcome,) = project.importer.import_files([path]).value
    assert outcome.document_id is not None, outcome.line()
    return outcome.document_id


def _text(project: Project, document: DocumentId) -> str:
    page = project.documents.pages(document)[0]
    return project.documents.text(document)[page.start:page.end]

