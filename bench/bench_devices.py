"""Device benchmark: serial frame round trip over a pty, and camera decode time per frame against baselines."""

from __future__ import annotations

import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402

from devicekit import modbus  # noqa: E402
from devicekit.camera import CodeScanner  # noqa: E402
from devicekit.display import build_ascii_frame_led, build_modbus_led485  # noqa: E402
from devicekit.emulators.camera import GeneratedCamera  # noqa: E402
from devicekit.emulators.led_display import AsciiLedEmulator, ModbusLedEmulator  # noqa: E402
from devicekit.profiles import load_profile  # noqa: E402
from devicekit.serial_link import Backoff  # noqa: E402

ROUND_TRIPS = 500
FRAMES = 20
PAYLOAD = "QMS|T=1023|S=HT01|K=3f9a1c7e"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 3), "p99_ms": round(percentile(ms, 99), 3),
            "mean_ms": round(statistics.fmean(ms), 3)}


def serial_round_trips(tmp: Path) -> dict:
    """The production driver's show() (write, wait for the device's reply, check it) against the pty emulators."""
    results = {}
    cases = (("modbus_led485 FC06 show", ModbusLedEmulator, build_modbus_led485, "led485-modbus-4d"),
             ("ascii_frame_led show", AsciiLedEmulator, build_ascii_frame_led, "ascii-led-4d"))
    for name, emulator, build, profile in cases:
        emu = emulator(tmp / name.split()[0]).start()
        display = build(load_profile(profile), emu.url, backoff=Backoff(0.01, 0.1)).start()
        while display.health.state != "ok":
            time.sleep(0.01)
        times = []
        for i in range(ROUND_TRIPS):
            t = time.perf_counter()
            ok = display.show(str(i % 10000))
            times.append((time.perf_counter() - t) * 1000)
            assert ok, display.health
        display.stop()
        emu.stop()
        results[name] = summary(times)
    t = time.perf_counter()
    for i in range(10000):
        modbus.check_reply(modbus.write_single(1, 0, i), modbus.write_single(1, 0, i))
    results["modbus frame build+check (no I/O)"] = {"n": 10000, "mean_ms": round((time.perf_counter() - t) / 10, 4)}
    return results


def camera_decoding() -> dict:
    results = {}
    region = load_profile("usb-webcam-720p").scan_region
    detector = cv2.QRCodeDetector()
    for width, height in ((640, 360), (1280, 720)):
        camera = GeneratedCamera(width, height, seed=7)
        shots = [camera.code("qr", PAYLOAD, "noisy").frame for _ in range(FRAMES)]
        variants = {
            "zxing, scan region": (CodeScanner(region).decode, lambda r: any(s.text == PAYLOAD for s in r)),
            "zxing, whole frame": (CodeScanner(None).decode, lambda r: any(s.text == PAYLOAD for s in r)),
            "OpenCV QRCodeDetector, whole frame": (lambda f: detector.detectAndDecode(f)[0],
                                                   lambda r: r == PAYLOAD),
            "baseline: BGR->gray conversion only": (lambda f: cv2.cvtColor(f, cv2.COLOR_BGR2GRAY), None),
        }
        for name, (decode, hit) in variants.items():
            times, hits = [], 0
            for frame in shots:
                t = time.perf_counter()
                result = decode(frame)
                times.append((time.perf_counter() - t) * 1000)
                hits += bool(hit and hit(result))
            decoded = f"{hits}/{FRAMES}" if hit else "n/a"
            results[f"{width}x{height} {name}"] = {**summary(times), "decoded": decoded}
    return results


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        serial_results = serial_round_trips(Path(tmp))
    camera_results = camera_decoding()
    print(f"{'case':58} {'p50 ms':>9} {'p99 ms':>9} {'mean ms':>9}  decoded")
    for name, r in {**serial_results, **camera_results}.items():
        print(f"{name:58} {r.get('p50_ms', ''):>9} {r.get('p99_ms', ''):>9} {r['mean_ms']:>9}  {r.get('decoded', '')}")
    out = ROOT / "bench" / "results" / "devices.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpu_count": __import__("os").cpu_count(),
                    "opencv": cv2.__version__},
        "serial_round_trip": serial_results, "camera_decode": camera_results,
        "notes": "round trip = driver show(): write frame to a pty, emulator answers, reply checked; "
                 "camera frames are generated (QR, module 6 px at 1280 wide, noise sigma 25), decode includes "
                 "the crop and grey conversion",
    }, indent=2))
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
