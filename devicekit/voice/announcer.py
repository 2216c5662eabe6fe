"""The announcer: one queue per speaking device and one worker thread, so two announcements never overlap and a
burst is said in the order it came. Clips are joined at run time (short silence between parts) and played through
pygame.mixer at the pack's rate. Without a sound pack, or with no audio output, the voice is off: it says why once
(log and health) and the calls are still logged, so the screen keeps working."""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pygame

from devicekit.voice.pack import MANIFEST, Pack, load_pack, read_manifest
from devicekit.voice.script import resolve
from devicekit.voice.settings import VoiceSettings
from devicekit.worker import Worker
from wire.messages import Part
from yaml_config import ConfigError

log = logging.getLogger(__name__)
MIXER_BUFFER = 512  # samples: ~23 ms at 22,050 Hz between play() and the first sample leaving


@dataclass(frozen=True)
class VoiceState:
    on: bool
    reason: str  # why it is off, or what it speaks with (the health's detail)
    hint: str = ""  # what to do about it (the log's)
    checking: bool = False  # the pack is being checked: calls wait in the queue meanwhile


def check_in_child(directory: Path) -> list[str]:
    """devicekit.voice.check in a child process: its loudness meter (pyloudnorm, scipy) would otherwise stay in the
    display's memory for good, ~70 MB for a check made once at start."""
    try:
        run = subprocess.run([sys.executable, "-m", "devicekit.voice.check", str(directory)], capture_output=True,
                             text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [f"the pack check could not run: {exc}"]
    if run.returncode not in (0, 1):
        return [f"the pack check failed: {run.stderr.strip()[-300:]}"]
    return [line for line in run.stdout.splitlines() if line.strip()] or (
        ["the pack check refused the pack without saying why"] if run.returncode else [])


def join(pack: Pack, script: list[list[str]], gap_ms: int, pause_ms: int) -> np.ndarray:
    """The sentences' clips end to end: gap_ms of silence between parts, pause_ms between sentences and after."""
    gap, pause = np.zeros(pack.rate * gap_ms // 1000, np.int16), np.zeros(pack.rate * pause_ms // 1000, np.int16)
    pieces: list[np.ndarray] = []
    for sentence in script:
        for i, name in enumerate(sentence):
            pieces += [gap] if i else []
            pieces.append(pack.clips[name])
        pieces.append(pause)
    return np.concatenate(pieces) if pieces else np.zeros(0, np.int16)


class Announcer:
    """`say(script, record, on_start)` from any thread; the worker says each in turn and appends `record` to the
    journal (JSON lines) when the voice starts saying it, with what it did: voice on, quiet (quiet hours) or off.
    `on_start` runs as the voice starts, so a screen shows each call as it is heard; when nothing will be heard
    (the voice off, being checked, or in quiet hours) it runs at once, in the caller's thread."""

    def __init__(self, settings: VoiceSettings, pack_dir: Path, *, journal: Path | None = None, name: str = "voice",
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.settings, self.pack_dir, self.journal, self.name = settings, Path(pack_dir), journal, name
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.pack: Pack | None = None
        self.state = VoiceState(False, "checking the voice pack", checking=True)
        self._queue: queue.Queue[tuple[list[list[str]], dict, Callable[[], None] | None]] = queue.Queue()
        self._worker = Worker(f"announcer-{name}", self._run)
        self._missing: set[str] = set()
        self._mixer_open, self._audio_error = False, None

    # ---- lifecycle
    def start(self) -> "Announcer":
        """Opens the mixer at the pack's rate here, on the caller's thread (SDL's subsystems are started from the
        main thread, as the screen's are), then starts the worker, which checks the pack first (a second or two):
        the screen does not wait for that."""
        self._audio_error = self._open_mixer() if self.settings.enabled else None
        self._worker.start()
        return self

    def stop(self) -> None:
        """From the thread that called start()."""
        self._worker.stop()
        if self._mixer_open:
            pygame.mixer.quit()

    def _open_mixer(self) -> str | None:
        """None, or why there is no audio output. Without a readable manifest there is nothing to open yet."""
        try:
            rate = read_manifest(self.pack_dir).sample_rate
        except ConfigError:
            return None  # the worker's check says what is wrong with the pack
        try:
            if pygame.mixer.get_init() not in (None, (rate, -16, 1)):
                pygame.mixer.quit()
            if pygame.mixer.get_init() is None:
                pygame.mixer.init(frequency=rate, size=-16, channels=1, buffer=MIXER_BUFFER, allowedchanges=0)
        except Exception as exc:  # no sound card, no driver: the screen must go on
            return f"no audio output ({exc})"
        self._mixer_open = True
        return None

    def _open(self) -> VoiceState:
        if not self.settings.enabled:
            return VoiceState(False, "off in the configuration (voice.enabled: false)")
        if not (self.pack_dir / MANIFEST).is_file():
            return VoiceState(False, f"no voice pack at {self.pack_dir}",
                              f"`motcua voice build --out {self.pack_dir}` makes one")
        problems = check_in_child(self.pack_dir)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            return VoiceState(False, f"voice pack {self.pack_dir} refused: {problems[0]}{more}",
                              f"`motcua voice check {self.pack_dir}` lists every problem")
        if self._audio_error or not self._mixer_open:
            return VoiceState(False, self._audio_error or "no audio output (the mixer did not open)")
        self.pack = load_pack(self.pack_dir)
        return VoiceState(True, f"pack {self.pack_dir} at {self.pack.rate} Hz ({', '.join(self.pack.languages)})")

    def part(self) -> Part:
        """The voice's line in the agent's health: ok while it speaks, while its pack is checked, or when it is off
        on purpose; a warning when it is off for something to fix (no pack, a refused pack, no audio output)."""
        state = self.state
        if state.on or state.checking or not self.settings.enabled:
            return Part(status="ok", detail=None if state.on else state.reason[:200])
        return Part(status="warning", detail=f"voice off: {state.reason}"[:200])

    # ---- from any thread
    def say(self, script: list[list[str]], record: dict, on_start: Callable[[], None] | None = None) -> None:
        """Queues an announcement; never drops one. A long queue is logged, and all are said in order."""
        if on_start is not None and not (self.state.on and not self.settings.is_quiet(self.clock())):
            on_start()  # nothing will be heard: nothing to keep in step with
            on_start = None
        self._queue.put((script, record, on_start))
        waiting = self._queue.qsize()
        if waiting > self.settings.max_waiting:
            log.warning("%s: %d announcements waiting to be said (more than %d); all will be said, in call order",
                        self.name, waiting, self.settings.max_waiting)

    def idle(self) -> bool:
        return self._queue.unfinished_tasks == 0

    # ---- the worker
    def _run(self) -> None:
        self.state = state = self._open()
        (log.info if state.on else log.warning)("%s: voice %s: %s%s", self.name, "on" if state.on else "off",
                                                 state.reason, f" ({state.hint})" if state.hint else "")
        while not self._worker.stopping.is_set():
            try:
                script, record, on_start = self._queue.get(timeout=0.1)
            except queue.Empty:
                continue
            try:
                self._say(script, record, on_start)
            except Exception:
                log.exception("%s: announcement failed: %s", self.name, record)
            finally:
                self._queue.task_done()

    def _say(self, script: list[list[str]], record: dict, on_start: Callable[[], None] | None) -> None:
        now = self.clock()
        waiting = self._queue.qsize()
        if self.pack is None or self.settings.is_quiet(now):
            self._started(on_start)
            self._write(record, voice="quiet" if self.pack is not None else "off", waiting=waiting)
            return
        script = self._speakable(script)
        pcm = join(self.pack, script, self.settings.gap_ms, self.settings.pause_ms)
        sound = pygame.mixer.Sound(buffer=pcm.tobytes())
        volume = self.settings.volume_at(now)
        sound.set_volume(volume)
        self._started(on_start)
        channel = sound.play()
        speech_s = (pcm.size - self.pack.rate * self.settings.pause_ms // 1000) / self.pack.rate
        self._write(record, voice="on", volume=volume, duration_s=round(speech_s, 3), clips=sum(map(len, script)),
                    waiting=waiting)
        # The next one starts only when the mixer has played this one out (a sound card's clock may run slower than
        # ours), or, should the mixer never say so, well after it should have ended.
        length_s = pcm.size / self.pack.rate
        stopping = self._worker.stopping
        stopping.wait(length_s)
        deadline = time.monotonic() + 2.0 + length_s / 2
        while channel is not None and channel.get_busy() and not stopping.is_set() and time.monotonic() < deadline:
            time.sleep(0.005)

    def _started(self, on_start: Callable[[], None] | None) -> None:
        if on_start is not None:
            try:
                on_start()
            except Exception:  # the screen's trouble must not stop the voice
                log.exception("%s: on_start failed", self.name)

    def _speakable(self, script: list[list[str]]) -> list[list[str]]:
        """Drops a sentence the pack cannot say (the English line from a Vietnamese-only pack), saying so once."""
        kept = []
        for sentence in (resolve(sentence, self.pack.clips) for sentence in script):
            missing = [n for n in sentence if n not in self.pack.clips]
            if missing:
                if missing[0] not in self._missing:
                    self._missing.add(missing[0])
                    log.warning("%s: the pack has no clip %s: that sentence is not said", self.name, missing[0])
                continue
            kept.append(sentence)
        return kept

    def _write(self, record: dict, **said) -> None:
        line = {**record, **said, "started": dt.datetime.now(dt.timezone.utc).isoformat()}
        if self.journal is None:
            return
        try:
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            with self.journal.open("a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as exc:  # a full disk must not stop the voice or the screen
            log.error("%s: cannot log the announcement to %s: %s", self.name, self.journal, exc)
