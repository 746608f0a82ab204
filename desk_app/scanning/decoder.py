"""Decode Code128 barcodes from camera frames and card images.

Pure functions over numpy arrays: no Qt, no database. The card printer calls :func:`decode_image`
to read back what it printed; the camera worker, ``desk-app decode`` and the benchmark use a
:class:`Decoder`, so all of them run the same chain.

A decoder is a ladder of (engine, step) attempts, cheapest first, that stops at the first attempt
giving a string the ``accept`` filter passes (normally
:func:`desk_app.domain.token.looks_like_token`). Engines are zxing-cpp and zbar (pyzbar). Steps:

``plain``    the grey frame as it is;
``locate``   OpenCV's barcode *detector* (it cannot decode Code128) finds the bars; each region is
             cut out, turned level, averaged along the bars (noise), sharpened (blur) and read in
             both polarities. This is what reads cards tilted by more than a few degrees (a scan
             line must cross all bars) and dark-mode phone screens (light bars on black, which
             neither engine reads on its own);
``invert``   the whole frame inverted, for when the detector missed a dark-mode screen;
``equalize`` local contrast equalisation (CLAHE) for glare and dim light.

Only Code128 is enabled in both engines: zbar's other linear decoders report false codes in
the printed text around a card's barcode. The numbers behind the default ladder are in
``benchmarks/bench_decode.py``'s report.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar
from pyzbar.pyzbar import ZBarSymbol

Engine = Literal["zxing", "zbar"]
Step = Literal["plain", "locate", "invert", "equalize"]
Point = tuple[float, float]
Polygon = tuple[Point, ...]

ENGINES: tuple[Engine, ...] = ("zxing", "zbar")
STEPS: tuple[Step, ...] = ("plain", "locate", "invert", "equalize")

#: Modules of a 22-digit token in Code128 set C: start + 11 pairs + check (11 each) + stop (13).
TOKEN_MODULES = 156


@dataclass(frozen=True)
class Region:
    """Where a barcode is (or seems to be) in the frame, for the preview outline and hints."""

    polygon: Polygon
    text: str | None  # the accepted text read here; None when located but not (acceptably) read
    px_per_module: float | None  # estimated width of one module in frame pixels


@dataclass(frozen=True)
class DecodeResult:
    """What one frame gave: accepted texts, rejected reads and the regions seen."""

    accepted: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()  # Code128 reads the accept filter refused (misreads, foreign codes)
    regions: tuple[Region, ...] = ()
    step: str | None = None  # "engine/step" that gave the first accepted text (benchmark, debugging)
    min_px_per_module: float = 1.5

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

#: The desk default, measured with ``benchmarks/bench_decode.py``. zxing-cpp alone reads nearly as
#: many degraded frames as zbar alone at about a quarter of the time, so zxing runs first and zbar is
#: the fallback on what zxing gave up on. On the benchmark frames OpenCV's detector located the
#: code in >99 % of the frames, and the whole-frame inverted and equalised attempts added no reads,
#: so they are left to :data:`THOROUGH_LADDER`: on an empty desk every attempt runs, and each
#: whole-frame pass costs 5-15 ms at 1280x720.
DEFAULT_LADDER: tuple[Attempt, ...] = (
    ("zxing", "plain"),
    ("zxing", "locate"),
    ("zbar", "locate"),
    ("zbar", "plain"),
)

#: Everything, for offline decoding (``desk-app decode``) where time does not matter.
THOROUGH_LADDER: tuple[Attempt, ...] = DEFAULT_LADDER + (
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
    min_px_per_module: float = 1.5
    #: Modules in the symbol expected at the desk; used to estimate px per module from a region.
    symbol_modules: int = TOKEN_MODULES
    _local: threading.local = field(default_factory=threading.local, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.ladder:
            raise ValueError("a decoder needs at least one attempt")
        for engine, step in self.ladder:
            if engine not in ENGINES:
                raise ValueError(f"unknown engine {engine!r}; choose from {ENGINES}")
            if step not in STEPS:
                raise ValueError(f"unknown step {step!r}; choose from {STEPS}")

    @classmethod
    def engine_first(cls, engines: Sequence[Engine], steps: Sequence[Step] = STEPS,
                     **kwargs: object) -> Decoder:
        """All steps with the first engine, then all with the next (a primary and a fallback)."""
        return cls(ladder=tuple((e, s) for e in engines for s in steps), **kwargs)  # type: ignore[arg-type]

    @classmethod
    def step_first(cls, engines: Sequence[Engine], steps: Sequence[Step] = STEPS,
                   **kwargs: object) -> Decoder:
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


class _Run:
    """The state of one :meth:`Decoder.decode` call; derived images are made once and reused."""

    def __init__(self, decoder: Decoder, gray: np.ndarray) -> None:
        self.decoder = decoder
        self.gray = gray
        self.accepted: list[str] = []
        self.rejected: list[str] = []
        self.step: str | None = None
        self._images: dict[str, np.ndarray] = {}
        self._located: list[tuple[Polygon, float | None, list[np.ndarray]]] | None = None
        self._read_regions: set[int] = set()
        self._found_regions: list[Region] = []

    def _take(self, text: str, polygon: Polygon, label: str) -> bool:
        if self.decoder.accept(text):
            if text not in self.accepted:
                self.accepted.append(text)
                self._found_regions.append(Region(polygon, text, _px_per_module(polygon, self.decoder.symbol_modules)))
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
        if step != "locate":
            for text, polygon in read_engine(engine, self._image(step)):
                self._take(text, polygon, label)
            return
        for index, (polygon, _ppm, crops) in enumerate(self._locate()):
            if index in self._read_regions:
                continue
            for crop in crops:
                # The polarity of a located code is unknown (paper or dark-mode screen): try both.
                for variant in (crop, cv2.bitwise_not(crop)):
                    if any([self._take(text, polygon, label) for text, _ in read_engine(engine, variant)]):
                        self._read_regions.add(index)
                        break
                if index in self._read_regions:
                    break

    def _locate(self) -> list[tuple[Polygon, float | None, list[np.ndarray]]]:
        if self._located is None:
            self._located = []
            ok, boxes = self.decoder._detector().detect(self.gray)
            if ok and boxes is not None:
                for box in np.asarray(boxes, np.float32).reshape(-1, 4, 2):
                    polygon: Polygon = tuple((float(x), float(y)) for x, y in box)
                    ppm = _px_per_module(polygon, self.decoder.symbol_modules)
                    self._located.append((polygon, ppm, _level_crops(self.gray, box, self.decoder.symbol_modules)))
        return self._located

    def result(self) -> DecodeResult:
        regions = list(self._found_regions)
        for index, (polygon, ppm, _crops) in enumerate(self._located or []):
            if index not in self._read_regions:
                regions.append(Region(polygon, None, ppm))
        return DecodeResult(tuple(self.accepted), tuple(self.rejected), tuple(regions), self.step,
                            self.decoder.min_px_per_module)


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


def read_engine(engine: Engine | str, gray: np.ndarray) -> list[tuple[str, Polygon]]:
    """Code128 texts and their polygons from one engine on one grey image, nothing else."""
    out: list[tuple[str, Polygon]] = []
    if engine == "zxing":
        # try_invert does not help linear codes (measured), try_rotate only adds 90 degree turns
        # a desk never sees; both cost time.
        for res in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.Code128, try_rotate=False,
                                          try_invert=False):
            if not res.valid:
                continue
            pos = res.position
            poly = tuple((float(p.x), float(p.y)) for p in (pos.top_left, pos.top_right, pos.bottom_right,
                                                             pos.bottom_left))
            out.append((res.text, poly))
    elif engine == "zbar":
        for sym in pyzbar.decode(gray, symbols=[ZBarSymbol.CODE128]):
            r = sym.rect
            poly = ((float(r.left), float(r.top)), (float(r.left + r.width), float(r.top)),
                    (float(r.left + r.width), float(r.top + r.height)), (float(r.left), float(r.top + r.height)))
            out.append((sym.data.decode("latin-1"), poly))
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
        return _CLAHE.apply(gray)


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
    out_h = max(8, int(math.ceil(height * 0.7 * min(scale, 2.0))))
    src = np.float32([a2, b2, c2, d2])
    dst = np.float32([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]])
    hom = cv2.getPerspectiveTransform(src, dst)
    crop = cv2.warpPerspective(gray, hom, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    rows = cv2.resize(crop, (out_w, 6), interpolation=cv2.INTER_AREA)
    # Pad top and bottom: both engines look for a code with some height and margins around it.
    averaged = cv2.copyMakeBorder(cv2.resize(rows, (out_w, 24), interpolation=cv2.INTER_NEAREST), 8, 8, 0, 0,
                                  cv2.BORDER_REPLICATE)
    averaged = cv2.normalize(averaged, None, 0, 255, cv2.NORM_MINMAX)
    # Defocus and motion blur wash narrow bars into grey; an unsharp mask over about a module
    # (the crop has >= 3 px per module) separates them again. Cheap on a crop this size.
    soft = cv2.GaussianBlur(averaged, (0, 0), 2.0)
    sharpened = cv2.normalize(cv2.addWeighted(averaged, 3.0, soft, -2.0, 0), None, 0, 255, cv2.NORM_MINMAX)
    return [averaged, sharpened, crop]


#: The desk preference ``decoder`` (desk_app.settings.DECODERS) -> ladder.
SETTING_LADDERS: dict[str, tuple[Attempt, ...]] = {
    "auto": DEFAULT_LADDER,
    "zxing": (("zxing", "plain"), ("zxing", "locate")),
    "pyzbar": (("zbar", "plain"), ("zbar", "locate")),
}


def decoder_for_setting(name: str, accept: Callable[[str], bool] | None = None) -> Decoder:
    """The decoder for the desk preference ``decoder``: ``auto`` (both engines, measured order),
    ``zxing`` or ``pyzbar`` (one engine only, e.g. when the other misbehaves on a laptop)."""
    try:
        ladder = SETTING_LADDERS[name]
    except KeyError:
        raise ValueError(f"unknown decoder setting {name!r}; choose from {sorted(SETTING_LADDERS)}") from None
    return Decoder(ladder=ladder) if accept is None else Decoder(ladder=ladder, accept=accept)


def decode_image(gray_or_bgr: np.ndarray) -> list[str]:
    """All Code128 texts found in the image (card read-back: no token filter).

    Runs the full desk ladder with an accept-everything filter, so a printed card is checked with
    the same chain that reads it at the desk.
    """
    return Decoder(accept=accept_all)(gray_or_bgr)
