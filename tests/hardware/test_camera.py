"""Camera: decoding rates on generated frames (fixed seed), de-duplication, presence by MOG2, VideoCapture path."""

from __future__ import annotations

import threading

import cv2
import pytest

from devicekit.camera import CodeScanner, KioskCamera, OpenCvSource, build_opencv_camera
from devicekit.emulators import code128
from devicekit.emulators.camera import CASES, GeneratedCamera
from devicekit.presence import PresenceDetector
from devicekit.profiles import load_profile
from tests.hardware.serial_helpers import FAST, wait_for

PAYLOADS = {"qr": "QMS|T=1023|S=HT01|K=3f9a1c7e", "code128": "H56-2411-0001"}
PROFILE = load_profile("usb-webcam-720p")


def test_code128_generator_matches_the_standard():
    # Start B (104), "A" (33), check (104 + 33) % 103 = 34, stop; widths from ISO/IEC 15417.
    assert code128.symbols("A") == [104, 33, 34]
    assert sum(code128.modules("H56-2411-0001")) > 0
    assert len(code128.modules("AB")) == 2 * code128.QUIET + 11 * 4 + 13


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", ["qr", "code128"])
def test_decoding_rate_on_generated_frames(kind, case):
    camera = GeneratedCamera(PROFILE.width, PROFILE.height, seed=20261124)
    scanner = CodeScanner(PROFILE.scan_region)
    decoded = sum(any(s.text == PAYLOADS[kind] for s in scanner.decode(shot.frame))
                  for shot in camera.shots(kind, PAYLOADS[kind], case, 20))
    assert decoded >= 18, f"{kind}/{case}: {decoded}/20"


def test_codes_outside_the_scan_region_are_not_read():
    camera = GeneratedCamera(1280, 720, seed=1, region=(0.0, 0.0, 0.24, 0.5))  # top-left, outside the profile's
    shot = camera.code("qr", PAYLOADS["qr"], "clean")
    assert CodeScanner(None).decode(shot.frame)[0].text == PAYLOADS["qr"]
    assert CodeScanner(PROFILE.scan_region).decode(shot.frame) == []


class Clock:
    now = 100.0

    def __call__(self):
        return self.now


def test_a_code_held_up_is_reported_once_until_repeat_time():
    camera, clock, scans = GeneratedCamera(seed=2), Clock(), []
    kiosk = KioskCamera(camera, CodeScanner(PROFILE.scan_region), on_scan=scans.append, clock=clock, repeat_s=3)
    shot = camera.code("qr", PAYLOADS["qr"], "clean")
    for _ in range(3):
        kiosk.process(shot.frame)
        clock.now += 1
    assert [s.text for s in scans] == [PAYLOADS["qr"]]
    clock.now += 3
    kiosk.process(shot.frame)
    assert len(scans) == 2 and scans[0].format == "QRCode"


def test_presence_flags_a_person_sized_object_and_not_small_things():
    camera = GeneratedCamera(640, 360, seed=3)
    presence = PresenceDetector(on_frames=2, off_frames=5)
    assert not any(presence.update(camera.empty()) for _ in range(20))
    small = camera.person(0.01)  # a hand or a bag at the edge: not someone at the kiosk
    assert not any(presence.update(small) for _ in range(3))
    for _ in range(3):
        presence.update(camera.empty())
    person = camera.person(0.15)
    assert [presence.update(person) for _ in range(3)][-2:] == [True, True]
    assert presence.foreground > presence.threshold
    assert [presence.update(camera.empty()) for _ in range(6)][-1] is False


def test_camera_thread_reports_scans_and_presence_from_an_injected_source():
    camera = GeneratedCamera(640, 360, seed=4)
    scanned, presence_events = threading.Event(), []
    kiosk = build_opencv_camera(PROFILE, "0", source=camera, on_scan=lambda s: scanned.set(),
                                on_presence=presence_events.append, backoff=FAST)
    person = camera.person(0.2)
    camera.feed(*[camera.empty() for _ in range(12)], person, person, person,
                camera.code("qr", PAYLOADS["qr"], "clean").frame)
    kiosk.start()
    try:
        assert scanned.wait(10)
        wait_for(lambda: kiosk.health.state == "ok" and presence_events and presence_events[0] is True,
                 what="presence reported")
    finally:
        kiosk.stop()


def test_opencv_source_reads_frames_with_videocapture(tmp_path):
    path = str(tmp_path / "clip.avi")
    camera = GeneratedCamera(640, 360, seed=5)
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"MJPG"), 15, (640, 360))
    if not writer.isOpened():
        pytest.skip("this OpenCV build has no MJPG writer")
    for _ in range(3):
        writer.write(camera.code("qr", PAYLOADS["qr"], "clean").frame)
    writer.release()
    source = OpenCvSource(path, width=640, height=360).start()
    try:
        frame = source.read()
        assert frame is not None and frame.shape == (360, 640, 3)
        assert CodeScanner(PROFILE.scan_region).decode(frame)[0].text == PAYLOADS["qr"]
    finally:
        source.stop()
    with pytest.raises(OSError, match="cannot open camera"):
        OpenCvSource(str(tmp_path / "missing.avi")).start()
