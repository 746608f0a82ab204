"""Find the bars of a linear barcode in a frame from its gradients: a fast, second opinion.

OpenCV's barcode detector is the decoder's first way to find a code. It is thrown off by a phone
screen whose moiré stripes run along the bars, and it costs a few milliseconds. This locator
looks for what makes a barcode different from everything else on a desk, in cells of a few
pixels:

- the gradients are strong and all point the same way (the structure tensor's *coherence*);
- they alternate: a bar's left and right edges cancel, a single edge (a table, a phone's bezel,
  the border of a screen) does not;
- the patch of such cells is longer along the gradient than across it (bars side by side).

It returns oriented boxes (4 corners) around such patches, strongest first; the profile step
measures the exact direction of the bars itself.

Pure OpenCV/numpy, no Qt.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

__all__ = ["find_bars"]

#: Cell size (pixels of the working image) over which gradients are pooled.
CELL = 4
#: Minimum coherence of the pooled gradients in a barcode cell.
MIN_COHERENCE = 0.6
#: A cell whose mean gradient holds more than this share of its energy is a single edge.
MAX_SINGLE = 0.2
#: A cell must have at least this share of the strongest cells' energy...
MIN_SHARE = 0.2
#: ...and at least this much in absolute terms (squared grey levels per pixel, Sobel 3x3).
MIN_ENERGY = 400.0


def find_bars(gray: np.ndarray, limit: int = 4) -> list[np.ndarray]:
    """Up to ``limit`` boxes (float32 4x2, frame pixels) around patches of barcode-like cells."""
    h, w = gray.shape
    f = 2 if w > 900 else 1  # work at about 640 px wide: enough for bars of 1-2 px
    work = cv2.resize(gray, (w // f, h // f), interpolation=cv2.INTER_AREA) if f > 1 else gray
    gx = cv2.Sobel(work, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(work, cv2.CV_32F, 0, 1, ksize=3)
    cw, ch = work.shape[1] // CELL, work.shape[0] // CELL
    if cw < 4 or ch < 4:
        return []

    def pool(a: np.ndarray) -> np.ndarray:
        return np.asarray(cv2.resize(a, (cw, ch), interpolation=cv2.INTER_AREA))

    jxx, jyy, jxy = pool(gx * gx), pool(gy * gy), pool(gx * gy)
    mx, my = cv2.blur(pool(gx), (3, 3)), cv2.blur(pool(gy), (3, 3))
    single = (mx * mx + my * my) / (cv2.blur(jxx + jyy, (3, 3)) + 1e-6)
    keep = (single < MAX_SINGLE).astype(np.float32)
    jxx, jyy, jxy = (np.asarray(cv2.blur(a * keep, (3, 3))) for a in (jxx, jyy, jxy))
    energy = jxx + jyy + 1e-6
    coherence = np.sqrt((jxx - jyy) ** 2 + 4 * jxy**2) / energy
    score = energy * coherence
    top = float(np.percentile(score, 99.7))
    mask = ((coherence > MIN_COHERENCE) & (score > MIN_SHARE * top) & (energy > MIN_ENERGY)).astype(np.uint8)
    # Opening cuts thin strips off (the edge of a screen next to the bars), closing fills gaps.
    kernel = np.ones((3, 3), np.uint8)
    mask = cv2.morphologyEx(cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel), cv2.MORPH_CLOSE, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    found: list[tuple[float, np.ndarray]] = []
    scale = CELL * f
    for i in range(1, n):
        if stats[i, cv2.CC_STAT_AREA] < 6:
            continue
        ys, xs = np.nonzero(labels == i)
        sxx, syy, sxy = float(jxx[ys, xs].sum()), float(jyy[ys, xs].sum()), float(jxy[ys, xs].sum())
        normal = 0.5 * math.atan2(2 * sxy, sxx - syy)  # the gradients' direction: along the code
        pts = np.stack([(xs + 0.5) * scale, (ys + 0.5) * scale], axis=1).astype(np.float32)
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(pts)
        rw, rh = rw + scale, rh + scale
        long_dir = math.radians(angle if rw >= rh else angle + 90)
        off = abs(math.remainder(normal - long_dir, math.pi))
        if off > math.radians(25) or max(rw, rh) < 1.5 * min(rw, rh):
            continue  # not bars side by side along the gradients
        found.append((float(score[ys, xs].sum()), cv2.boxPoints(((cx, cy), (rw, rh), angle)).astype(np.float32)))
    found.sort(key=lambda item: -item[0])
    return [box for _, box in found[:limit]]
