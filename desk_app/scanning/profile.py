"""Read a token's Code128 symbol from its bars' profile, where zxing-cpp and zbar give up.

At 1-2 pixels per module a webcam frame holds too little of each bar for a reader that decides
widths from one scan line. But the bars are dozens of modules tall: every row across them
measures the same widths, each at its own sub-pixel phase when the card is tilted. This module

1. *rectifies* a located code: the bars' direction, and how it turns along the code when the
   card's top is farther from the camera than its bottom, is measured from the image gradients
   of the region (:func:`refine_geometry`);
2. *projects* every pixel of the region onto the code's axis into quarter-pixel bins: hundreds
   of rows become one clean profile, finer than the pixel grid (:func:`project`);
3. finds the code's *ends* (the first and the last bar, each beside a quiet zone) and fits the
   *module grid*: every edge of a Code128 symbol lies on a whole module, so the mapping from
   module number to profile position - including the uneven pitch of a card turned away from
   the camera - is the one that puts the measured edges on whole numbers (:func:`fit_grid`);
4. resamples the profile to :data:`SAMPLES` per module and *decodes* it by matching every
   symbol against the 106 Code128 patterns blurred as much as the frame is blurred, letting each
   symbol drift a little off the grid (a Viterbi search; :func:`decode_modules`). Matching whole
   blurred patterns, rather than thresholding edges, is what survives bars narrower than the blur.

A read counts only if the start, the stop and the Code128 check symbol agree, every symbol
matches its pattern clearly better than any other, and the caller's filter (the token's format
and Damm digit) accepts it; the desk service then checks the token's MAC. Only the digits-only
symbols the desk prints (set C, 18 or 22 digits) are decoded here: anything else is left to
zxing-cpp and zbar.

A profile normalised between the code's ends (:class:`Trace`) is what
:mod:`desk_app.scanning.multiframe` averages over consecutive frames.

Pure numpy/OpenCV, no Qt; every function is pure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

__all__ = [
    "Geometry",
    "Profile",
    "Grid",
    "ModuleProfile",
    "SymbolRead",
    "Trace",
    "RegionReading",
    "refine_geometry",
    "project",
    "find_ends",
    "fit_grid",
    "to_modules",
    "decode_modules",
    "read_profile",
    "read_region",
    "read_trace",
]

#: Samples per module of a :class:`ModuleProfile`.
SAMPLES = 4
#: Data symbols of the digits-only set C symbols the desk prints: 22-digit cards and passes (11),
#: 18-digit choice sheets (9).
DATA_SYMBOLS = (11, 9)
START_C = 105
STOP = "1100011101011"
#: Profile bin width in pixels: a quarter pixel keeps the sub-pixel phases of a tilted code.
STEP = 0.25
#: Modules of quiet zone kept around the code in a :class:`ModuleProfile`.
MARGIN = 4
#: Modules of a 22-digit token's symbol: what a located region is measured against.
TOKEN_MODULES = 156
#: A located box whose gradients agree less than this on one direction is no linear barcode.
MIN_COHERENCE = 0.5
#: A read is trusted only if every symbol matches its pattern at least this well...
MIN_SCORE = 0.55
#: ...no symbol is nearly as well explained by another pattern...
MIN_MARGIN = 0.02
#: ...and the stop pattern is where the grid says.
MIN_STOP = 0.5


def symbol_modules(data_symbols: int) -> int:
    """Modules of a set C symbol with ``data_symbols`` digit pairs: start, data and check (11
    each), stop (13)."""
    return 11 * (data_symbols + 2) + 13


@dataclass(frozen=True)
class Geometry:
    """Where the bars are: centre, unit vector along the code, length and height in pixels.

    ``keystone`` is how fast the bars' direction turns along the code (radians per pixel): the
    bars of a card whose top is farther from the camera than its bottom converge.
    """

    center: tuple[float, float]
    axis: tuple[float, float]
    length: float
    height: float
    keystone: float = 0.0
    coherence: float = 0.0  # 0..1: how much the gradients agree on one direction (bars: ~1)


@dataclass(frozen=True)
class Profile:
    """Pixels averaged along the bars: ``values[i]`` covers ``step`` px of the code's axis."""

    values: np.ndarray  # float32
    step: float  # px per bin
    pitch_hint: float  # rough px per module (from the located box)


