"""Camera by name, a live picture in the settings, and new settings applied without a restart.

Cameras are listed from a sysfs tree laid out like Linux's (there is no camera in CI); the live
picture and the switch go through the real OpenCV capture of generated video files, as a webcam
would. OpenCV's own warnings stay off stderr, and a camera that stays away is tried less often.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QMessageBox

from desk_app import settings
from desk_app.app import GuiApp
from desk_app.domain.checkin import VerdictKind
from desk_app.domain.text import DeskError
from desk_app.domain.token import make_card_token
from desk_app.scanning import sources
from desk_app.scanning.sources import Backoff, CameraInfo, CameraSource, list_cameras
from desk_app.scanning.synthetic import card_video_frames, write_video
from desk_app.ui.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parents[2]


def _sysfs(root: Path, nodes: dict[str, tuple[str, int | None]]) -> Path:
    for node, (name, index) in nodes.items():
        (root / node).mkdir(parents=True)
        (root / node / "name").write_text(name + "\n")
        if index is not None:
            (root / node / "index").write_text(f"{index}\n")
    return root


def test_cameras_are_listed_by_the_names_the_computer_gives(tmp_path: Path) -> None:
    sysfs = _sysfs(
        tmp_path / "video4linux",
        {
            "video0": ("HD Pro Webcam C920", 0),
            "video1": ("HD Pro Webcam C920", 1),  # the same camera's metadata node: not a camera
            "video10": ("Integrated Camera: Integrated C", None),  # no index file: a camera
            "video2": ("USB2.0 HD UVC WebCam", 0),
        },
    )
    assert list_cameras(sysfs, platform="linux") == [
        CameraInfo(0, "HD Pro Webcam C920"),
        CameraInfo(2, "USB2.0 HD UVC WebCam"),
        CameraInfo(10, "Integrated Camera: Integrated C"),
    ]
    assert list_cameras(tmp_path / "absent", platform="linux") == []
    # Elsewhere OpenCV has no names: numbered, without opening every device to look.
    assert list_cameras(sysfs, platform="win32", count=2) == [CameraInfo(0, "Camera 0"), CameraInfo(1, "Camera 1")]


def test_the_settings_dialog_offers_the_cameras_by_name(qtbot: QtBot) -> None:
    cameras = [(0, "HD Pro Webcam C920"), (2, "USB2.0 HD UVC WebCam")]
    prefs = dataclasses.replace(settings.Preferences(), camera_index=2)
    dialog = SettingsDialog(prefs, printers=[], screens=["scherm 0", "scherm 1"], cameras=cameras)
    qtbot.addWidget(dialog)
    texts = [dialog.camera.itemText(i) for i in range(dialog.camera.count())]
    assert texts == [
        "geen camera (handscanner en opzoeken)",
        "HD Pro Webcam C920 (camera 0)",
        "USB2.0 HD UVC WebCam (camera 2)",
    ]
    assert dialog.camera.currentText() == "USB2.0 HD UVC WebCam (camera 2)"
    assert dialog.preferences() == prefs
    dialog.camera.setCurrentIndex(1)
    assert dialog.preferences().camera_index == 0
    dialog.camera.setCurrentIndex(0)
    assert dialog.preferences().camera_index == -1
    # A camera chosen before and not there now is said to be missing, not silently replaced.
    gone = SettingsDialog(dataclasses.replace(prefs, camera_index=5), [], ["0", "1"], cameras=cameras)
    qtbot.addWidget(gone)
    assert gone.camera.currentText() == "camera 5 (niet gevonden)" and gone.preferences().camera_index == 5


# -- generated videos through the real OpenCV capture ---------------------------------------------


def _video(path: Path, tokens: list[str]) -> Path:
    frames = (f for f, _ in card_video_frames(tokens, size=(640, 480), fps=15, hold_s=1.0, gap_s=0.3, enter_s=0.2))
    assert write_video(path, frames, fps=15) > 0
    return path


def _args() -> argparse.Namespace:
    return argparse.Namespace(db=None, demo=True, desk=None, actor=None, lang=None)


@pytest.fixture
def gui_on_video(qtbot: QtBot, tmp_path: Path) -> Iterator[GuiApp]:
    """The demo meeting with a video file as its camera (a file named in the settings)."""
    empty = _video(tmp_path / "leeg.avi", [])
    prefs = settings.Preferences(camera_source=str(empty), backup_folder="")
    app = GuiApp(_args(), prefs)
    app.start()
    assert app.window is not None
    qtbot.addWidget(app.window)
    yield app
    app.close()


def _fill(monkeypatch: pytest.MonkeyPatch, **fields: str) -> list[str]:
    """Let the settings dialog's exec() fill in ``fields`` and press Save; returns warnings shown."""
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(str(a[2])))

    def fake_exec(dialog: SettingsDialog) -> int:
        for name, value in fields.items():
            widget = getattr(dialog, name)
            if hasattr(widget, "findData"):
                widget.setCurrentIndex(widget.findData(value))
            else:
                widget.setText(value)
        dialog._on_buttons_accepted()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    return warned


