"""Mosquitto 2 password file entries in its `$7$` PBKDF2-SHA512 format, made with hashlib, and device secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# Mosquitto 2's own default (mosquitto_passwd -I). Our secrets are 32 random bytes, not human passwords, so key
# stretching adds nothing against guessing; a low count keeps each device CONNECT cheap on a small centre box.
ITERATIONS = 101
SALT_BYTES = 12
HASH_BYTES = 64


def new_secret() -> str:
    """A device secret: 256 random bits, URL-safe, shown once and never stored."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha512", secret.encode(), salt, iterations, HASH_BYTES)
    return f"$7${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_secret(secret: str, encoded: str) -> bool:
    try:
        _, kind, iterations, salt, digest = encoded.split("$")
        if kind != "7":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.pbkdf2_hmac("sha512", secret.encode(), base64.b64decode(salt), int(iterations), len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def render_passwd(entries: list[tuple[str, str]]) -> str:
    """The password file: one `username:$7$...` line per (username, hash); usernames are slugs (no ':')."""
    lines = []
    for user, encoded in sorted(entries):
        if ":" in user or "\n" in user or not encoded.startswith("$7$"):
            raise ValueError(f"bad password file entry for {user!r}")
        lines.append(f"{user}:{encoded}")
    return "\n".join(lines) + ("\n" if lines else "")