@dataclass(frozen=True)
class Grid:
    """Where each module of a ``modules``-module symbol sits on a profile: :meth:`at` (bins)."""

    left: float  # bins: the measured leading edge of the first bar
    right: float  # bins: the measured trailing edge of the last bar
    bend: float  # foreshortening: 0 = even pitch; the pitch changes by (1 + bend)^2 end to end
    modules: int
    score: float  # 0..1 how well the edges sit on whole modules
    offset: float = 0.0  # module number at ``left`` (a measured end may be off by a fraction)
    stretch: float = 1.0  # modules between the measured ends, over ``modules``

    def at(self, m: np.ndarray) -> np.ndarray:
        t = (m - self.offset) / (self.stretch * self.modules)
        return self.left + (self.right - self.left) * t * (1 + self.bend) / (1 + self.bend * t)

    @property
    def pitch(self) -> float:
        """Mean bins per module."""
        return (self.right - self.left) / (self.stretch * self.modules)


@dataclass(frozen=True)
class ModuleProfile:
    """A profile resampled on the module grid: :data:`SAMPLES` per module, :data:`MARGIN` modules
    of quiet zone each side, normalised so that spaces are ~1 and bars ~0."""

    values: np.ndarray
    data_symbols: int


@dataclass(frozen=True)
class SymbolRead:
    """The best symbol sequence :func:`decode_modules` found, and how sure each symbol is."""

    symbols: tuple[int, ...]  # start, data..., check
    scores: tuple[float, ...]  # match of each symbol (normalised correlation)
    margins: tuple[float, ...]  # best minus second-best correlation of each symbol
    sigma: float  # the blur (modules) the patterns were matched at
    stop: float  # match of the stop pattern

    @property
    def checksum_ok(self) -> bool:
        start, *data, check = self.symbols
        return (start + sum(i * v for i, v in enumerate(data, 1))) % 103 == check

    @property
    def trusted(self) -> bool:
        """Start, stop, check symbol and every symbol's match are convincing."""
        return (
            self.checksum_ok
            and min(self.scores) >= MIN_SCORE
            and min(self.margins) >= MIN_MARGIN
            and self.stop >= MIN_STOP
        )

    def text(self) -> str:
        return "".join(f"{v:02d}" for v in self.symbols[1:-1])


@dataclass(frozen=True)
class Trace:
    """A profile between the code's ends, for averaging over frames: :data:`TRACE_BINS` samples
    from ``-TRACE_PAD`` to ``1 + TRACE_PAD`` of the code's length, bars ~0, spaces ~1."""

    values: np.ndarray
    pitch: float  # px per module in the frame


#: Samples of a :class:`Trace` and how far (fraction of the code) it reaches past both ends.
TRACE_BINS = 4096
TRACE_PAD = 0.05


@dataclass(frozen=True)
class RegionReading:
    """What the profile method made of one located region: texts and measurements."""

    texts: tuple[str, ...] = ()  # accepted by the caller's filter
    rejected: tuple[str, ...] = ()  # trusted reads the filter refused
    pitch: float | None = None  # px per module, when the code's ends were found
    blur: float | None = None  # px (gaussian sigma) the bars look blurred by
    contrast: float | None = None  # grey levels between spaces and bars
    washed: float = 0.0  # share of the code where even the bars are nearly white: glare
    coherence: float = 0.0
    trace: Trace | None = None  # for combining frames, when the ends were found


# --- geometry --------------------------------------------------------------------------------------


