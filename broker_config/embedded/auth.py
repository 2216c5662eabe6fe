"""Mosquitto password files for the demo broker (a real centre runs Mosquitto): `user:$7$...` PBKDF2-SHA512
lines as broker_config.passwd writes them, and Mosquitto's older `$6$` salted SHA-512, verified with hashlib."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from pathlib import Path

from broker_config.passwd import verify_secret

log = logging.getLogger(__name__)


class PasswordFile:
    """username → encoded hash; an empty one (no file configured) lets nobody in."""

    def __init__(self, entries: dict[str, str] | None = None) -> None:
        self.entries = dict(entries or {})

    @classmethod
    def parse(cls, text: str, source: str = "password file") -> "PasswordFile":
        entries = {}
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            user, sep, encoded = line.partition(":")
            if not sep or not user or not encoded:
                log.warning("%s line %d ignored: not user:hash", source, number)
                continue
            entries[user] = encoded
        return cls(entries)

    @classmethod
    def load(cls, path: Path) -> "PasswordFile":
        return cls.parse(Path(path).read_text(encoding="utf-8"), str(path))

    def __contains__(self, username: str) -> bool:
        return username in self.entries

    def check(self, username: str | None, password: bytes | None) -> bool:
        encoded = self.entries.get(username or "")
        if encoded is None or password is None:
            return False
        try:
            secret = password.decode("utf-8")
        except UnicodeDecodeError:
            return False
        if encoded.startswith("$7$"):
            return verify_secret(secret, encoded)
        if encoded.startswith("$6$"):
            return _verify_sha512(password, encoded)
        return False


def _verify_sha512(password: bytes, encoded: str) -> bool:
    try:
        _, _, salt, digest = encoded.split("$")
        expected = base64.b64decode(digest)
        got = hashlib.sha512(password + base64.b64decode(salt)).digest()
    except ValueError:
        return False
    return hmac.compare_digest(got, expected)
