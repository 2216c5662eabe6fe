"""Refusals of booking and check-in, each saying what the citizen can do instead (Vietnamese first)."""

from queue_service.errors import kind

NOT_BOOKABLE = kind("not_bookable", 404, "Lĩnh vực '{field}' không nhận đặt lịch hẹn trực tuyến",
                    "Field '{field}' cannot be booked online")
DAY_NOT_BOOKABLE = kind("day_not_bookable", 409, "Ngày {day} không nhận đặt lịch (chỉ các ngày làm việc từ hôm nay "
                        "đến {last})", "{day} cannot be booked (working days from today to {last} only)")
SLOT_NOT_OFFERED = kind("slot_not_offered", 409, "Không có khung giờ {slot} để đặt lịch",
                        "There is no bookable slot at {slot}")
SLOT_FULL = kind("slot_full", 409, "Khung giờ {slot} đã hết chỗ, xin mời chọn khung giờ khác",
                 "The {slot} slot is full; please choose another")
PERSON_LIMIT = kind("booking_person_limit", 409, "Mỗi số điện thoại chỉ được đặt tối đa {limit} lịch hẹn cho lĩnh vực "
                    "này trong ngày {day}. Ông/Bà có thể hủy một lịch hẹn đã đặt để chọn giờ khác",
                    "One phone number may hold at most {limit} bookings for this service on {day}. Cancel one to "
                    "choose another time")
UNKNOWN_BOOKING = kind("unknown_booking", 404, "Không tìm thấy lịch hẹn có mã {code}. Xin kiểm tra lại mã hoặc lấy số "
                       "thứ tự thông thường", "No booking with code {code}. Check the code or take a normal number")
WRONG_CANCEL_TOKEN = kind("wrong_cancel_token", 403, "Liên kết hủy lịch hẹn không đúng",
                          "This cancel link is not valid")
CANCELLED = kind("booking_cancelled", 409, "Lịch hẹn {code} đã bị hủy. Xin mời lấy số thứ tự thông thường",
                 "Booking {code} was cancelled. Please take a normal number")
CHECKED_IN = kind("booking_checked_in", 409, "Lịch hẹn {code} đã được dùng để lấy số thứ tự. Nếu mất phiếu, xin mời "
                  "đến Quầy hướng dẫn", "Booking {code} has already been checked in. Lost the ticket? Please go to "
                  "the information desk")
TOO_EARLY = kind("booking_too_early", 409, "Chưa đến giờ hẹn. Vui lòng quay lại từ {opens}",
                 "Too early: please come back from {opens}")
EXPIRED = kind("booking_expired", 409, "Lịch hẹn đã quá giờ. Ông/Bà có thể lấy số thứ tự thông thường",
               "The booking has expired; take a normal number")
NOT_CANCELLABLE = kind("booking_not_cancellable", 409, "Lịch hẹn {code} không thể hủy (trạng thái: {state})",
                       "Booking {code} cannot be cancelled (it is {state})")
