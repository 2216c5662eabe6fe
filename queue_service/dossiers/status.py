"""The national portal's 10 dossier status codes and the transition table: who may do what, from which state (DOMAIN.md §1)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from queue_service.auth.roles import Role


class Status(enum.IntEnum):
    RECEIVING = 1  # Mới đăng ký: online/post, intake not done
    NEW = 2  # Được tiếp nhận: code and due date set, Form 01 issued
    DENIED = 3  # Không được tiếp nhận (Form 03)
    PROCESSING = 4  # Đang xử lý, including liên thông steps
    WAITING = 5  # Yêu cầu bổ sung giấy tờ (Form 02): clock paused
    PAYING = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    CANCELLED = 7  # Công dân yêu cầu rút hồ sơ
    UNRESOLVED = 8  # Dừng xử lý
    RELEASING = 9  # Đã xử lý xong: result at the counter
    DONE = 10  # Đã trả kết quả


LABELS = {
    Status.RECEIVING: ("Mới đăng ký", "Submitted"),
    Status.NEW: ("Được tiếp nhận", "Accepted"),
    Status.DENIED: ("Không được tiếp nhận", "Refused"),
    Status.PROCESSING: ("Đang xử lý", "Processing"),
    Status.WAITING: ("Yêu cầu bổ sung giấy tờ", "Supplement requested"),
    Status.PAYING: ("Yêu cầu thực hiện nghĩa vụ tài chính", "Payment due"),
    Status.CANCELLED: ("Công dân yêu cầu rút hồ sơ", "Withdrawal requested"),
    Status.UNRESOLVED: ("Dừng xử lý", "Processing stopped"),
    Status.RELEASING: ("Đã xử lý xong", "Result ready"),
    Status.DONE: ("Đã trả kết quả", "Result returned"),
}
# States in which the processing clock runs, so the dossier can be overdue (not 5: the clock is paused).
RUNNING = frozenset({Status.NEW, Status.PROCESSING, Status.PAYING})
OPEN = frozenset({Status.RECEIVING, Status.NEW, Status.PROCESSING, Status.WAITING, Status.PAYING})
# Decision 766 completion time: status 9, else 10, else 8 or 3, else 7 (DOMAIN.md §4.6); lower rank wins.
COMPLETION_RANK = {Status.RELEASING: 0, Status.DONE: 1, Status.UNRESOLVED: 2, Status.DENIED: 2, Status.CANCELLED: 3}

STAFF = frozenset({Role.clerk, Role.manager, Role.admin})
LEADERS = frozenset({Role.manager, Role.admin})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[Status]
    target: Status | None  # None: stays (apology) or goes back to where it was (supplement received)
    roles: frozenset[Role]
    vi: str
    en: str


def _t(action, sources, target, roles, vi, en) -> Transition:
    return Transition(action, frozenset(sources), target, roles, vi, en)


S = Status
TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    _t("accept", {S.RECEIVING}, S.NEW, STAFF, "Tiếp nhận hồ sơ", "Accept"),
    _t("refuse", {S.RECEIVING}, S.DENIED, STAFF, "Từ chối tiếp nhận", "Refuse"),
    _t("request_supplement", {S.RECEIVING, S.NEW, S.PROCESSING}, S.WAITING, STAFF, "Yêu cầu bổ sung", "Request a supplement"),
    _t("supplement_received", {S.WAITING}, None, STAFF, "Nhận hồ sơ bổ sung", "Supplement received"),
    _t("transfer", {S.NEW, S.PROCESSING}, S.PROCESSING, STAFF, "Chuyển xử lý", "Transfer"),
    _t("payment_due", {S.PROCESSING}, S.PAYING, STAFF, "Yêu cầu nộp phí, thuế", "Payment due"),
    _t("paid", {S.PAYING}, S.PROCESSING, STAFF, "Đã thực hiện nghĩa vụ tài chính", "Paid"),
    _t("withdraw", {S.RECEIVING, S.NEW, S.PROCESSING, S.WAITING, S.PAYING}, S.CANCELLED, STAFF, "Công dân rút hồ sơ", "Withdraw"),
    _t("stop", {S.PROCESSING, S.WAITING, S.PAYING, S.CANCELLED}, S.UNRESOLVED, LEADERS, "Dừng xử lý", "Stop processing"),
    _t("result_ready", {S.NEW, S.PROCESSING}, S.RELEASING, STAFF, "Có kết quả", "Result ready"),
    _t("return_result", {S.RELEASING}, S.DONE, STAFF, "Trả kết quả", "Return the result"),
    _t("apologize", RUNNING, None, LEADERS, "Xin lỗi và hẹn lại ngày trả", "Apologise with a new date"),
)}


def allowed_actions(status: Status, role: Role | None = None) -> list[str]:
    return [t.action for t in TRANSITIONS.values() if status in t.sources and (role is None or role in t.roles)]


def label(status: int) -> dict:
    vi, en = LABELS[Status(status)]
    return {"code": int(status), "vi": vi, "en": en}
