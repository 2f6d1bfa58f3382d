"""Paper to white: uneven lighting, shadows and grey or yellow paper flattened by division."""

from __future__ import annotations

import cv2
import numpy as np

from digitize.imaging.blobs import label_blobs
from digitize.imaging.resolution import reduce

ESTIMATE_DPI = 50  # the background is smooth: estimate it on a small copy


def paper_brightness(grey: np.ndarray, dpi: int, window_mm: float = 4.0) -> np.ndarray:
    """The paper's brightness, as if the ink were lifted off, on a 50 dpi copy of the page.

    A morphological close wider than any stroke removes the dark text, a median smooths
    what remains.
    """
    small, scale = reduce(grey, dpi, ESTIMATE_DPI)
    size = max(3, round(window_mm / 25.4 * dpi * scale) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    return np.asarray(cv2.medianBlur(closed, max(3, (size * 2) | 1)))


def is_even_white(paper: np.ndarray, min_level: int = 225, max_spread: int = 20) -> bool:
    """Paper already white and even (a clean scan): dividing it out would change nothing."""
    return bool(paper.min() >= min_level and int(paper.max()) - int(paper.min()) <= max_spread)


def estimate_background(grey: np.ndarray, dpi: int, window_mm: float = 4.0) -> np.ndarray:
    """The paper's brightness under every pixel (``paper_brightness`` at full size)."""
    return full_size(paper_brightness(grey, dpi, window_mm), grey.shape)


def full_size(paper: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """A small brightness estimate enlarged smoothly to a page of ``shape``."""
    height, width = shape[:2]
    return np.asarray(cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR))


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
    labels, stats = label_blobs(ink)
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
    otsu, binary = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    if otsu > max_threshold:
        _, binary = cv2.threshold(flat, max_threshold, 255, cv2.THRESH_BINARY)
    return np.asarray(binary)
