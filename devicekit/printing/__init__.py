"""Ticket and receipt printing: layout blocks -> ESC/POS bytes -> a printer driver that confirms by status."""

from devicekit.printing.driver import EscposPrinterDriver, PrinterDriver
from devicekit.printing.layout import BigNumber, Feed, Layout, QrCode, Rule, Text
from devicekit.printing.preview import preview_image, save_preview
from devicekit.printing.render import SlipRenderer
from devicekit.printing.status import PrinterStatus, PrintResult
from devicekit.printing.ticket import TicketData, ticket_layout

__all__ = ["BigNumber", "EscposPrinterDriver", "Feed", "Layout", "PrintResult", "PrinterDriver", "PrinterStatus",
           "QrCode", "Rule", "SlipRenderer", "Text", "TicketData", "preview_image", "render_ticket", "save_preview",
           "ticket_layout"]


def render_ticket(ticket: TicketData, profile, mode: str = "hybrid") -> bytes:
    """ESC/POS bytes of a queue ticket for a printer profile."""
    return SlipRenderer(profile, mode).render(ticket_layout(ticket))
