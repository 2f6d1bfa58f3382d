"""The Tesseract wrapper: one process per page gives words, boxes, confidences and a text layer.

Also the up-front check of every external program the pipeline needs (``digitize doctor``).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytesseract
from PIL import Image

from digitize.records import Box, Word

MIN_TESSERACT = (4, 1)


@dataclass(frozen=True)
class OcrSettings:
    """The ``[ocr]`` table of a pipeline file."""

    language: str = "vie"
    psm: int = 3  # fully automatic page segmentation, no OSD (orientation is cleanup's job)
    low_confidence: float = 60.0  # a word under this is "low confidence"
    timeout: int = 300  # seconds per page before Tesseract is stopped
    correct: bool = True  # Vietnamese correction of the words Tesseract got wrong


@dataclass(frozen=True)
class OcrOutput:
    words: list[Word]
    text: str
    text_layer_pdf: bytes  # Tesseract's text-only PDF page, laid over the archive image on export


@dataclass(frozen=True)
class ToolCheck:
    name: str
    ok: bool
    detail: str
    fix: str = ""


class OcrError(RuntimeError):
    pass


def ocr_page(image: Image.Image, dpi: int, settings: OcrSettings) -> OcrOutput:
    """Run Tesseract once on one page image; TSV and the text-only PDF come from the same run."""
    with tempfile.TemporaryDirectory(prefix="digitize-ocr-") as workdir:
        # TIFF: fast to write (G4 for a 1-bit page, raw otherwise; PNG cost 40-100 ms).
        # Not Netpbm: Leptonica misreads a P4 file whose pixel data starts with a byte that
        # looks like white space, and the page fails.
        source = Path(workdir) / "page.tif"
        compression = "group4" if image.mode == "1" else "raw"
        image.save(source, format="TIFF", compression=compression, dpi=(dpi, dpi))
        base = Path(workdir) / "out"
        config = f"--psm {settings.psm} --dpi {dpi} -c tessedit_create_tsv=1 -c textonly_pdf=1"
        try:
            pytesseract.pytesseract.run_tesseract(
                str(source),
                str(base),
                "pdf",
                settings.language,
                config,
                timeout=settings.timeout,
            )
        # TesseractError is a RuntimeError too: it must be caught first, or every failure
        # would be reported as a timeout.
        except pytesseract.TesseractError as error:
            raise OcrError(_useful_stderr(str(error.message))) from error
        except RuntimeError as error:  # pytesseract's timeout
            raise OcrError(f"tesseract stopped after {settings.timeout} s") from error
        tsv = (base.with_suffix(".tsv")).read_text(encoding="utf-8", errors="replace")
        pdf = base.with_suffix(".pdf").read_bytes()
    words = parse_tsv(tsv)
    return OcrOutput(words=words, text=words_to_text(words), text_layer_pdf=pdf)


def _useful_stderr(stderr: str) -> str:
    """Tesseract warns about diacritics on most Vietnamese lines: keep only the real error."""
    lines = [
        line
        for line in stderr.splitlines()
        if line.strip() and "diacritics" not in line and not line.startswith("Estimating")
    ]
    return (lines[-1] if lines else "tesseract failed")[:300]


def parse_tsv(tsv: str) -> list[Word]:
    """Words (level 5 rows with text) from Tesseract's TSV output."""
    words: list[Word] = []
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    next(reader, None)
    for row in reader:
        if len(row) < 12 or row[0] != "5":
            continue
        text = row[11].strip()
        confidence = float(row[10])
        if not text or confidence < 0:
            continue
        words.append(
            Word(
                text=text,
                box=Box(int(row[6]), int(row[7]), int(row[8]), int(row[9])),
                confidence=confidence,
                block=int(row[2]),
                paragraph=int(row[3]),
                line=int(row[4]),
                number=int(row[5]),
            )
        )
    return words


def order_by_regions(words: list[Word], regions: list[Box]) -> list[Word]:
    """Regroup words by reading-order region (header left, header right, the rest).

    Tesseract often reads the agency block and the national motto side by side as one line;
    words are kept where they are on the page, only their block/line grouping and order change.
    """
    if not regions:
        return words

    def region_of(word: Word) -> int:
        x = word.box.left + word.box.width / 2
        y = word.box.top + word.box.height / 2
        for index, region in enumerate(regions):
            if (
                region.left <= x < region.left + region.width
                and region.top <= y < region.top + region.height
            ):
                return index
        return len(regions)  # outside every region: after them, in Tesseract's order

    # Sorting is stable: within a region, Tesseract's own reading order is kept.
    ordered = sorted(enumerate(words), key=lambda item: region_of(item[1]))
    return [replace(word, block=region_of(word) * 10_000 + word.block) for _, word in ordered]


def words_to_text(words: list[Word]) -> str:
    """Page text: words joined by spaces, lines by newlines, blocks by a blank line."""
    lines: list[str] = []
    current: tuple[int, int, int] | None = None
    block: int | None = None
    for word in words:
        key = (word.block, word.paragraph, word.line)
        if key != current:
            if block is not None and word.block != block:
                lines.append("")
            lines.append(word.text)
            current, block = key, word.block
        else:
            lines[-1] += " " + word.text
    return "\n".join(lines)


def check_tools(language: str = "vie") -> list[ToolCheck]:
    """Every external program and data file the pipeline needs, with what to install."""
    checks: list[ToolCheck] = []
    if shutil.which("tesseract") is None:
        checks.append(ToolCheck("tesseract", False, "not found", "apt-get install tesseract-ocr"))
    else:
        try:
            version = pytesseract.get_tesseract_version()
            numbers = tuple(int(part) for part in re.findall(r"\d+", str(version))[:2])
            ok = numbers >= MIN_TESSERACT
            checks.append(
                ToolCheck(
                    "tesseract",
                    ok,
                    f"version {version}",
                    "" if ok else "install tesseract-ocr 4.1 or newer (Debian 11+, Ubuntu 20.04+)",
                )
            )
            languages = set(pytesseract.get_languages(config=""))
        except (pytesseract.TesseractError, OSError, ValueError) as error:
            checks.append(ToolCheck("tesseract", False, str(error), "reinstall tesseract-ocr"))
            languages = set()
        for part in [*language.split("+"), "osd"]:
            found = part in languages
            checks.append(
                ToolCheck(
                    f"tesseract language '{part}'",
                    found,
                    "installed" if found else "missing",
                    "" if found else f"apt-get install tesseract-ocr-{part}",
                )
            )
    for program in ("pdftoppm", "pdfinfo"):
        path = shutil.which(program)
        detail = "not found"
        if path:
            done = subprocess.run([program, "-v"], capture_output=True, text=True, check=False)
            detail = (
                (done.stderr or done.stdout).splitlines()[0]
                if (done.stderr or done.stdout)
                else path
            )
        checks.append(
            ToolCheck(
                program, path is not None, detail, "" if path else "apt-get install poppler-utils"
            )
        )
    return checks
