"""A dossier's form on the counter's receipt printer: its print document (slips.py) sent to the printing agent at
the counter (devices/link.py). The one way Form 01 at intake and Forms 02–04 after a lifecycle action are printed."""

from __future__ import annotations

from fastapi.concurrency import run_in_threadpool

from queue_service.devices.link import print_at_counter
from queue_service.dossiers import forms, lifecycle
from queue_service.dossiers.desk import Desk
from queue_service.dossiers.slips import SLIPS
from queue_service.errors import DomainError
from wire.printing import PrintDocument


def slip(context, centre_id: str, code: str, form_key: str) -> PrintDocument:
    """The form as a print document; NO_SUCH_FORM for one no counter prints (the control slip is A4 only)."""
    desk = Desk.from_context(context, centre_id)
    with context.db.read() as session:
        dossier = lifecycle.find(session, centre_id, code)
        if form_key not in SLIPS:
            raise DomainError(forms.NO_SUCH_FORM, form=form_key, rules=dossier.rules_id)
        return SLIPS[form_key](forms.form_context(session, desk, dossier, form_key))


async def print_form(context, centre_id: str, counter: int, code: str, form_key: str) -> tuple[str, str]:
    """(command id, device) of the print.document sent; BRIDGE_OFF or NO_PRINTER when the counter cannot print."""
    document = await run_in_threadpool(slip, context, centre_id, code, form_key)
    return await print_at_counter(context, centre_id, counter, document)
