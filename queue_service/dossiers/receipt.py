"""Form 01 as a printer-neutral print document (wire.printing): what the receipt slip says, with a tracking QR and
the dossier code as a barcode. The counter's agent renders it for its own printer; the service drives no hardware."""

from __future__ import annotations

from queue_service.dossiers.views import mask_id, mask_phone
from wire.printing import BarcodeBlock, CutBlock, FeedBlock, PrintDocument, QrBlock, RuleBlock, TextBlock


def receipt_document(ctx: dict) -> PrintDocument:
    """ctx is the forms context of Form 01 (forms.context). The slip leaves the counter with the citizen, so the ID
    number and phone are masked; the full data stays on the A5 form."""
    d = ctx["d"]
    due = ctx["due"].strftime("%H:%M ngày %d/%m/%Y") if ctx["due"] else "—"
    blocks = [
        TextBlock(lines=[ctx["agency_name"]], size=22, bold=True),
        TextBlock(lines=["BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"], size=20),
        RuleBlock(),
        TextBlock(lines=["GIẤY TIẾP NHẬN HỒ SƠ", "VÀ HẸN TRẢ KẾT QUẢ"], size=26, bold=True),
        TextBlock(lines=["Dossier receipt and appointment"], size=18),
        TextBlock(lines=[f"Mẫu số {ctx['form'].number} · {ctx['rules_instruments']}"], size=16),
        TextBlock(lines=[f"Mã hồ sơ / Code: {d.code}"], size=24, bold=True),
        RuleBlock(),
        TextBlock(lines=[
            f"Người nộp / Applicant: {d.applicant_name}",
            f"Giấy tờ / ID: {mask_id(d.applicant_id_number)}",
            f"Điện thoại / Phone: {mask_phone(d.applicant_phone) or '—'}",
            f"Thủ tục / Procedure: {ctx['procedure'].name_vi}",
            f"Số bộ hồ sơ: {d.sets} · Thành phần: {len(d.documents)} loại giấy tờ",
            f"Thời hạn giải quyết / Time limit: {ctx['limit_vi']}",
            f"Nhận lúc / Received: {ctx['received'].strftime('%H:%M %d/%m/%Y')}",
        ], size=20, align="left"),
        RuleBlock(),
        TextBlock(lines=["HẸN TRẢ KẾT QUẢ / RESULT ON"], size=22, bold=True),
        TextBlock(lines=[due], size=30, bold=True),
        TextBlock(lines=[f"Tại / At: {ctx['agency_name']}"], size=18),
        RuleBlock(),
        QrBlock(data=ctx["tracking_url"], module_dots=5, error_correction="M"),
        TextBlock(lines=["Quét mã để tra cứu hồ sơ / Scan to track"], size=18),
        BarcodeBlock(data=d.code, height_dots=48),
        TextBlock(lines=[f"Quyển số {ctx['book']} · Số thứ tự {d.id} · Cán bộ: {ctx['officer']}"], size=16),
        FeedBlock(lines=2),
        CutBlock(),
    ]
    return PrintDocument(title=f"receipt {d.code}"[:80], blocks=blocks)