def test_the_settings_dialog_shows_the_chosen_camera_live(qtbot: QtBot, gui_on_video: GuiApp, tmp_path: Path) -> None:
    m = gui_on_video.desk.meeting
    video = _video(tmp_path / "kaart.avi", [make_card_token(m.meeting_no, m.secret, "GM0363", 1)] * 3)
    prefs = dataclasses.replace(gui_on_video.prefs, camera_source=str(video))
    dialog = SettingsDialog(prefs, [], ["scherm 0"], preview=gui_on_video.camera_worker)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.has_frame, timeout=20_000)
    # Another source chosen: the picture follows (here a file that is not there says so).
    missing = tmp_path / "bestaat-niet.avi"
    dialog.camera_source.setText(str(missing))
    dialog.camera_source.editingFinished.emit()
    qtbot.waitUntil(lambda: dialog.preview.failed, timeout=10_000)
    assert str(missing) in dialog.preview.state
    dialog.reject()
    assert not dialog.previewing  # the camera is handed back to the desk


def test_switching_the_camera_applies_without_a_restart(
    qtbot: QtBot, gui_on_video: GuiApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui = gui_on_video
    first = gui.scanner
    m = gui.desk.meeting
    video = _video(tmp_path / "rotterdam.avi", [make_card_token(m.meeting_no, m.secret, "GM0599", 1)])
    warned = _fill(monkeypatch, camera_source=str(video))
    assert gui.desk_view is not None
    with qtbot.waitSignal(
        gui.desk_view.verdict_shown, timeout=30_000, check_params_cb=lambda kind: kind == VerdictKind.ACCEPTED.value
    ):
        gui.window.action("settings").trigger()
    assert not warned and gui.scanner is not first
    assert gui.desk_view.panel.content.municipality == "Rotterdam"
    assert settings.load().camera_source == str(video)
    assert "Instellingen opgeslagen" in gui.window.notice.text()


def test_switching_the_printer_applies_at_once(
    qtbot: QtBot, gui_on_video: GuiApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui = gui_on_video
    assert gui.desk_view is not None
    folder = tmp_path / "passen"
    _fill(monkeypatch, printer="pdf")
    monkeypatch.setattr(
        SettingsDialog,
        "preferences",
        lambda self, orig=SettingsDialog.preferences: dataclasses.replace(orig(self), pass_pdf_folder=str(folder)),
    )
    gui.window.action("settings").trigger()
    assert gui.desk_view.printer.printer_name == "pdf" and gui.desk_view.printer.pdf_folder == folder
    assert gui.desk.printer is gui.desk_view.printer


def test_a_new_language_and_desk_name_apply_without_a_restart(
    qtbot: QtBot, gui_on_video: GuiApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui = gui_on_video
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import i18n  # scripts/i18n.py
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    i18n.release("en", out=tmp_path / "stembalie_en.qm")
    gui.languages.qm_folder = tmp_path
    old = gui.window
    _fill(monkeypatch, language="en", desk_name="balie-3")
    gui.window.action("settings").trigger()
    qtbot.waitUntil(lambda: gui.window is not None and gui.window is not old, timeout=10_000)
    qtbot.addWidget(gui.window)
    assert gui.window.tabs.tabText(0) == "Desk" and gui.window.tabs.tabText(1) == "Voting"
    assert gui.session.tr.lang == "en" and gui.desk.actor.desk == "balie-3"
    assert gui.desk_view is not None and gui.desk_view.desk_label.text() == "balie-3"
    assert "Settings saved" in gui.window.notice.text()
    assert gui.scanner is not None  # the camera runs again in the new window


# -- OpenCV stays quiet, and a missing camera is tried less and less often --------------------------


def test_opencv_prints_no_warnings_for_a_missing_camera() -> None:
    """Before, every retry (each 2 s) printed two '[ WARN' lines of OpenCV's to stderr."""
    script = (
        "import os\n"
        "real = os.path.exists\n"
        "os.path.exists = lambda p: True if str(p).startswith('/dev/video') else real(p)  # OpenCV is asked\n"
        "from desk_app.scanning.sources import CameraSource\n"
        "from desk_app.domain.text import DeskError\n"
        "for _ in range(3):\n"
        "    try:\n"
        "        CameraSource(7).open()\n"
        "    except DeskError as err:\n"
        "        print(err.code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENCV_LOG_LEVEL"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=True
    )
    assert done.stdout.split() == ["camera.busy"] * 3
    assert "WARN" not in done.stderr and done.stderr.strip() == ""


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_camera_that_stays_away_is_tried_less_and_less_often(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[float] = []
    clock = _Clock()

    class NoCamera:
        def __init__(self, *args: object) -> None:
            opened.append(clock.now)

        def isOpened(self) -> bool:  # noqa: N802 - OpenCV's name
            return False

        def release(self) -> None:
            pass

    monkeypatch.setattr(sources.cv2, "VideoCapture", NoCamera)
    monkeypatch.setattr(sources.os.path, "exists", lambda p: True)
    backoff = Backoff(first=2.0, longest=10.0, clock=clock)
    codes = []
    # The worker asks every 2 seconds for a minute.
    for tick in range(30):
        clock.now = 2.0 * tick
        with pytest.raises(DeskError) as refused:
            CameraSource(3, backoff=backoff).open()  # a fresh source per attempt, as the worker makes
        codes.append(refused.value.code)
    assert set(codes) == {"camera.busy"}  # the same answer every time
    assert opened == [0.0, 2.0, 6.0, 14.0, 24.0, 34.0, 44.0, 54.0]  # 2, 4, 8, then every 10 s


def test_saving_other_settings_keeps_the_window_and_the_language_of_lang(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started with --lang en while the preferences say nl: the dialog shows English, and saving
    a backup setting neither switches to Dutch nor rebuilds the window."""
    app = GuiApp(
        argparse.Namespace(db=None, demo=True, desk=None, actor=None, lang="en"),
        settings.Preferences(camera_index=-1, language="nl"),
    )
    app.start()
    assert app.window is not None
    qtbot.addWidget(app.window)
    try:
        old = app.window
        shown: list[str] = []

        def fill(dialog: SettingsDialog) -> int:
            shown.append(dialog.language.currentData())
            dialog.backup_keep.setValue(30)
            dialog._on_buttons_accepted()
            return dialog.result()

        monkeypatch.setattr(SettingsDialog, "exec", fill)
        app.window.action("settings").trigger()
        qtbot.wait(50)
        assert shown == ["en"] and app.window is old and app.session.tr.lang == "en"
        assert settings.load().backup_keep == 30
    finally:
        app.close()
