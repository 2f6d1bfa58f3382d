"""Blank page detection: too few character-sized ink blobs after cleanup."""

from __future__ import annotations

import cv2
import numpy as np

from digitize.imaging.blobs import label_blobs


def count_marks(binary: np.ndarray, dpi: int) -> int:
    """Number of ink blobs the size of a letter or a word (0.7-30 mm high, not page-wide).

    Blobs touching the image edge are left out: they are what remains of borders.
    """
    ink = (binary < 128).astype(np.uint8)
    _, stats = label_blobs(ink)
    height, width = ink.shape
    px_per_mm = dpi / 25.4
    left, top = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    inside = (left > 0) & (top > 0) & (left + w < width) & (top + h < height)
    sized = (h >= 0.7 * px_per_mm) & (h <= 30 * px_per_mm) & (w <= 0.8 * width)
    return int(np.count_nonzero(inside & sized))


COUNT_DPI = 100  # a letter 0.7 mm high is still 3 pixels: enough to count marks


def is_blank(binary: np.ndarray, dpi: int, min_marks: int = 4) -> bool:
    """True when the cleaned page holds fewer than ``min_marks`` letter-sized marks."""
    if dpi >= 2 * COUNT_DPI:
        # Counting blobs on a 100 dpi copy is about ten times cheaper than at 300 dpi (a
        # 150 dpi page is counted as it is: shrinking it by 2/3 costs more than it saves).
        scale = COUNT_DPI / dpi
        small = cv2.resize(binary, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        binary, dpi = np.where(small < 192, 0, 255).astype(np.uint8), COUNT_DPI
    return count_marks(binary, dpi) < min_marks
