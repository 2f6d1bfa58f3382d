"""Data passed between stages: small, typed, picklable."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digitize.extract.model import Barcode


class SourceKind(StrEnum):
    PDF = "pdf"
    TIFF = "tiff"
    IMAGE = "image"  # JPEG or PNG: one page per file


class DocumentStatus(StrEnum):
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Box:
    """A rectangle in page pixels of the rasterised page (origin top left)."""

    left: int
    top: int
    width: int
    height: int

    def scaled(self, factor: float) -> Box:
        """The same rectangle on a copy of the page enlarged or shrunk by ``factor``."""
        return Box(
            round(self.left * factor),
            round(self.top * factor),
            round(self.width * factor),
            round(self.height * factor),
        )


@dataclass(frozen=True)
class Word:
    """One word as Tesseract read it, after Vietnamese normalisation/correction.

    ``original`` keeps what Tesseract saw when the text was changed, so nothing is lost.
    """

    text: str
    box: Box
    confidence: float  # 0-100, Tesseract's word confidence
    block: int
    paragraph: int
    line: int
    number: int
    original: str | None = None


@dataclass(frozen=True)
class PageRef:
    """Where one page comes from: enough for any worker process to rasterise it again."""

    path: str  # absolute path of the source file
    kind: SourceKind
    index: int  # 0-based page (PDF page, TIFF frame); 0 for single images
    dpi: int | None = None  # the scanner's own resolution when the file says it


@dataclass
class PageResult:
    """What the per-page job returns to the orchestrator."""

    number: int  # 1-based page number within the document
    dpi: int
    width: int
    height: int
    text: str = ""
    words: list[Word] = field(default_factory=list)
    mean_confidence: float = 0.0
    low_confidence_share: float = 0.0
    text_layer_pdf: bytes = b""
    barcodes: list[Barcode] = field(default_factory=list)  # QR codes and barcodes on the page
    is_blank: bool = False
    rotation: int = 0
    skew: float = 0.0
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    error: str | None = None
