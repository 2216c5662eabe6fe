"""CSRF protection for the staff pages: a per-session token in every form's hidden field (or the X-CSRF-Token
header of a page's fetch), checked on every POST made with the session cookie."""

from __future__ import annotations

import hmac
import secrets

from queue_service.errors import DomainError, kind

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REFUSED = kind("csrf_refused", 403,
               "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi thử lại.",
               "This form has expired or is not valid. Please reload the page and try again.")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def check(expected: str | None, given: str | None) -> None:
    if not expected or not given or not hmac.compare_digest(expected.encode(), given.encode()):
        raise DomainError(REFUSED)
