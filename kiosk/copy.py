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
    # dossier lookup (kiosk/lookup.py); the dossier's own words (status, procedure, steps) come from the service
    "lookup": ("Tra cứu hồ sơ", "Look up a dossier"),
    "lookup_scan": ("Đưa mã QR trên Giấy tiếp nhận\nvào trước camera",
                    "Hold the QR code of your dossier receipt up to the camera"),
    "lookup_type": ("Nhập mã hồ sơ", "Type the dossier code"),
    "lookup_code": ("Nhập mã hồ sơ\ntrên Giấy tiếp nhận", "Type the code printed on your receipt"),
    "lookup_digits": ("Nhập 4 số cuối\ngiấy tờ tùy thân", "The last 4 digits of your ID number"),
    "delete": ("Xóa", "Delete"),
    "continue": ("Tiếp tục", "Continue"),
    "searching": ("Đang tra cứu hồ sơ,\nvui lòng chờ trong giây lát…", "Looking up your dossier…"),
    "not_found": ("Không tìm thấy hồ sơ.\nVui lòng kiểm tra lại mã và 4 số",
                  "No dossier matches that code and those 4 digits"),
    "too_many": ("Tra cứu quá nhiều lần.\nVui lòng thử lại sau ít phút", "Too many lookups: please try again soon"),
    "lookup_failed": ("Chưa tra cứu được hồ sơ.\nMời Ông/Bà đến Quầy hướng dẫn",
                      "The lookup failed. Please ask the information desk"),
    "dossier_code": ("Mã hồ sơ: {code}", "Dossier code: {code}"),
    "due": ("Ngày hẹn trả kết quả: {date}", "Result due: {date}"),
    "rescheduled": ("Đã hẹn lại ngày trả kết quả", "The due date was moved"),
    "overdue": ("Đã quá ngày hẹn trả kết quả", "Past its due date"),
    "steps": ("Các bước đã qua", "Steps so far"),
    "in_english": ("Tiếng Anh", "English"),
    # the "your turn is near" SMS, offered after the number is printed (kiosk/phone.py)
    "sms_offer": ("Nhắn tin khi sắp đến lượt?", "Get an SMS when your turn is near?"),
    "sms_consent": ("Không bắt buộc. Chỉ dùng cho tin nhắn này, xóa cuối ngày",
                    "Optional. Your number is used only for this SMS and deleted at the end of the day"),
    "sms_skip": ("Bỏ qua", "Skip"),
    "sms_ok": ("Nhận tin nhắn", "Send me the SMS"),
    "sms_to": ("Sẽ nhắn tin tới {masked}", "An SMS to {masked} when {n} are ahead"),
    "sms_saving": ("Đang đăng ký nhận tin nhắn…", "Setting up your SMS…"),
    "sms_failed": ("Chưa đăng ký được tin nhắn", "The SMS could not be set up"),
    "in_vietnamese": ("Tiếng Việt", "Vietnamese"),
}


def pair(key: str, **values) -> tuple[str, str]:
    """A phrase in both languages with its values filled in."""
    vi, en = COPY[key]
    return vi.format(**values), en.format(**values)
