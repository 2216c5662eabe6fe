"""Every word of the report page, Vietnamese first (COPY-VI.md, manager's board) and English for the toggle."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Báo cáo hoạt động", "Activity report"),
    "kind_day": ("Ngày", "Day"), "kind_week": ("Tuần", "Week"), "kind_month": ("Tháng", "Month"),
    "period": ("Kỳ báo cáo", "Period"),
    "show": ("Xem báo cáo", "Show"),
    "previous": ("← Kỳ trước", "← Previous"), "next": ("Kỳ sau →", "Next →"),
    "from_to": ("Từ {first} đến {last}", "From {first} to {last}"),
    "working_days": ("{n} ngày làm việc", "{n} working days"),
    "print": ("In báo cáo", "Print"),
    "export_pdf": ("Xuất PDF", "Export PDF"), "export_xlsx": ("Xuất Excel", "Export Excel"), "export_csv": ("Xuất CSV", "Export CSV"),
    "waits_chart": ("Thời gian chờ theo lĩnh vực (phút)", "Waits per field (minutes)"),
    "wait_mean": ("Trung bình", "Mean"), "wait_p90": ("P90 (90% chờ không quá)", "p90 (90% waited no longer)"),
    "ratings_chart": ("Mức độ hài lòng", "Satisfaction"),
    "on_time_chart": ("Hồ sơ đã giải quyết theo lĩnh vực (Quyết định 766)", "Dossiers completed per field (Decision 766)"),
    "early": ("Trước hạn", "Early"), "on_time": ("Đúng hạn", "On time"), "late": ("Quá hạn", "Late"),
    "queue_part": ("Hàng đợi và thời gian", "Queue and times"),
    "dossier_part": ("Đánh giá và hồ sơ", "Ratings and dossiers"),
    "nothing": ("Không có số liệu trong kỳ này", "Nothing in this period"),
    "minutes": ("{v} phút", "{v} min"),
    "in_time_of": ("{pct}% đúng hạn ({n} hồ sơ)", "{pct}% in time ({n} dossiers)"),
    "how": ("Cách tính: thời gian chờ từ lúc cấp phiếu đến lúc gọi; thời gian phục vụ từ lúc bắt đầu đến lúc hoàn thành; "
            "P90 là mức mà 90% số phiếu không vượt quá; hồ sơ trước hạn, đúng hạn, quá hạn theo Quyết định 766/QĐ-TTg; "
            "hài lòng là hai mức cao nhất của thang đánh giá.",
            "How: the wait runs from issue to call; service from Start to Finish; p90 is the value 90% of tickets did not "
            "exceed; early, on time and late per Decision 766/QĐ-TTg; satisfied means the scale's two best levels."),
    "other_language": ("English", "Tiếng Việt"),
}


def pick(lang: str):
    index = 1 if lang == "en" else 0

    def t(key: str, **values) -> str:
        return WORDS[key][index].format(**values)

    return t
