"""Synthetic camera frames of stemkaarten, for the tests, the benchmark and demos without a camera.

A real desk sees a card tilted in a hand, a phone in dark mode, glare from the ceiling lights, a
blurry or dark webcam picture. This module renders a card (or takes a card image from the product
renderer), puts it into a frame with a known geometry and degrades it, so the decoder can be
measured on thousands of frames that nobody had to photograph. Everything is deterministic for a
given ``numpy.random.Generator`` seed.

Pure numpy/OpenCV: no Qt, no database.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import barcode
import cv2
import numpy as np

#: Quiet zone the product and this renderer leave on both sides of the bars, in modules.
QUIET_MODULES = 10


def code128_modules(text: str) -> str:
    """The module pattern ("1" = bar) python-barcode builds for ``text``; digits use set C."""
    return str(barcode.get("code128", text, writer=None).build()[0])


def render_code128(text: str, px_per_module: int = 4, height_modules: int = 40) -> np.ndarray:
    """A black-on-white Code128 symbol with quiet zones, as a grayscale image."""
    modules = code128_modules(text)
    bars = np.array([0 if m == "1" else 255 for m in modules], np.uint8)
    row = np.concatenate([np.full(QUIET_MODULES, 255, np.uint8), bars, np.full(QUIET_MODULES, 255, np.uint8)])
    row = np.repeat(row, px_per_module)
    return np.tile(row, (height_modules * px_per_module, 1))


@dataclass(frozen=True)
class CardImage:
    """A rendered card and where its bars are, so a scene knows the true pixels per module."""

    image: np.ndarray  # grayscale, white card
    px_per_module: float
    bars_box: tuple[int, int, int, int]  # x, y, w, h of the symbol including quiet zones


CardRenderer = Callable[[str, int], CardImage]


def render_card(token: str, px_per_module: int = 4) -> CardImage:
    """A plain stand-in for the product's stemkaart: title, name lines, barcode, digits.

    The text lines matter: printed text next to the bars is what makes zbar's other linear
    decoders report false codes, so the benchmark must show them.
    """
    symbol = render_code128(token, px_per_module, height_modules=36)
    sh, sw = symbol.shape
    margin = 8 * px_per_module
    width = sw + 2 * margin
    height = int(width * 54 / 85.6)  # ID-1 card proportions
    card = np.full((height, width), 255, np.uint8)
    scale = px_per_module / 4
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.putText(card, "STEMKAART ALV", (margin, int(48 * scale)), font, 1.4 * scale, 0, max(1, int(3 * scale)))
    cv2.putText(
        card,
        "Gemeente Voorbeeld - 12 stemmen",
        (margin, int(92 * scale)),
        font,
        0.9 * scale,
        40,
        max(1, int(2 * scale)),
    )
    y = height - sh - int(56 * scale)
    card[y : y + sh, margin : margin + sw] = symbol
    cv2.putText(
        card,
        " ".join(token[i : i + 4] for i in range(0, len(token), 4)),
        (margin + 10 * px_per_module, y + sh + int(36 * scale)),
        font,
        0.8 * scale,
        0,
        max(1, int(2 * scale)),
    )
    cv2.rectangle(card, (0, 0), (width - 1, height - 1), 120, max(1, px_per_module // 2))
    return CardImage(card, float(px_per_module), (margin, y, sw, sh))


@dataclass(frozen=True)
class Scene:
    """Geometry and degradations of one synthetic frame; defaults give a clean, centred card."""

    size: tuple[int, int] = (1280, 720)  # width, height
    px_per_module: float = 3.0  # of the bars in the frame, before perspective
    angle: float = 0.0  # degrees, in-plane tilt
    perspective: float = 0.0  # 0..0.3: how much one card edge is foreshortened
    center: tuple[float, float] = (0.5, 0.5)  # of the card, as fractions of the frame
    phone: bool = False  # card shown on a phone in dark mode: light bars on a dark screen
    blur: float = 0.0  # gaussian sigma in px
    motion: int = 0  # motion blur length in px
    noise: float = 0.0  # gaussian noise sigma in grey levels
    light: float = 1.0  # overall exposure gain (low light < 1)
    uneven: float = 0.0  # 0..1 strength of a light gradient across the frame
    glare: float = 0.0  # 0..1 strength of a bright specular spot on the card
    jpeg: int = 0  # JPEG quality as from an MJPG webcam, 0 = none
    #: Direction of the motion blur in degrees relative to the code: 0 = along the code (across
    #: the bars: it smears widths), 90 = along the bars (mostly harmless); None = random.
    motion_angle: float | None = None
    defocus: float = 0.0  # radius in px of the disc an out-of-focus point becomes
    dark_mode: bool = True  # with ``phone``: light bars on a dark screen (False: a light theme)
    moire: float = 0.0  # 0..1 strength of a phone screen's pixel grid beating with the camera's
    #: Photon noise (grey levels at full white) before the webcam's automatic gain lifts a dark
    #: picture (``light`` < 1) back to normal brightness, and the noise with it.
    shot_noise: float = 0.0

    def label(self) -> str:
        parts = [f"{self.size[0]}x{self.size[1]}", f"{self.px_per_module:.1f}ppm"]
        for name in (
            "angle",
            "perspective",
            "blur",
            "motion",
            "defocus",
            "noise",
            "shot_noise",
            "uneven",
            "glare",
            "moire",
        ):
            value = getattr(self, name)
            if value:
                parts.append(f"{name}={value:.2g}")
        if self.light != 1.0:
            parts.append(f"light={self.light:.2g}")
        if self.phone:
            parts.append("phone" if self.dark_mode else "phone light")
        return " ".join(parts)


def _gauss(rng: np.random.Generator, shape: tuple[int, ...], sigma: float) -> np.ndarray:
    """Gaussian noise, float32. OpenCV's generator is 3-4x faster than numpy's; seeding it from
    ``rng`` keeps frames reproducible."""
    cv2.setRNGSeed(int(rng.integers(1 << 31)))
    out = np.empty(shape, np.float32)
    cv2.randn(out, 0.0, float(sigma))  # type: ignore[call-overload]  # the stubs want a Mat
    return out


def background(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A desk surface (float32 BGR): a colour gradient, some texture and a few dark edges."""
    w, h = size
    base = rng.uniform(60, 160, 3)
    tilt = rng.uniform(-40, 40, 3)
    ramp = np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
    bg = base[None, None, :] + tilt[None, None, :] * ramp
    bg = np.repeat(bg, h, axis=0).astype(np.float32)
    bg += _gauss(rng, (h, w, 1), 4.0)
    for _ in range(3):  # table edges, a keyboard, a sleeve: straight high-contrast lines
        p1 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        p2 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        cv2.line(bg, p1, p2, tuple(float(v) for v in rng.uniform(0, 60, 3)), int(rng.integers(2, 8)))
    return bg


