"""Frame sources: a camera, a video file or a folder of images, behind one small interface.

The desk and the tests go through the same OpenCV ``VideoCapture`` code path, so a test that
plays a generated video exercises what the desk does with a webcam. A source either gives the
next BGR frame, ``None`` at the end of a file, or raises :class:`~desk_app.domain.text.DeskError`
with a message for the desk (camera missing, busy, unplugged; file missing or unreadable). The
worker decides what to do about it (reconnect a camera, stop on a file).

Cameras are listed by name (:func:`list_cameras`: the names the platform gives, on Linux from
sysfs; elsewhere OpenCV cannot tell names, so they are numbered). OpenCV's own warnings ("can't
open camera by index", every retry) are kept off stderr: importing this module sets OpenCV's log
level to errors unless ``OPENCV_LOG_LEVEL`` says otherwise, and a camera that stays away is tried
less and less often (:class:`Backoff`).

No Qt here: sources are plain objects used on the worker thread that opened them.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from desk_app.domain.text import DeskError, Text

__all__ = [
    "FrameSource",
    "CameraInfo",
    "list_cameras",
    "Backoff",
    "CameraSource",
    "VideoFileSource",
    "ImageFolderSource",
    "open_source",
    "IMAGE_SUFFIXES",
]

if "OPENCV_LOG_LEVEL" not in os.environ:
    # A missing or busy camera makes OpenCV print two warnings per attempt to stderr; the desk says
    # what is wrong in its own words, on screen. Errors still come through.
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

#: File suffixes read as still images by :class:`ImageFolderSource` and ``decode_files``.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm"})

_T_CAMERA_MISSING = Text(
    "Camera {index} is niet gevonden. Controleer of de camera is aangesloten en kies in de "
    "instellingen de juiste camera. Scannen met de handscanner en opzoeken op naam werken gewoon.",
    "Camera {index} was not found. Check that the camera is plugged in and choose the right camera "
    "in the settings. Scanning with the handheld scanner and looking up by name still work.",
)
_T_CAMERA_BUSY = Text(
    "Camera {index} is er wel, maar geeft geen beeld: waarschijnlijk gebruikt een ander programma "
    "(videogesprek, camera-app) hem. Sluit dat programma; de balie probeert het steeds opnieuw.",
    "Camera {index} is there but gives no picture: another program (a video call, a camera app) is "
    "probably using it. Close that program; the desk keeps retrying.",
)
_T_CAMERA_LOST = Text(
    "De verbinding met camera {index} is verbroken (losgeraakt?). Sluit de camera weer aan; de "
    "balie maakt vanzelf opnieuw verbinding. Gebruik zolang de handscanner of zoek op naam.",
    "The connection to camera {index} was lost (unplugged?). Plug the camera back in; the desk "
    "reconnects by itself. Meanwhile use the handheld scanner or look up by name.",
)
_T_FILE_MISSING = Text(
    "Het bestand of de map {path} bestaat niet.",
    "The file or folder {path} does not exist.",
)
_T_FILE_UNREADABLE = Text(
    "{path} kan niet als video of afbeelding worden gelezen.",
    "{path} cannot be read as a video or image.",
)
_T_FOLDER_EMPTY = Text(
    "In de map {path} staan geen afbeeldingen.",
    "The folder {path} contains no images.",
)


class FrameSource(Protocol):
    """What the worker needs from a source of frames."""

    #: Shown in messages and logs: "camera 0", a file name.
    name: str
    #: A live source (camera) is reconnected after a failure; a file source just ends.
    live: bool

    def open(self) -> None:
        """Start delivering frames; raises DeskError when that is impossible."""

    def read(self) -> np.ndarray | None:
        """The next BGR frame; None at the end of a file; DeskError when a camera fails."""

    def release(self) -> None:
        """Free the device or file. Safe to call more than once and before open()."""

    @property
    def fps(self) -> float | None:
        """Nominal frames per second, if the source knows it."""


class _CaptureSource:
    """Shared handling of a ``cv2.VideoCapture``."""

    name: str = "capture"
    live: bool = False

    def __init__(self) -> None:
        self._cap: cv2.VideoCapture | None = None

    @property
    def fps(self) -> float | None:
        if self._cap is None:
            return None
        value = float(self._cap.get(cv2.CAP_PROP_FPS))
        return value if value > 0 else None

    @property
    def is_open(self) -> bool:
        return self._cap is not None and self._cap.isOpened()

    def release(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def _read_raw(self) -> np.ndarray | None:
        if self._cap is None:
            raise RuntimeError(f"{self.name}: read() before open()")
        ok, frame = self._cap.read()
        return frame if ok and frame is not None else None


@dataclass(frozen=True)
class CameraInfo:
    """A camera this computer has: OpenCV's device index and the name to show for it."""

    index: int
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} (camera {self.index})"


