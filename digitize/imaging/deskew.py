"""Skew estimation by projection profiles of ink pixels, and a single rotation with white fill."""

from __future__ import annotations

import cv2
import numpy as np

from digitize.imaging.blobs import label_blobs
from digitize.imaging.resolution import reduce

ANALYSIS_DPI = 150  # 0.05 degree over a 15 cm text line is 1.1 px at 150 dpi
MAX_POINTS = 40_000  # subsample ink pixels above this: the score only needs their shape
COARSE_POINTS = 10_000  # the coarse search (0.5 degree steps) needs even fewer


def ink_points(grey: np.ndarray) -> np.ndarray:
    """Coordinates (x, y) of ink pixels, ignoring blobs that touch the image edge.

    Edge blobs are scanner borders and the paper's shadow: straight lines that follow the
    scanner's axes, not the text, and would pull the estimate towards zero.
    """
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    labels, stats = label_blobs(ink)
    height, width = ink.shape
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right = left + stats[:, cv2.CC_STAT_WIDTH]
    bottom = top + stats[:, cv2.CC_STAT_HEIGHT]
    touches = (left <= 0) | (top <= 0) | (right >= width) | (bottom >= height)
    # Huge blobs (photos, black areas) are not text either.
    huge = stats[:, cv2.CC_STAT_AREA] > 0.02 * height * width
    drop = touches | huge
    drop[0] = False  # label 0 is the paper, already not ink
    if drop.any():  # most pages have no such blob: skip the per-pixel lookup
        ink = np.where(drop[labels], np.uint8(0), ink)
    found = cv2.findNonZero(ink)
    points = np.zeros((0, 2), np.float32) if found is None else found.reshape(-1, 2)
    points = points.astype(np.float32)
    if len(points) > MAX_POINTS:
        step = len(points) // MAX_POINTS + 1
        points = points[::step]
    return points


def profile_score(points: np.ndarray, angle: float) -> float:
    """Sharpness of the row profile after turning the ink by ``angle`` degrees.

    Text lines aligned with the rows give tall, narrow peaks: the sum of squared bin counts
    is largest when the page is level.
    """
    theta = np.deg2rad(angle)
    rows = points[:, 1] * np.cos(theta) + points[:, 0] * np.sin(theta)
    rows = np.round(rows - rows.min()).astype(np.int64)
    counts = np.bincount(rows).astype(np.float64)
    return float(np.dot(counts, counts))


def best_angle(points: np.ndarray, angles: np.ndarray) -> float:
    """The angle of ``angles`` with the sharpest profile, refined by a parabola."""
    scores = np.array([profile_score(points, float(a)) for a in angles])
    best = int(np.argmax(scores))
    if 0 < best < len(angles) - 1:
        left, middle, right = scores[best - 1 : best + 2]
        curvature = left - 2 * middle + right
        if curvature < 0:
            step = float(angles[1] - angles[0])
            return float(angles[best] + 0.5 * step * (left - right) / curvature)
    return float(angles[best])


def estimate_skew(grey: np.ndarray, dpi: int, max_angle: float = 10.0) -> float:
    """Angle of the text lines in degrees, counter-clockwise positive (0.0 if no text).

    One set of ink points at 150 dpi: a coarse search over +-``max_angle`` on a sample of
    them, then a fine one around the best angle on all of them.
    """
    small, _ = reduce(grey, dpi, ANALYSIS_DPI)
    points = ink_points(small)
    if len(points) < 200:
        return 0.0
    sample = points[:: len(points) // COARSE_POINTS + 1]
    coarse = best_angle(sample, np.arange(-max_angle, max_angle + 0.01, 0.5))
    fine = best_angle(points, np.arange(coarse - 0.6, coarse + 0.61, 0.05))
    return round(fine, 2)


def rotate(image: np.ndarray, angle: float, fill: int | tuple[int, int, int] = 255) -> np.ndarray:
    """Rotate ``image`` by ``angle`` degrees counter-clockwise about its centre, same size.

    Corners uncovered by the turn are filled with paper white, not black.
    """
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    border = fill if image.ndim == 2 or isinstance(fill, tuple) else (fill, fill, fill)
    return cv2.warpAffine(
        image,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )
