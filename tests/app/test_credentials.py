"""The SMTP password goes to a keyring or nowhere, never into the preferences file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from desk_app import credentials, settings


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        # As the real backends do when there is nothing to delete.
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


def test_with_a_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(credentials.ENV, raising=False)
    ring = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    try:
        assert credentials.store_password("smtp.example", "vng", "geheim")
        assert credentials.get_password("smtp.example", "vng") == "geheim"
        prefs = dataclasses.replace(settings.Preferences(), smtp_host="smtp.example", smtp_user="vng")
        settings.save(prefs, tmp_path / "p.json")
        assert "geheim" not in (tmp_path / "p.json").read_text()
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_nothing_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    monkeypatch.delenv(credentials.ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        assert credentials.store_password("smtp.example", "vng", "geheim") is False
        assert credentials.get_password("smtp.example", "vng") is None
        monkeypatch.setenv(credentials.ENV, "uit-script")
        assert credentials.get_password("smtp.example", "vng") == "uit-script"
    finally:
        keyring.set_keyring(previous)


def test_forgetting_and_what_the_keyring_itself_keeps(monkeypatch: pytest.MonkeyPatch) -> None:
    ring = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    try:
        monkeypatch.setenv(credentials.ENV, "uit-script")
        assert credentials.kept_password("smtp.example", "vng") is None  # the environment is not "kept"
        assert credentials.store_password("smtp.example", "vng", "geheim")
        assert credentials.kept_password("smtp.example", "vng") == "geheim"
        assert credentials.get_password("smtp.example", "vng") == "uit-script"  # scripts win
        assert credentials.forget_password("smtp.example", "vng") is True
        assert ring.items == {} and credentials.forget_password("smtp.example", "vng") is False
    finally:
        keyring.set_keyring(previous)