_LINUX_CAMERAS = Path("/sys/class/video4linux")


def list_cameras(sysfs: Path = _LINUX_CAMERAS, platform: str = sys.platform, count: int = 4) -> list[CameraInfo]:
    """The cameras by name, in index order.

    Linux: every ``/sys/class/video4linux/videoN`` that delivers pictures, with the name the
    driver gives ("HD Pro Webcam C920"). A USB webcam makes a second node for metadata with the
    same name; that node has ``index`` 1 and is left out. Elsewhere OpenCV has no names and
    opening every index to look is slow and wakes the camera light: ``count`` numbered entries.
    """
    if not platform.startswith("linux"):
        return [CameraInfo(i, f"Camera {i}") for i in range(count)]
    found: list[CameraInfo] = []
    try:
        nodes = [p for p in sysfs.iterdir() if re.fullmatch(r"video\d+", p.name)]
    except OSError:
        return []
    for node in sorted(nodes, key=lambda p: int(p.name[5:])):
        try:
            if int((node / "index").read_text().strip() or 0) != 0:
                continue  # a metadata node of a camera listed already
        except (OSError, ValueError):
            pass  # no index file (older kernels): a camera
        try:
            name = (node / "name").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            name = ""
        index = int(node.name[5:])
        found.append(CameraInfo(index, name or f"Camera {index}"))
    return found


class Backoff:
    """When to try a failing camera again: after 2 s, then 4, 8, at most every ``longest`` s.

    The worker asks every couple of seconds; a camera that stays away is then opened (and OpenCV
    woken) less and less often. Shared by the sources a worker makes one after another.
    """

    def __init__(self, first: float = 2.0, longest: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.first = first
        self.longest = longest
        self.clock = clock
        self.failures = 0
        self.next_try = 0.0
        self.last_error: DeskError | None = None

    def due(self) -> bool:
        return self.last_error is None or self.clock() >= self.next_try

    def failed(self, err: DeskError) -> None:
        self.failures += 1
        self.last_error = err
        self.next_try = self.clock() + min(self.longest, self.first * 2 ** (self.failures - 1))

    def succeeded(self) -> None:
        self.failures = 0
        self.last_error = None


class CameraSource(_CaptureSource):
    """A webcam by device index, asking for MJPG at 1280x720.

    Many USB webcams deliver 1280x720 only at a few frames per second uncompressed (YUYV) over
    USB 2; MJPG gives 30. The camera may ignore the request; the frames tell what it gave.
    """

    live = True

    def __init__(
        self,
        index: int,
        width: int = 1280,
        height: int = 720,
        fourcc: str = "MJPG",
        api: int = cv2.CAP_ANY,
        backoff: Backoff | None = None,
    ) -> None:
        """``backoff``: shared by the sources made for one camera, so retries slow down."""
        super().__init__()
        self.index = index
        self.width = width
        self.height = height
        self.fourcc = fourcc
        self.api = api
        self.backoff = backoff
        self.name = f"camera {index}"

    def open(self) -> None:
        backoff = self.backoff
        if backoff is not None and not backoff.due() and backoff.last_error is not None:
            raise backoff.last_error  # not yet: the same answer as last time, without OpenCV
        try:
            self._open()
        except DeskError as err:
            if backoff is not None:
                backoff.failed(err)
            raise
        if backoff is not None:
            backoff.succeeded()

    def _open(self) -> None:
        self.release()
        if sys.platform.startswith("linux") and not os.path.exists(f"/dev/video{self.index}"):
            raise self._error_unavailable()  # no device node: no need to ask OpenCV
        cap = cv2.VideoCapture(self.index, self.api)
        if not cap.isOpened():
            cap.release()
            raise self._error_unavailable()
        # FOURCC before the size: V4L2 picks the size from the formats of the current FOURCC.
        if self.fourcc:
            cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*self.fourcc))
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        # Keep only the newest frame: decoding can be slower than the camera, and a queue of old
        # frames would make the preview and the scan lag behind the card.
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self._cap = cap
        # A camera held by another program often opens fine and then gives no frames.
        if self._read_raw() is None:
            self.release()
            raise DeskError("camera.busy", _T_CAMERA_BUSY, {"index": self.index})

    def read(self) -> np.ndarray | None:
        frame = self._read_raw()
        if frame is None:
            raise DeskError("camera.lost", _T_CAMERA_LOST, {"index": self.index})
        return frame

    def _error_unavailable(self) -> DeskError:
        # Only Linux lets us tell "not there" from "in use" cheaply: the device node exists or not.
        if sys.platform.startswith("linux") and not os.path.exists(f"/dev/video{self.index}"):
            return DeskError("camera.missing", _T_CAMERA_MISSING, {"index": self.index})
        if sys.platform.startswith("linux"):
            return DeskError("camera.busy", _T_CAMERA_BUSY, {"index": self.index})
        return DeskError("camera.missing", _T_CAMERA_MISSING, {"index": self.index})


