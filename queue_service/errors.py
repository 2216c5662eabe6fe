"""Every refusal the service can give: a stable machine-readable code, an HTTP status, Vietnamese and English text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field


@dataclass(frozen=True)
class ErrorKind:
    code: str
    status: int
    vi: str
    en: str


class DomainError(Exception):
    """Raised by domain modules; the API turns it into `{error: {code, message_vi, message_en, details}}`."""

    def __init__(self, kind: ErrorKind, **details) -> None:
        self.kind = kind
        self.details = details
        super().__init__(f"{kind.code}: {self.message_en}")

    @property
    def message_vi(self) -> str:
        return self.kind.vi.format(**self.details)

    @property
    def message_en(self) -> str:
        return self.kind.en.format(**self.details)

    def body(self) -> dict:
        info = ErrorInfo(code=self.kind.code, message_vi=self.message_vi, message_en=self.message_en,
                         details={k: v for k, v in self.details.items() if _jsonable(v)})
        return ErrorBody(error=info).model_dump(mode="json")


class ErrorInfo(BaseModel):
    code: str = Field(description="stable machine-readable code, e.g. counter_closed")
    message_vi: str = Field(description="what to tell the person, in Vietnamese")
    message_en: str = Field(description="the same in English")
    details: dict[str, Any] = Field(default_factory=dict, description="the values the messages name, by name")


class ErrorBody(BaseModel):
    """The one shape of every refusal the HTTP API gives (4xx and 5xx alike)."""

    error: ErrorInfo


def _jsonable(value) -> bool:
    return isinstance(value, (str, int, float, bool, list, dict, type(None)))


def kind(code: str, status: int, vi: str, en: str) -> ErrorKind:
    return ErrorKind(code, status, vi, en)


# Generic request errors (API layer).
MALFORMED_BODY = kind("malformed_body", 400, "Không đọc được nội dung yêu cầu (cần JSON)", "The request body could not be read (JSON expected)")
METHOD_NOT_ALLOWED = kind("method_not_allowed", 405, "Địa chỉ này không nhận phương thức {method} (chỉ nhận: {allow})", "This address does not accept {method} (only: {allow})")
INVALID_REQUEST = kind("invalid_request", 422, "Yêu cầu không hợp lệ: {reason}", "Invalid request: {reason}")
UNAUTHENTICATED = kind("unauthenticated", 401, "Cần đăng nhập (mã truy cập không hợp lệ hoặc thiếu)", "Sign-in required (missing or invalid token)")
FORBIDDEN = kind("forbidden", 403, "Bạn không có quyền thực hiện thao tác này", "You are not allowed to do this")
WRONG_COUNTER = kind("wrong_counter", 403, "Bạn đang đăng nhập ở quầy {signed_in}, không thể thao tác cho quầy {counter}", "You are signed in to counter {signed_in}, not counter {counter}")
NOT_FOUND = kind("not_found", 404, "Không tìm thấy", "Not found")
UNKNOWN_CENTRE = kind("unknown_centre", 404, "Không có trung tâm '{centre}'", "No centre '{centre}'")
CONFLICT = kind("conflict", 409, "Dữ liệu vừa bị thay đổi, vui lòng thử lại", "The data changed meanwhile, please retry")
