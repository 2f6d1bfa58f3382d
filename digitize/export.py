"""Exports of the archive: JSON Lines (one line per page) and searchable PDFs (one per document)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from PIL import Image
from pypdf import PdfReader, PdfWriter, Transformation

from digitize import imaging, ingest
from digitize.errors import BadInputError
from digitize.records import SourceKind
from digitize.settings import Settings
from digitize.store import Database
from digitize.store.models import Document, DocumentMatch, Page


@dataclass(frozen=True)
class ExportSummary:
    documents: int
    pages: int
    failed: list[tuple[str, str]]


def page_record(
    document: Document,
    page: Page,
    words: list[Any],
    low_confidence: float,
    fields: dict[str, tuple[str, str]],
    link: DocumentMatch | None,
) -> dict[str, Any]:
    """One JSON Lines record (see schemas/export-page.schema.json)."""
    return {
        "source": document.source_path,
        "page": page.number,
        "document_id": document.id,
        "sha256": document.sha256,
        "text": page.text,
        "confidence": round(page.mean_confidence, 2),
        "needs_review": page.needs_review,
        "is_blank": page.is_blank,
        "dpi": page.dpi,
        "low_confidence_words": [
            {
                "text": word.text,
                "confidence": round(word.confidence, 2),
                "box": [word.left, word.top, word.width, word.height],
            }
            for word in words
            if word.confidence < low_confidence
        ],
        "fields": {name: value for name, (value, _source) in sorted(fields.items())},
        "match": None
        if link is None
        else {
            "decision": link.decision,
            "procedure_code": link.procedure_code,
            "procedure_name": link.procedure_name,
            "procedure_score": link.procedure_score,
            "dossier_code": link.dossier_code,
            "dossier_score": link.dossier_score,
            "reasons": json.loads(link.reasons),
        },
    }


def export_jsonl(db: Database, out: IO[str], settings: Settings) -> ExportSummary:
    pages = 0
    documents: set[int] = set()
    fields: dict[str, tuple[str, str]] = {}
    link: DocumentMatch | None = None
    for document, page in db.iter_pages():
        if document.id not in documents:
            fields, link = db.load_fields(document.id), db.load_match(document.id)
        record = page_record(
            document, page, db.page_words(page.id), settings.ocr.low_confidence, fields, link
        )
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        pages += 1
        documents.add(document.id)
    return ExportSummary(len(documents), pages, [])


def _source_document(document: Document) -> ingest.SourceDocument:
    root = Path(document.source_root)
    files = tuple(root / name for name in document.files.splitlines() if name)
    return ingest.SourceDocument(
        root, document.source_path, files, SourceKind(document.kind), document.sha256
    )


def _image_page(image: Image.Image, dpi: int) -> Any:
    buffer = io.BytesIO()
    image.convert("L" if image.mode == "L" else "RGB").save(
        buffer, format="PDF", resolution=float(dpi), quality=80
    )
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def add_searchable_page(
    writer: PdfWriter, image: Image.Image, dpi: int, text_layer_pdf: bytes
) -> None:
    """Append the page image with Tesseract's invisible text layer scaled onto it."""
    page = writer.add_page(_image_page(image, dpi))
    if text_layer_pdf:
        text_page = PdfReader(io.BytesIO(text_layer_pdf)).pages[0]
        scale_x = float(page.mediabox.width) / float(text_page.mediabox.width)
        scale_y = float(page.mediabox.height) / float(text_page.mediabox.height)
        page.merge_transformed_page(text_page, Transformation().scale(scale_x, scale_y))


def _document_pages(db: Database) -> Iterator[tuple[Document, list[Page]]]:
    for _, rows in groupby(db.iter_pages(), key=lambda row: row[0].id):
        items = list(rows)
        yield items[0][0], [page for _, page in items]


def export_pdf(db: Database, out_dir: Path, settings: Settings) -> ExportSummary:
    """One searchable PDF per stored document, mirroring the scan folder layout under out_dir."""
    failed: list[tuple[str, str]] = []
    documents = pages = 0
    for document, stored_pages in _document_pages(db):
        target = out_dir / (
            document.source_path.removesuffix(Path(document.source_path).suffix) + ".pdf"
        )
        try:
            refs = ingest.page_refs(_source_document(document), settings.ingest)
            writer = PdfWriter()
            for page in stored_pages:
                image, dpi = ingest.rasterize(refs[page.number - 1], settings.ingest)
                upright = imaging.reproduce_geometry(image, page.rotation, page.skew)
                add_searchable_page(writer, upright, dpi, page.text_layer_pdf)
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(".pdf.part")
            with temporary.open("wb") as handle:
                writer.write(handle)
            temporary.replace(target)  # never leave a half-written PDF under the final name
            documents += 1
            pages += len(stored_pages)
        except (BadInputError, OSError, IndexError) as error:
            reason = error.reason if isinstance(error, BadInputError) else str(error)
            failed.append((document.source_path, f"source scan unavailable: {reason}"))
    return ExportSummary(documents, pages, failed)
