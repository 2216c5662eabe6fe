"""Glyph coverage: every character the screens say (COPY-VI.md) is in both bundled faces; a missing one is named."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pygame

from devicekit.ui.coverage import missing_glyphs

# The screens' vocabulary from COPY-VI.md: kiosk, hall display, rating tablet, plus the lookups' punctuation.
COPY_VI = [
    "Lấy số thứ tự", "Vui lòng chọn lĩnh vực cần giải quyết", "Đang chờ: 12 người · Dự kiến chờ khoảng 15 phút",
    "Lĩnh vực này hiện chưa tiếp nhận", "Đã hết số thứ tự trong ngày",
    "Ngoài giờ làm việc. Giờ làm việc: 7:00–11:30, 13:30–17:00", "Hôm nay là ngày nghỉ lễ",
    "Ông/Bà có thuộc đối tượng ưu tiên không?", "Người cao tuổi (từ đủ 60 tuổi trở lên)", "Người khuyết tật",
    "Phụ nữ mang thai", "Người có công với cách mạng", "Không thuộc đối tượng ưu tiên",
    "Đang in phiếu, vui lòng chờ trong giây lát…", "Số thứ tự của Ông/Bà", "Còn 5 người trước Ông/Bà",
    "Vui lòng nhận phiếu và chờ gọi số",
    "Máy in tạm hết giấy. Vui lòng đến Quầy hướng dẫn để được cấp số", "Đang kết nối lại… Vui lòng chờ trong giây lát",
    "Ông/Bà đã đặt lịch hẹn? Quét mã QR hoặc nhập mã đặt lịch", "Chưa đến giờ hẹn. Vui lòng quay lại từ 9:45",
    "Lịch hẹn đã quá giờ. Ông/Bà có thể lấy số thứ tự thông thường", "Tra cứu hồ sơ",
    "Quét mã QR trên Giấy tiếp nhận hồ sơ, hoặc nhập mã hồ sơ và 4 số cuối giấy tờ tùy thân",
    "Nhận tin nhắn khi sắp đến lượt (không bắt buộc)", "Quay lại · Về trang chính", "Chữ lớn",
    "Mời công dân có số thứ tự", "đến Quầy số 5", "Số thứ tự", "Quầy", "Đang phục vụ", "Gọi lại",
    "Mất kết nối — đang kết nối lại", "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng",
    "Ông/Bà vui lòng đánh giá mức độ hài lòng", "Cán bộ: Nguyễn Văn An", "Cảm ơn Ông/Bà đã đánh giá!",
    "Thái độ chưa đúng mực", "Hướng dẫn chưa rõ ràng", "Thời gian chờ lâu", "Yêu cầu bổ sung giấy tờ nhiều lần",
    "Giải quyết chậm", "Lý do khác", "Tư pháp – Hộ tịch", "Đất đai", "Bảo hiểm xã hội", "Number 1023 → counter 5",
]
TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
VOWELS = "aăâeêioôơuưy"


def every_vietnamese_letter() -> str:
    letters = {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES)} | {"đ"}
    return "".join(sorted(letters | {c.upper() for c in letters}))


def test_both_faces_cover_the_screens_vocabulary_and_every_vietnamese_letter():
    assert len(every_vietnamese_letter()) == 146
    assert missing_glyphs([*COPY_VI, every_vietnamese_letter()]) == []


def test_characters_the_faces_lack_are_listed_once_each():
    # DejaVu has no CJK ideographs and no emoji: a pasted name or a stray emoji would show as an empty box.
    assert missing_glyphs(["Số 1023 🙂", "号 🙂", "Quầy\n5"]) == ["号", "🙂"]


def test_decomposed_text_is_checked_as_drawn():
    assert missing_glyphs([unicodedata.normalize("NFD", "Mời công dân")]) == []


def test_it_catches_what_pygames_default_font_lacks():
    """TECH-NOTES §6: pygame's own font shows boxes for ờ ố ứ ự ế ầ while its metrics claim nothing is missing."""
    freesans = Path(pygame.__file__).with_name(pygame.font.get_default_font())
    missing = missing_glyphs(["Mời công dân có số thứ tự đến quầy"], faces=[freesans])
    assert {"ờ", "ố", "ứ", "ự", "ế", "ầ"} <= set(missing)
    assert not {"M", "c", "d", "â", "ó"} & set(missing)
