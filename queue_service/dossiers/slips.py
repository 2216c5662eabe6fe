"""Forms 02, 03 and 04 as printer-neutral print documents (wire.printing), for the counter's receipt printer: the
same words as the A5 pages, shorter. Form 01 is receipt.py; `SLIPS` says which forms a counter can print."""

from __future__ import annotations

from typing import Callable

from queue_service.dossiers.receipt import receipt_document
from wire.printing import CutBlock, FeedBlock, PrintDocument, RuleBlock, TextBlock

WHEN = "%H:%M ngày %d/%m/%Y"


def _head(ctx: dict) -> list:
    form, d = ctx["form"], ctx["d"]
    return [
        TextBlock(lines=[ctx["agency_name"]], size=22, bold=True),
        TextBlock(lines=["BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"], size=20),
        RuleBlock(),
        TextBlock(lines=[form.title_vi.upper()], size=24, bold=True),
        TextBlock(lines=[form.title_en], size=18),
        TextBlock(lines=[f"Mẫu số {form.number} · {ctx['rules_instruments']}"], size=16),
        TextBlock(lines=[f"Mã hồ sơ / Code: {d.code}"], size=24, bold=True),
        RuleBlock(),
        TextBlock(lines=[f"Kính gửi / To: {d.applicant_name}", f"Thủ tục / Procedure: {ctx['procedure'].name_vi}"],
                  size=20, align="left"),
    ]


def _foot(ctx: dict, officer: str) -> list:
    return [RuleBlock(), TextBlock(lines=[f"{ctx['place']}, {ctx['today'].strftime('ngày %d/%m/%Y')} · Cán bộ: {officer}"],
                                   size=16), FeedBlock(lines=2), CutBlock()]


def supplement_document(ctx: dict) -> PrintDocument:
    pause = ctx["pause"]
    items = [f"{n}. {item}" for n, item in enumerate(pause.items, start=1)] or ["—"]
    blocks = [*_head(ctx),
              TextBlock(lines=["Cần bổ sung, hoàn thiện / Please bring:"], size=20, bold=True, align="left"),
              TextBlock(lines=items[:40], size=20, align="left"),
              TextBlock(lines=[f"Lý do / Reason: {pause.reason}"], size=20, align="left"),
              TextBlock(lines=["Thời hạn giải quyết tạm dừng đến khi nhận đủ hồ sơ bổ sung.",
                               "The clock stops until the documents are brought."], size=18, align="left"),
              *_foot(ctx, ctx["officer"])]
    return PrintDocument(title=f"supplement {ctx['d'].code}"[:80], blocks=blocks)


def refusal_document(ctx: dict) -> PrintDocument:
    blocks = [*_head(ctx),
              TextBlock(lines=["Hồ sơ không được tiếp nhận, giải quyết vì:", "The dossier is refused because:"], size=20,
                        bold=True, align="left"),
              TextBlock(lines=[ctx["reason"]], size=22, align="left"),
              *_foot(ctx, ctx["officer"])]
    return PrintDocument(title=f"refusal {ctx['d'].code}"[:80], blocks=blocks)


def apology_document(ctx: dict) -> PrintDocument:
    blocks = [*_head(ctx),
              TextBlock(lines=[f"Hẹn trước / Was due: {ctx['old_due'].strftime(WHEN)}", f"Lý do / Reason: {ctx['reason']}",
                               "Chúng tôi xin lỗi ông/bà vì sự chậm trễ. / We apologise for the delay."], size=20, align="left"),
              TextBlock(lines=["HẸN LẠI NGÀY TRẢ KẾT QUẢ / NEW DATE"], size=22, bold=True),
              TextBlock(lines=[ctx["new_due"].strftime(WHEN)], size=30, bold=True),
              *_foot(ctx, ctx["d"].created_by)]
    return PrintDocument(title=f"apology {ctx['d'].code}"[:80], blocks=blocks)


SLIPS: dict[str, Callable[[dict], PrintDocument]] = {
    "receipt": receipt_document, "supplement": supplement_document, "refusal": refusal_document,
    "apology": apology_document,
}
