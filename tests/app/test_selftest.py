"""``desk-app --self-test``: the check a frozen build runs on a new machine.

Each test takes pytest-qt's ``qapp`` first: the self-test paints with whatever Qt application
exists, and must not leave a plain QGuiApplication behind for the widget tests after it.
"""

from __future__ import annotations

from desk_app.cli import main


def test_self_test_passes(qapp, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.count("OK ") == 4 and "ZELFTEST GESLAAGD" in out


def test_self_test_reports_a_broken_decoder(qapp, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desk_app.scanning import files

    monkeypatch.setattr(files, "decode_files", lambda paths, decoder, on_error=None: {p: [] for p in paths})
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "FOUT  stemkaart maken en lezen" in out and out.endswith("ZELFTEST MISLUKT: 1 stap\n")  # not "stap(pen)"


def test_self_test_in_english(qapp, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--lang", "en", "--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.count("OK ") == 4 and out.endswith("SELF-TEST PASSED\n")
    assert "open a meeting" in out and "342 municipalities" in out and "reads back as" in out
    assert "ZELFTEST" not in out and "gemeenten" not in out


def test_self_test_builds_its_meeting_through_the_session(qapp, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desk_app import session

    opened: list[object] = []
    real = session.Session.demo.__func__  # type: ignore[attr-defined]

    def demo(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(kwargs.get("tr"))
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(session.Session, "demo", classmethod(demo))
    assert main(["--lang", "en", "--self-test"]) == 0
    assert [getattr(tr, "lang", None) for tr in opened] == ["en"]
