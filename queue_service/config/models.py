"""Pydantic models of a centre configuration file (version 1); every field says what it means."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from queue_service.config.photo import MAX_BYTES, MAX_HEIGHT, MAX_WIDTH, PhotoError, read_photo

CONFIG_VERSION = 1
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,16}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Centre(Strict):
    id: str = Field(description="stable slug of the centre, used in URLs and MQTT topics", pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")
    name_vi: str = Field(description="name in Vietnamese, printed on tickets and shown on screens")
    name_en: str = Field(description="name in English")
    timezone: str = Field("Asia/Ho_Chi_Minh", description="IANA time zone; the queue day starts at local midnight")
    address: str | None = Field(None, description="postal address, printed on forms")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}' (expected an IANA name such as Asia/Ho_Chi_Minh)") from None
        return value


class Break(Strict):
    start: dt.time = Field(description="start of the break, local time HH:MM")
    end: dt.time = Field(description="end of the break, local time HH:MM")


class Hours(Strict):
    days: list[Weekday] = Field(["mon", "tue", "wed", "thu", "fri"], description="weekdays the centre opens")
    open: dt.time = Field(dt.time(7, 0), description="opening time, local HH:MM")
    close: dt.time = Field(dt.time(17, 0), description="closing time, local HH:MM")
    lunch: Break | None = Field(Break(start=dt.time(11, 30), end=dt.time(13, 30)), description="lunch break; no calls then")
    last_ticket: dt.time | None = Field(None, description="kiosks stop issuing tickets at this time (default: closing time)")

    @model_validator(mode="after")
    def _ordered(self) -> "Hours":
        if not self.open < self.close:
            raise ValueError("open must be before close")
        if self.lunch and not (self.open <= self.lunch.start < self.lunch.end <= self.close):
            raise ValueError("lunch must lie between open and close, start before end")
        return self


class Numbering(Strict):
    prefix: str = Field("", description="letters before the number, e.g. 'A' gives A001", pattern=r"^[A-Z]{0,3}$")
    start: int = Field(1, ge=0, description="first number of the day")
    digits: int = Field(3, ge=1, le=6, description="zero-padded width of the number part")

    def format(self, seq: int) -> str:
        return f"{self.prefix}{self.start + seq - 1:0{self.digits}d}"

    @property
    def capacity(self) -> int:
        return 10**self.digits - self.start


class FieldBooking(Strict):
    """How a field is booked online: slots of `slot_minutes` through the issuing hours (lunch excluded), each taking
    `capacity` bookings; the rest of the field's day stays for walk-ins."""

    slot_minutes: int = Field(30, ge=5, le=240, description="length of one booking slot in minutes")
    capacity: int = Field(ge=1, le=500, description="bookings one slot takes (the counters' share kept for bookings)")


class BookingSettings(Strict):
    """Online booking and check-in, the same for every bookable field (issue 10 §3)."""

    days_ahead: int = Field(6, ge=0, le=60, description="how many days after today may be booked (today plus N)")
    checkin_early_minutes: int = Field(30, ge=0, le=240, description="a booking may check in at the kiosk this long "
                                       "before its slot; until `priority_policy.booking_grace_minutes` after it")
    min_lead_minutes: int = Field(0, ge=0, le=1440, description="a slot must start at least this long after the "
                                  "booking is made")
    per_person_per_day: int = Field(2, ge=1, le=20, description="bookings one phone number may hold in one field on "
                                    "one day (cancelled ones free their place), so nobody hoards slots; bookings "
                                    "without a phone number are held back by the per-address rate limit only")


class FieldConfig(Strict):
    code: Code = Field(description="short code of the field (lĩnh vực), e.g. HT")
    name_vi: str = Field(description="Vietnamese name shown on the kiosk and the ticket")
    name_en: str = Field(description="English name")
    numbering: Numbering = Field(default_factory=Numbering, description="how ticket numbers of this field look")
    daily_cap: int | None = Field(None, ge=1, description="tickets per day; then the kiosk says 'đã hết số'")
    target_wait_minutes: int = Field(15, ge=1, description="wait the centre aims for; the board flags longer waits")
    default_service_minutes: float = Field(8, gt=0, description="service time assumed until there is history")
    booking: FieldBooking | None = Field(None, description="online booking for this field: slot length and how many "
                                           "may book each slot (none: this field cannot be booked)")


