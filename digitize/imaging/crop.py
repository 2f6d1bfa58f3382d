"""Dark scanner borders and punch holes whitened in place (the page keeps its geometry)."""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from digitize.imaging.blobs import label_blobs
from digitize.imaging.resolution import reduce

ANALYSIS_DPI = 50


class DarkBlobs(NamedTuple):
    """Very dark areas of a 50 dpi copy: at that size text is grey, borders stay black."""

    shape: tuple[int, int]  # of the 50 dpi copy
    labels: np.ndarray
    stats: np.ndarray
    dpi: float  # of the 50 dpi copy


def dark_blobs(grey: np.ndarray, dpi: int) -> DarkBlobs:
    """Label very dark areas once; border and punch-hole masks both read them."""
    small, scale = reduce(grey, dpi, ANALYSIS_DPI)
    paper = float(np.median(small))
    dark = (small < min(100.0, 0.5 * paper)).astype(np.uint8)
    labels, stats = label_blobs(dark)
    return DarkBlobs(small.shape[:2], labels, stats, dpi * scale)


def _paint(image: np.ndarray, small_mask: np.ndarray, dpi: int, value: int = 255) -> np.ndarray:
    """Whiten the full-size pixels under a 50 dpi mask, grown by 1 mm to catch soft edges."""
    height, width = image.shape[:2]
    mask = cv2.resize(small_mask, (width, height), interpolation=cv2.INTER_NEAREST)
    grow = max(3, round(dpi / 25.4) | 1)
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (grow, grow)))
    out = image.copy()
    out[mask > 0] = value
    return out


def border_mask(blobs: DarkBlobs, min_length: float = 0.15) -> np.ndarray:
    """50 dpi mask of dark scanner borders: dark blobs touching an image edge along at
    least ``min_length`` of it (a share of the edge's length)."""
    height, width = blobs.shape
    left, top, w, h = (blobs.stats[:, i] for i in range(4))
    touches_side = (left == 0) | (left + w >= width)
    touches_end = (top == 0) | (top + h >= height)
    keep = (touches_side & (h >= min_length * height)) | (touches_end & (w >= min_length * width))
    return _mask_of(blobs, keep)


def punch_hole_mask(blobs: DarkBlobs) -> np.ndarray:
    """50 dpi mask of punch holes: round dark blobs 4-9 mm wide within 30 mm of an edge."""
    height, width = blobs.shape
    left, top, w, h, area = (blobs.stats[:, i].astype(np.float64) for i in range(5))
    px_per_mm = blobs.dpi / 25.4
    sized = (
        (w >= 4 * px_per_mm) & (w <= 9 * px_per_mm) & (h >= 4 * px_per_mm) & (h <= 9 * px_per_mm)
    )
    ratio, fill = w / np.maximum(h, 1), area / np.maximum(w * h, 1)
    round_enough = (ratio >= 0.75) & (ratio <= 1.33) & (fill >= 0.55) & (fill <= 0.95)
    edge_distance = np.minimum.reduce([left, top, width - left - w, height - top - h])
    return _mask_of(blobs, sized & round_enough & (edge_distance <= 30 * px_per_mm))


def _mask_of(blobs: DarkBlobs, keep: np.ndarray) -> np.ndarray:
    """255 where a blob is kept; label 0 (the paper) never is."""
    keep = keep.copy()
    keep[0] = False
    return np.where(keep[blobs.labels], np.uint8(255), np.uint8(0))


def whiten_border_and_holes(
    page: np.ndarray, grey: np.ndarray, dpi: int, border: bool, holes: bool
) -> tuple[np.ndarray, list[str]]:
    """Whiten scanner borders and punch holes found on ``grey`` in ``page`` (same size).

    Returns the page and what was done, for the step log.
    """
    done: list[str] = []
    masks = []
    blobs = dark_blobs(grey, dpi)
    if border:
        mask = border_mask(blobs)
        if mask.any():
            masks.append(mask)
            done.append("border")
    if holes:
        mask = punch_hole_mask(blobs)
        if mask.any():
            masks.append(mask)
            done.append("punch holes")
    if not masks:
        return page, done
    return _paint(page, np.maximum.reduce(masks), dpi), done
