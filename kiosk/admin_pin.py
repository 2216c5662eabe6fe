"""The admin PIN: only its scrypt hash is in the kiosk's file, and wrong PINs lock the pad for a while.

The stdlib's hashlib.scrypt, not argon2 (a service dependency): the agent keeps to what Python ships. A PIN has few
digits, so the hash alone would not resist a search by whoever reads the file; the file is the IT officer's (chmod
600), and the lockout is what stops guessing at the glass. `python -m kiosk.admin_pin` prints a hash to paste."""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1  # ~30-60 ms and 16 MB on a kiosk PC: slow for a search, instant for the officer
PIN_DIGITS = (4, 8)


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash` (hex) of a PIN of 4 to 8 digits."""
    if not (pin.isdigit() and PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]):
        raise ValueError(f"a PIN is {PIN_DIGITS[0]} to {PIN_DIGITS[1]} digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"{SCHEME}${N}${R}${P}${salt.hex()}${digest.hex()}"


def parse(stored: str) -> tuple[int, int, int, bytes, bytes]:
    """The parts of a stored hash; ValueError naming what is wrong (the config check shows it)."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise ValueError("expected scrypt$N$r$p$salt$hash, as `python -m kiosk.admin_pin` prints it")
    try:
        n, r, p = (int(v) for v in parts[1:4])
        salt, digest = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
    except ValueError:
        raise ValueError("N, r and p are numbers; salt and hash are hexadecimal") from None
    if n < 2**10 or n & (n - 1) or not (1 <= r <= 32 and 1 <= p <= 16) or len(salt) < 8 or len(digest) < 16:
        raise ValueError("scrypt parameters out of range (N a power of two ≥ 1024, salt ≥ 8 bytes)")
    return n, r, p, salt, digest


def verify_pin(stored: str, pin: str) -> bool:
    n, r, p, salt, digest = parse(stored)
    tried = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(digest), maxmem=2**26)
    return hmac.compare_digest(tried, digest)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    tries_left: int = 0
    locked_s: float = 0.0  # seconds the pad stays locked (0: not locked)
    checked: bool = True  # False: refused unchecked, the pad being locked


class PinGate:
    """Checks PINs against the hash; `max_tries` wrong ones in a row lock it for `lockout_s`, during which no PIN is
    even checked (the right one neither). Kept in memory: restarting the kiosk is not at the glass."""

    def __init__(self, stored: str, *, max_tries: int, lockout_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stored, self.max_tries, self.lockout_s, self.clock = stored, max_tries, lockout_s, clock
        self._wrong = 0
        self._locked_until = 0.0

    def locked_s(self) -> float:
        return max(0.0, self._locked_until - self.clock())

    def check(self, pin: str) -> Verdict:
        if (left := self.locked_s()) > 0:
            return Verdict(False, 0, left, checked=False)
        if verify_pin(self.stored, pin):
            self._wrong = 0
            return Verdict(True, self.max_tries)
        self._wrong += 1
        if self._wrong >= self.max_tries:
            self._wrong = 0
            self._locked_until = self.clock() + self.lockout_s
            return Verdict(False, 0, self.lockout_s)
        return Verdict(False, self.max_tries - self._wrong)


def main() -> int:
    pin = getpass.getpass("New admin PIN (4-8 digits): ")
    if pin != getpass.getpass("Again: "):
        print("The two PINs differ; nothing written.", file=sys.stderr)
        return 1
    try:
        print(hash_pin(pin))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
