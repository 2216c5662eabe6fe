"""Form 01 on an 80 mm receipt printer: a devicekit layout, printed as one raster image (Vietnamese on any printer) with a tracking QR."""

from __future__ import annotations

from devicekit.printing.layout import Feed, Layout, QrCode, Rule, Text

from queue_service.dossiers.views import mask_id, mask_phone

DEFAULT_PROFILE = "generic-80mm"


def receipt_layout(ctx: dict) -> Layout:
    """ctx is the forms context of Form 01 (see forms.receipt_context). The slip leaves the counter with the
    citizen, so ID number and phone are masked; the full data stays on the A5 form."""
    d = ctx["d"]
    blocks = [
        Text(ctx["agency_name"], size=22, bold=True),
        Text("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", size=20),
        Rule(),
        Text("GIẤY TIẾP NHẬN HỒ SƠ", "VÀ HẸN TRẢ KẾT QUẢ", size=26, bold=True),
        Text(f"Mẫu số {ctx['form'].number} · {ctx['rules_instruments']}", size=16),
        Text(f"Mã hồ sơ: {d.code}", size=24, bold=True),
        Rule(),
        Text(f"Người nộp: {d.applicant_name}", f"Giấy tờ: {mask_id(d.applicant_id_number)}",
             f"Điện thoại: {mask_phone(d.applicant_phone) or '—'}", size=20, align="left"),
        Text(f"Thủ tục: {ctx['procedure'].name_vi}", size=20, align="left"),
        Text(f"Số bộ hồ sơ: {d.sets} · Thành phần: {len(d.documents)} loại giấy tờ", size=20, align="left"),
        Text(f"Thời hạn giải quyết: {ctx['limit_vi']}", size=20, align="left"),
        Text(f"Nhận lúc: {ctx['received'].strftime('%H:%M %d/%m/%Y')}", size=20, align="left"),
        Rule(),
        Text("HẸN TRẢ KẾT QUẢ", size=22, bold=True),
        Text(ctx["due"].strftime("%H:%M ngày %d/%m/%Y") if ctx["due"] else "—", size=30, bold=True),
        Text(f"Tại: {ctx['agency_name']}", size=18),
        Rule(),
        QrCode(ctx["tracking_url"], module_dots=5, error_correction="M"),
        Text("Quét mã để tra cứu hồ sơ / Scan to track", size=18),
        Text(f"Quyển số {ctx['book']} · Số thứ tự {d.id} · Cán bộ: {ctx['officer']}", size=16),
        Feed(2),
    ]
    return Layout(tuple(blocks), cut=True, title=f"receipt {d.code}")


def receipt_escpos(ctx: dict, profile_id: str = DEFAULT_PROFILE) -> bytes:
    from devicekit.printing.render import SlipRenderer
    from devicekit.profiles import load_profile

    return SlipRenderer(load_profile(profile_id), "raster").render(receipt_layout(ctx))


def receipt_png(ctx: dict, profile_id: str = DEFAULT_PROFILE) -> bytes:
    """Preview drawn by the ESC/POS emulator from the very bytes sent to the printer (preview = print)."""
    import io

    from devicekit.printing.preview import preview_image
    from devicekit.profiles import load_profile

    image = preview_image(receipt_escpos(ctx, profile_id), load_profile(profile_id))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
