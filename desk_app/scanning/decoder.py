"""Decode Code128 barcodes from camera frames and card images.

Pure functions over numpy arrays: no Qt, no database. The card printer calls :func:`decode_image`
to read back what it printed; the camera worker, ``desk-app decode`` and the benchmark use a
:class:`Decoder`, so all of them run the same chain.

A decoder is a ladder of (engine, step) attempts, cheapest first, that stops at the first attempt
giving a string the ``accept`` filter passes (normally
:func:`desk_app.domain.token.looks_like_token`). Engines are zxing-cpp, zbar (pyzbar) and our own
pattern matcher (``match``, :mod:`desk_app.scanning.profile`). Steps:

``plain``    the grey frame as it is;
``locate``   OpenCV's barcode *detector* (it cannot decode Code128) finds the bars; each region is
             cut out, turned level, averaged along the bars (noise), sharpened (blur) and read in
             both polarities. This reads cards tilted by more than a few degrees (a scan line must
             cross all bars) and dark-mode phone screens (light bars on black);
``profile``  (engine ``match`` only) each located region that is still unread is rectified, all
             its rows are combined into one profile finer than a pixel, the module grid is fitted
             to its edges and every symbol is matched against the blurred Code128 patterns. This
             is what reads a card at arm's length: 1-2 pixels per module, blurred;
``invert``   the whole frame inverted, for when the detector missed a dark-mode screen;
``equalize`` local contrast equalisation (CLAHE) for glare and dim light.

Only Code128 is enabled in zxing-cpp and zbar: zbar's other linear decoders report false codes
in the printed text around a card's barcode. The numbers behind the default ladder are in
``benchmarks/bench_decode.py``'s report.

The native readers are imported when first used, not with this module: a machine without the
zbar library still decodes (with zxing-cpp and the matcher) and says so once in the log.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import Literal

import cv2
import numpy as np

from desk_app.scanning import profile
from desk_app.scanning.locate import find_bars
from desk_app.scanning.profile import RegionReading

Engine = Literal["zxing", "zbar", "match"]
Step = Literal["plain", "locate", "profile", "invert", "equalize"]
Point = tuple[float, float]
Polygon = tuple[Point, ...]

ENGINES: tuple[Engine, ...] = ("zxing", "zbar", "match")
STEPS: tuple[Step, ...] = ("plain", "locate", "profile", "invert", "equalize")

#: Modules of a 22-digit token in Code128 set C: start + 11 pairs + check (11 each) + stop (13).
TOKEN_MODULES = 156
#: OpenCV's detector draws its boxes about this much longer than the bars.
_DETECTOR_SLACK = 1.15

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Region:
    """Where a barcode is (or seems to be) in the frame, for the preview outline and hints."""

    polygon: Polygon
    text: str | None  # the accepted text read here; None when located but not (acceptably) read
    px_per_module: float | None  # estimated width of one module in frame pixels
    #: What the profile step measured here (pitch, blur, contrast, glare, the profile itself for
    #: combining frames); None when that step did not look at this region.
    reading: RegionReading | None = None


@dataclass(frozen=True)
class DecodeResult:
    """What one frame gave: accepted texts, rejected reads and the regions seen."""

    accepted: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()  # Code128 reads the accept filter refused (misreads, foreign codes)
    regions: tuple[Region, ...] = ()
    step: str | None = None  # "engine/step" that gave the first accepted text (benchmark, debugging)
    min_px_per_module: float = 1.3

    @property
    def too_small(self) -> bool:
        """A code was located but nothing read and its bars are too thin: ask to come closer."""
        if self.accepted:
            return False
        sizes = [r.px_per_module for r in self.regions if r.px_per_module is not None]
        return bool(sizes) and max(sizes) < self.min_px_per_module


def accept_all(text: str) -> bool:
    """An accept filter for read-back checks where any Code128 text counts."""
    return True


def _default_accept() -> Callable[[str], bool]:
    # Imported late so that the decoder module also works (with an explicit filter) in tools
    # that do not ship the domain package.
    from desk_app.domain.token import looks_like_token

    return looks_like_token


Attempt = tuple[Engine, Step]

#: The desk default, measured with ``benchmarks/bench_decode.py``. zxing-cpp on the whole frame
#: costs about a millisecond and reads a level card held close; the located, levelled crops read
#: tilted cards and dark-mode phones at >= 2 px per module; the profile matcher reads what is left,
#: down to about 1.2 px per module. zbar, on the crops or the whole frame (10-30 ms at 1280x720),
#: inversion and equalisation added no reads after these on the benchmark and are left to
#: :data:`THOROUGH_LADDER`.
DEFAULT_LADDER: tuple[Attempt, ...] = (
    ("zxing", "plain"),
    ("zxing", "locate"),
    ("match", "profile"),
)

#: Everything, for offline decoding (``desk-app decode``) where time does not matter.
THOROUGH_LADDER: tuple[Attempt, ...] = (
    *DEFAULT_LADDER,
    ("zbar", "locate"),
    ("zbar", "plain"),
    ("zxing", "invert"),
    ("zbar", "invert"),
    ("zxing", "equalize"),
    ("zbar", "equalize"),
)


@dataclass(frozen=True)
class Decoder:
    """A decoder configuration: which (engine, step) attempts in which order, which texts count.

    Attempts run in order and stop after the first one that gives an accepted text. The default
    is the fast desk chain measured by ``benchmarks/bench_decode.py``.
    """

    ladder: tuple[Attempt, ...] = DEFAULT_LADDER
    accept: Callable[[str], bool] = field(default_factory=_default_accept)
    #: OpenCV's detector downsamples frames larger than this (px); 384 finds a card-sized code in
    #: a 1280x720 frame in about a third of the time of its default 512.
    locate_downsampling: int = 384
    #: Bars thinner than this (px per module) are too small to read reliably: hint "come closer".
    min_px_per_module: float = 1.3
    #: Modules in the symbol expected at the desk; used to estimate px per module from a region.
    symbol_modules: int = TOKEN_MODULES
    #: At most this many located regions per frame go through the (costlier) profile step.
    max_profile_regions: int = 3
    _local: threading.local = field(default_factory=threading.local, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.ladder:
            raise ValueError("a decoder needs at least one attempt")
        for engine, step in self.ladder:
            if engine not in ENGINES:
                raise ValueError(f"unknown engine {engine!r}; choose from {ENGINES}")
            if step not in STEPS:
                raise ValueError(f"unknown step {step!r}; choose from {STEPS}")
            if (engine == "match") != (step == "profile"):
                raise ValueError(f"the step 'profile' goes with the engine 'match', not {engine}/{step}")

    @classmethod
    def engine_first(
        cls, engines: Sequence[Engine], steps: Sequence[Step] = ("plain", "locate"), **kwargs: object
    ) -> Decoder:
        """All steps with the first engine, then all with the next (a primary and a fallback)."""
        return cls(ladder=tuple((e, s) for e in engines for s in steps), **kwargs)  # type: ignore[arg-type]

    @classmethod
    def step_first(
        cls, engines: Sequence[Engine], steps: Sequence[Step] = ("plain", "locate"), **kwargs: object
    ) -> Decoder:
        """Each step with every engine before the next step."""
        return cls(ladder=tuple((e, s) for s in steps for e in engines), **kwargs)  # type: ignore[arg-type]

    def describe(self) -> str:
        return " > ".join(f"{e}/{s}" for e, s in self.ladder)

    def __call__(self, frame: np.ndarray) -> list[str]:
        return list(self.decode(frame).accepted)

    def _detector(self) -> cv2.barcode.BarcodeDetector:
        # One detector per thread: OpenCV objects are not documented as thread-safe and the
        # worker thread and the GUI thread (decode_files) may share a Decoder.
        det = getattr(self._local, "detector", None)
        if det is None:
            det = cv2.barcode.BarcodeDetector()
            det.setDownsamplingThreshold(float(self.locate_downsampling))
            self._local.detector = det
        return det

    def decode(self, frame: np.ndarray) -> DecodeResult:
        """Run the ladder on one frame (grey or BGR) and stop at the first accepted text."""
        run = _Run(self, to_gray(frame))
        for engine, step in self.ladder:
            run.attempt(engine, step)
            if run.accepted:
                break
        return run.result()


@dataclass
class _Located:
    polygon: Polygon
    box: np.ndarray
    px_per_module: float | None
    crops: list[np.ndarray] | None = None
    reading: RegionReading | None = None
    text: str | None = None


class _Run:
    """The state of one :meth:`Decoder.decode` call; derived images are made once and reused."""

    def __init__(self, decoder: Decoder, gray: np.ndarray) -> None:
        self.decoder = decoder
        self.gray = gray
        self.accepted: list[str] = []
        self.rejected: list[str] = []
        self.step: str | None = None
        self._images: dict[str, np.ndarray] = {}
        self._located: list[_Located] | None = None
        self._more_located = False
        self._found_regions: list[Region] = []

    def _take(self, text: str, polygon: Polygon, label: str, ppm: float | None = None) -> bool:
        if self.decoder.accept(text):
            if text not in self.accepted:
                self.accepted.append(text)
                if ppm is None:
                    ppm = _px_per_module(polygon, self.decoder.symbol_modules)
                self._found_regions.append(Region(polygon, text, ppm))
            if self.step is None:
                self.step = label
            return True
        if text not in self.rejected:
            self.rejected.append(text)
        return False

    def _image(self, step: Step) -> np.ndarray:
        img = self._images.get(step)
        if img is None:
            if step == "plain":
                img = self.gray
            elif step == "invert":
                img = cv2.bitwise_not(self.gray)
            else:
                img = _clahe(self.gray)
            self._images[step] = img
        return img

    def attempt(self, engine: Engine, step: Step) -> None:
        label = f"{engine}/{step}"
        if step == "profile":
            self._attempt_profile(label)
            return
        if step != "locate":
            for text, polygon in read_engine(engine, self._image(step)):
                self._take(text, polygon, label)
            return
        for region in self._locate():
            if region.text is not None:
                continue
            if region.crops is None:
                region.crops = _level_crops(self.gray, region.box, self.decoder.symbol_modules)
            for crop in region.crops:
                # The polarity of a located code is unknown (paper or dark-mode screen): try both.
                for variant in (crop, cv2.bitwise_not(crop)):
                    texts = [text for text, _ in read_engine(engine, variant)]
                    good = [t for t in texts if self._take(t, region.polygon, label, region.px_per_module)]
                    if good:
                        region.text = good[0]
                        break
                if region.text is not None:
                    break

    def _attempt_profile(self, label: str) -> None:
        done = 0
        for region in self._locate(more=True):
            if region.text is not None or region.reading is not None:
                continue
            if done >= self.decoder.max_profile_regions:
                break
            if self.accepted:
                break
            done += 1
            region.reading = profile.read_region(self.gray, region.box, self.decoder.accept)
            if region.reading.pitch is not None:
                region.px_per_module = region.reading.pitch
            for text in region.reading.rejected:
                if text not in self.rejected:
                    self.rejected.append(text)
            for text in region.reading.texts:
                if self._take(text, region.polygon, label, region.px_per_module) and region.text is None:
                    region.text = text

    def _locate(self, more: bool = False) -> list[_Located]:
        """Regions found by OpenCV's detector; with ``more``, also those :func:`find_bars` finds
        elsewhere (it sees codes the detector misses under a phone screen's moiré)."""
        if self._located is None:
            self._located = []
            ok, boxes = self.decoder._detector().detect(self.gray)
            if ok and boxes is not None:
                for box in np.asarray(boxes, np.float32).reshape(-1, 4, 2):
                    self._add_region(box, _DETECTOR_SLACK)
        if more and not self._more_located:
            self._more_located = True
            for box in find_bars(self.gray):
                centre = (float(box[:, 0].mean()), float(box[:, 1].mean()))
                if not any(cv2.pointPolygonTest(r.box, centre, False) >= 0 for r in self._located):
                    self._add_region(box, 1.0)
        return self._located

    def _add_region(self, box: np.ndarray, slack: float) -> None:
        assert self._located is not None
        polygon: Polygon = tuple((float(x), float(y)) for x, y in box)
        ppm = _px_per_module(polygon, self.decoder.symbol_modules)
        self._located.append(_Located(polygon, box, ppm / slack if ppm else None))

    def result(self) -> DecodeResult:
        regions = list(self._found_regions)
        for region in self._located or []:
            if region.text is None:
                regions.append(Region(region.polygon, None, region.px_per_module, region.reading))
        return DecodeResult(
            tuple(self.accepted), tuple(self.rejected), tuple(regions), self.step, self.decoder.min_px_per_module
        )


def to_gray(image: np.ndarray) -> np.ndarray:
    """A contiguous 8-bit grey image from grey, BGR or BGRA input."""
    if image.dtype != np.uint8:
        raise ValueError(f"expected an 8-bit image, got {image.dtype}")
    if image.ndim == 2:
        return np.ascontiguousarray(image)
    if image.ndim == 3 and image.shape[2] == 1:
        return np.ascontiguousarray(image[:, :, 0])
    if image.ndim == 3 and image.shape[2] == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    raise ValueError(f"unsupported image shape {image.shape}")


_ZBAR_LOCK = threading.Lock()
_zbar_state: list[ModuleType | None] = []  # empty: not tried yet; [None]: not available


def zbar_available() -> bool:
    """Whether pyzbar and the zbar library can be loaded (tried once, on first use)."""
    return _zbar() is not None


def _zbar() -> ModuleType | None:
    with _ZBAR_LOCK:
        if not _zbar_state:
            try:
                from pyzbar import pyzbar
            except (ImportError, OSError) as err:
                # pyzbar raises ImportError when the zbar shared library is missing.
                log.warning("zbar is not available (%s): decoding with zxing-cpp and the pattern matcher only", err)
                _zbar_state.append(None)
            else:
                _zbar_state.append(pyzbar)
        return _zbar_state[0]


def read_engine(engine: Engine | str, gray: np.ndarray) -> list[tuple[str, Polygon]]:
    """Code128 texts and their polygons from one engine on one grey image, nothing else.

    zbar returns nothing (after one log message) where its library is missing.
    """
    out: list[tuple[str, Polygon]] = []
    if engine == "zxing":
        import zxingcpp

        # try_invert does not help linear codes (measured), try_rotate only adds 90 degree turns
        # a desk never sees; both cost time.
        code128 = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128)
        for res in zxingcpp.read_barcodes(gray, formats=code128, try_rotate=False, try_invert=False):
            if not res.valid:
                continue
            pos = res.position
            poly = tuple(
                (float(p.x), float(p.y)) for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
            )
            out.append((res.text, poly))
    elif engine == "zbar":
        pyzbar = _zbar()
        if pyzbar is None:
            return out
        for sym in pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.CODE128]):
            r = sym.rect
            poly = (
                (float(r.left), float(r.top)),
                (float(r.left + r.width), float(r.top)),
                (float(r.left + r.width), float(r.top + r.height)),
                (float(r.left), float(r.top + r.height)),
            )
            out.append((sym.data.decode("latin-1"), poly))
    elif engine == "match":
        raise ValueError("the 'match' engine reads located regions only: use the step 'profile'")
    else:
        raise ValueError(f"unknown engine {engine!r}")
    return out


