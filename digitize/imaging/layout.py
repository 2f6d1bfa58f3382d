"""Reading-order regions: the two-column header of an administrative document, then the rest.

Tesseract's automatic layout (psm 3) often reads the agency (left) and the national motto
(right) as one line. Finding the white gap between them lets the OCR stage read each
column on its own.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from digitize.records import Box


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True in a 1-D boolean array."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _text_bands(ink: np.ndarray, join: int) -> list[tuple[int, int]]:
    """Horizontal bands of rows holding ink, joining bands closer than ``join`` rows
    (a tone mark floats above its letter)."""
    bands: list[tuple[int, int]] = []
    for start, end in _runs(np.asarray(ink.any(axis=1))):
        if bands and start - bands[-1][1] < join:
            bands[-1] = (bands[-1][0], end)
        else:
            bands.append((start, end))
    return bands


def _central_gap(white: np.ndarray, low: int, high: int, min_width: int) -> tuple[int, int] | None:
    """The widest run of white columns inside [low, high), if at least ``min_width`` wide."""
    best: tuple[int, int] | None = None
    for start, end in _runs(white):
        start, end = max(start, low), min(end, high)
        if end - start >= min_width and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
    return best


def find_header_columns(
    ink: np.ndarray,
    dpi: int,
    header_share: float = 0.25,
    min_gap_mm: float = 4.0,
    max_spacing: float = 1.8,
) -> list[Box]:
    """Boxes of the header's left and right columns in a boolean ink mask ([] if none).

    The header is the run of text lines from the top whose ink leaves one common vertical
    white gap in the middle of the page; the first line crossing that gap (the title, the
    body), or one after a blank wider than ``max_spacing`` line heights, ends it.
    """
    height, width = ink.shape
    top_part = ink[: max(1, int(height * header_share))]
    px_per_mm = dpi / 25.4
    # Columns holding any ink in the top part (a border remnant at the edge is ignored).
    columns = np.flatnonzero(top_part.any(axis=0))
    if len(columns) == 0:
        return []
    content_left, content_right = int(columns[0]), int(columns[-1]) + 1
    low = content_left + int(0.2 * (content_right - content_left))
    high = content_left + int(0.8 * (content_right - content_left))
    min_gap = max(2, int(min_gap_mm * px_per_mm))

    bands = _text_bands(top_part, join=max(2, int(1.2 * px_per_mm)))
    white = np.ones(width, dtype=bool)
    used: list[tuple[int, int]] = []
    gap: tuple[int, int] | None = None
    for start, end in bands:
        if end - start < 0.8 * px_per_mm:
            continue  # a stray rule or speck, neither joins nor ends the header
        if len(used) >= 2:
            line_height = float(np.median([b - a for a, b in used]))
            if start - used[-1][1] > max_spacing * line_height:
                break  # a wide blank before the title: the header is over
        candidate = white & ~top_part[start:end].any(axis=0)
        found = _central_gap(candidate, low, high, min_gap)
        if found is None:
            break
        white, gap = candidate, found
        used.append((start, end))
    if len(used) < 2 or gap is None:
        return []

    top, bottom = used[0][0], used[-1][1]
    header = ink[top:bottom]
    left_cols = np.flatnonzero(header[:, : gap[0]].any(axis=0))
    right_cols = np.flatnonzero(header[:, gap[1] :].any(axis=0)) + gap[1]
    if len(left_cols) == 0 or len(right_cols) == 0:
        return []
    pad = int(px_per_mm)
    top, bottom = max(0, top - pad), min(height, bottom + pad)
    split = (gap[0] + gap[1]) // 2
    left_start = max(0, int(left_cols[0]) - pad)
    left_box = Box(left_start, top, split - left_start, bottom - top)
    right_end = min(width, int(right_cols[-1]) + 1 + pad)
    right_box = Box(split, top, right_end - split, bottom - top)
    return [left_box, right_box]


def header_columns(
    image: Image.Image, dpi: int = 300, header_share: float = 0.25, min_gap_mm: float = 4.0
) -> list[Box]:
    """Boxes (left, right) of the two-column header of a cleaned page, or [] if none.

    ``image`` is a grey or binary page with dark ink on white paper.
    """
    grey = np.asarray(image.convert("L"))
    return find_header_columns(layout_ink(grey), dpi, header_share, min_gap_mm)


def layout_ink(binary: np.ndarray, kernel: int = 5) -> np.ndarray:
    """Ink mask for finding columns: specks in the white gap between them would hide it.

    ``kernel``: the median's size, 5 at 300 dpi (3 on a half-size page)."""
    return np.asarray(cv2.medianBlur(binary, kernel) < 128)


def find_footer_columns(
    ink: np.ndarray, dpi: int, footer_share: float = 0.45, min_gap_mm: float = 4.0
) -> list[Box]:
    """Boxes of the foot's two columns ("Nơi nhận" left, signature block right), or [].

    The same search as the header's, from the bottom up. The signature block has a tall
    blank where the signature was: blanks do not end the foot, only a line across the gap.
    """
    height = ink.shape[0]
    flipped = find_header_columns(ink[::-1], dpi, footer_share, min_gap_mm, max_spacing=12.0)
    return [Box(b.left, height - b.top - b.height, b.width, b.height) for b in flipped]


def reading_regions(
    columns: list[Box], width: int, height: int, footer: list[Box] | None = None
) -> list[Box]:
    """Regions to OCR in order: header left, header right, the page between, foot left, right.

    No header and no foot columns: [] (OCR the whole page as one).
    """
    header = columns if len(columns) == 2 else []
    foot = footer if footer and len(footer) == 2 else []
    if not header and not foot:
        return []
    top = max((box.top + box.height for box in header), default=0)
    bottom = min((box.top for box in foot), default=height)
    if foot and bottom <= top:
        foot, bottom = [], height  # header and foot met: a short page, keep the header only
    regions = list(header)
    if top < bottom:
        regions.append(Box(0, top, width, bottom - top))
    return regions + list(foot)
