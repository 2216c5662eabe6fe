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
    "not_live": ("Màn hình cập nhật khi bấm nút hoặc tải lại trang (F5); chưa tự cập nhật khi bàn phím quầy được bấm.",
                 "The screen updates when you press a button or reload (F5); a keypad press does not show by itself yet."),
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