def _px_per_module(polygon: Sequence[Point], modules: int) -> float | None:
    pts = np.asarray(polygon, np.float32)
    if len(pts) < 2:
        return None
    sides = [float(np.linalg.norm(pts[(i + 1) % len(pts)] - pts[i])) for i in range(len(pts))]
    longest = max(sides)
    return longest / modules if longest > 0 else None


_CLAHE = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))
_CLAHE_LOCK = threading.Lock()


def _clahe(gray: np.ndarray) -> np.ndarray:
    with _CLAHE_LOCK:  # a CLAHE object holds state; the worker and the GUI thread may both decode
        return np.asarray(_CLAHE.apply(gray))


#: A levelled crop is drawn with at least this many pixels per module: both engines read
#: markedly better above 2 px/module and an upscaled crop is small anyway.
_CROP_PPM = 3.0


def _level_crops(gray: np.ndarray, box: np.ndarray, modules: int) -> list[np.ndarray]:
    """Cut the located bars out of the frame, level and average them along the bars.

    The detector's box tends to hug the bars, so it is widened by a few modules for the quiet
    zones. Averaging rows (INTER_AREA down to a few rows) is a cheap, strong denoiser for a
    linear code, and it also undoes a little blur and residual tilt.
    """
    p = box.astype(np.float32)
    e1, e2 = p[1] - p[0], p[2] - p[1]
    if np.linalg.norm(e1) >= np.linalg.norm(e2):
        a, b, c, d = p[0], p[1], p[2], p[3]
    else:
        a, b, c, d = p[1], p[2], p[3], p[0]
    length = float(np.linalg.norm(b - a))
    height = float(np.linalg.norm(d - a))
    if length < 8 or height < 2:
        return []
    along = (b - a) / length
    ppm = length / modules
    pad = 8 * ppm  # quiet zone the box left out
    a2, b2, c2, d2 = a - along * pad, b + along * pad, c + along * pad, d - along * pad
    # Keep the middle of the bars' height: the ends of a tilted box include the card's text.
    inset = (d2 - a2) * 0.15
    a2, b2, c2, d2 = a2 + inset, b2 + inset, c2 - inset, d2 - inset
    scale = max(1.0, _CROP_PPM / max(ppm, 1e-3))
    out_w = int(min(2400, math.ceil((length + 2 * pad) * scale)))
    out_h = max(8, math.ceil(height * 0.7 * min(scale, 2.0)))
    src = np.array([a2, b2, c2, d2], np.float32)
    dst = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], np.float32)
    hom = cv2.getPerspectiveTransform(src, dst)
    crop = cv2.warpPerspective(gray, hom, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    rows = cv2.resize(crop, (out_w, 6), interpolation=cv2.INTER_AREA)
    # Pad top and bottom: both engines look for a code with some height and margins around it.
    averaged = cv2.copyMakeBorder(
        cv2.resize(rows, (out_w, 24), interpolation=cv2.INTER_NEAREST), 8, 8, 0, 0, cv2.BORDER_REPLICATE
    )
    averaged = _stretch(np.asarray(averaged))
    # Defocus and motion blur wash narrow bars into grey; an unsharp mask over about a module
    # (the crop has >= 3 px per module) separates them again. Cheap on a crop this size.
    soft = cv2.GaussianBlur(averaged, (0, 0), 2.0)
    sharpened = _stretch(np.asarray(cv2.addWeighted(averaged, 3.0, soft, -2.0, 0)))
    return [averaged, sharpened, np.asarray(crop)]


def _stretch(image: np.ndarray) -> np.ndarray:
    """The image's grey levels spread over 0..255 (what cv2.normalize with NORM_MINMAX does)."""
    lo, hi = float(image.min()), float(image.max())
    if hi <= lo:
        return image
    return np.asarray((image.astype(np.float32) - lo) * (255.0 / (hi - lo)) + 0.5, np.uint8)


#: The desk preference ``decoder`` (desk_app.settings.DECODERS) -> ladder. Every choice ends with
#: the pattern matcher: it is our own numpy code, so it cannot be the engine that misbehaves.
SETTING_LADDERS: dict[str, tuple[Attempt, ...]] = {
    "auto": DEFAULT_LADDER,
    "zxing": (("zxing", "plain"), ("zxing", "locate"), ("match", "profile")),
    "pyzbar": (("zbar", "plain"), ("zbar", "locate"), ("match", "profile")),
}


def without_zbar(ladder: tuple[Attempt, ...]) -> tuple[Attempt, ...]:
    """The ladder with zxing-cpp in place of zbar (duplicates dropped), for a machine without the
    zbar library."""
    out: list[Attempt] = []
    for engine, step in ladder:
        attempt: Attempt = ("zxing", step) if engine == "zbar" else (engine, step)
        if attempt not in out:
            out.append(attempt)
    return tuple(out)


def decoder_for_setting(name: str, accept: Callable[[str], bool] | None = None) -> Decoder:
    """The decoder for the desk preference ``decoder``: ``auto`` (the measured default chain),
    ``zxing`` or ``pyzbar`` (one native engine only, e.g. when the other misbehaves on a laptop).

    Where the zbar library is missing, zxing-cpp stands in for it (said once in the log), so the
    desk still reads cards.
    """
    try:
        ladder = SETTING_LADDERS[name]
    except KeyError:
        raise ValueError(f"unknown decoder setting {name!r}; choose from {sorted(SETTING_LADDERS)}") from None
    if any(engine == "zbar" for engine, _ in ladder) and not zbar_available():
        ladder = without_zbar(ladder)
    return Decoder(ladder=ladder) if accept is None else Decoder(ladder=ladder, accept=accept)


@lru_cache(maxsize=1)
def _desk_decoder() -> Decoder:
    return Decoder()


def decode(frame: np.ndarray) -> list[str]:
    """The tokens in one camera frame (grey or BGR), by the desk's default chain.

    A pure function of the frame: the same frame gives the same list, on any thread. Reads
    passed only the token format and Damm digit; the desk service checks the MAC.
    """
    return _desk_decoder()(frame)


def decode_image(gray_or_bgr: np.ndarray) -> list[str]:
    """All Code128 texts found in the image (card read-back: no token filter).

    Runs the full desk ladder with an accept-everything filter, so a printed card is checked with
    the same chain that reads it at the desk.
    """
    return Decoder(accept=accept_all)(gray_or_bgr)
