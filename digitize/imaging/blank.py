"""Blank page detection: too few character-sized ink blobs after cleanup."""

from __future__ import annotations

import cv2
import numpy as np


def count_marks(binary: np.ndarray, dpi: int) -> int:
    """Number of ink blobs the size of a letter or a word (0.7-30 mm high, not page-wide).

    Blobs touching the image edge are left out: they are what remains of borders.
    """
    ink = (binary < 128).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    height, width = ink.shape
    px_per_mm = dpi / 25.4
    left, top = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    inside = (left > 0) & (top > 0) & (left + w < width) & (top + h < height)
    sized = (h >= 0.7 * px_per_mm) & (h <= 30 * px_per_mm) & (w <= 0.8 * width)
    return int(np.count_nonzero(inside & sized))


def is_blank(binary: np.ndarray, dpi: int, min_marks: int = 4) -> bool:
    """True when the cleaned page holds fewer than ``min_marks`` letter-sized marks."""
    return count_marks(binary, dpi) < min_marks