class ServedField(Strict):
    field: Code = Field(description="code of a field this counter serves")
    weight: float = Field(1, gt=0, description="relative weight: waiting time is multiplied by it when choosing")


class Counter(Strict):
    number: int = Field(ge=1, le=999, description="counter number (quầy số), announced and shown on its display")
    name_vi: str | None = Field(None, description="optional label, e.g. 'Quầy Hộ tịch'")
    name_en: str | None = Field(None, description="optional English label")
    fields: list[ServedField] = Field(min_length=1, description="fields served, with weights")


class Staff(Strict):
    id: str = Field(description="staff id (mã cán bộ)", pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    name: str = Field(description="full name; shown to managers, and to the citizen on the counter's rating tablet "
                                  "(like a name badge), never on the calling screens")
    role: Literal["admin", "manager", "clerk"] = Field(description="role in motcua")
    photo: str | None = Field(None, description=f"photo shown beside the name on the counter's rating tablet: a JPEG of "
                                                f"at most {MAX_WIDTH}×{MAX_HEIGHT} pixels and {MAX_BYTES // 1024} KB, "
                                                f"path relative to this file's directory (none: a neutral placeholder)")
    _photo_jpeg: bytes | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _read_photo(self, info: ValidationInfo) -> "Staff":
        """Reads and checks the photo once; `base` in the validation context is the centre file's directory."""
        if self.photo is not None:
            base = Path((info.context or {}).get("base", "."))
            try:
                self._photo_jpeg = read_photo(base, self.photo)
            except PhotoError as exc:
                raise ValueError(f"staff '{self.id}': photo '{self.photo}': {exc}") from None
        return self

    @property
    def photo_jpeg(self) -> bytes | None:
        """The photo's JPEG bytes, read when the file was loaded; None without a photo."""
        return self._photo_jpeg


class PriorityGroup(Strict):
    code: Code = Field(description="short code, e.g. elderly")
    name_vi: str = Field(description="Vietnamese name shown on the kiosk")
    name_en: str = Field(description="English name")
    hint_vi: str = Field("", max_length=120, description="one plain line under the name on the kiosk: who belongs here "
                         "(e.g. 'Từ đủ 60 tuổi trở lên')")
    hint_en: str = Field("", max_length=120, description="the same line in English")


class PriorityPolicy(Strict):
    max_consecutive: int = Field(3, ge=1, description="at most this many priority calls in a row at a counter while normal tickets wait")
    bookings_first: bool = Field(True, description="a booking whose slot has come is called like a priority ticket")
    booking_grace_minutes: int = Field(15, ge=0, description="a booking may check in this long after its slot and keep it")


class Calling(Strict):
    recalls_before_skip: int = Field(1, ge=0, description="recalls needed before a called ticket may be skipped as no-show")
    service_time_window: int = Field(20, ge=1, description="recent finished tickets averaged for the estimated wait")


class RatingLevel(Strict):
    value: int = Field(ge=1, le=10, description="score stored for this level; higher is better")
    name_vi: str = Field(description="Vietnamese label on the rating pad")
    name_en: str = Field(description="English label")


class DossierSettings(Strict):
    """Dossier intake and tracking settings of a centre (issue 5)."""

    agency_id: str = Field("000.00.00.H00", description="electronic ID of the receiving agency (QCVN 102:2016 style), first part of the dossier code", pattern=r"^[A-Za-z0-9.]{1,40}$")
    agency_name_vi: str | None = Field(None, description="receiving agency's name printed on forms (default: the centre's name)")
    max_apologies: int | None = Field(None, ge=1, description="apologies with a new date allowed per dossier (default: the rule set's, 1 under Decree 61)")
    lookup_per_minute: int = Field(20, ge=1, description="public tracking lookups allowed per client IP per minute")
    sms_enabled: bool = Field(True, description="queue SMS notifications to applicants who consented")
    tracking_book: str = Field("01", description="current volume of the tracking book (Quyển số), printed on Form 01")


class SmsSettings(Strict):
    """SMS through the centre's SMS agent (a GSM modem): the dossier messages and "your turn is near" (issue 10 §5)."""

    device: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$", description="the SMS agent's device id "
                               "(`motcua device add sms sms-1`); none: messages wait in the outbox, nothing is sent")
    daily_cap: int = Field(300, ge=0, le=100_000, description="most SMS sent per local day (the SIM's plan is paid per "
                           "message); the rest wait for the next day")
    near_turn_ahead: int = Field(3, ge=1, le=50, description="the \"your turn is near\" SMS goes when this many people "
                                 "or fewer are ahead of the ticket (the count the board and the ticket page use)")
    near_turn: bool = Field(True, description="kiosks may offer the \"your turn is near\" SMS")
    sender: str | None = Field(None, max_length=40, description="the name that starts each near-turn SMS, e.g. "
                               "\"HCC Khanh Hoa\" (default: the centre's name)")
    diacritics: bool = Field(True, description="keep Vietnamese diacritics (UCS2, 70 characters a part); false "
                             "strips them (đ → d) for senders limited to plain letters")
    max_attempts: int = Field(5, ge=1, le=50, description="sends the modem refused before a message is parked as failed")
    answer_s: float = Field(75.0, gt=0, le=600, description="seconds the service waits for the SMS agent's answer "
                            "(SIM800: up to 60 s per part on a weak network); a later answer counts as lost, and the "
                            "message is asked again under the same id, which the agent does not send twice")
    retry_s: float = Field(30.0, gt=0, le=3600, description="wait before the first retry; doubles each time, up to "
                           "30 minutes")


