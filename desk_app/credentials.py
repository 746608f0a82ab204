"""The SMTP password: in the platform keyring where there is one, never in the preferences file.

The sending window keeps it there when the user ticks "onthouden" (after the server accepted it
for the test message) and removes it when the tick is taken away. Where no keyring is available
(a bare Linux desk laptop), nothing is stored: the password is asked for when sending (or read
from ``STEMBALIE_SMTP_PASSWORD`` in scripts). Tests set a memory backend with
``keyring.set_keyring``.
"""

from __future__ import annotations

import logging
import os

import keyring
import keyring.errors
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


def forget_password(host: str, user: str) -> bool:
    """Remove a kept password; True when one was removed."""
    try:
        keyring.delete_password(SERVICE, _account(host, user))
    except keyring.errors.PasswordDeleteError:
        return False
    except (KeyringError, RuntimeError) as err:
        log.info("no keyring: %s", err)
        return False
    return True


def kept_password(host: str, user: str) -> str | None:
    """The password in the keyring only (not the environment): what "onthouden" kept."""
    try:
        return keyring.get_password(SERVICE, _account(host, user))
    except (KeyringError, RuntimeError) as err:
        log.info("no keyring: %s", err)
        return None
