"""The report as CSV (UTF-8 with a BOM, so Excel reads the Vietnamese) and as XLSX (openpyxl): the same table."""

from __future__ import annotations

import csv
import io

from queue_service.reports.columns import columns, table
from queue_service.reports.model import Report

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"count": "0", "min": "0.0", "pct": "0.0"}


def filename(report: Report, suffix: str) -> str:
    return f"bao-cao-{report.centre}-{report.period.kind}-{report.period.first}.{suffix}"


def to_csv(report: Report, lang: str = "vi") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in table(report, lang):
        writer.writerow(["" if value is None else value for value in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(report: Report, lang: str = "vi") -> bytes:
    # Imported here: openpyxl loads Pillow when it is installed, and building the service must load no imaging or
    # hardware library (tests/test_service_boundaries.py); only an export pays for it.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo" if lang == "vi" else "Report"
    cols = columns(report)
    for line in table(report, lang):
        sheet.append(line)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(cols, start=4):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = FORMATS[column.unit]
    sheet.freeze_panes = "D2"
    sheet.column_dimensions["A"].width, sheet.column_dimensions["C"].width = 18, 34
    for index in range(4, len(cols) + 4):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    about = book.create_sheet("Thông tin" if lang == "vi" else "About")
    period = report.period
    for line in (
        ("Trung tâm" if lang == "vi" else "Centre", report.centre_name_vi if lang == "vi" else report.centre_name_en),
        ("Kỳ báo cáo" if lang == "vi" else "Period", period.kind),
        ("Từ ngày" if lang == "vi" else "From", period.first),
        ("Đến ngày" if lang == "vi" else "To", period.last),
        ("Số ngày làm việc" if lang == "vi" else "Working days", period.working_days),
        ("Múi giờ" if lang == "vi" else "Time zone", period.timezone),
    ):
        about.append(line)
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 20, 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