class VideoFileSource(_CaptureSource):
    """A video file (or an OpenCV image-sequence pattern such as ``frames/%04d.png``)."""

    live = False

    def __init__(self, path: Path | str) -> None:
        super().__init__()
        self.path = str(path)
        self.name = Path(self.path).name

    def open(self) -> None:
        self.release()
        if "%" not in self.path and not os.path.isfile(self.path):
            raise DeskError("source.missing", _T_FILE_MISSING, {"path": self.path})
        api = cv2.CAP_IMAGES if "%" in self.path else cv2.CAP_ANY
        cap = cv2.VideoCapture(self.path, api)
        if not cap.isOpened():
            cap.release()
            raise DeskError("source.unreadable", _T_FILE_UNREADABLE, {"path": self.path})
        self._cap = cap

    def read(self) -> np.ndarray | None:
        return self._read_raw()


class ImageFolderSource:
    """The images of a folder in name order, one frame each (a folder of phone photos, say)."""

    live = False

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.name = self.folder.name or str(self.folder)
        self._files: list[Path] = []
        self._next = 0

    @property
    def fps(self) -> float | None:
        return None

    def open(self) -> None:
        if not self.folder.is_dir():
            raise DeskError("source.missing", _T_FILE_MISSING, {"path": str(self.folder)})
        self._files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._files:
            raise DeskError("source.unreadable", _T_FOLDER_EMPTY, {"path": str(self.folder)})
        self._next = 0

    def read(self) -> np.ndarray | None:
        if self._next >= len(self._files):
            return None
        path = self._files[self._next]
        self._next += 1
        frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if frame is None:
            raise DeskError("source.unreadable", _T_FILE_UNREADABLE, {"path": str(path)})
        return frame

    def release(self) -> None:
        self._files = []
        self._next = 0


class LoopingSource:
    """Plays a file source over and over, like a camera that never ends (the demo's camera)."""

    live = False

    def __init__(self, inner: FrameSource) -> None:
        self.inner = inner
        self.name = inner.name

    def open(self) -> None:
        self.inner.open()

    def read(self) -> np.ndarray | None:
        frame = self.inner.read()
        if frame is None:  # the end: start again from the first frame
            self.inner.release()
            self.inner.open()
            frame = self.inner.read()
        return frame

    def release(self) -> None:
        self.inner.release()

    @property
    def fps(self) -> float | None:
        return self.inner.fps


def open_source(spec: int | str | Path) -> FrameSource:
    """A source for what the user configured: ``0`` or ``"0"`` a camera, a folder, a file or a
    ``%``-pattern. The returned source is not opened yet: that happens on the worker thread."""
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit()):
        return CameraSource(int(spec))
    path = Path(spec)
    if path.is_dir():
        return ImageFolderSource(path)
    return VideoFileSource(path)
