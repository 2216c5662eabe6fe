"""What an alert says on the board and in the API, Vietnamese first and English beside."""

from __future__ import annotations

from queue_service.config.models import CentreConfig

TEXT = {
    "field_wait": ("{field_vi}: chờ quá chỉ tiêu {target} phút", "{field_en}: a wait past the {target}-min target"),
    "counter_paused": ("Quầy {subject} tạm dừng quá {limit} phút", "Counter {subject} paused over {limit} min"),
    "device_offline": ("Thiết bị {subject} mất kết nối", "Device {subject} is offline"),
    "paper_out": ("Máy in của {subject} hết giấy", "The printer of {subject} is out of paper"),
    "paper_low": ("Máy in của {subject} sắp hết giấy", "The printer of {subject} is near the end of its paper"),
    "camera_lost": ("{subject} mất camera", "{subject} lost its camera"),
    "device_fault": ("Thiết bị {device}: bộ phận {part} gặp sự cố", "Device {device}: its {part} has a fault"),
}
SEVERITY = {"field_wait": "warning", "counter_paused": "warning", "paper_low": "warning"}  # the rest: "fault"


def text(centre: CentreConfig, kind: str, subject: str) -> tuple[str, str]:
    field = centre.field(subject) if kind == "field_wait" else None
    device, _, part = subject.partition(":")
    values = {"subject": subject, "device": device, "part": part, "limit": centre.board.pause_limit_minutes,
              "field_vi": field.name_vi if field else subject, "field_en": field.name_en if field else subject,
              "target": field.target_wait_minutes if field else ""}
    vi, en = TEXT[kind]
    return vi.format(**values), en.format(**values)
