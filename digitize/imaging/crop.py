"""Dark scanner borders and punch holes whitened in place (the page keeps its geometry)."""

from __future__ import annotations

import cv2
import numpy as np

ANALYSIS_DPI = 50


def _dark_blobs(grey: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Label very dark areas on a 50 dpi copy: at that size text is grey, borders stay black."""
    height, width = grey.shape
    scale = min(1.0, ANALYSIS_DPI / dpi)
    small = cv2.resize(
        grey,
        (max(1, round(width * scale)), max(1, round(height * scale))),
        interpolation=cv2.INTER_AREA,
    )
    paper = float(np.median(small))
    dark = (small < min(100.0, 0.5 * paper)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    return small, labels, stats, scale


def _paint(image: np.ndarray, small_mask: np.ndarray, dpi: int, value: int = 255) -> np.ndarray:
    """Whiten the full-size pixels under a 50 dpi mask, grown by 1 mm to catch soft edges."""
    height, width = image.shape[:2]
    mask = cv2.resize(small_mask, (width, height), interpolation=cv2.INTER_NEAREST)
    grow = max(3, round(dpi / 25.4) | 1)
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (grow, grow)))
    out = image.copy()
    out[mask > 0] = value
    return out


def border_mask(grey: np.ndarray, dpi: int, min_length: float = 0.15) -> np.ndarray:
    """50 dpi mask of dark scanner borders: dark blobs touching an image edge along at
    least ``min_length`` of it (a share of the edge's length)."""
    small, labels, stats, _ = _dark_blobs(grey, dpi)
    height, width = small.shape
    mask = np.zeros(small.shape, dtype=np.uint8)
    for label in range(1, len(stats)):
        left, top, w, h, _ = stats[label]
        touches_side = left == 0 or left + w >= width
        touches_end = top == 0 or top + h >= height
        if (touches_side and h >= min_length * height) or (touches_end and w >= min_length * width):
            mask[labels == label] = 255
    return mask


def punch_hole_mask(grey: np.ndarray, dpi: int) -> np.ndarray:
    """50 dpi mask of punch holes: round dark blobs 4-9 mm wide within 30 mm of an edge."""
    small, labels, stats, scale = _dark_blobs(grey, dpi)
    height, width = small.shape
    px_per_mm = dpi * scale / 25.4
    near = 30 * px_per_mm
    mask = np.zeros(small.shape, dtype=np.uint8)
    for label in range(1, len(stats)):
        left, top, w, h, area = stats[label]
        if not (4 * px_per_mm <= w <= 9 * px_per_mm and 4 * px_per_mm <= h <= 9 * px_per_mm):
            continue
        round_enough = 0.75 <= w / h <= 1.33 and 0.55 <= area / (w * h) <= 0.95
        near_edge = min(left, top, width - left - w, height - top - h) <= near
        if round_enough and near_edge:
            mask[labels == label] = 255
    return mask


def whiten_border_and_holes(
    page: np.ndarray, grey: np.ndarray, dpi: int, border: bool, holes: bool
) -> tuple[np.ndarray, list[str]]:
    """Whiten scanner borders and punch holes found on ``grey`` in ``page`` (same size).

    Returns the page and what was done, for the step log.
    """
    done: list[str] = []
    masks = []
    if border:
        mask = border_mask(grey, dpi)
        if mask.any():
            masks.append(mask)
            done.append("border")
    if holes:
        mask = punch_hole_mask(grey, dpi)
        if mask.any():
            masks.append(mask)
            done.append("punch holes")
    if not masks:
        return page, done
    return _paint(page, np.maximum.reduce(masks), dpi), done
