"""Find scan files, group them into documents, hash them, rasterise their pages.

A ground-floor stage: it knows files and pixels, nothing of databases or the CLI.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from digitize.errors import BadInputError, EncryptedPdfError, TooLargeError
from digitize.records import PageRef, SourceKind

SCAN_EXTENSIONS = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}
ASSUMED_DPI = 300
GREY_SPREAD = 24  # channel spread under which a pixel is grey (JPEG chroma noise included)


@dataclass(frozen=True)
class IngestSettings:
    """The ``[ingest]`` table of a pipeline file."""

    dpi: int = 300  # rasterisation resolution for PDF pages
    max_pixels: int = 120_000_000  # per page; larger is treated as a decompression bomb
    # Folders (glob on the path relative to the scan root) whose images form one document.
    folder_documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    """One document as found on disk: a file, or a folder of page images."""

    root: Path
    relative_path: str  # NFC, '/'-separated, relative to root: what clerks see
    files: tuple[Path, ...]
    kind: SourceKind
    sha256: str


@dataclass
class Discovery:
    """What a scan folder holds: documents to consider and files we cannot use."""

    documents: list[SourceDocument] = field(default_factory=list)
    rejected: list[BadInputError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # not scans at all (e.g. .docx, Thumbs.db)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def natural_key(name: str) -> list[int | str]:
    """Sort 'page2' before 'page10', as a clerk would."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def sniff_kind(path: Path) -> SourceKind | None:
    """The file's real kind from its first bytes, whatever its extension says."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF"):
        return SourceKind.PDF
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return SourceKind.TIFF
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n"):
        return SourceKind.IMAGE
    return None


def hash_files(paths: Sequence[Path]) -> str:
    """SHA-256 of the content: of the file, or of the ordered files of a folder document."""
    digest = hashlib.sha256()
    for path in paths:
        if len(paths) > 1:
            file_digest = hashlib.sha256()
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    file_digest.update(chunk)
            digest.update(file_digest.digest())
        else:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
    return digest.hexdigest()


def _check_file(path: Path, shown: str) -> SourceKind:
    """The kind of a candidate scan, or a BadInputError saying why it cannot be one."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise BadInputError(shown, f"cannot read: {error.strerror}") from error
    if size == 0:
        raise BadInputError(shown, "empty file (0 bytes)")
    try:
        kind = sniff_kind(path)
    except OSError as error:
        raise BadInputError(shown, f"cannot read: {error.strerror}") from error
    if kind is None:
        raise BadInputError(shown, "not a PDF, TIFF, JPEG or PNG file (unknown content)")
    return kind


def discover(root: Path, settings: IngestSettings) -> Discovery:
    """Walk one scan folder and group its files into documents, in a stable order."""
    found = Discovery()
    seen: set[str] = set()
    grouped: dict[str, list[tuple[Path, str]]] = {}
    singles: list[tuple[Path, str]] = []
    root = root.resolve()
    for directory, subdirs, files in os.walk(root):
        subdirs.sort(key=natural_key)
        for name in sorted(files, key=natural_key):
            path = Path(directory) / name
            relative = nfc(path.relative_to(root).as_posix())
            # One filesystem gave NFD, another NFC: the same name must not count twice.
            if relative in seen:
                continue
            seen.add(relative)
            if name.startswith(".") or path.suffix.lower() not in SCAN_EXTENSIONS:
                found.ignored.append(relative)
                continue
            folder = nfc(Path(relative).parent.as_posix())
            if folder != "." and any(
                fnmatch.fnmatch(folder, pattern) for pattern in settings.folder_documents
            ):
                grouped.setdefault(folder, []).append((path, relative))
            else:
                singles.append((path, relative))

    for path, relative in singles:
        try:
            kind = _check_file(path, relative)
            found.documents.append(
                SourceDocument(root, relative, (path,), kind, hash_files([path]))
            )
        except BadInputError as error:
            found.rejected.append(error)
    for folder, members in sorted(grouped.items(), key=lambda item: natural_key(item[0])):
        try:
            for path, relative in members:
                if _check_file(path, relative) is SourceKind.PDF:
                    raise BadInputError(relative, "a PDF inside a folder declared one document")
            paths = tuple(path for path, _ in members)
            found.documents.append(
                SourceDocument(root, folder, paths, SourceKind.IMAGE, hash_files(paths))
            )
        except BadInputError as error:
            found.rejected.append(error)
    return found


