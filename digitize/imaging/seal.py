"""Red seals and blue signatures turned into paper, keeping the black text printed under them."""

from __future__ import annotations

import cv2
import numpy as np

# OpenCV hue runs 0-179: red wraps around 0, blue ink (ballpoint, seal pads) sits near 120.
HUE_RANGES = {
    "red": ((0, 12), (160, 179)),
    "blue": ((95, 135),),
}
PROBE_STEP = 8  # look for coloured ink on every 8th pixel first: most pages have none


def colour_ink_mask(
    rgb: np.ndarray,
    colours: tuple[str, ...] = ("red", "blue"),
    min_saturation: int = 60,
    min_value: int = 60,
) -> np.ndarray:
    """Pixels of coloured ink (uint8 mask, 255 = seal or signature ink).

    Black text under a seal stays dark whatever the seal's colour, so a minimum brightness
    (``min_value``, HSV V 0-255) keeps it out of the mask.
    """
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    mask: np.ndarray = np.zeros(rgb.shape[:2], dtype=np.uint8)
    for colour in colours:
        for low, high in HUE_RANGES[colour]:
            band = cv2.inRange(hsv, (low, min_saturation, min_value), (high, 255, 255))
            mask = cv2.bitwise_or(mask, band)
    return mask


def has_colour_ink(
    rgb: np.ndarray,
    colours: tuple[str, ...],
    min_saturation: int,
    min_value: int,
    min_share: float = 0.0005,
) -> bool:
    """Cheap probe on a sparse grid of pixels: is there enough coloured ink to bother?"""
    probe = np.ascontiguousarray(rgb[::PROBE_STEP, ::PROBE_STEP])
    mask = colour_ink_mask(probe, colours, min_saturation, min_value)
    return bool(np.count_nonzero(mask) >= min_share * mask.size)


def suppress_colour_ink(grey: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Grey page where coloured ink is paper (255). Dark pixels were never in the mask:
    black text under a seal stays."""
    return np.where(mask > 0, np.uint8(255), grey).astype(np.uint8)


def whiten_colour_ink(flat: np.ndarray, mask: np.ndarray, dpi: int, level: int = 150) -> np.ndarray:
    """Finish the job on the flattened page: coloured-ink pixels lighter than ``level`` are
    paper. Darker ones are the edges of black strokes under the seal and stay.

    The mask is grown by about 0.4 mm first: JPEG blurs colour, so a seal's strokes end in
    pale, barely coloured fringes that would otherwise stay as grey ghosts.
    """
    size = max(3, round(dpi / 60) | 1)
    grown = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    return np.where((grown > 0) & (flat > level), np.uint8(255), flat).astype(np.uint8)
