"""Loudness of a clip (ITU-R BS.1770 integrated loudness, LUFS, with pyloudnorm), the one measure used to build a
pack and to check one; and clipping, told apart from a loud clip."""

from __future__ import annotations

import numpy as np
import pyloudnorm

TARGET_LUFS = -20.0  # every clip of a pack, so no part of an announcement jumps out or drops away
TOLERANCE_LU = 3.0  # "far from the target" beyond this
PEAK = 10 ** (-1 / 20)  # -1 dBFS: the ceiling a built clip is kept under
CLIP_RUN = 3  # consecutive full-scale samples that mean the recording clipped
BLOCK_S = 0.4  # BS.1770's gating block


def to_float(samples: np.ndarray) -> np.ndarray:
    return np.asarray(samples, dtype=np.float64) / 32768.0


def to_int16(audio: np.ndarray) -> np.ndarray:
    return np.clip(np.round(audio * 32768.0), -32768, 32767).astype(np.int16)


def loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (-inf for silence). A clip shorter than two gating blocks (a digit: ~0.3 s) is
    repeated until it is long enough, which keeps its mean energy, where padding with silence would lower it."""
    audio = to_float(samples)
    if audio.size == 0 or not np.any(audio):
        return float("-inf")
    needed = int(2 * BLOCK_S * rate) + 1
    if audio.size < needed:
        audio = np.tile(audio, needed // audio.size + 1)
    return float(pyloudnorm.Meter(rate, block_size=BLOCK_S).integrated_loudness(audio))


def clipped(samples: np.ndarray) -> int:
    """How many runs of CLIP_RUN or more consecutive samples sit at full scale (a clipped recording)."""
    full = np.abs(np.asarray(samples, dtype=np.int32)) >= 32767
    if not full.any():
        return 0
    edges = np.diff(np.concatenate(([0], full.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return int(np.count_nonzero(ends - starts >= CLIP_RUN))


def normalise(audio: np.ndarray, rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """Float audio gained to `target` LUFS, then kept under -1 dBFS by a soft limiter on the few peaks above it
    (speech's peaks sit ~15-20 dB above its loudness), so the clip neither clips nor loses its loudness."""
    measured = loudness(to_int16(audio), rate)
    if not np.isfinite(measured):
        return audio
    gained = audio * 10 ** ((target - measured) / 20)
    over = np.abs(gained) > PEAK * 0.8
    if over.any():
        knee = PEAK * 0.8
        excess = np.abs(gained[over]) - knee
        gained[over] = np.sign(gained[over]) * (knee + (PEAK - knee) * np.tanh(excess / (PEAK - knee)))
    return gained
