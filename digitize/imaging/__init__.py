"""Page cleanup with OpenCV: each step a function, switchable from the pipeline file.

``clean_page`` chains the enabled steps. The archive image (colour, upright, deskewed) is
kept apart from the OCR image (grey or binary), because what a clerk sees is not what
Tesseract reads.

Order matters: the page is turned upright and levelled first (on the colour image, so the
archive gets the same geometry), then seals are lifted by colour, the paper is flattened,
borders and holes whitened, the page enlarged if the scan was coarse, and binarised last.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import cv2
import numpy as np
from PIL import Image

from digitize.imaging.background import (
    binarize,
    flatten_background,
    full_size,
    is_even_white,
    paper_brightness,
    remove_specks,
)
from digitize.imaging.blank import is_blank
from digitize.imaging.crop import whiten_border_and_holes
from digitize.imaging.deskew import estimate_skew, rotate
from digitize.imaging.layout import (
    find_footer_columns,
    find_header_columns,
    header_columns,
    layout_ink,
    reading_regions,
)
from digitize.imaging.orientation import detect_orientation, turn
from digitize.imaging.resolution import halve, upscale, upscale_factor
from digitize.imaging.seal import (
    colour_ink_mask,
    has_colour_ink,
    suppress_colour_ink,
    whiten_colour_ink,
)
from digitize.records import Box

__all__ = [
    "CleanedPage",
    "CleanupSettings",
    "clean_page",
    "flip_page",
    "halve",
    "header_columns",
    "reproduce_geometry",
]

T = TypeVar("T")

GREY_MODES = ("1", "L", "LA")


@dataclass(frozen=True)
class CleanupSettings:
    """The ``[cleanup]`` table of a pipeline file."""

    enabled: bool = True
    # Orientation: Tesseract OSD on a small copy, OCR confidence when OSD is unsure.
    orientation: bool = True
    osd_dpi: int = 150
    osd_min_confidence: float = 1.0  # OSD was right on 80/80 generated pages down to 0.65
    orientation_check_dpi: int = 150
    orientation_lang: str = "vie"
    # OSD also on pages whose lines run across: off, the OCR itself tells upright from upside
    # down (mean confidence over 90 against under 50 on generated pages) at no extra cost.
    osd_for_horizontal: bool = False
    flip_check_below: float = 70.0  # mean word confidence under which the page is read flipped
    # Deskew: projection profiles, one rotation with white fill.
    deskew: bool = True
    max_skew: float = 10.0  # degrees searched either way
    min_skew: float = 0.05  # below this the page is left untouched
    # Seals and signatures: coloured ink turned into paper, black text kept.
    seal_removal: bool = True
    seal_colours: str = "red,blue"  # comma-separated: red, blue
    seal_min_saturation: int = 60  # HSV S, 0-255
    seal_min_value: int = 60  # HSV V, 0-255: darker pixels are black text under the seal
    # Paper to white: background estimated by a morphological close, then divided out.
    background: bool = True
    background_window_mm: float = 4.0
    # Scanner borders and punch holes whitened in the OCR image.
    border: bool = True
    punch_holes: bool = True
    # Resolution: coarse scans are enlarged before binarisation.
    upscale: bool = True
    min_dpi: int = 250
    target_dpi: int = 300
    # Binarisation for Tesseract: "otsu", "adaptive" or "none" (flattened grey).
    binarize: str = "otsu"
    speck_max_area: int = 0  # ink blobs up to this many pixels (at 300 dpi) are dust
    # Blank pages: fewer letter-sized marks than this after cleanup.
    blank_detection: bool = True
    blank_min_marks: int = 4
    # Layout: two-column administrative header found in the top of the page.
    layout: bool = True
    header_share: float = 0.25
    header_min_gap_mm: float = 4.0


@dataclass
class CleanedPage:
    ocr_image: Image.Image  # what Tesseract reads (L or 1 mode)
    grey: np.ndarray  # the upright, level page in grey, before any cleaning (barcodes read it)
    archive_image: Image.Image  # what a clerk sees and export embeds (RGB; L for a grey scan)
    dpi: int  # resolution of ocr_image (may be higher than the scan when upscaled)
    rotation: int = 0  # degrees clockwise applied to make the page upright
    skew: float = 0.0  # angle of the scanned text lines, degrees counter-clockwise; undone
    is_blank: bool = False
    steps: list[str] = field(default_factory=list)
    # Reading-order regions in ocr_image pixels (header left, header right, the rest);
    # empty: OCR the whole page as one.
    regions: list[Box] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # time spent in each step
    # Upright only by the direction of its lines: the OCR must tell 0 from 180 degrees.
    may_be_upside_down: bool = False


class _Clock:
    """Times each step into a dict, for the runner's per-page timings."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, name: str, step: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = step()
        self.seconds[name] = round(time.perf_counter() - start, 4)
        return result


