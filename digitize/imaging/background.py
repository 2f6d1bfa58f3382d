"""Paper to white: uneven lighting, shadows and grey or yellow paper flattened by division."""

from __future__ import annotations

import cv2
import numpy as np

ESTIMATE_DPI = 50  # the background is smooth: estimate it on a small copy


def estimate_background(grey: np.ndarray, dpi: int, window_mm: float = 4.0) -> np.ndarray:
    """The paper's brightness under every pixel, as if the ink were lifted off.

    A morphological close wider than any stroke removes the dark text on a 50 dpi copy,
    a median smooths what remains; the result is enlarged back to full size.
    """
    height, width = grey.shape
    scale = min(1.0, ESTIMATE_DPI / dpi)
    small = cv2.resize(
        grey,
        (max(1, round(width * scale)), max(1, round(height * scale))),
        interpolation=cv2.INTER_AREA,
    )
    size = max(3, round(window_mm / 25.4 * dpi * scale) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    smooth = cv2.medianBlur(closed, max(3, (size * 2) | 1))
    return cv2.resize(smooth, (width, height), interpolation=cv2.INTER_LINEAR)


def flatten_background(grey: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Divide the page by its background: paper becomes 255, ink keeps its contrast."""
    # cv2.divide saturates at 255 and treats division by zero as 0: keep the divisor >= 1.
    return np.asarray(cv2.divide(grey, np.maximum(background, 1), scale=255))


def remove_specks(binary: np.ndarray, max_area: int) -> np.ndarray:
    """Whiten ink blobs of at most ``max_area`` pixels (scanner dust, salt noise).

    Keep ``max_area`` below a Vietnamese dot (dấu nặng, the dot of i): those are ink too.
    """
    if max_area <= 0:
        return binary
    ink = (binary < 128).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] <= max_area
    small[0] = False
    if not small[1:].any():
        return binary
    cleaned = binary.copy()
    cleaned[small[labels]] = 255
    return cleaned


def binarize(flat: np.ndarray, method: str = "otsu", max_threshold: int = 190) -> np.ndarray:
    """Black ink on white paper (0/255) from a flattened grey page.

    ``otsu`` is one global threshold: after flattening, the paper is already even. It is
    capped at ``max_threshold``: on a page without ink Otsu would split the paper's grain.
    ``adaptive`` thresholds each pixel against its neighbourhood (Gaussian mean).
    """
    if method == "adaptive":
        return cv2.adaptiveThreshold(
            flat, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 51, 15
        )
    otsu, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    _, binary = cv2.threshold(flat, min(otsu, max_threshold), 255, cv2.THRESH_BINARY)
    return binary
