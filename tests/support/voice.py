"""Voice packs for tests, in the real manifest format: each clip a short tone of its own pitch, so the order of the
clips, the silences between them and the total duration can be read back from the PCM that SDL writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from devicekit.voice.loudness import normalise, to_int16
from devicekit.voice.pack import MANIFEST, write_wav
from devicekit.voice.script import CHIME, clip_names

RATE = 22050


def tone(freq: float, seconds: float, rate: int = RATE) -> np.ndarray:
    """A sine with 3 ms fades, normalised to the pack's loudness target like a built clip."""
    t = np.arange(int(seconds * rate)) / rate
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.003)
    return to_int16(normalise(0.3 * np.sin(2 * np.pi * freq * t) * fade, rate))


def tone_pack(directory: Path, *, languages: tuple[str, ...] = ("vi",), seconds: float = 0.04,
              rate: int = RATE) -> dict[str, float]:
    """Writes a pack of tones (clip i at 400 + 100·i Hz) and returns clip name → frequency."""
    names = [CHIME] + [n for lang in languages for n in clip_names(lang)]
    pitches = {name: 400.0 + 100.0 * i for i, name in enumerate(names)}
    clips = {}
    for name, freq in pitches.items():
        clips[name] = f"{name}.wav"
        write_wav(Path(directory) / clips[name], tone(freq, seconds, rate), rate)
    manifest = {"version": 1, "sample_rate": rate, "languages": list(languages), "clips": clips}
    (Path(directory) / MANIFEST).write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return pitches


def segments(pcm: np.ndarray, rate: int = RATE, threshold: int = 300,
             min_gap_s: float = 0.008) -> list[tuple[int, int]]:
    """(start, end) sample indices of the sounding parts: runs above `threshold` split by >= min_gap_s of quiet."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > threshold)
    if loud.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(loud) > int(min_gap_s * rate))
    starts = np.concatenate(([loud[0]], loud[breaks + 1]))
    ends = np.concatenate((loud[breaks], [loud[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist()))


def pitch(pcm: np.ndarray, rate: int = RATE) -> float:
    """The strongest frequency of a segment."""
    window = pcm.astype(np.float64) * np.hanning(pcm.size)
    spectrum = np.abs(np.fft.rfft(window, n=max(8192, pcm.size)))
    return float(np.fft.rfftfreq(max(8192, pcm.size), 1 / rate)[np.argmax(spectrum)])


def read_clips(pcm: np.ndarray, pitches: dict[str, float], rate: int = RATE) -> list[tuple[str, int, int]]:
    """(clip name, start, end) of every sounding part, named by its nearest pitch (within 30 Hz, else '?')."""
    named = []
    for start, end in segments(pcm, rate):
        found = pitch(pcm[start:end], rate)
        name, freq = min(pitches.items(), key=lambda item: abs(item[1] - found))
        named.append((name if abs(freq - found) < 30 else "?", start, end))
    return named