def _flatten(grey: np.ndarray, dpi: int, settings: CleanupSettings) -> np.ndarray | None:
    """The page divided by its own paper: shadows and tinted paper become white.

    None when the paper is already white and even: the division would change nothing.
    """
    paper = paper_brightness(grey, dpi, settings.background_window_mm)
    if is_even_white(paper):
        return None
    return flatten_background(grey, full_size(paper, grey.shape))


def _lift_seals(
    rgb: np.ndarray, grey: np.ndarray, colours: tuple[str, ...], settings: CleanupSettings
) -> tuple[np.ndarray, np.ndarray | None]:
    """Grey page with coloured ink lightened, and the mask of that ink (None if none)."""
    saturation, value = settings.seal_min_saturation, settings.seal_min_value
    if not has_colour_ink(rgb, colours, saturation, value):
        return grey, None
    mask = colour_ink_mask(rgb, colours, saturation, value)
    return suppress_colour_ink(grey, mask), mask


def clean_page(image: Image.Image, dpi: int, settings: CleanupSettings) -> CleanedPage:
    """Return the page ready for OCR, and the upright colour copy for the archive."""
    colour = image.mode not in GREY_MODES
    if not settings.enabled:
        grey_image = image.convert("L")
        archive = image.convert("RGB") if colour else grey_image
        return CleanedPage(grey_image, np.asarray(grey_image), archive, dpi)
    # A grey scan stays grey: no colour conversions, and no seal to look for.
    pixels = np.asarray(image.convert("RGB" if colour else "L"))

    clock = _Clock()
    steps: list[str] = []

    def grey_of(pixels: np.ndarray) -> np.ndarray:
        return cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY) if colour else pixels

    grey = clock.run("grey", lambda: grey_of(pixels))

    rotation = 0
    may_be_upside_down = False
    if settings.orientation:
        found = clock.run(
            "orientation",
            lambda: detect_orientation(
                grey,
                dpi,
                osd_dpi=settings.osd_dpi,
                min_confidence=settings.osd_min_confidence,
                check_dpi=settings.orientation_check_dpi,
                lang=settings.orientation_lang,
                osd_for_horizontal=settings.osd_for_horizontal,
            ),
        )
        rotation = found.rotation
        may_be_upside_down = found.method == "lines"
        if rotation:
            pixels = turn(pixels, rotation)
            grey = turn(grey, rotation) if colour else pixels
            steps.append(f"rotate {rotation} ({found.method} {found.confidence:g})")

    skew = 0.0
    if settings.deskew:
        skew = clock.run("deskew", lambda: estimate_skew(grey, dpi, settings.max_skew))
        if abs(skew) >= settings.min_skew:
            # The colour page is turned once; the grey is derived from it again.
            pixels = clock.run("rotate", lambda: rotate(pixels, -skew, (255, 255, 255)))
            grey = grey_of(pixels)
            steps.append(f"deskew {skew:+.2f}")
        else:
            skew = 0.0
    archive = Image.fromarray(pixels)

    page = grey
    seal_mask: np.ndarray | None = None
    colours = tuple(c.strip() for c in settings.seal_colours.split(",") if c.strip())
    if settings.seal_removal and colours and colour:
        page, seal_mask = clock.run("seal", lambda: _lift_seals(pixels, grey, colours, settings))
        if seal_mask is not None:
            steps.append(f"seal {np.count_nonzero(seal_mask) / seal_mask.size:.1%}")

    if settings.background:
        flat = clock.run("background", lambda: _flatten(page, dpi, settings))
        if flat is not None:
            page = flat
            steps.append("background")
    if seal_mask is not None:
        page = whiten_colour_ink(page, seal_mask, dpi)

    if settings.border or settings.punch_holes:
        page, done = clock.run(
            "crop",
            lambda: whiten_border_and_holes(page, grey, dpi, settings.border, settings.punch_holes),
        )
        steps.extend(done)

    ocr_dpi = dpi
    if settings.upscale:
        factor = upscale_factor(dpi, settings.min_dpi, settings.target_dpi)
        if factor > 1.0:
            page = clock.run("upscale", lambda: upscale(page, factor))
            ocr_dpi = settings.target_dpi
            steps.append(f"upscale {dpi}->{ocr_dpi}")

    # Blank detection and layout always look at a binary page, whatever Tesseract reads.
    method = "adaptive" if settings.binarize == "adaptive" else "otsu"
    binary = clock.run("binarize", lambda: binarize(page, method))
    if settings.speck_max_area > 0:
        area = round(settings.speck_max_area * (ocr_dpi / 300) ** 2)
        binary = clock.run("specks", lambda: remove_specks(binary, area))
    if settings.binarize in ("otsu", "adaptive"):
        page = binary
        steps.append(f"binarize {settings.binarize}")

    # Blank detection and layout read a half-size copy: a letter is still several pixels
    # high, and there are four times fewer pixels to label.
    coarse, coarse_dpi = binary, ocr_dpi
    if ocr_dpi >= 240:
        coarse = clock.run("halve", lambda: _halve_binary(binary))
        coarse_dpi = ocr_dpi // 2

    blank = False
    if settings.blank_detection:
        blank = clock.run("blank", lambda: is_blank(coarse, coarse_dpi, settings.blank_min_marks))
        if blank:
            steps.append("blank")

    regions: list[Box] = []
    if settings.layout and not blank:
        columns, footer = clock.run("layout", lambda: _columns(coarse, coarse_dpi, settings))
        scale = ocr_dpi / coarse_dpi
        regions = reading_regions(
            [box.scaled(scale) for box in columns],
            page.shape[1],
            page.shape[0],
            [box.scaled(scale) for box in footer],
        )
        steps += ["header columns"] * bool(columns) + ["foot columns"] * bool(footer)

    return CleanedPage(
        ocr_image=_ocr_image(page, binary_page=settings.binarize in ("otsu", "adaptive")),
        grey=grey,
        archive_image=archive,
        dpi=ocr_dpi,
        rotation=rotation,
        skew=skew,
        is_blank=blank,
        steps=steps,
        regions=regions,
        may_be_upside_down=may_be_upside_down,
        seconds=clock.seconds,
    )


