"""The SMTP password: in the platform keyring where there is one, never in the preferences file.

Where no keyring is available (a bare Linux desk laptop), nothing is stored: the password is
asked for when sending (or read from ``STEMBALIE_SMTP_PASSWORD`` in scripts).
"""

from __future__ import annotations

import logging
import os

import keyring
from keyring.errors import KeyringError

SERVICE = "Stembalie SMTP"
ENV = "STEMBALIE_SMTP_PASSWORD"
log = logging.getLogger("stembalie.credentials")


def _account(host: str, user: str) -> str:
    return f"{user}@{host}"


def get_password(host: str, user: str) -> str | None:
    """The environment variable first (scripts), then the keyring; None when neither has one."""
    if os.environ.get(ENV):
        return os.environ[ENV]
    try:
        return keyring.get_password(SERVICE, _account(host, user))
    except (KeyringError, RuntimeError) as err:
        log.info("no keyring: %s", err)
        return None


def store_password(host: str, user: str, password: str) -> bool:
    """Keep the password in the platform keyring; False when there is none (then it is not kept)."""
    try:
        keyring.set_password(SERVICE, _account(host, user), password)
    except (KeyringError, RuntimeError) as err:
        log.info("password not kept, no keyring: %s", err)
        return False
    return True
