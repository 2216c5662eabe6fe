"""Every fixed phrase the kiosk shows, Vietnamese first with its English (../shared/COPY-VI.md, Kiosk).

The font-coverage test walks these; a phrase the citizen must read to continue fits two lines at body size."""

from __future__ import annotations

COPY: dict[str, tuple[str, str]] = {
    "title": ("Lấy số thứ tự", "Take a number"),
    "hint": ("Vui lòng chọn lĩnh vực cần giải quyết", "Please choose the service you need"),
    "waiting": ("{n} người chờ", "{n} waiting"),
    "wait": ("khoảng {vi}", "about {en}"),
    "no_counter": ("Chưa có quầy mở", "No counter open yet"),
    "priority_question": ("Ông/Bà có thuộc đối tượng ưu tiên không?", "Are you in a priority group?"),
    "no_priority": ("Không thuộc đối tượng ưu tiên", "No priority"),
    "printing": ("Đang in phiếu,\nvui lòng chờ trong giây lát…", "Printing your ticket…"),
    "your_number": ("Số thứ tự của Ông/Bà", "Your number"),
    "ahead": ("Còn {n} người trước Ông/Bà", "{n} people ahead of you"),
    "expected": ("Dự kiến chờ khoảng {vi}", "About {en}"),
    "priority": ("Ưu tiên: {vi}", "Priority: {en}"),
    "take": ("Vui lòng nhận phiếu và chờ gọi số", "Please take your ticket and wait to be called"),
    "paper_out": ("Máy in tạm hết giấy.\nMời Ông/Bà đến Quầy hướng dẫn",
                  "Out of paper. Please go to the information desk"),
    "not_printed": ("Chưa in được phiếu.\nMời Ông/Bà đến Quầy hướng dẫn",
                    "Not printed. Please go to the information desk"),
    "reconnecting": ("Đang kết nối lại… Vui lòng chờ trong giây lát", "Reconnecting…"),
    "refused": ("Chưa lấy được số: {reason}", "No number was issued; please ask the information desk"),
    "checkin": ("Đã đặt lịch hẹn?", "Have a booking?"),
    "checkin_question": ("Quét mã QR hoặc nhập mã đặt lịch", "Scan its QR code or type its code"),
    "checkin_ok": ("Nhận số", "Get my number"),
    "delete": ("Xóa", "Delete"),
    "home": ("Về trang chính", "Home"),
    "back": ("Quay lại", "Back"),
    "large_type": ("Chữ lớn", "Large text"),
    "normal_type": ("Chữ thường", "Normal text"),
    "next_page": ("Sau ▶", "More"),
    "previous_page": ("◀ Trước", "Previous"),
}


def pair(key: str, **values) -> tuple[str, str]:
    """A phrase in both languages with its values filled in."""
    vi, en = COPY[key]
    return vi.format(**values), en.format(**values)
