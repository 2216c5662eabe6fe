"""What each logged kind of action is called on the audit page, Vietnamese and English."""

from __future__ import annotations

from queue_service.dossiers.status import TRANSITIONS

QUEUE = {
    "issued": ("Cấp số", "Ticket issued"),
    "called": ("Gọi số", "Called"),
    "recalled": ("Gọi lại", "Recalled"),
    "started": ("Bắt đầu phục vụ", "Service started"),
    "finished": ("Hoàn thành", "Finished"),
    "no_show": ("Vắng mặt", "No-show"),
    "returned": ("Quay lại hàng chờ", "Returned to the queue"),
    "transferred": ("Chuyển quầy / lĩnh vực", "Transferred"),
    "cancelled": ("Huỷ số", "Cancelled"),
    "voided": ("Huỷ số chưa in", "Voided (not printed)"),
    "counter_opened": ("Mở quầy", "Counter opened"),
    "counter_closed": ("Đóng quầy", "Counter closed"),
    "counter_paused": ("Tạm dừng", "Paused"),
    "counter_resumed": ("Tiếp tục", "Resumed"),
}
DOSSIER = {"submit": ("Nhận hồ sơ", "Dossier submitted"),
           **{action: (t.vi, t.en) for action, t in TRANSITIONS.items()}}
SOURCES = {"queue": ("Hàng đợi", "Queue"), "dossier": ("Hồ sơ", "Dossier")}


def kind_name(source: str, kind: str) -> tuple[str, str]:
    return (QUEUE if source == "queue" else DOSSIER).get(kind, (kind, kind))


def any_kind_name(kind: str) -> tuple[str, str]:
    """For the filter list, where a kind may come from either source."""
    return QUEUE.get(kind) or DOSSIER.get(kind) or (kind, kind)
