"""What the dossier page needs to move a dossier through its lifecycle: the forms of the actions the signed-in staff
member may take in its status (status.allowed_actions), the typed fields as the lifecycle's request, and the form
each action gives the citizen, sent to the counter's printer when it has one (dossiers/printing.py). The rules stay
in lifecycle.apply; the route is console/dossiers.py."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from queue_service.auth.roles import Role
from queue_service.devices.link import BRIDGE_OFF, NO_PRINTER
from queue_service.dossiers import printing
from queue_service.dossiers.lifecycle import ActionRequest
from queue_service.dossiers.slips import SLIPS
from queue_service.dossiers.status import TRANSITIONS, Status, allowed_actions
from queue_service.errors import INVALID_REQUEST, DomainError

# The form each action gives the citizen (DOMAIN.md §1: Forms 01–05); the console offers it once the action is done.
FORM_AFTER = {"accept": "receipt", "request_supplement": "supplement", "refuse": "refusal", "apologize": "apology",
              "transfer": "control_slip"}
# Actions whose note is a reason the rules require (lifecycle._need), the others take an optional note.
REASON_NEEDED = frozenset({"refuse", "request_supplement", "stop", "apologize"})
RETURN_HOW = ("in_person", "post", "electronic")
WHY_UNPRINTED = {BRIDGE_OFF.code: BRIDGE_OFF, NO_PRINTER.code: NO_PRINTER}


def actions(status: int, role: Role) -> list[dict]:
    """The forms the page shows: what this role may do in this status, with the transition's own words."""
    return [{"key": key, "vi": TRANSITIONS[key].vi, "en": TRANSITIONS[key].en, "reason_needed": key in REASON_NEEDED}
            for key in allowed_actions(Status(status), role)]


def printable(view: dict) -> list[str]:
    """The forms this dossier has something for, in the order they are issued."""
    done = {event["action"] for event in view["events"]}
    has = {"receipt": view["received_at"] is not None, "supplement": "request_supplement" in done,
           "refusal": "refuse" in done, "apology": "apologize" in done, "control_slip": bool(view["transfers"])}
    return [form for form, present in has.items() if present]


def action_request(action: str, fields: dict[str, list[str]], zone) -> ActionRequest:
    """The typed fields as the lifecycle's request; malformed ones are refused in words (INVALID_REQUEST)."""
    def one(name: str) -> str:
        return (fields.get(name) or [""])[0].strip()

    values: dict = {"reason": one("reason"), "items": [item for item in fields.get("items", []) if item.strip()]}
    if action == "transfer":
        values.update(to_agency=one("to_agency") or None, step_limit=one("step_limit") or None)
    if action == "payment_due" and one("amount"):
        if not one("amount").isdigit():
            raise DomainError(INVALID_REQUEST, reason="số tiền chỉ gồm chữ số / the amount is digits only")
        values["amount"] = int(one("amount"))
    if action == "return_result":
        values["how"] = one("how") if one("how") in RETURN_HOW else RETURN_HOW[0]
    if action == "apologize" and one("new_due"):
        try:
            values["new_due"] = dt.datetime.fromisoformat(one("new_due")).replace(tzinfo=zone)
        except ValueError:
            raise DomainError(INVALID_REQUEST, reason="ngày hẹn mới không đúng dạng / the new date is malformed") from None
    try:
        return ActionRequest(**values)
    except ValidationError as invalid:
        first = invalid.errors()[0]
        raise DomainError(INVALID_REQUEST, reason=f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None


async def print_after(context, centre_id: str, counter: int | None, code: str, action: str) -> dict[str, str]:
    """The action done, and its form sent to the counter's printer when it has one: what the page then says."""
    done = {"done": action}
    form = FORM_AFTER.get(action)
    if form is None:
        return done
    if form not in SLIPS or counter is None:
        return {**done, "form": form}
    try:
        _, device = await printing.print_form(context, centre_id, counter, code, form)
    except DomainError as unprinted:
        return {**done, "form": form, "why": unprinted.kind.code}
    return {**done, "form": form, "printed": device}
