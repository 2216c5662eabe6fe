"""A voice pack: a directory of WAV clips (one sample rate, mono, 16-bit) and `manifest.yaml` naming each clip.

    version: 1
    sample_rate: 22050
    languages: [vi, en]          # vi always; en for the English line
    clips:                       # clip name → WAV file, relative to the pack
      chime: chime.wav
      vi.call: vi/call.wav       # "Mời công dân có số thứ tự"
      ...

The clip names are those of devicekit.voice.script (chime, <lang>.call, .recall, .to_counter, .0-.9, .A-.Z), so a
centre can drop in its own recorded clips by writing this file; `motcua voice check DIR` says what is wrong."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from devicekit.voice.script import CHIME, COUNTER_CLIP, clip_names
from yaml_config import load_yaml

MANIFEST = "manifest.yaml"
RATES = (16000, 22050, 24000, 44100, 48000)
SAMPLE_WIDTH = 2  # bytes: 16-bit PCM
FULL_SCALE = 32767


class Manifest(BaseModel):
    """What a pack holds; the clips themselves are checked by devicekit.voice.check."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = Field(description="format version of the manifest; this release reads 1")
    sample_rate: int = Field(description=f"the rate of every clip, in Hz: one of {', '.join(map(str, RATES))}")
    languages: list[Literal["vi", "en"]] = Field(["vi", "en"], description="languages the pack speaks: vi always, "
                                                 "en for the English line after the Vietnamese one")
    clips: dict[str, str] = Field(description="clip name → WAV file relative to the pack (chime, vi.call, "
                                  "vi.recall, vi.to_counter, vi.0 … vi.9, vi.A … vi.Z, and en.… likewise; optional: "
                                  "vi.counter.1 … vi.counter.999, a counter said as a number)")

    @field_validator("sample_rate")
    @classmethod
    def _known_rate(cls, rate: int) -> int:
        if rate not in RATES:
            raise ValueError(f"{rate} Hz is not one of {', '.join(map(str, RATES))}")
        return rate

    @field_validator("languages")
    @classmethod
    def _vietnamese_first(cls, languages: list[str]) -> list[str]:
        if "vi" not in languages:
            raise ValueError("a pack speaks Vietnamese (vi) first; add vi")
        return languages

    def required(self) -> list[str]:
        return [CHIME] + [name for lang in self.languages for name in clip_names(lang)]

    def optional(self) -> list[str]:
        """The counters said as numbers (vi.counter.12) that the pack has, in its languages."""
        return sorted(name for name in self.clips if COUNTER_CLIP.match(name) and name.split(".")[0] in self.languages)

    def speakable(self) -> list[str]:
        return self.required() + self.optional()


def read_manifest(directory: Path) -> Manifest:
    """Raises yaml_config.ConfigError naming the file and line."""
    return load_yaml(Path(directory) / MANIFEST, Manifest, shape="'version: 1', 'sample_rate:', 'clips:'",
                     example="docs/agents.md (Voice)")


@dataclass(frozen=True)
class Clip:
    rate: int
    channels: int
    width: int  # bytes per sample
    samples: np.ndarray  # int16, the first channel (mono packs have only that)


def read_wav(path: Path) -> Clip:
    """A WAV file as it is (rate, channels, width), its first channel as int16 when it is 16-bit."""
    with wave.open(str(path), "rb") as wav:
        rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
        frames = wav.readframes(wav.getnframes())
    samples = np.frombuffer(frames, dtype="<i2")[::channels] if width == SAMPLE_WIDTH else np.zeros(0, np.int16)
    return Clip(rate, channels, width, samples.astype(np.int16))


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    """Mono 16-bit PCM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(rate)
        wav.writeframes(np.asarray(samples, dtype="<i2").tobytes())


@dataclass(frozen=True)
class Pack:
    """A checked pack in memory: every clip as int16 samples at one rate."""

    directory: Path
    rate: int
    languages: tuple[str, ...]
    clips: dict[str, np.ndarray]


def load_pack(directory: Path) -> Pack:
    """Loads a pack that devicekit.voice.check found sound."""
    manifest = read_manifest(directory)
    clips = {name: read_wav(Path(directory) / manifest.clips[name]).samples for name in manifest.speakable()}
    return Pack(Path(directory), manifest.sample_rate, tuple(manifest.languages), clips)
