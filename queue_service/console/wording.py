"""Every word of the console, Vietnamese first (COPY-VI.md, clerk console) and English for the toggle."""

from __future__ import annotations

LANGUAGES = ("vi", "en")

WORDS: dict[str, tuple[str, str]] = {
    "console": ("Bàn làm việc của cán bộ", "Clerk console"),
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_in_hint": ("Đăng nhập bằng mã cán bộ và mật khẩu được cấp", "Sign in with your staff id and password"),
    "staff_id": ("Tên đăng nhập (mã cán bộ)", "Staff id"),
    "password": ("Mật khẩu", "Password"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "change_password": ("Đổi mật khẩu", "Change password"),
    "change_first": ("Lần đầu đăng nhập: vui lòng đặt mật khẩu mới của riêng mình trước khi làm việc.",
                     "First sign-in: please choose your own new password before you start."),
    "change_rule": ("Mật khẩu mới có ít nhất {min} ký tự và khác mật khẩu cũ.",
                    "The new password has at least {min} characters and differs from the old one."),
    "current_password": ("Mật khẩu hiện tại", "Current password"),
    "new_password": ("Mật khẩu mới", "New password"),
    "repeat_password": ("Nhập lại mật khẩu mới", "Repeat the new password"),
    "save_password": ("Lưu mật khẩu mới", "Save the new password"),
    "passwords_differ": ("Hai lần nhập mật khẩu mới không khớp", "The two new passwords differ"),
    "choose_counter": ("Chọn quầy làm việc", "Choose your counter"),
    "choose_hint": ("Chọn quầy đang ngồi làm việc hôm nay. Quầy sẽ được mở với mã cán bộ của mình.",
                    "Choose the counter you sit at today. It opens under your staff id."),
    "counter_n": ("Quầy số {n}", "Counter {n}"),
    "status_open": ("Đang mở", "Open"),
    "status_paused": ("Tạm dừng", "Paused"),
    "status_closed": ("Chưa mở", "Not open"),
    "at_counter": ("Cán bộ: {name}", "Clerk: {name}"),
    "change_counter": ("Đổi quầy", "Change counter"),
    "current_number": ("Số đang phục vụ", "Current number"),
    "no_number": ("Chưa gọi số", "No number called"),
    "ticket_called": ("Đã gọi, chờ công dân đến quầy", "Called, waiting for the citizen"),
    "ticket_serving": ("Đang phục vụ", "Being served"),
    "recalls": ("Đã gọi lại {n} lần", "Recalled {n} times"),
    "waiting": ("Danh sách chờ", "Waiting list"),
    "waiting_n": ("{n} người chờ", "{n} waiting"),
    "next": ("Gọi số tiếp theo", "Next"),
    "recall": ("Gọi lại", "Recall"),
    "no_show": ("Vắng mặt", "No-show"),
    "start": ("Bắt đầu phục vụ", "Start"),
    "finish": ("Hoàn thành", "Finish"),
    "pause": ("Tạm dừng", "Pause"),
    "resume": ("Tiếp tục", "Resume"),
    "transfer": ("Chuyển quầy / lĩnh vực", "Transfer"),
    "transfer_ok": ("Chuyển", "Transfer"),
    "transfer_title": ("Chuyển số {number}", "Transfer number {number}"),
    "transfer_hint": ("Chọn lĩnh vực hoặc quầy nhận. Số giữ nguyên thứ tự theo giờ lấy số.",
                      "Choose the field or the counter that takes it. It keeps its place by the time it was issued."),
    "to_field": ("Chuyển lĩnh vực", "To the field"),
    "to_counter": ("Chuyển quầy", "To the counter"),
    "unchanged": ("— giữ nguyên —", "— unchanged —"),
    "cancel": ("Hủy", "Cancel"),
    "pick_ticket": ("Chọn số trong danh sách", "Pick from the list"),
    "call_this": ("Gọi số này", "Call this ticket"),
    "waited_min": ("chờ {n} phút", "waited {n} min"),
    "booking_at": ("Hẹn {time}", "Booked {time}"),
    "transferred_mark": ("Chuyển đến", "Transferred"),
    "transferred_here": ("Chuyển đến quầy này", "Transferred to this counter"),
    "nobody_waiting": ("Không có ai chờ", "Nobody waiting"),
    "more_waiting": ("… và {n} người nữa", "… and {n} more"),
    "why": ("Vì sao gọi số {number}", "Why number {number}"),
    "why_priority": ("Đối tượng ưu tiên: {group} (lượt ưu tiên {run}/{max} liên tiếp)",
                     "Priority group: {group} (priority call {run} of at most {max} in a row)"),
    "why_booking": ("Có lịch hẹn và đã đến giờ hẹn", "A booking whose slot has come"),
    "why_priority_run_limit": ("Đã gọi {max} số ưu tiên liên tiếp: đến lượt số thường chờ lâu nhất ({minutes} phút)",
                               "{max} priority calls in a row: the longest-waiting normal ticket ({minutes} min)"),
    "why_normal": ("Chờ lâu nhất có tính hệ số: {minutes} phút × hệ số {weight}, lĩnh vực {field}",
                   "Longest weighted wait: {minutes} min × weight {weight}, field {field}"),
    "why_chosen_by_clerk": ("Cán bộ chọn gọi số này trong danh sách", "Called from the list by the clerk"),
    "why_transferred_here": ("; được chuyển đến quầy này", "; transferred to this counter"),
    "timer": ("Thời gian phục vụ", "Service time"),
    "served_today": ("Đã phục vụ hôm nay", "Served today"),
    "average_service": ("Thời gian phục vụ trung bình", "Average service time"),
    "minutes_seconds": ("{m} phút {s} giây", "{m} min {s} s"),
    "offline": ("Mất kết nối — đang kết nối lại…", "Connection lost — reconnecting…"),
    "refused": ("Yêu cầu bị từ chối", "Request refused"),
    "back_to_sign_in": ("Quay lại trang đăng nhập", "Back to sign-in"),
    "other_language": ("English", "Tiếng Việt"),
}


def pick(lang: str):
    """`t(key, **values)` in the given language."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0

    def t(key: str, **values) -> str:
        return WORDS[key][index].format(**values)

    return t


def table(lang: str) -> dict[str, str]:
    """Every word in one language, for the page's script."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {key: pair[index] for key, pair in WORDS.items()}
