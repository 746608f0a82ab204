"""A desk's login to the meeting server: the address it last used and the password in the keyring.

The first-run window's "Verbinden met een vergaderserver" asks for the data nodes (host list),
the database, the user and the password. The address (a multi-host URI without a password, see
:mod:`desk_app.server.dsn`) and, optionally, the monitor's address are remembered in the user data
folder (``server.json``); the password goes to the platform keyring like the SMTP password, never
into a file or onto a command line. Where no keyring is available nothing is kept: libpq's own
``PGPASSWORD`` or pgpass file, or asking again, remain. Qt-free.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass

import keyring
import keyring.errors
from keyring.errors import KeyringError

from desk_app import paths
from desk_app.server.dsn import parse_dsn, redact

__all__ = ["ServerLogin", "forget_password", "keep_password", "password_for", "remember", "remembered"]

SERVICE = "Stembalie vergaderserver"
ENV = "STEMBALIE_SERVER_PASSWORD"
log = logging.getLogger("stembalie.server.login")


def _account(dsn: str) -> str:
    """user@hostA:port,hostB:port/db: one password per role, hosts and database."""
    parsed = parse_dsn(dsn)
    hosts = ",".join(f"{h}:{p}" for h, p in parsed.hosts)
    return f"{parsed.user}@{hosts}/{parsed.dbname}"


def password_for(dsn: str) -> str | None:
    """``STEMBALIE_SERVER_PASSWORD`` (scripts), else the keyring; None: libpq's own (pgpass, PGPASSWORD)."""
    if os.environ.get(ENV):
        return os.environ[ENV]
    try:
        return keyring.get_password(SERVICE, _account(dsn))
    except (KeyringError, RuntimeError, ValueError) as err:
        log.info("no keyring: %s", err)
        return None


def keep_password(dsn: str, password: str) -> bool:
    """Keep it in the platform keyring; False when there is none (then nothing is kept)."""
    try:
        keyring.set_password(SERVICE, _account(dsn), password)
    except (KeyringError, RuntimeError, ValueError) as err:
        log.info("server password not kept, no keyring: %s", err)
        return False
    return True


def forget_password(dsn: str) -> bool:
    try:
        keyring.delete_password(SERVICE, _account(dsn))
    except keyring.errors.PasswordDeleteError:
        return False
    except (KeyringError, RuntimeError, ValueError) as err:
        log.info("no keyring: %s", err)
        return False
    return True


@dataclass(frozen=True)
class ServerLogin:
    """What a desk remembers of its server: the address (no password) and the monitor, if known."""

    dsn: str
    monitor: str = ""


def _file() -> os.PathLike[str]:
    return paths.user_data_dir() / "server.json"


def remembered() -> ServerLogin | None:
    try:
        with open(_file(), encoding="utf-8") as fh:
            data = json.load(fh)
        return ServerLogin(str(data["dsn"]), str(data.get("monitor", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(login: ServerLogin) -> None:
    """Keep the address for the next start (any password in it is dropped)."""
    path = paths.user_data_dir() / "server.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    dsn = redact(login.dsn).replace(":***@", "@")
    path.write_text(json.dumps({"dsn": dsn, "monitor": login.monitor}, indent=2) + "\n", encoding="utf-8")
