"""Background jobs deliver progress, results and errors on the GUI thread."""

from __future__ import annotations

import threading

import pytest

from desk_app.ui.jobs import PoolRunner, SyncRunner


@pytest.mark.parametrize("runner_cls", [PoolRunner, SyncRunner])
def test_result_and_progress(qtbot, runner_cls) -> None:  # type: ignore[no-untyped-def]
    gui_thread = threading.get_ident()
    seen: list[tuple[int, int, str]] = []
    threads: list[int] = []

    def job(progress):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        for i in range(3):
            progress(i + 1, 3, f"kaart {i + 1}")
        return "klaar"

    runner = runner_cls()
    results: list[object] = []
    runner.start(job, finished=results.append, progressed=lambda d, t, text: seen.append((d, t, text)))
    qtbot.waitUntil(lambda: results == ["klaar"], timeout=5000)
    assert seen == [(1, 3, "kaart 1"), (2, 3, "kaart 2"), (3, 3, "kaart 3")]
    if runner_cls is PoolRunner:
        assert threads[0] != gui_thread  # really off the GUI thread
        assert runner.wait()


def test_error_is_delivered(qtbot) -> None:  # type: ignore[no-untyped-def]
    def job(progress):  # type: ignore[no-untyped-def]
        raise ValueError("kapot")

    errors: list[BaseException] = []
    PoolRunner().start(job, finished=lambda r: None, failed=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "kapot"