def _card_homography(card: CardImage, scene: Scene, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Map card pixels into the frame: scale, tilt, perspective, translation."""
    h, w = card.image.shape
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    pts = src * scale
    pts -= pts.mean(axis=0)
    if scene.perspective:
        # Shrink one random edge towards its midpoint: the card is held at an angle to the lens.
        edge = int(rng.integers(0, 4))
        a, b = edge, (edge + 1) % 4
        mid = (pts[a] + pts[b]) / 2
        pts[a] = mid + (pts[a] - mid) * (1 - scene.perspective)
        pts[b] = mid + (pts[b] - mid) * (1 - scene.perspective)
    theta = math.radians(scene.angle)
    rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]], np.float32)
    pts = pts @ rot.T
    fw, fh = scene.size
    pts += np.array([scene.center[0] * fw, scene.center[1] * fh], np.float32)
    return np.asarray(cv2.getPerspectiveTransform(src, pts.astype(np.float32)))


@lru_cache(maxsize=32)
def _cached_card(renderer: CardRenderer, token: str, px_per_module: int) -> CardImage:
    # Videos show the same card in hundreds of frames; rendering it (text!) each time is slow.
    return renderer(token, px_per_module)


@dataclass(frozen=True)
class FrameInfo:
    """What a benchmark needs to know about a generated frame besides its pixels."""

    #: Width of one module in frame pixels, measured: the projected length of the symbol divided
    #: by its modules (with perspective: the mean along the code).
    px_per_module: float
    #: The symbol's box (as ``CardImage.bars_box``) in frame pixels: 4 corners, clockwise.
    polygon: tuple[tuple[float, float], ...]


def make_frame(
    token: str,
    scene: Scene,
    rng: np.random.Generator,
    renderer: CardRenderer = render_card,
    desk: np.ndarray | None = None,
) -> np.ndarray:
    """Render ``token`` on a card into a BGR frame as described by ``scene``.

    ``desk`` is a :func:`background` to reuse (a still camera); by default a new one is drawn.
    """
    return make_frame_info(token, scene, rng, renderer, desk)[0]


def _line_kernel(length: int, direction: tuple[float, float] | None, rng: np.random.Generator) -> np.ndarray:
    """A normalised motion-blur kernel ``length`` px long, along ``direction`` (random if None)."""
    k = np.zeros((length, length), np.float32)
    if direction is None:
        k[length // 2, :] = 1.0 / length
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
        k = np.asarray(cv2.warpAffine(k, rot, (length, length)), np.float32)
    else:
        # Drawn at 16x sub-pixel precision with anti-aliasing: a 3 px blur at 7 degrees must not
        # turn into a horizontal one.
        c = (length - 1) / 2
        dx, dy = direction[0] * (length - 1) / 2, direction[1] * (length - 1) / 2
        p1 = (round((c - dx) * 16), round((c - dy) * 16))
        p2 = (round((c + dx) * 16), round((c + dy) * 16))
        cv2.line(k, p1, p2, 1.0, 1, cv2.LINE_AA, 4)
    k /= max(float(k.sum()), 1e-6)
    return k


def _disc_kernel(radius: float) -> np.ndarray:
    """The blur of an out-of-focus lens: a disc of ``radius`` px with soft (anti-aliased) rim."""
    r = math.ceil(radius) + 1
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1].astype(np.float32)
    k = np.clip(radius + 0.5 - np.sqrt(xx**2 + yy**2), 0, 1)
    return np.asarray(k / k.sum(), np.float32)


def _moire(size: tuple[int, int], strength: float, rng: np.random.Generator) -> np.ndarray:
    """Gain pattern of a phone screen filmed by a webcam: the screen's pixel grid beats with the
    camera's into a coarse wave of bands, plus a fine one close to the camera's own pixel pitch
    (the harmful one at 1-2 px per module)."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gain = np.ones((h, w), np.float32)
    for period, amp in ((rng.uniform(8, 40), 0.5), (rng.uniform(2.2, 4.0), 0.3)):
        a = rng.uniform(0, math.pi)
        phase = rng.uniform(0, 2 * math.pi)
        wave = np.cos((xx * math.cos(a) + yy * math.sin(a)) * (2 * math.pi / period) + phase)
        gain -= strength * amp * 0.5 * (1 + wave)
    return gain


def make_frame_info(
    token: str,
    scene: Scene,
    rng: np.random.Generator,
    renderer: CardRenderer = render_card,
    desk: np.ndarray | None = None,
) -> tuple[np.ndarray, FrameInfo]:
    """:func:`make_frame`, and where the symbol ended up and how large its modules are."""
    # Render with whole pixels per module at about twice the target and shrink with area
    # averaging: a direct warp from a big card would alias the bars into a pattern a camera never
    # produces.
    render_ppm = max(2, math.ceil(scene.px_per_module * 2))
    card = _cached_card(renderer, token, render_ppm)
    scale = scene.px_per_module / card.px_per_module
    pre = card.image
    if scale < 0.9:
        pre = cv2.resize(card.image, None, fx=scale * 1.5, fy=scale * 1.5, interpolation=cv2.INTER_AREA)
        f = pre.shape[1] / card.image.shape[1]
        bx, by, bw, bh = card.bars_box
        card = CardImage(pre, card.px_per_module * f, (round(bx * f), round(by * f), round(bw * f), round(bh * f)))
        scale = scene.px_per_module / card.px_per_module
    content = card.image.astype(np.float32)
    dark = scene.phone and scene.dark_mode
    if dark:
        content = 255 - content  # dark mode: the app shows light bars on black
    frame = background(scene.size, rng) if desk is None else desk.copy()
    hom = _card_homography(card, scene, scale, rng)
    fw, fh = scene.size
    if scene.phone:
        # The phone body: a black bezel slightly larger than the screen content.
        h, w = content.shape
        bezel = np.array(
            [[-0.06 * w, -0.25 * h], [1.06 * w, -0.25 * h], [1.06 * w, 1.25 * h], [-0.06 * w, 1.25 * h]], np.float32
        )
        poly = cv2.perspectiveTransform(bezel[None], hom)[0].astype(np.int32)
        cv2.fillConvexPoly(frame, poly, (12.0, 12.0, 14.0))
    warped = cv2.warpPerspective(
        content, hom, (fw, fh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0
    )
    mask = cv2.warpPerspective(np.ones_like(content), hom, (fw, fh), flags=cv2.INTER_LINEAR)
    if scene.phone:
        content_rgb = warped[..., None] * np.array([1.0, 0.98, 0.95], np.float32)  # screens are slightly blue
        if scene.moire:
            content_rgb = content_rgb * _moire(scene.size, scene.moire, rng)[..., None]
        mask = mask * 0.97
    else:
        content_rgb = warped[..., None] * np.array([0.93, 0.97, 1.0], np.float32)  # paper under warm light
    frame = frame * (1 - mask[..., None]) + content_rgb * mask[..., None]

    bx, by, bw, bh = card.bars_box
    box = np.array([[[bx, by], [bx + bw, by], [bx + bw, by + bh], [bx, by + bh]]], np.float32)
    polygon = cv2.perspectiveTransform(box, hom)[0]
    mids = cv2.perspectiveTransform(np.array([[[bx, by + bh / 2], [bx + bw, by + bh / 2]]], np.float32), hom)[0]
    axis = mids[1] - mids[0]
    measured_ppm = card.px_per_module * float(np.linalg.norm(axis)) / bw
    axis_dir = axis / max(float(np.linalg.norm(axis)), 1e-6)

    if scene.glare:
        # A specular highlight near the barcode: bright, washed out, clipped.
        cx, cy = bx + bw * rng.uniform(0.2, 0.8), by + bh * rng.uniform(0.0, 1.0)
        centre = cv2.perspectiveTransform(np.array([[[cx, cy]]], np.float32), hom)[0, 0]
        yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
        radius = scene.px_per_module * rng.uniform(15, 30)
        spot = np.exp(-((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * radius**2))
        frame = frame * (1 - 0.5 * scene.glare * spot[..., None]) + 255 * scene.glare * spot[..., None]
    gain: np.ndarray | float = scene.light
    if scene.uneven:
        light_dir = rng.uniform(0, 2 * math.pi)
        yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
        ramp = np.cos(light_dir) * (xx / fw - 0.5) + np.sin(light_dir) * (yy / fh - 0.5)
        gain = gain * (1 + scene.uneven * 1.4 * ramp)[..., None]
    frame = frame * gain
    if scene.motion > 1:
        along: tuple[float, float] | None = None
        if scene.motion_angle is not None:
            a = math.radians(scene.motion_angle)
            along = (
                float(axis_dir[0] * math.cos(a) - axis_dir[1] * math.sin(a)),
                float(axis_dir[0] * math.sin(a) + axis_dir[1] * math.cos(a)),
            )
        frame = cv2.filter2D(frame, -1, _line_kernel(scene.motion, along, rng))
    if scene.defocus:
        frame = cv2.filter2D(frame, -1, _disc_kernel(scene.defocus))
    if scene.blur:
        frame = cv2.GaussianBlur(frame, (0, 0), scene.blur)
    if scene.shot_noise:
        # Photons are counted at the dim exposure; the webcam's gain then lifts signal and noise
        # alike (at most 4x, as webcams do before they give up and stay dark).
        signal = np.maximum(frame, 0)
        frame = signal + _gauss(rng, frame.shape, 1.0) * scene.shot_noise * np.sqrt(signal / 255)
        if scene.light < 1:
            frame = frame * min(1 / scene.light, 4.0)
    if scene.noise:
        frame = frame + _gauss(rng, frame.shape, scene.noise)
    out = np.clip(frame, 0, 255).astype(np.uint8)
    if scene.jpeg:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, scene.jpeg])
        if ok:
            out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    info = FrameInfo(measured_ppm, tuple((float(x), float(y)) for x, y in polygon))
    return out, info


def card_width_px(px_per_module: float) -> float:
    """Approximate width in the frame of a card around a 22-digit token at this module width."""
    return (2 * QUIET_MODULES + 156 + 16) * px_per_module


def random_scene(rng: np.random.Generator, size: tuple[int, int]) -> Scene:
    """A scene as a desk webcam sees it: every degradation drawn independently, within what a
    person at the desk would still call "holding the card up to the camera"."""
    w, _h = size
    phone = bool(rng.random() < 0.25)
    # Bars from 1.2 px per module (card far away or a 640x480 camera) to 4 px (held close), but
    # never so close that the symbol with its quiet zones does not fit in the frame: nobody can
    # read that, and a person at the desk sees it on the preview and steps back.
    ppm = float(rng.uniform(1.2, min(4.0, 0.92 * w / (156 + 2 * QUIET_MODULES))))
    card_w = card_width_px(ppm)
    margin_x = min(0.45, card_w / w / 2 + 0.02)
    scene = Scene(
        size=size,
        px_per_module=ppm,
        angle=float(rng.uniform(-20, 20)),
        perspective=float(rng.uniform(0, 0.2)) if rng.random() < 0.5 else 0.0,
        center=(float(rng.uniform(margin_x, 1 - margin_x)), float(rng.uniform(0.35, 0.65))),
        phone=phone,
        blur=float(rng.uniform(0.3, 1.4)) if rng.random() < 0.4 else 0.0,
        motion=int(rng.integers(2, 5)) if rng.random() < 0.15 else 0,
        noise=float(rng.uniform(2, 10)) if rng.random() < 0.6 else 0.0,
        light=float(rng.uniform(0.3, 0.7)) if rng.random() < 0.25 else 1.0,
        uneven=float(rng.uniform(0.2, 0.7)) if rng.random() < 0.4 else 0.0,
        glare=float(rng.uniform(0.3, 0.7)) if rng.random() < 0.2 else 0.0,
        jpeg=int(rng.integers(60, 90)) if rng.random() < 0.7 else 0,
    )
    return scene


def card_video_frames(
    tokens: Sequence[str],
    size: tuple[int, int] = (640, 480),
    fps: float = 30.0,
    hold_s: float = 1.0,
    gap_s: float = 0.5,
    enter_s: float = 0.4,
    px_per_module: float = 2.5,
    seed: int = 0,
    renderer: CardRenderer = render_card,
) -> Iterator[tuple[np.ndarray, str | None]]:
    """Frames of a desk: each card slides in from the right, is held, slides out; empty desk between.

    Yields ``(frame, token_or_None)``: the token while its whole card is inside the frame, so a
    benchmark can measure the time from "the card came into view" to "the decoder accepted it".
    """
    rng = np.random.default_rng(seed)
    n_gap, n_enter, n_hold = round(gap_s * fps), round(enter_s * fps), round(hold_s * fps)
    desk = background(size, rng)  # the camera does not move: one desk for the whole video
    empty = np.clip(desk, 0, 255)
    w, _h = size
    card_w = card_width_px(px_per_module)
    rest_x = 0.5
    out_x = 1.0 + card_w / w / 2 + 0.05

    def shot(token: str, x: float, angle: float = 0.0, motion: int = 0) -> tuple[np.ndarray, str | None]:
        scene = Scene(size=size, px_per_module=px_per_module, center=(x, 0.5), angle=angle, motion=motion)
        in_view = x * w + card_w / 2 <= w
        return _noisy(make_frame(token, scene, rng, renderer, desk=desk), rng), token if in_view else None

    for token in tokens:
        for _ in range(n_gap):
            yield _noisy(empty, rng), None
        for i in range(n_enter):
            # Sliding in: the hand moves fast, so these frames are motion-blurred.
            yield shot(token, out_x + (rest_x - out_x) * (i + 1) / n_enter, motion=5)
        for i in range(n_hold):
            # A hand is never still: a little drift and tilt while the card is held.
            wobble = math.sin(i / fps * 2 * math.pi * 0.7)
            yield shot(token, rest_x + 0.01 * wobble, angle=4 * wobble)
        for i in range(n_enter):
            yield shot(token, rest_x + (out_x - rest_x) * (i + 1) / n_enter, motion=5)
    for _ in range(n_gap):
        yield _noisy(empty, rng), None


@dataclass(frozen=True)
class ShownCard:
    """A card shown in a video: its token, how it is drawn, and whether it is on a phone."""

    token: str
    renderer: CardRenderer = render_card
    phone: bool = False
    dark_mode: bool = True


def approach_video_frames(
    cards: Sequence[ShownCard],
    size: tuple[int, int] = (640, 480),
    fps: float = 30.0,
    start_ppm: float = 1.1,
    end_ppm: float = 2.6,
    approach_s: float = 2.0,
    hold_s: float = 0.5,
    gap_s: float = 0.8,
    enter_s: float = 0.3,
    seed: int = 0,
) -> Iterator[tuple[np.ndarray, str | None, float]]:
    """A desk video of people at arm's length: each card slides in small, then comes closer.

    Each card enters at ``start_ppm`` pixels
    per module, grows steadily to ``end_ppm`` over ``approach_s`` seconds (with the drift and
    tilt of a hand), is held, and leaves. Yields ``(frame, token_or_None, px_per_module)`` with
    the token while the whole card is in view: the benchmark measures the time from the first
    such frame to the verdict.
    """
    rng = np.random.default_rng(seed)
    n_gap, n_enter, n_hold = round(gap_s * fps), round(enter_s * fps), round(hold_s * fps)
    n_approach = round(approach_s * fps)
    desk = background(size, rng)
    empty = np.clip(desk, 0, 255)
    w, _h = size
    for card in cards:
        for _ in range(n_gap):
            yield _noisy(empty, rng), None, 0.0
        angle0 = float(rng.uniform(-12, 12))
        y0 = float(rng.uniform(0.4, 0.6))
        card_w = card_width_px(start_ppm)
        out_x = 1.0 + card_w / w / 2 + 0.05
        rest_x = float(rng.uniform(0.4, 0.6))
        steps = [(out_x + (rest_x - out_x) * (i + 1) / n_enter, start_ppm, 6) for i in range(n_enter)]
        steps += [(rest_x, start_ppm + (end_ppm - start_ppm) * (i + 1) / n_approach, 0) for i in range(n_approach)]
        steps += [(rest_x, end_ppm, 0)] * n_hold
        for i, (x, ppm, motion) in enumerate(steps):
            wobble = math.sin(i / fps * 2 * math.pi * 0.7)
            # blur: the webcam's own softness (lens, demosaicing).
            scene = Scene(
                size=size,
                px_per_module=ppm,
                center=(x + 0.005 * wobble, y0),
                angle=angle0 + 2 * wobble,
                blur=0.7,
                motion=motion,
                motion_angle=0.0 if motion else None,
                phone=card.phone,
                dark_mode=card.dark_mode,
            )
            in_view = x * w + card_width_px(ppm) / 2 <= w
            frame = _noisy(make_frame(card.token, scene, rng, card.renderer, desk=desk), rng)
            yield frame, card.token if in_view else None, ppm
    for _ in range(n_gap):
        yield _noisy(empty, rng), None, 0.0


def _noisy(frame: np.ndarray, rng: np.random.Generator, sigma: float = 3.0) -> np.ndarray:
    """Sensor noise on every frame, so no two frames of a still scene are identical."""
    return np.asarray(np.clip(frame + _gauss(rng, frame.shape, sigma), 0, 255), np.uint8)


def write_video(path: Path, frames: Iterator[np.ndarray], fps: float = 30.0) -> int:
    """Write BGR frames as an MJPG AVI (what a webcam delivers); returns the number of frames."""
    writer: cv2.VideoWriter | None = None
    count = 0
    try:
        for frame in frames:
            if writer is None:
                h, w = frame.shape[:2]
                writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (w, h))
                if not writer.isOpened():
                    raise OSError(f"cannot write video {path}")
            writer.write(frame)
            count += 1
    finally:
        if writer is not None:
            writer.release()
    return count