def _halve_binary(binary: np.ndarray) -> np.ndarray:
    """Half-size binary page where a pixel is ink if any of its four was."""
    return np.where(halve(binary) < 255, np.uint8(0), np.uint8(255))


def _columns(
    binary: np.ndarray, dpi: int, settings: CleanupSettings
) -> tuple[list[Box], list[Box]]:
    """The header's and the foot's two columns, in the pixels of ``binary``."""
    ink = layout_ink(binary, kernel=5 if dpi >= 240 else 3)
    header = find_header_columns(ink, dpi, settings.header_share, settings.header_min_gap_mm)
    footer = find_footer_columns(ink, dpi, min_gap_mm=settings.header_min_gap_mm)
    return header, footer


def _ocr_image(page: np.ndarray, binary_page: bool) -> Image.Image:
    image = Image.fromarray(page)
    # A 1-bit page is written and read by Tesseract faster than 8-bit grey of the same pixels.
    return image.convert("1", dither=Image.Dither.NONE) if binary_page else image


def flip_page(image: Image.Image, dpi: int, settings: CleanupSettings) -> CleanedPage:
    """Clean the page turned by 180 degrees: for a page the OCR found upside down."""
    cleaned = clean_page(image.rotate(180), dpi, dataclasses.replace(settings, orientation=False))
    cleaned.rotation = 180
    cleaned.steps.insert(0, "rotate 180 (ocr)")
    return cleaned


def reproduce_geometry(image: Image.Image, rotation: int, skew: float) -> Image.Image:
    """The archive image of a stored page again, from its scan: same turn, same deskew."""
    pixels = turn(
        np.asarray(image.convert("RGB" if image.mode not in GREY_MODES else "L")), rotation
    )
    if skew:
        pixels = rotate(pixels, -skew, (255, 255, 255))
    return Image.fromarray(pixels)
