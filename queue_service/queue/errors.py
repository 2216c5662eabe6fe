"""Refusals of the queue engine, each with a stable code and a Vietnamese and English message."""

from queue_service.errors import kind

UNKNOWN_FIELD = kind("unknown_field", 404, "Không có lĩnh vực '{field}'", "No field '{field}'")
UNKNOWN_COUNTER = kind("unknown_counter", 404, "Không có quầy số {counter}", "No counter {counter}")
UNKNOWN_PRIORITY_GROUP = kind("unknown_priority_group", 422, "Không có nhóm ưu tiên '{group}'", "No priority group '{group}'")
UNKNOWN_TICKET = kind("unknown_ticket", 404, "Không tìm thấy số thứ tự này", "No such ticket")
SOLD_OUT = kind("sold_out", 409, "Lĩnh vực {field_vi} hôm nay đã hết số, xin mời quay lại vào ngày làm việc tiếp theo", "Field {field_en} has given out all its numbers for today; please come back on the next working day")
CENTRE_CLOSED = kind("centre_closed", 409, "Trung tâm hiện không cấp số (giờ cấp số: {hours})", "The centre is not issuing numbers now (issuing hours: {hours})")
DAY_OFF = kind("day_off", 409, "Hôm nay là ngày nghỉ, trung tâm không cấp số. Xin mời quay lại vào ngày làm việc tiếp theo từ {open}", "Today is a day off: no numbers are issued. Please come back on the next working day from {open}")
COUNTER_CLOSED = kind("counter_closed", 409, "Quầy {counter} chưa mở", "Counter {counter} is not open")
COUNTER_PAUSED = kind("counter_paused", 409, "Quầy {counter} đang tạm dừng", "Counter {counter} is paused")
COUNTER_BUSY = kind("counter_busy", 409, "Quầy {counter} đang phục vụ số {number}; hãy kết thúc trước", "Counter {counter} is still serving {number}; finish it first")
NO_CURRENT_TICKET = kind("no_current_ticket", 409, "Quầy {counter} không có số nào đang gọi hoặc phục vụ", "Counter {counter} has no ticket called or being served")
TICKET_NOT_WAITING = kind("ticket_not_waiting", 409, "Số {number} không ở trạng thái chờ (hiện: {state})", "Ticket {number} is not waiting (now: {state})")
TICKET_WRONG_STATE = kind("ticket_wrong_state", 409, "Số {number} đang ở trạng thái {state}, không thể {action}", "Ticket {number} is {state}; cannot {action}")
RECALL_FIRST = kind("recall_first", 409, "Hãy gọi lại số {number} thêm {missing} lần trước khi bỏ qua", "Recall {number} {missing} more time(s) before skipping it")
FIELD_NOT_SERVED = kind("field_not_served", 409, "Quầy {counter} không phục vụ lĩnh vực {field}", "Counter {counter} does not serve field {field}")
TRANSFER_TARGET = kind("transfer_target", 422, "Chuyển số cần một lĩnh vực hoặc một quầy khác", "A transfer needs another field or another counter")
CONFLICT_RETRY = kind("conflict_retry", 409, "Nhiều quầy gọi cùng lúc, vui lòng bấm lại", "Many counters called at once; please press again")
NOT_ISSUED_HERE = kind("not_issued_here", 403, "Số {number} không do thiết bị {device} cấp", "Ticket {number} was not issued by device {device}")
LATE = kind("expired", 408, "Yêu cầu lấy số đến quá muộn nên không cấp số", "The request for a number came too late; none was issued")
