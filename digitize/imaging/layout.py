"""Reading-order regions: the two-column header of an administrative document, then the rest.

Tesseract's automatic layout (psm 3) often reads the agency (left) and the national motto
(right) as one line. Finding the white gap between them lets the OCR stage read each
column on its own.
"""

from __future__ import annotations

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
    return find_header_columns(grey < 128, dpi, header_share, min_gap_mm)


def reading_regions(columns: list[Box], width: int, height: int) -> list[Box]:
    """Regions to OCR in order: header left, header right, then the page below the header.

    No header columns: [] (OCR the whole page as one).
    """
    if len(columns) != 2:
        return []
    below = max(box.top + box.height for box in columns)
    regions = list(columns)
    if below < height:
        regions.append(Box(0, below, width, height - below))
    return regions
