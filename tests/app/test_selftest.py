"""``desk-app --self-test``: the check a frozen build runs on a new machine."""

from __future__ import annotations

from desk_app.cli import main


def test_self_test_passes(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.count("OK ") == 4 and "ZELFTEST GESLAAGD" in out


def test_self_test_reports_a_broken_decoder(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desk_app.scanning import files

    monkeypatch.setattr(files, "decode_files", lambda paths, decoder, on_error=None: {p: [] for p in paths})
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "FOUT  stemkaart maken en lezen" in out and "ZELFTEST MISLUKT" in out