class BoardSettings(Strict):
    """The manager's live board and its alerts (issue 14 §1); each field's target is fields[].target_wait_minutes."""

    pause_limit_minutes: int = Field(15, ge=1, le=480, description="a counter paused longer than this raises an alert "
                                     "on the board until it resumes or closes")


DEFAULT_PRIORITY_GROUPS = [
    PriorityGroup(code="elderly", name_vi="Người cao tuổi", name_en="Elderly person",
                  hint_vi="Từ đủ 60 tuổi trở lên", hint_en="Aged 60 or older"),
    PriorityGroup(code="disabled", name_vi="Người khuyết tật", name_en="Person with a disability",
                  hint_vi="Khó khăn khi đi lại, nhìn, nghe hoặc nói", hint_en="Difficulty walking, seeing, hearing or speaking"),
    PriorityGroup(code="pregnant", name_vi="Phụ nữ mang thai", name_en="Pregnant woman",
                  hint_vi="Đang mang thai, ở bất kỳ tháng nào", hint_en="Expecting a baby, at any month"),
    PriorityGroup(code="merit", name_vi="Người có công với cách mạng", name_en="Person with meritorious service",
                  hint_vi="Thương binh, thân nhân liệt sĩ…", hint_en="War invalids, martyrs' families…"),
]
DEFAULT_RATING_SCALE = [
    RatingLevel(value=4, name_vi="Rất hài lòng", name_en="Very satisfied"),
    RatingLevel(value=3, name_vi="Hài lòng", name_en="Satisfied"),
    RatingLevel(value=2, name_vi="Bình thường", name_en="Neutral"),
    RatingLevel(value=1, name_vi="Không hài lòng", name_en="Dissatisfied"),
]


