"""Page orientation (0, 90, 180, 270): Tesseract OSD on a small copy, checked by OCR
confidence when OSD is unsure or fails."""

from __future__ import annotations

import re
from typing import NamedTuple

import cv2
import numpy as np
import pytesseract
from PIL import Image

from digitize.imaging.background import estimate_background, flatten_background
from digitize.imaging.resolution import reduce

ROTATE_RE = re.compile(r"Rotate:\s*(\d+)")
CONFIDENCE_RE = re.compile(r"Orientation confidence:\s*([\d.]+)")


class Orientation(NamedTuple):
    rotation: int  # degrees clockwise that make the page upright
    confidence: float  # OSD's orientation confidence, or the OCR confidence margin
    method: str  # "osd", "ocr", "lines" (across, maybe upside down) or "none"


def turn(image: np.ndarray, clockwise: int) -> np.ndarray:
    """Rotate an image by a multiple of 90 degrees clockwise, losslessly."""
    quarter_turns = (clockwise // 90) % 4
    if quarter_turns == 0:
        return image
    return np.ascontiguousarray(np.rot90(image, k=-quarter_turns))


def run_osd(small: np.ndarray, dpi: int) -> tuple[int, float] | None:
    """Tesseract's orientation guess and confidence, or None when it cannot tell."""
    try:
        report = pytesseract.image_to_osd(
            Image.fromarray(small), config=f"--psm 0 --dpi {dpi} -c min_characters_to_try=10"
        )
    except pytesseract.TesseractError:
        return None  # "Too few characters": a sparse or blank page
    rotate, confidence = ROTATE_RE.search(report), CONFIDENCE_RE.search(report)
    if rotate is None or confidence is None:
        return None
    return int(rotate.group(1)) % 360, float(confidence.group(1))


def ink_of(small: np.ndarray, dpi: int) -> np.ndarray:
    """Ink mask (0/1) of a small page copy, after lifting shadows and grey paper off it."""
    flat = flatten_background(small, estimate_background(small, dpi))
    return (flat < 160).astype(np.uint8)


def concentration(profile: np.ndarray) -> float:
    """How few bins hold the profile's mass (1 / the effective number of bins)."""
    total = float(profile.sum())
    return float(np.dot(profile, profile)) / (total * total) if total else 0.0


def text_is_vertical(ink: np.ndarray) -> bool | None:
    """Whether text lines run up and down (page turned by 90 or 270), None if no clear sign.

    Horizontal text piles its ink into a few rows (its lines) and spreads it over many
    columns; turned text the other way round.
    """
    if ink.sum() < 100:
        return None
    rows = concentration(ink.sum(axis=1).astype(np.float64))
    cols = concentration(ink.sum(axis=0).astype(np.float64))
    if max(rows, cols) < 1.3 * min(rows, cols):
        return None
    return cols > rows


def densest_window(ink: np.ndarray, share: float = 0.12) -> tuple[int, int, int, int]:
    """(top, left, height, width) of a band of the ink mask holding the most ink.

    The band is ``share`` of the longer side high and 70% of the shorter side wide: a few
    lines of text, enough for Tesseract's confidence to tell upright from upside down.
    """
    height, width = ink.shape
    win_h = max(1, min(height, int(max(height, width) * share)))
    win_w = max(1, min(width, int(min(height, width) * 0.7)))
    integral = cv2.integral(ink)
    sums = (
        integral[win_h:, win_w:]
        - integral[:-win_h, win_w:]
        - integral[win_h:, :-win_w]
        + integral[:-win_h, :-win_w]
    )
    top, left = np.unravel_index(int(np.argmax(sums)), sums.shape)
    return int(top), int(left), win_h, win_w


def ocr_confidence(crop: np.ndarray, dpi: int, lang: str) -> float:
    """Mean Tesseract word confidence (0-100) of a crop weighted by word length."""
    data = pytesseract.image_to_data(
        Image.fromarray(crop),
        lang=lang,
        config=f"--psm 6 --dpi {dpi}",
        output_type=pytesseract.Output.DICT,
    )
    total, weight = 0.0, 0
    for text, conf in zip(data["text"], data["conf"], strict=True):
        length = len(text.strip())
        if length and float(conf) >= 0:
            total += float(conf) * length
            weight += length
    return total / weight if weight else 0.0


def confirm_by_ocr(small: np.ndarray, dpi: int, candidates: list[int], lang: str) -> Orientation:
    """OCR the densest part of the page in each candidate rotation; keep the most confident."""
    ink = ink_of(small, dpi)
    top, left, win_h, win_w = densest_window(ink)
    # Tesseract reads the cleaned crop: shadows would cost both candidates confidence.
    crop = np.where(ink[top : top + win_h, left : left + win_w] > 0, 0, 255).astype(np.uint8)
    scores = {rotation: ocr_confidence(turn(crop, rotation), dpi, lang) for rotation in candidates}
    ranked = sorted(scores, key=lambda rotation: scores[rotation], reverse=True)
    margin = scores[ranked[0]] - (scores[ranked[1]] if len(ranked) > 1 else 0.0)
    return Orientation(ranked[0], round(margin, 1), "ocr")


def detect_orientation(
    grey: np.ndarray,
    dpi: int,
    osd_dpi: int = 150,
    min_confidence: float = 1.0,
    check_dpi: int = 150,
    lang: str = "vie",
    osd_for_horizontal: bool = True,
) -> Orientation:
    """How far to turn the page clockwise to make it upright.

    OSD on a ``osd_dpi`` copy decides when its confidence reaches ``min_confidence`` and
    agrees with the direction of the text lines; otherwise OCR confidence on a crop picks
    between the two rotations that direction allows.
    """
    small, scale = reduce(grey, dpi, osd_dpi)
    small_dpi = round(dpi * scale)
    ink = ink_of(small, small_dpi)
    vertical = text_is_vertical(ink)
    if vertical is False and not osd_for_horizontal:
        return Orientation(0, 0.0, "lines")  # 0 or 180: the caller's OCR confidence decides
    osd = run_osd(small, small_dpi)  # OSD does better on the grey copy than on our ink mask
    if osd is not None:
        rotation, confidence = osd
        agrees = vertical is None or vertical == (rotation in (90, 270))
        if confidence >= min_confidence and agrees:
            return Orientation(rotation, confidence, "osd")
    if vertical is None and osd is None:
        return Orientation(0, 0.0, "none")
    if vertical is None:
        assert osd is not None
        candidates = [osd[0], (osd[0] + 180) % 360]
    else:
        candidates = [90, 270] if vertical else [0, 180]
    check, check_scale = reduce(grey, dpi, check_dpi)
    return confirm_by_ocr(check, round(dpi * check_scale), candidates, lang)