def _pdf_info(path: Path, shown: str, first: int | None = None, last: int | None = None) -> str:
    command = ["pdfinfo"]
    if first is not None:
        command += ["-f", str(first), "-l", str(last or first)]
    try:
        done = subprocess.run(
            [*command, str(path)], capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise BadInputError(shown, "pdfinfo took over 60 s: damaged PDF?") from error
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "unknown"
        if "password" in message.lower() or "encrypt" in message.lower():
            raise EncryptedPdfError(shown, "password-protected PDF: remove the password first")
        raise BadInputError(shown, f"damaged PDF ({message})")
    return done.stdout


def page_refs(document: SourceDocument, settings: IngestSettings) -> list[PageRef]:
    """List a document's pages, checking up front what can be checked cheaply."""
    refs: list[PageRef] = []
    for path in document.files:
        shown = nfc(path.relative_to(document.root).as_posix())
        kind = sniff_kind(path)
        if kind is SourceKind.PDF:
            info = _pdf_info(path, shown)
            match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
            if not match or int(match.group(1)) == 0:
                raise BadInputError(shown, "PDF has no pages")
            refs += [PageRef(str(path), kind, index) for index in range(int(match.group(1)))]
            continue
        try:
            with Image.open(path) as image:
                frames = getattr(image, "n_frames", 1)
                dpi = _image_dpi(image)
                _check_pixels(image.size, settings, shown)
        except Image.DecompressionBombError as error:
            raise TooLargeError(
                shown, f"over the pixel limit, decompression bomb? ({_reason(error)})"
            ) from error
        except (UnidentifiedImageError, OSError) as error:
            raise BadInputError(shown, f"not a readable image ({_reason(error)})") from error
        kind = SourceKind.TIFF if frames > 1 or kind is SourceKind.TIFF else SourceKind.IMAGE
        refs += [PageRef(str(path), kind, index, dpi) for index in range(frames)]
    return refs


def _reason(error: BaseException) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def _check_pixels(size: tuple[int, int], settings: IngestSettings, shown: str) -> None:
    width, height = size
    if width * height > settings.max_pixels:
        raise TooLargeError(
            shown,
            f"page of {width}x{height} pixels is over the limit of {settings.max_pixels:,}"
            " (decompression bomb?)",
        )


def _image_dpi(image: Image.Image) -> int | None:
    dpi = image.info.get("dpi")
    if not dpi:
        return None
    value = round(float(dpi[0]))
    # Some writers store 1 or 72 for 'unknown'; no real scan is that coarse.
    return value if value >= 100 else None


def page_image(image: Image.Image) -> Image.Image:
    """A page as RGB, or as L when it holds no colour at all.

    A grey page has no seal colour to keep, and every later step is three times cheaper on
    it. The test is strict (any coloured pixel of a sparse grid keeps RGB), so a faint blue
    signature still reaches seal removal.
    """
    if image.mode in ("1", "L", "LA"):
        return image.convert("L")
    rgb = image.convert("RGB")
    width, height = rgb.size
    grid = rgb.resize((max(1, width // 8), max(1, height // 8)), Image.Resampling.NEAREST)
    pixels = np.asarray(grid, dtype=np.int16)
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    return rgb.convert("L") if int(spread.max()) <= GREY_SPREAD else rgb


def rasterize(ref: PageRef, settings: IngestSettings) -> tuple[Image.Image, int]:
    """Load one page (RGB, or L without colour) at its resolution. Only this page is held
    in memory."""
    shown = nfc(Path(ref.path).name)
    if ref.kind is SourceKind.PDF:
        return _rasterize_pdf_page(ref, settings, shown)
    Image.MAX_IMAGE_PIXELS = settings.max_pixels
    try:
        with Image.open(ref.path) as image:
            image.seek(ref.index)
            _check_pixels(image.size, settings, shown)
            image.load()
            page = page_image(image)
            dpi = ref.dpi or _image_dpi(image) or ASSUMED_DPI
    except TooLargeError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, EOFError) as error:
        raise BadInputError(shown, f"page {ref.index + 1}: {_reason(error)}") from error
    return page, dpi


def _rasterize_pdf_page(
    ref: PageRef, settings: IngestSettings, shown: str
) -> tuple[Image.Image, int]:
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError

    number = ref.index + 1
    info = _pdf_info(Path(ref.path), shown, number, number)
    size = re.search(r"Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts", info) or re.search(
        r"Page size:\s+([\d.]+) x ([\d.]+) pts", info
    )
    if size:
        pixels = (
            round(float(size.group(1)) * settings.dpi / 72),
            round(float(size.group(2)) * settings.dpi / 72),
        )
        _check_pixels(pixels, settings, shown)
    try:
        pages = convert_from_path(
            ref.path, dpi=settings.dpi, first_page=number, last_page=number, timeout=300
        )
    except (PDFPageCountError, PDFSyntaxError, OSError) as error:
        raise BadInputError(shown, f"page {number}: {_reason(error)}") from error
    if not pages:
        raise BadInputError(shown, f"page {number}: poppler rendered nothing")
    return page_image(pages[0]), settings.dpi