class CentreConfig(Strict):
    version: Literal[1] = Field(description="version of this file's format; this release reads 1")
    centre: Centre = Field(description="the centre itself")
    hours: Hours = Field(default_factory=Hours, description="opening hours")
    fields: list[FieldConfig] = Field(min_length=1, description="fields (lĩnh vực) citizens choose at the kiosk")
    counters: list[Counter] = Field(min_length=1, description="counters (quầy) and what they serve")
    staff: list[Staff] = Field(default_factory=list, description="staff who sign in to counters and pages")
    priority_groups: list[PriorityGroup] = Field(default_factory=lambda: list(DEFAULT_PRIORITY_GROUPS), description="who is served first")
    priority_policy: PriorityPolicy = Field(default_factory=PriorityPolicy, description="how priority is bounded")
    calling: Calling = Field(default_factory=Calling, description="recall and skip rules")
    rating_scale: list[RatingLevel] = Field(default_factory=lambda: list(DEFAULT_RATING_SCALE), min_length=2, description="rating levels, best first")
    rating_window_s: int = Field(60, ge=5, le=3600, description="seconds after a ticket is finished during which its rating is taken: the counter's pad or tablet stays armed this long, and a later press is ignored")
    dossiers: DossierSettings = Field(default_factory=DossierSettings, description="dossier intake, tracking and SMS settings")
    sms: SmsSettings = Field(default_factory=SmsSettings, description="sending SMS: the SMS agent, the daily cap, the "
                             "\"your turn is near\" message")
    bookings: BookingSettings = Field(default_factory=BookingSettings, description="online booking and check-in (the "
                                      "capacity is per field: fields[].booking)")
    board: BoardSettings = Field(default_factory=BoardSettings, description="the manager's live board and its alerts")

    @model_validator(mode="after")
    def _cross_check(self) -> "CentreConfig":
        _unique("fields", [f.code for f in self.fields])
        _unique("counters", [c.number for c in self.counters])
        _unique("staff", [s.id for s in self.staff])
        _unique("priority_groups", [g.code for g in self.priority_groups])
        _unique("rating_scale", [r.value for r in self.rating_scale])
        known = {f.code for f in self.fields}
        for counter in self.counters:
            _unique(f"counter {counter.number} fields", [s.field for s in counter.fields])
            for served in counter.fields:
                if served.field not in known:
                    raise ValueError(
                        f"counter {counter.number} serves unknown field '{served.field}' (expected one of: {', '.join(sorted(known))})"
                    )
        _numbers_distinct(self.fields)
        _slots_fit(self.hours, self.fields)
        return self

    # Lookups used everywhere; the lists are small, so plain scans are fine.
    def field(self, code: str) -> FieldConfig | None:
        return next((f for f in self.fields if f.code == code), None)

    def counter(self, number: int) -> Counter | None:
        return next((c for c in self.counters if c.number == number), None)

    def staff_member(self, staff_id: str) -> Staff | None:
        return next((s for s in self.staff if s.id == staff_id), None)

    def priority_group(self, code: str) -> PriorityGroup | None:
        return next((g for g in self.priority_groups if g.code == code), None)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.centre.timezone)


def _unique(what: str, values: list) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what}: '{value}' appears twice")
        seen.add(value)


def _numbers_distinct(fields: list[FieldConfig]) -> None:
    """Two fields must never print the same number, or the calling screen would send two people to one counter."""
    for i, a in enumerate(fields):
        for b in fields[i + 1 :]:
            if a.numbering.prefix != b.numbering.prefix:
                continue
            a_end = a.numbering.start + (a.daily_cap or a.numbering.capacity) - 1
            b_end = b.numbering.start + (b.daily_cap or b.numbering.capacity) - 1
            if a.numbering.start <= b_end and b.numbering.start <= a_end:
                raise ValueError(
                    f"fields '{a.code}' and '{b.code}' would print the same numbers: give them different prefixes "
                    f"or ranges that do not overlap (with daily_cap)"
                )




def _slots_fit(hours: Hours, fields: list[FieldConfig]) -> None:
    """A bookable field needs at least one whole slot in the issuing hours, or its booking page would be empty."""
    last = hours.last_ticket or hours.close
    span = (dt.datetime.combine(dt.date.min, last) - dt.datetime.combine(dt.date.min, hours.open)).total_seconds() // 60
    for field in fields:
        if field.booking is not None and field.booking.slot_minutes > span:
            raise ValueError(f"field '{field.code}': a booking slot of {field.booking.slot_minutes} minutes does not "
                             f"fit the issuing hours ({hours.open:%H:%M}–{last:%H:%M})")
