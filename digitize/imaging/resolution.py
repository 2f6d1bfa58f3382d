"""Resolution helpers: cheap reduced copies for analysis, upscaling of low-dpi scans for OCR."""

from __future__ import annotations

import cv2
import numpy as np


def reduce(grey: np.ndarray, dpi: int, target_dpi: int) -> tuple[np.ndarray, float]:
    """Return a copy of ``grey`` at about ``target_dpi`` and the scale factor applied.

    Never enlarges: a scan already at or below ``target_dpi`` is returned as it is.
    """
    scale = target_dpi / dpi if dpi > 0 else 1.0
    if scale >= 1.0:
        return grey, 1.0
    height, width = grey.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # INTER_AREA averages: thin strokes survive as grey instead of vanishing.
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA), scale


def halve(image: np.ndarray) -> np.ndarray:
    """Half the width and height (rounded down), each pixel the mean of the four it covers."""
    height, width = image.shape[:2]
    return np.asarray(cv2.resize(image, (width // 2, height // 2), interpolation=cv2.INTER_AREA))


def upscale_factor(dpi: int, min_dpi: int, target_dpi: int) -> float:
    """How much to enlarge a page scanned at ``dpi``: 1.0 unless it is under ``min_dpi``."""
    if dpi <= 0 or dpi >= min_dpi or target_dpi <= dpi:
        return 1.0
    return target_dpi / dpi


def upscale(grey: np.ndarray, factor: float) -> np.ndarray:
    """Enlarge a grey page by ``factor`` with bicubic interpolation (smooth strokes for OCR)."""
    if factor <= 1.0:
        return grey
    height, width = grey.shape[:2]
    size = (round(width * factor), round(height * factor))
    return cv2.resize(grey, size, interpolation=cv2.INTER_CUBIC)
