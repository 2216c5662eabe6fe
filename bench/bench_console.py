"""Clerk clicks Next on the counter screen → the screen shows the new number, compared with the bare API call (the
same POST, from the same page, to its reply) measured in the same run.

`motcua service` runs in its own process on SQLite, as a centre runs it; Debian's Chromium signs in as a clerk and
opens counter 1. The page shows a new number only when the live feed's server-sent event reaches it (the POST's reply
does not touch the screen), so "click → screen" is: HTTP request, engine commit, feed, event to the page, render.
The baseline is the bare API call as bench_calls.py makes it: the same POST .../next with a clerk's token from a plain
HTTP client, to its reply, on another counter of the same service, before the page opens (an open page reads its
state again on every change, which would load the service during the baseline's reply). Each sample, baseline and
click alike, waits the same idle gap first (bench_calls.py: an idle machine answers more slowly than a busy one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.bench_calls import CENTRE, DEMO, GAP_S, WARMUP, summary, write_results  # noqa: E402
from bench.bench_queue import start as start_process  # noqa: E402
from broker_config.process import free_port  # noqa: E402

CALLS = 200
PASSWORD = "mat-khau-bench-01"

# Click Next and resolve when #current-number shows another number: only the live feed's event changes it.
CLICK_TO_SCREEN = """async () => {
  const shown = document.getElementById("current-number"), before = shown.textContent;
  return await new Promise(resolve => {
    const began = performance.now();
    const watch = new MutationObserver(() => {
      if (shown.textContent !== before) { watch.disconnect(); resolve(performance.now() - began); }
    });
    watch.observe(shown, {childList: true, characterData: true, subtree: true});
    document.querySelector("button[data-action=next]").click();
  });
}"""


def prepare(tmp: Path) -> tuple[str, dict]:
    from queue_service.auth.passwords import set_password
    from queue_service.auth.roles import Role
    from queue_service.auth.tokens import create_token
    from queue_service.store import Database

    url = f"sqlite:///{tmp / 'motcua.db'}"
    db = Database(url).start()
    db.upgrade()
    set_password(db, CENTRE, "nv01", PASSWORD, dt.datetime.now(dt.timezone.utc), must_change=False)
    tokens = {"kiosk": create_token(db, Role.device, centre=CENTRE, label="kiosk-bench"),
              "clerk": create_token(db, Role.clerk, centre=CENTRE, counter=2, staff_id="nv02")}
    db.stop()
    return url, tokens


def bare_api(base: str, clerk: str, n: int, gap: float) -> list[float]:
    """POST /counters/2/next with a clerk's token, to its reply."""
    samples = []
    with httpx.Client(base_url=f"{base}/api/v1/centres/{CENTRE}/counters/2",
                      headers={"Authorization": f"Bearer {clerk}"}) as http:
        http.post("/open").raise_for_status()
        for i in range(n + WARMUP):
            time.sleep(gap)
            began = time.perf_counter()
            http.post("/next").raise_for_status()
            if i >= WARMUP:
                samples.append((time.perf_counter() - began) * 1e3)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("calls", type=int, nargs="?", default=CALLS, help="samples of each measurement")
    parser.add_argument("--gap", type=float, default=GAP_S, help="idle seconds before every sample")
    args = parser.parse_args()
    n, gap = args.calls, args.gap
    from playwright.sync_api import sync_playwright

    from tests.support.web import CHROMIUM, CHROMIUM_ARGS

    results: dict = {"benchmark": "console", "machine": platform.platform(), "calls": n, "gap_s": gap}
    with tempfile.TemporaryDirectory() as tmp:
        url, tokens = prepare(Path(tmp))
        port = free_port()
        env = {"MOTCUA_DATABASE_URL": url, "MOTCUA_CENTRE_FILES": json.dumps([str(DEMO)]), "MOTCUA_ENFORCE_HOURS": "false"}
        service = start_process([sys.executable, "-m", "motcua", "service", "--port", str(port)], env, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens['kiosk']}"}) as http:
                for _ in range(2 * (n + WARMUP) + 1):  # the queue first: no issue falls inside a sample
                    http.post(f"/api/v1/centres/{CENTRE}/tickets", json={"field": "HT"}).raise_for_status()
            api = bare_api(base, tokens["clerk"], n, gap)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                page.goto(f"{base}/console/{CENTRE}/sign-in")
                page.fill("#staff_id", "nv01")
                page.fill("#password", PASSWORD)
                page.click("button[type=submit]")
                page.click("button[value='1']")
                page.wait_for_selector("body[data-ready]")
                time.sleep(1)
                to_screen = []
                for i in range(n + WARMUP):
                    time.sleep(gap)
                    spent = page.evaluate(CLICK_TO_SCREEN)
                    if i >= WARMUP:
                        to_screen.append(spent)
                browser.close()
        finally:
            service.terminate()
            service.wait(10)
    results["bare_api_next"] = summary(api)
    screen = summary(to_screen)
    screen["ratio_p50"] = round(screen["p50_ms"] / results["bare_api_next"]["p50_ms"], 2)
    screen["ratio_p99"] = round(screen["p99_ms"] / results["bare_api_next"]["p99_ms"], 2)
    results["click_next_to_screen"] = screen
    print(f"{'measurement':<24} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p50/api':>8} {'p99/api':>8}")
    for key in ("bare_api_next", "click_next_to_screen"):
        value = results[key]
        print(f"{key:<24} {value['p50_ms']:>8.3f} {value['p99_ms']:>8.3f} {value['max_ms']:>8.3f} "
              f"{value.get('ratio_p50', '')!s:>8} {value.get('ratio_p99', '')!s:>8}")
    write_results("console", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
