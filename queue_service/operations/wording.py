"""Every word of the operations board and the devices page, Vietnamese first (COPY-VI.md, manager's board), English
for the toggle."""

from __future__ import annotations

LANGUAGES = ("vi", "en")

WORDS: dict[str, tuple[str, str]] = {
    "board": ("Bảng điều hành", "Operations board"),
    "devices": ("Thiết bị", "Devices"),
    "reports": ("Báo cáo", "Reports"),
    "dossiers": ("Hồ sơ", "Dossiers"),
    "counter_picker": ("Ngồi quầy", "Sit at a counter"),
    "tv": ("Chế độ TV", "TV mode"),
    "other_language": ("English", "Tiếng Việt"),
    "fields": ("Lĩnh vực", "Fields"),
    "field": ("Lĩnh vực", "Field"),
    "waiting": ("Đang chờ", "Waiting"),
    "longest": ("Chờ lâu nhất", "Longest wait"),
    "average": ("Chờ TB (1 giờ qua)", "Avg wait (last hour)"),
    "target": ("Chỉ tiêu", "Target"),
    "predicted": ("Dự kiến chờ", "Predicted wait"),
    "counters_open": ("Quầy đang mở", "Counters open"),
    "served": ("Đã phục vụ", "Served"),
    "counters": ("Quầy", "Counters"),
    "counter_n": ("Quầy {n}", "Counter {n}"),
    "status_serving": ("Đang phục vụ", "Serving"),
    "status_idle": ("Đang chờ khách", "Idle"),
    "status_paused": ("Tạm dừng", "Paused"),
    "status_closed": ("Đóng", "Closed"),
    "status_offline": ("Mất kết nối", "Offline"),
    # a device's parts on the devices page (the agents' roles), and their health; the agent's own detail follows
    "part_printer": ("Máy in", "Printer"),
    "part_second_printer": ("Máy in thứ hai", "Second printer"),
    "part_receipt_printer": ("Máy in biên nhận", "Receipt printer"),
    "part_camera": ("Camera", "Camera"),
    "part_led": ("Bảng số LED", "LED display"),
    "part_keypad": ("Bàn phím", "Keypad"),
    "part_rating_pad": ("Bàn phím đánh giá", "Rating pad"),
    "part_modem": ("Modem GSM", "GSM modem"),
    "part_network": ("Mạng di động", "Mobile network"),
    "part_admin": ("Menu quản trị", "Admin menu"),
    "health_ok": ("Tốt", "OK"),
    "health_warning": ("Cảnh báo", "Warning"),
    "health_fault": ("Lỗi", "Fault"),
    "health_absent": ("Không có", "Absent"),
    "for_minutes": ("{m} phút", "{m} min"),
    "minutes": ("{n} phút", "{n} min"),
    "none": ("—", "—"),
    "today": ("Hôm nay", "Today"),
    "issued": ("Số phiếu", "Tickets"),
    "served_today": ("Đã phục vụ", "Served"),
    "no_shows": ("Vắng mặt", "No-shows"),
    "ratings": ("Đánh giá hôm nay", "Ratings today"),
    "no_ratings": ("Chưa có đánh giá", "No ratings yet"),
    "due_today": ("Hồ sơ đến hạn hôm nay", "Dossiers due today"),
    "overdue": ("Hồ sơ quá hạn", "Dossiers overdue"),
    "on_time": ("Tỷ lệ đúng hạn", "On-time rate"),
    "alerts": ("Cảnh báo", "Alerts"),
    "no_alerts": ("Không có cảnh báo", "No alerts"),
    "began": ("từ {t}", "since {t}"),
    "ended": ("{a}–{b} · đã xử lý", "{a}–{b} · resolved"),
    "devices_offline": ("Thiết bị mất kết nối: {n}/{total}", "Devices offline: {n}/{total}"),
    "reconnecting": ("Mất kết nối — đang kết nối lại…", "Connection lost — reconnecting…"),
    "live": ("Trực tiếp", "Live"),
    "kind": ("Loại", "Kind"),
    "device": ("Thiết bị", "Device"),
    "counter": ("Quầy", "Counter"),
    "availability": ("Trạng thái", "Availability"),
    "last_seen": ("Lần cuối", "Last seen"),
    "health": ("Tình trạng phần cứng", "Hardware health"),
    "software": ("Phần mềm", "Software"),
    "screen": ("Màn hình", "Screen"),
    "open_mirror": ("Mở màn hình", "Open the screen"),
    "no_devices": ("Chưa có thiết bị", "No devices"),
    "kind_kiosk": ("Ki-ốt lấy số", "Kiosk"),
    "kind_counter": ("Thiết bị quầy", "Counter agent"),
    "kind_display": ("Màn hình gọi số", "Calling display"),
    "kind_rating_tablet": ("Máy tính bảng đánh giá", "Rating tablet"),
    "avail_ready": ("Sẵn sàng", "Ready"),
    "avail_alert": ("Có sự cố", "Needs attention"),
    "avail_disconnected": ("Đã tắt", "Stopped"),
    "avail_lost": ("Mất kết nối", "Lost"),
    "avail_none": ("Chưa kết nối", "Never connected"),
    "no_thumbnail": ("Chỉ quản trị viên xem được màn hình", "Only administrators see the screen"),
}


def pick(lang: str):
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return lambda key, **values: WORDS[key][index].format(**values)


def table(lang: str) -> dict[str, str]:
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {key: pair[index] for key, pair in WORDS.items()}
