"""Headless decoding of image and video files with the desk's own decoder chain.

``desk-app decode FILE... [--json]`` calls :func:`decode_files`. An image is one frame: its
accepted texts are listed. A video is played through ``cv2.VideoCapture`` and its frames go
through the same :class:`~desk_app.scanning.stream.StreamReader` as the camera worker's, so the
list holds exactly the scans the desk would have made, in order (a card shown twice, with a pause
between, appears twice).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import cv2

from desk_app.domain.text import DeskError, Text
from desk_app.scanning.debounce import ScanDebouncer
from desk_app.scanning.decoder import Decoder
from desk_app.scanning.sources import IMAGE_SUFFIXES, VideoFileSource
from desk_app.scanning.stream import StreamReader

__all__ = ["decode_files", "decode_video"]

_T_MISSING = Text("Het bestand {path} bestaat niet.", "The file {path} does not exist.")
_T_UNREADABLE = Text(
    "{path} kan niet als afbeelding of video worden gelezen.",
    "{path} cannot be read as an image or a video.",
)


def decode_video(
    path: Path | str, decoder: Decoder, debouncer: ScanDebouncer | None = None, fps: float | None = None
) -> list[str]:
    """The scans the desk would make while ``path`` plays in front of its camera.

    Frames go through the same :class:`~desk_app.scanning.stream.StreamReader` as the camera
    worker's (several frames combined when single frames fail, two agreeing frames per scan). Its
    clock is the video's own (frame number / fps), not the wall clock: decoding is faster or slower
    than real time.
    """
    source = VideoFileSource(path)
    source.open()
    try:
        rate = fps or source.fps or 30.0
        frame_no = [0]

        def clock() -> float:
            return frame_no[0] / rate

        stream = StreamReader(decoder, debouncer=debouncer or ScanDebouncer(clock=clock), clock=clock)
        scans: list[str] = []
        while (frame := source.read()) is not None:
            scans.extend(stream.feed(frame).scans)
            frame_no[0] += 1
        return scans
    finally:
        source.release()


def _is_image(path: Path) -> bool:
    # OpenCV checks the file's signature; the suffix is the fallback for formats it cannot sniff.
    return bool(cv2.haveImageReader(str(path))) or path.suffix.lower() in IMAGE_SUFFIXES


def decode_files(
    paths: Iterable[Path | str], decoder: Decoder, on_error: Callable[[Path, DeskError], None] | None = None
) -> dict[Path, list[str]]:
    """Accepted texts per file, in the order given.

    A missing or unreadable file raises :class:`DeskError` (``decode.missing`` /
    ``decode.unreadable``) - unless ``on_error`` is given: then it is told, the file is left out
    of the result and the other files are still decoded.
    """
    results: dict[Path, list[str]] = {}
    for raw in paths:
        path = Path(raw)
        try:
            results[path] = _decode_one(path, decoder)
        except DeskError as err:
            if on_error is None:
                raise
            on_error(path, err)
    return results


def _decode_one(path: Path, decoder: Decoder) -> list[str]:
    if not path.is_file():
        raise DeskError("decode.missing", _T_MISSING, {"path": str(path)})
    if _is_image(path):
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            raise DeskError("decode.unreadable", _T_UNREADABLE, {"path": str(path)})
        return decoder(image)
    try:
        return decode_video(path, decoder)
    except DeskError as err:
        raise DeskError("decode.unreadable", _T_UNREADABLE, {"path": str(path)}) from err
