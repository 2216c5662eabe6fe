"""Every word of the booking page, Vietnamese first (COPY-VI.md register: Ông/Bà, Vui lòng) and English."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Đặt lịch hẹn trực tuyến", "Book an appointment online"),
    "choose_field": ("Vui lòng chọn lĩnh vực cần giải quyết", "Please choose the service you need"),
    "choose_day": ("Chọn ngày", "Choose a day"),
    "choose_slot": ("Chọn giờ", "Choose a time"),
    "places": ("còn {n} chỗ", "{n} places left"),
    "full": ("hết chỗ", "full"),
    "no_day": ("Hiện chưa có ngày nào còn chỗ. Vui lòng quay lại sau.", "No day has a free place now. Please try "
               "again later."),
    "slot_minutes": ("mỗi lượt {n} phút", "{n}-minute slots"),
    "phone": ("Số điện thoại (không bắt buộc)", "Phone number (optional)"),
    "phone_hint": ("Chỉ dùng để liên hệ khi cần; luôn được che khi hiển thị.", "Only used if we need to reach you; "
                   "always shown masked."),
    "phone_short": ("Điện thoại", "Phone"),
    "book": ("Đặt lịch", "Book"),
    "back": ("Quay lại", "Back"),
    "booked": ("Ông/Bà đã đặt lịch hẹn thành công", "Your appointment is booked"),
    "your_code": ("Mã đặt lịch", "Booking code"),
    "when": ("Giờ hẹn", "Time"),
    "field": ("Lĩnh vực", "Service"),
    "state": ("Trạng thái", "Status"),
    "booked_state": ("Đã đặt", "Booked"),
    "cancelled_state": ("Đã hủy", "Cancelled"),
    "checked_in_state": ("Đã nhận số", "Checked in"),
    "expired_state": ("Đã quá giờ", "Expired"),
    "at_kiosk": ("Tại trung tâm: chạm nút “Đã đặt lịch hẹn?” trên máy lấy số, rồi đưa mã QR này trước camera hoặc "
                 "nhập mã đặt lịch.", "At the centre: touch “Have a booking?” on the kiosk, then hold this QR code "
                 "to its camera or type the booking code."),
    "window": ("Máy nhận mã từ {opens} đến {closes}. Sau {closes} lịch hẹn hết hiệu lực.", "The kiosk takes the code "
               "from {opens} to {closes}. After {closes} the booking expires."),
    "keep": ("Vui lòng lưu lại trang này (hoặc chụp màn hình) để giữ mã và liên kết hủy lịch.", "Keep this page (or "
             "a screenshot) for the code and the cancel link."),
    "cancel": ("Hủy lịch hẹn", "Cancel the booking"),
    "cancel_hint": ("Không đến được? Vui lòng hủy để nhường chỗ cho người khác.", "Cannot come? Please cancel to "
                    "free the place for someone else."),
    "cancelled": ("Lịch hẹn đã được hủy.", "The booking is cancelled."),
    "language": ("English", "Tiếng Việt"),
}

WEEKDAYS = (("Thứ Hai", "Monday"), ("Thứ Ba", "Tuesday"), ("Thứ Tư", "Wednesday"), ("Thứ Năm", "Thursday"),
            ("Thứ Sáu", "Friday"), ("Thứ Bảy", "Saturday"), ("Chủ nhật", "Sunday"))


def pick(lang: str):
    """The page's words in one language, with their values filled in."""
    index = 1 if lang == "en" else 0

    def word(key: str, **values) -> str:
        return WORDS[key][index].format(**values)

    word.day = lambda day: f"{WEEKDAYS[day.weekday()][index]}, {day:%d/%m/%Y}"
    return word
