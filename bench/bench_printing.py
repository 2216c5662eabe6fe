"""Benchmark: the wire ticket slip rendered and printed through the TCP ESC/POS emulator, hybrid vs full image; and
hybrid as a kiosk renders slip after slip (one renderer keeping its rasterised lines, GS v 0 encoded directly) against
the way it was rendered before, in the same run (a fresh renderer per slip, python-escpos' image encoding)."""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devicekit.emulators.escpos import EscposEmulator  # noqa: E402
from devicekit.emulators.escpos_server import EscposTcpServer  # noqa: E402
from devicekit.printing import DocumentRenderer, EscposPrinterDriver  # noqa: E402
from devicekit.printing import render  # noqa: E402  (the module: `before` swaps its raster encoder)
from devicekit.printing.samples import sample_ticket, sample_ticket_document  # noqa: E402
from devicekit.profiles import load_profile  # noqa: E402
from wire.printing import PrintDocument  # noqa: E402

RUNS = 50
WARMUP = 3  # slips printed before the timed ones, in every run
PROFILE = "epson-tm-t88"
RESULTS = Path(__file__).resolve().parent / "results" / "printing.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ticket(i: int) -> PrintDocument:
    """The slip the service sends with ticket i (wire.ticket.ticket_document): what a kiosk prints."""
    return sample_ticket_document(sample_ticket(id=i + 1, number=f"A{i:03d}", people_ahead=i % 20,
                                                estimated_wait_min=3 * (i % 20),
                                                public_url=f"https://motcua.example.vn/t/A{i:03d}-7f3k"))


def escpos_images(printer, image) -> None:
    """How raster runs were encoded before: through python-escpos' image() (RGBA, a pasted copy, an alpha split)."""
    printer.image(image, impl="bitImageRaster")


def run(mode: str, *, before: bool = False) -> dict:
    """`before`: a fresh renderer for every slip and python-escpos' image encoding, as the driver rendered until now."""
    profile = load_profile(PROFILE)
    emulator = EscposEmulator(profile.printable_dots, profile.escpos_profile)
    renderer = DocumentRenderer(profile, mode)
    render_ms, total_ms, sizes = [], [], []
    encode = render.raster_image
    if before:
        render.raster_image = escpos_images
    try:
        with EscposTcpServer(emulator) as server, EscposPrinterDriver(profile, server.url, timeout_s=2.0) as printer:
            for i in range(WARMUP + RUNS):
                t0 = time.perf_counter()
                job = (DocumentRenderer(profile, mode) if before else renderer).render(ticket(i))
                t1 = time.perf_counter()
                result = printer.print_job(job)
                t2 = time.perf_counter()
                if not result.printed:
                    raise SystemExit(f"{mode} run {i}: {result.outcome}: {result.reason}")
                if i < WARMUP:  # the first slips load fonts and code: not what a kiosk pays all day
                    continue
                render_ms.append((t1 - t0) * 1000)
                total_ms.append((t2 - t0) * 1000)
                sizes.append(len(job))
    finally:
        render.raster_image = encode
    bytes_median = int(statistics.median(sizes))
    return {"mode": mode + (" (before)" if before else ""), "runs": RUNS, "bytes_median": bytes_median,
            "render_ms_p50": percentile(render_ms, 0.5), "render_ms_p99": percentile(render_ms, 0.99),
            "render_print_ms_p50": percentile(total_ms, 0.5), "render_print_ms_p99": percentile(total_ms, 0.99),
            "wire_s_9600_8n1": bytes_median * 10 / 9600, "wire_s_115200_8n1": bytes_median * 10 / 115200}


def main() -> None:
    rows = [run("hybrid"), run("raster"), run("hybrid", before=True)]
    hybrid, raster, before = rows
    print(f"Ticket on {PROFILE}, {RUNS} runs each, printed through the TCP emulator with status confirmation\n")
    print(f"| {'layout':<18} | {'bytes':>7} | {'render p50/p99 ms':>17} | {'render+print p50/p99 ms':>23} "
          f"| {'9600 baud s':>11} | {'115200 baud s':>13} |")
    print(f"|{'-' * 20}|{'-' * 9}|{'-' * 19}|{'-' * 25}|{'-' * 13}|{'-' * 15}|")
    for r, name in ((hybrid, "hybrid"), (raster, "full image (base)"), (before, "hybrid, as before")):
        print(f"| {name:<18} | {r['bytes_median']:>7} | {r['render_ms_p50']:>7.1f} / {r['render_ms_p99']:>6.1f} "
              f"| {r['render_print_ms_p50']:>11.1f} / {r['render_print_ms_p99']:>9.1f} "
              f"| {r['wire_s_9600_8n1']:>11.1f} | {r['wire_s_115200_8n1']:>13.2f} |")
    ratio = raster["bytes_median"] / hybrid["bytes_median"]
    print(f"\nfull-image / hybrid bytes on the wire: {ratio:.2f}x")
    speedup = before["render_ms_p50"] / hybrid["render_ms_p50"]
    print(f"hybrid render p50, before / now (kept lines, direct GS v 0): {speedup:.1f}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"benchmark": "printing", "profile": PROFILE, "python": platform.python_version(),
                                   "results": rows, "bytes_ratio_raster_over_hybrid": round(ratio, 3),
                                   "render_p50_ratio_before_over_now": round(speedup, 2)}, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
