"""Generated desk videos through cv2.VideoCapture: one scan per card shown, none for bad cards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from desk_app.domain.text import DeskError
from desk_app.domain.token import looks_like_token, parse_token, verify_token
from desk_app.scanning.decoder import Decoder
from desk_app.scanning.files import decode_files, decode_video
from desk_app.scanning.sources import CameraSource, ImageFolderSource, VideoFileSource, open_source
from desk_app.scanning.synthetic import Scene, make_frame


def test_one_scan_per_card_and_none_for_a_garbled_one(
    make_video: Callable[..., Path], card_token: Callable[[str], str], garbled_token: str
) -> None:
    a, b = card_token("GM0363"), card_token("GM0014")
    video = make_video([a, garbled_token, b])
    assert decode_files([video], Decoder()) == {video: [a, b]}


def test_same_card_shown_twice_is_two_scans(make_video: Callable[..., Path], card_token: Callable[[str], str]) -> None:
    a = card_token("GM0363")
    # 1.2 s of empty desk between the two showings: longer than the debouncer's re-arm time.
    video = make_video([a, a], gap_s=1.2)
    assert decode_video(video, Decoder()) == [a, a]


def test_forged_card_is_passed_on_by_the_scanner_and_stopped_by_a_verifying_filter(
    make_video: Callable[..., Path],
    card_token: Callable[[str], str],
    forged_token: str,
    meeting_keys: tuple[int, bytes],
) -> None:
    genuine = card_token("GM0363")
    video = make_video([genuine, forged_token])
    # The scanner's own filter only knows the format: a forged card is well-formed and must reach
    # the desk service, which tells the desk it is forged (a silent camera would not).
    assert decode_video(video, Decoder()) == [genuine, forged_token]

    def genuine_only(text: str) -> bool:
        if not looks_like_token(text):
            return False
        try:
            verify_token(parse_token(text), *meeting_keys)
        except DeskError:
            return False
        return True

    assert decode_video(video, Decoder(accept=genuine_only)) == [genuine]


def test_decode_files_images_and_errors(tmp_path: Path, card_token: Callable[[str], str]) -> None:
    token = card_token("GM0599")
    frame = make_frame(token, Scene(size=(640, 480), px_per_module=2.5, angle=-10), np.random.default_rng(5))
    png = tmp_path / "card.png"
    assert cv2.imwrite(str(png), frame)
    blank = tmp_path / "blank.jpg"
    assert cv2.imwrite(str(blank), np.full((480, 640, 3), 128, np.uint8))
    junk = tmp_path / "notes.txt"
    junk.write_text("geen video")
    missing = tmp_path / "missing.png"

    assert decode_files([png, blank], Decoder()) == {png: [token], blank: []}
    with pytest.raises(DeskError) as err:
        decode_files([missing], Decoder())
    assert err.value.code == "decode.missing"
    errors: list[tuple[Path, str]] = []
    result = decode_files([junk, png], Decoder(), on_error=lambda p, e: errors.append((p, e.code)))
    assert result == {png: [token]}
    assert errors == [(junk, "decode.unreadable")]


def test_image_folder_and_sequence_sources(tmp_path: Path, card_token: Callable[[str], str]) -> None:
    token = card_token("GM0014")
    folder = tmp_path / "photos"
    folder.mkdir()
    for i in range(3):
        frame = make_frame(token, Scene(size=(640, 480), px_per_module=2.5, angle=5.0 * i), np.random.default_rng(i))
        assert cv2.imwrite(str(folder / f"img_{i:03d}.png"), frame)
    (folder / "readme.txt").write_text("not an image")

    for source in (open_source(folder), open_source(str(folder / "img_%03d.png"))):
        assert isinstance(source, ImageFolderSource | VideoFileSource)
        source.open()
        frames = []
        while (f := source.read()) is not None:
            frames.append(f)
        source.release()
        assert len(frames) == 3
        assert all(Decoder()(f) == [token] for f in frames)


def test_missing_sources_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(DeskError) as err:
        open_source(tmp_path / "nope.avi").open()
    assert err.value.code == "source.missing"
    assert "bestaat niet" in err.value.message("nl") and "does not exist" in err.value.message("en")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DeskError) as err:
        open_source(empty).open()
    assert err.value.code == "source.unreadable"


def test_missing_camera_is_reported_not_raised_as_a_crash() -> None:
    # No machine running the tests has 90 cameras: the index is certainly missing.
    source = open_source(89)
    assert isinstance(source, CameraSource) and source.live
    with pytest.raises(DeskError) as err:
        source.open()
    assert err.value.code in ("camera.missing", "camera.busy")
    assert "89" in err.value.message("nl") and "handscanner" in err.value.message("nl")
    source.release()  # safe after a failed open


def test_looping_source_starts_again_at_the_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The demo plays its sample video as a camera that never ends."""
    import numpy as np

    from desk_app.scanning.sources import LoopingSource, VideoFileSource
    from desk_app.scanning.synthetic import write_video

    frames = [np.full((48, 64, 3), i * 40, np.uint8) for i in range(3)]
    write_video(tmp_path / "v.avi", iter(frames), fps=10.0)
    source = LoopingSource(VideoFileSource(tmp_path / "v.avi"))
    source.open()
    means = [int(source.read().mean()) for _ in range(7)]  # type: ignore[union-attr]
    source.release()
    assert len(means) == 7 and means[3] == means[0] and means[6] == means[0]