def refine_geometry(gray: np.ndarray, box: np.ndarray) -> Geometry | None:
    """The bars' direction measured from the gradients inside a located box (4x2 corners)."""
    p = np.asarray(box, np.float32).reshape(4, 2)
    e1, e2 = p[1] - p[0], p[2] - p[1]
    if np.linalg.norm(e1) >= np.linalg.norm(e2):
        a0, b0, d0 = p[0], p[1], p[3]
    else:
        a0, b0, d0 = p[1], p[2], p[0]
    length = float(np.linalg.norm(b0 - a0))
    height = float(np.linalg.norm(d0 - a0))
    if length < 20 or height < 4:
        return None
    center = p.mean(axis=0)
    rough = (b0 - a0) / length
    h, w = gray.shape
    x0, y0 = (int(v) for v in np.maximum(np.floor(p.min(axis=0)) - 1, 0))
    x1, y1 = (int(v) for v in np.minimum(np.ceil(p.max(axis=0)) + 2, (w, h)))
    if x1 - x0 < 8 or y1 - y0 < 4:
        return None
    sub = gray[y0:y1, x0:x1].astype(np.float32)
    gx = cv2.Sobel(sub, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(sub, cv2.CV_32F, 0, 1, ksize=3)
    mask = np.zeros(sub.shape, np.uint8)
    cv2.fillConvexPoly(mask, np.round(p - (x0, y0)).astype(np.int32), 1)
    inside = mask.astype(bool)
    yy, xx = np.nonzero(inside)
    gxx, gyy, gxy = gx[inside] ** 2, gy[inside] ** 2, gx[inside] * gy[inside]
    # The structure tensor's main direction is the bars' normal; weighted by edge strength, a few
    # hundred edges fix it to a fraction of a degree.
    jxx, jyy, jxy = float(gxx.sum()), float(gyy.sum()), float(gxy.sum())
    if jxx + jyy <= 0:
        return None
    phi = 0.5 * math.atan2(2 * jxy, jxx - jyy)
    axis = np.array([math.cos(phi), math.sin(phi)], np.float32)
    if float(axis @ rough) < 0:
        axis = -axis
    coherence = math.hypot(jxx - jyy, 2 * jxy) / (jxx + jyy)
    # Keystone: the direction in the left and in the right third of the code.
    u = (xx + x0 - center[0]) * axis[0] + (yy + y0 - center[1]) * axis[1]
    keystone = 0.0
    angles = []
    for sel in (u < -length / 6, u > length / 6):
        sxx, syy, sxy = float(gxx[sel].sum()), float(gyy[sel].sum()), float(gxy[sel].sum())
        if sxx + syy <= 0:
            break
        angles.append((0.5 * math.atan2(2 * sxy, sxx - syy), float(u[sel].mean())))
    if len(angles) == 2 and angles[1][1] - angles[0][1] > length / 4:
        turn = math.remainder(angles[1][0] - angles[0][0], math.pi)
        keystone = turn / (angles[1][1] - angles[0][1])
    return Geometry(
        (float(center[0]), float(center[1])), (float(axis[0]), float(axis[1])), length, height, keystone, coherence
    )


def project(gray: np.ndarray, geom: Geometry, pad: float = 0.35, rows: float = 0.8) -> Profile | None:
    """Average the region along the bars into a profile binned at :data:`STEP` px.

    The box is extended along the code by ``pad`` of its length on each side (detector boxes
    often miss the outer bars and always the quiet zones), and only the middle ``rows`` of its
    height are used (the ends of a tilted box take in printed text).
    """
    ax = np.array(geom.axis, np.float32)
    bx = np.array([-ax[1], ax[0]], np.float32)
    c = np.array(geom.center, np.float32)
    half_u = geom.length * (0.5 + pad)
    half_v = geom.height * rows / 2
    corners = np.array([c + su * half_u * ax + sv * half_v * bx for su in (-1, 1) for sv in (-1, 1)])
    h, w = gray.shape
    x0, y0 = (int(v) for v in np.maximum(np.floor(corners.min(axis=0)), 0))
    x1, y1 = (int(v) for v in np.minimum(np.ceil(corners.max(axis=0)) + 1, (w, h)))
    if x1 - x0 < 8 or y1 - y0 < 2:
        return None
    xs = np.arange(x0, x1, dtype=np.float32) - c[0]
    ys = np.arange(y0, y1, dtype=np.float32)[:, None] - c[1]
    u0 = xs[None, :] * ax[0] + ys * ax[1]
    v0 = xs[None, :] * bx[0] + ys * bx[1]
    # Converging bars (keystone) are made parallel: a pixel at height v lies on the bar that
    # crosses the axis at u0 / (1 - k v).
    u = u0 / (1 - geom.keystone * v0) if geom.keystone else u0
    sel = (np.abs(u) < half_u) & (np.abs(v0) < half_v)
    if int(sel.sum()) < 50:
        return None
    values = gray[y0:y1, x0:x1][sel].astype(np.float32)
    pos = (u[sel] + half_u) / STEP
    n = int(2 * half_u / STEP) + 2
    i0 = pos.astype(np.int64)
    frac = pos - i0
    # Linear splatting into quarter-pixel bins keeps every row's own sub-pixel phase.
    weight = np.bincount(i0, 1 - frac, n) + np.bincount(i0 + 1, frac, n)
    total = np.bincount(i0, values * (1 - frac), n) + np.bincount(i0 + 1, values * frac, n)
    filled = weight > 0.05
    if int(filled.sum()) < 16:
        return None
    idx = np.arange(n)
    raw = np.interp(idx, idx[filled], total[filled] / weight[filled]).astype(np.float32)
    # Smooth over about a pixel: the bins of a level code are only filled every 4th one.
    prof = np.asarray(cv2.GaussianBlur(raw.reshape(1, -1), (0, 0), 1.6)).ravel()
    # Detector boxes come out about 15 % longer than the bars.
    return Profile(prof, STEP, geom.length / TOKEN_MODULES / 1.15)


# --- ends and module grid ------------------------------------------------------------------------


def _edges(values: np.ndarray, rel: float) -> tuple[np.ndarray, np.ndarray]:
    """Sub-bin positions and signed strengths of the profile's edges (peaks of its slope above
    ``rel`` of the strongest)."""
    d = np.gradient(values)
    a = np.abs(d)
    if a.size < 3:
        return np.zeros(0), np.zeros(0)
    peak = (a[1:-1] >= a[:-2]) & (a[1:-1] > a[2:])
    floor = rel * float(np.percentile(a, 99.5))
    idx = np.nonzero(peak & (a[1:-1] > floor))[0] + 1
    y0, y1, y2 = a[idx - 1], a[idx], a[idx + 1]
    den = y0 - 2 * y1 + y2
    off = np.where(den < 0, 0.5 * (y0 - y2) / np.where(den < 0, den, -1), 0.0)
    return idx + np.clip(off, -0.5, 0.5), d[idx]


def find_ends(profile: Profile) -> tuple[float, float, int] | None:
    """Positions (bins) of the first and the last bar edge of the code, and the polarity
    (+1: dark bars on a light background, -1: light bars on a dark screen).

    An end is an edge of the right sign with a quiet zone beside it (no edge for seven modules);
    of all pairs of ends, the code is the one with the most edges between them and no gap wider
    than a symbol's widest element allows.
    """
    pos, strength = _edges(profile.values, 0.2)
    if pos.size < 20:
        return None
    hint = profile.pitch_hint / profile.step  # bins per module, +-25 %
    quiet = 7 * hint
    # The profile's own ends are no quiet zones: the box may have cut the code there.
    gaps_before = np.diff(pos, prepend=min(-1.0, float(pos[0]) - quiet - 1) if pos[0] > quiet else pos[0])
    gaps_after = np.diff(pos, append=float(pos[-1]) + quiet + 1 if profile.values.size - pos[-1] > quiet else pos[-1])
    best: tuple[int, float, float, int] | None = None
    for polarity in (1, -1):
        # Dark bars: the first bar starts light -> dark (falling), the last ends rising.
        lefts = np.nonzero((gaps_before > quiet) & (np.sign(strength) == -polarity))[0]
        rights = np.nonzero((gaps_after > quiet) & (np.sign(strength) == polarity))[0]
        for i in lefts:
            for j in rights[rights > i + 20]:
                span = pos[j] - pos[i]
                pitch = span / (symbol_modules(DATA_SYMBOLS[-1]) - 1)
                if not 0.6 * hint <= span / (TOKEN_MODULES - 1) <= 1.6 * hint:
                    continue
                if float(np.diff(pos[i : j + 1]).max()) > 7 * pitch:
                    continue  # a hole much wider than any element: two things, not one code
                count = j - i
                if best is None or count > best[0]:
                    best = (count, float(pos[i]), float(pos[j]), polarity)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _touches_border(profile: Profile) -> bool:
    """Whether strong edges reach the first or last tenth of the profile: the box cut the code."""
    pos, _ = _edges(profile.values, 0.3)
    n = profile.values.size
    return bool(pos.size) and (float(pos.min()) < 0.1 * n or float(pos.max()) > 0.9 * n)


def fit_grid(profile: Profile, left: float, right: float, modules: int) -> Grid:
    """The module grid that puts the profile's edges on whole modules (positions in bins).

    For a trial foreshortening ``bend`` and stretch every edge gets a module coordinate ``m``;
    the phases ``exp(2 pi i m)`` add up to a long vector only when the grid is right. The best
    offset follows from the sum's angle, so only bend and stretch are searched.
    """
    pos, strength = _edges(profile.values, 0.08)
    inside = (pos > left - 4) & (pos < right + 4)
    pos, wts = pos[inside], np.abs(strength[inside])
    if pos.size < 10 or right - left < modules:
        return Grid(left, right, 0.0, modules, 0.0)
    wts = wts / wts.sum()
    s = (pos - left) / (right - left)

    def comb(bends: np.ndarray, stretches: np.ndarray) -> np.ndarray:
        b = bends[:, None]
        m = modules * s[None, :] / (1 + b - b * s[None, :]) * stretches[:, None]
        return (np.exp(2j * np.pi * m) * wts[None, :]).sum(axis=1)  # type: ignore[no-any-return]

    bends, stretches = np.meshgrid(np.linspace(-0.35, 0.35, 57), 1 + np.linspace(-1.2, 1.2, 9) / modules, indexing="ij")
    z = comb(bends.ravel(), stretches.ravel())
    k = int(np.argmax(np.abs(z)))
    bend, stretch = float(bends.ravel()[k]), float(stretches.ravel()[k])
    fb, fs = np.meshgrid(
        bend + np.linspace(-0.006, 0.006, 7), stretch + np.linspace(-0.15, 0.15, 7) / modules, indexing="ij"
    )
    z = comb(fb.ravel(), fs.ravel())
    k = int(np.argmax(np.abs(z)))
    bend, stretch, zk = float(fb.ravel()[k]), float(fs.ravel()[k]), complex(z[k])
    # m(x) = stretch * m0(x) + offset, with the offset that turns the phases to whole modules;
    # the measured left end is module 0 within half a module.
    offset = -math.atan2(zk.imag, zk.real) / (2 * math.pi)
    offset -= round(offset)
    return Grid(left, right, bend, modules, float(abs(zk)), offset, stretch)


def _levels(values: np.ndarray, quiet: int, inner: slice) -> tuple[float, float]:
    """Space and bar levels of a polarity-normalised profile: the median of the ``quiet``
    samples at each end, and a low percentile inside the code."""
    white = float(np.median(np.concatenate([values[:quiet], values[-quiet:]])))
    black = float(np.percentile(values[inner], 3))
    return white, black


def to_modules(profile: Profile, grid: Grid, polarity: int, data_symbols: int) -> ModuleProfile:
    """Resample the profile on the grid, normalised with spaces ~1 and bars ~0."""
    m = np.arange(-MARGIN * SAMPLES, (grid.modules + MARGIN) * SAMPLES) / SAMPLES + 0.5 / SAMPLES
    vals = np.interp(grid.at(m), np.arange(profile.values.size), profile.values).astype(np.float32)
    if polarity < 0:
        vals = -vals
    white, black = _levels(vals, (MARGIN - 1) * SAMPLES, slice(MARGIN * SAMPLES, -MARGIN * SAMPLES))
    span = white - black if white - black > 1e-3 else 1.0
    return ModuleProfile((vals - black) / span, data_symbols)


# --- decoding --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _patterns() -> tuple[str, ...]:
    from barcode.charsets import code128

    return tuple(code128.CODES)


def _blurred(modules: str, sigma: float, before: float, after: float) -> np.ndarray:
    """Modules ('1' bar) drawn at SAMPLES per module between ``before`` and ``after`` levels,
    blurred by ``sigma`` modules, the middle returned zero-mean and unit-norm."""
    r = max(1, math.ceil(3 * sigma * SAMPLES))
    fine = np.repeat(np.array([0.0 if ch == "1" else 1.0 for ch in modules], np.float32), SAMPLES)
    fine = np.concatenate([np.full(r, before, np.float32), fine, np.full(r, after, np.float32)])
    blurred = cv2.GaussianBlur(
        fine.reshape(1, -1), (2 * r + 1, 1), sigma * SAMPLES, borderType=cv2.BORDER_REPLICATE
    ).ravel()
    core = blurred[r + SAMPLES : r + (len(modules) - 1) * SAMPLES]
    core = core - core.mean()
    return core / max(float(np.linalg.norm(core)), 1e-6)  # type: ignore[no-any-return]


@lru_cache(maxsize=16)
def _templates(sigma: float) -> np.ndarray:
    """The 106 symbol patterns seen through a blur of ``sigma`` modules: zero-mean, unit-norm
    columns of ``11 * SAMPLES`` samples. Each symbol is drawn between the space that ends every
    symbol and the bar that starts the next one."""
    rows = np.array([_blurred("0" + p + "1", sigma, 1.0, 0.0) for p in _patterns()], np.float32)
    return np.ascontiguousarray(rows.T)


def _correlate(windows: np.ndarray, sigma: float) -> np.ndarray:
    """Correlation of every window (last axis) with every symbol pattern: shape (..., 106)."""
    flat = windows.reshape(-1, windows.shape[-1])
    tpl = _templates(sigma)
    # In slices of 64 rows: OpenBLAS spreads a larger product over all cores and then waits for
    # them, which on a busy desk laptop (or a process pinned to one core) costs 5-10x the time.
    out = np.concatenate([flat[i : i + 64] @ tpl for i in range(0, flat.shape[0], 64)])
    return out.reshape(*windows.shape[:-1], -1)


@lru_cache(maxsize=16)
def _stop_template(sigma: float) -> np.ndarray:
    return _blurred("0" + STOP + "0", sigma, 1.0, 1.0)


#: Blur (modules) the symbol patterns are tried with; the one that fits best is used.
SIGMAS = (0.3, 0.42, 0.55, 0.7, 0.85, 1.0)
#: How far (samples) a symbol may sit off the fitted grid, and how much further than its
#: neighbour: the grid of a card turned away from the camera drifts smoothly.
REACH = 8
DRIFT = 1


def _windows(values: np.ndarray, starts: np.ndarray, length: int) -> np.ndarray:
    """Windows of ``length`` samples at ``starts`` (any shape), zero-mean and unit-norm."""
    idx = np.clip(starts[..., None] + np.arange(length), 0, values.size - 1)
    win = values[idx]
    win = win - win.mean(axis=-1, keepdims=True)
    return win / np.maximum(np.linalg.norm(win, axis=-1, keepdims=True), 1e-6)  # type: ignore[no-any-return]


def _constrain(corr: np.ndarray) -> None:
    """Rule out symbol values that cannot occur at each position of a token (last axis)."""
    corr[0, ..., :START_C] = -2  # the first symbol is start C,
    corr[0, ..., START_C + 1 :] = -2
    corr[1:-1, ..., 100:] = -2  # data symbols are digit pairs (no code switches),
    corr[-1, ..., 103:] = -2  # and the check symbol is a value mod 103.


def decode_modules(mp: ModuleProfile, sigmas: Sequence[float] = SIGMAS) -> SymbolRead:
    """The best symbol sequence for a module profile.

    First the blur: every symbol is matched against all patterns near its place on the grid at
    each trial blur; the blur whose best matches add up highest is taken. Then a Viterbi search
    lets each symbol sit up to :data:`REACH` samples off the grid but at most :data:`DRIFT`
    samples off its neighbour, and takes the best-matching pattern at each symbol's place.
    """
    n = mp.data_symbols + 2  # start, data, check
    first = MARGIN * SAMPLES
    length = 11 * SAMPLES
    base = first + np.arange(n) * length
    near = _windows(mp.values, base[:, None] + np.arange(-3, 4)[None, :], length)
    best_sigma, best_total = sigmas[0], -math.inf
    for sigma in sigmas:
        corr = _correlate(near, sigma)
        _constrain(corr)
        total = float(corr.max(axis=(1, 2)).sum())
        if total > best_total:
            best_sigma, best_total = sigma, total
    offsets = np.arange(-REACH, REACH + 1)
    win = _windows(mp.values, base[:, None] + offsets[None, :], length)
    corr = _correlate(win, best_sigma)
    _constrain(corr)
    order = np.argpartition(-corr, 1, axis=2)[..., :2]
    pair = np.take_along_axis(corr, order, axis=2)
    swap = pair[..., 1] > pair[..., 0]
    order[swap] = order[swap][:, ::-1]
    top = np.maximum(pair[..., 0], pair[..., 1])
    second = np.minimum(pair[..., 0], pair[..., 1])
    # The stop pattern after the check symbol anchors the right end.
    stop = _windows(mp.values, first + n * length + offsets, 13 * SAMPLES) @ _stop_template(best_sigma)
    prior = -0.002 * np.abs(offsets)  # a little preference for the fitted grid
    score = top[0] + prior
    back = np.zeros((n + 1, offsets.size), np.int64)
    span = 2 * DRIFT + 1
    for k in range(1, n + 1):
        emit = top[k] if k < n else stop
        shifted = np.full((span, offsets.size), -np.inf)
        for j, d in enumerate(range(-DRIFT, DRIFT + 1)):
            if d >= 0:
                shifted[j, d:] = score[: offsets.size - d]
            else:
                shifted[j, :d] = score[-d:]
        pick = np.argmax(shifted, axis=0)
        back[k] = np.arange(offsets.size) - (pick - DRIFT)
        score = shifted[pick, np.arange(offsets.size)] + emit + prior
    path = [int(np.argmax(score))]
    for k in range(n, 0, -1):
        path.append(int(back[k][path[-1]]))
    path.reverse()  # offsets of symbols 0..n-1, then of the stop
    return SymbolRead(
        tuple(int(order[k, path[k], 0]) for k in range(n)),
        tuple(float(top[k, path[k]]) for k in range(n)),
        tuple(float(top[k, path[k]] - second[k, path[k]]) for k in range(n)),
        best_sigma,
        float(stop[path[n]]),
    )


# --- whole reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ProfileRead:
    texts: tuple[str, ...]
    rejected: tuple[str, ...]
    sigma: float | None  # modules, of the best-matching attempt


def read_profile(
    profile: Profile, left: float, right: float, polarity: int, accept: Callable[[str], bool]
) -> _ProfileRead:
    """Decode a profile whose code ends (bins) and polarity are known, in both directions (a
    card held upside down) and for both token lengths."""
    texts: list[str] = []
    rejected: list[str] = []
    sigma: float | None = None
    best = -math.inf
    for data_symbols in DATA_SYMBOLS:
        grid = fit_grid(profile, left, right, symbol_modules(data_symbols))
        if grid.score < 0.15:
            continue
        mp = to_modules(profile, grid, polarity, data_symbols)
        for values in (mp.values, mp.values[::-1].copy()):
            read = decode_modules(ModuleProfile(values, data_symbols))
            quality = sum(read.scores)
            if quality > best:
                best, sigma = quality, read.sigma
            if not read.trusted:
                continue
            text = read.text()
            if accept(text):
                if text not in texts:
                    texts.append(text)
            elif text not in rejected:
                rejected.append(text)
        if texts:
            break
    return _ProfileRead(tuple(texts), tuple(rejected), sigma)


def _trace(profile: Profile, left: float, right: float, polarity: int, pitch: float) -> Trace:
    s = np.linspace(-TRACE_PAD, 1 + TRACE_PAD, TRACE_BINS)
    vals = np.interp(left + s * (right - left), np.arange(profile.values.size), profile.values).astype(np.float32)
    if polarity < 0:
        vals = -vals
    pad = int(TRACE_BINS * TRACE_PAD / (1 + 2 * TRACE_PAD))
    white, black = _levels(vals, pad - 8, slice(pad + 8, -pad - 8))
    span = white - black if white - black > 1e-3 else 1.0
    return Trace((vals - black) / span, pitch)


def _washed(values: np.ndarray, span: slice, pitch_bins: float, polarity: int) -> float:
    """The share of ``values[span]`` where the bars are nearly as light as the spaces: washed
    out by a reflection. A dim or evenly overexposed code keeps its darkest bars dark."""
    v = values if polarity > 0 else -values
    lo, hi = np.percentile(v, (3, 97))
    win = max(3, int(6 * pitch_bins)) | 1
    darkest = cv2.erode(v.reshape(1, -1).astype(np.float32), np.ones((1, win), np.uint8)).ravel()[span]
    if darkest.size == 0 or hi - lo < 1e-3:
        return 0.0
    return float(np.count_nonzero(darkest > lo + 0.6 * (hi - lo))) / darkest.size


def read_region(gray: np.ndarray, box: np.ndarray, accept: Callable[[str], bool]) -> RegionReading:
    """Read one located region (4x2 box) by the profile method and measure what a hint needs."""
    geom = refine_geometry(gray, box)
    if geom is None or geom.coherence < MIN_COHERENCE:
        return RegionReading(coherence=geom.coherence if geom else 0.0)
    prof = project(gray, geom)
    if prof is None:
        return RegionReading(coherence=geom.coherence)
    ends = find_ends(prof)
    if ends is None and _touches_border(prof):
        # The located box covers only part of the code: look much further along it.
        wider = project(gray, geom, pad=1.0)
        if wider is not None:
            prof, ends = wider, find_ends(wider)
    v = prof.values
    pitch_bins = prof.pitch_hint / prof.step
    if ends is None:
        # Without the ends: the middle of the box, and the polarity that puts the light side out.
        n = v.size
        middle = slice(int(0.3 * n), int(0.7 * n))
        outer = np.concatenate([v[: int(0.15 * n)], v[-int(0.15 * n) :]])
        polarity = 1 if float(np.median(outer)) >= float(np.median(v[middle])) else -1
        lo, hi = np.percentile(v[middle], (3, 97))
        return RegionReading(
            contrast=float(hi - lo), washed=_washed(v, middle, pitch_bins, polarity), coherence=geom.coherence
        )
    left, right, polarity = ends
    pitch = (right - left) * prof.step / (TOKEN_MODULES - 1)
    read = read_profile(prof, left, right, polarity, accept)
    code = slice(int(left), int(right) + 1)
    margin = max(2, int(4 * pitch / prof.step))
    outer = np.concatenate([v[max(0, int(left) - margin) : int(left)], v[int(right) + 1 : int(right) + 1 + margin]])
    contrast = (
        abs(float(np.median(outer)) - float(np.percentile(v[code], 3 if polarity > 0 else 97))) if outer.size else None
    )
    return RegionReading(
        read.texts,
        read.rejected,
        pitch,
        read.sigma * pitch if read.sigma else None,
        contrast,
        _washed(v, code, pitch / prof.step, polarity),
        geom.coherence,
        _trace(prof, left, right, polarity, pitch),
    )


def read_trace(trace: Trace, accept: Callable[[str], bool]) -> tuple[str, ...]:
    """Decode a (combined) trace: its ends are known, bars are dark."""
    step = (1 + 2 * TRACE_PAD) / (TRACE_BINS - 1)  # fraction of the code per bin
    left = TRACE_PAD / step
    right = (1 + TRACE_PAD) / step
    prof = Profile(trace.values, trace.pitch * TOKEN_MODULES * step, trace.pitch)
    return read_profile(prof, left, right, 1, accept).texts
