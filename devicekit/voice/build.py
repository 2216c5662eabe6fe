"""`motcua voice build`: the default pack, made offline with espeak-ng (`vi` and `en` voices), every clip trimmed,
resampled to one rate and normalised to one loudness, with a synthesised two-note chime.

espeak-ng is formant synthesis: intelligible, not natural. A centre that wants a human voice records the same
clips and writes the same manifest (docs/agents.md, "Voice")."""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import yaml
from scipy.signal import resample_poly

from devicekit.voice.loudness import normalise, to_float, to_int16
from devicekit.voice.pack import MANIFEST, read_wav, write_wav
from devicekit.voice.script import CHARACTERS, CHIME, LANGUAGES, PHRASES, WORDS

DEFAULT_RATE = 22050  # espeak-ng's own rate: no resampling by default
VOICES = {"vi": "vi", "en": "en"}
SPEED_WPM = 140  # a little slower than espeak's 175: a hall is large and echoes
DIGITS = {"vi": ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"],
          "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]}
COUNTERS = range(1, 100)  # counters said as numbers by the default pack; above, digit by digit
TEENS_EN = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen"]
TENS_EN = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SILENCE_DB = -45.0  # below the clip's peak: trimmed from both ends
MARGIN_S = 0.02


class BuildError(RuntimeError):
    pass


def number_words(n: int, language: str) -> str:
    """1–99 as people say them. Vietnamese: mười for ten, mươi after a tens digit, mốt for a final one after it
    (hai mươi mốt), lăm for a final five after ten or a tens digit (mười lăm, ba mươi lăm); espeak-ng, given the
    numeral, says "mười năm". English: twenty-one."""
    digits = DIGITS[language]
    tens, unit = divmod(n, 10)
    if language == "en":
        return digits[n] if n < 10 else TEENS_EN[unit] if tens == 1 else TENS_EN[tens] + (f"-{digits[unit]}" if unit else "")
    if tens == 0:
        return digits[unit]
    head = "mười" if tens == 1 else f"{digits[tens]} mươi"
    tail = {0: "", 1: "một" if tens == 1 else "mốt", 5: "lăm"}.get(unit, digits[unit])
    return f"{head} {tail}".strip()


def texts(language: str) -> dict[str, str]:
    """clip name → what espeak-ng is given to say it (a letter alone is read by its name: B → "bê")."""
    words = WORDS[language]
    # "Ông/Bà" is said "Ông Bà": espeak-ng would read the slash aloud.
    spoken = {f"{language}.{p}": getattr(words, p).replace("/", " ") for p in PHRASES}
    spoken.update({f"{language}.{d}": DIGITS[language][int(d)] for d in "0123456789"})
    spoken.update({f"{language}.{c}": c for c in CHARACTERS if c.isalpha()})
    spoken.update({f"{language}.counter.{n}": number_words(n, language) for n in COUNTERS})
    return spoken


def espeak(text: str, language: str, work: Path) -> tuple[np.ndarray, int]:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise BuildError("espeak-ng is not installed (apt install espeak-ng; scripts/system-deps.sh does it)")
    out = work / "clip.wav"
    run = subprocess.run([exe, "-v", VOICES[language], "-s", str(SPEED_WPM), "-w", str(out), text],
                         capture_output=True, text=True, timeout=30)
    if run.returncode != 0 or not out.exists():
        raise BuildError(f"espeak-ng failed on {text!r}: {run.stderr.strip()}")
    clip = read_wav(out)
    return to_float(clip.samples), clip.rate


def trim(audio: np.ndarray, rate: int) -> np.ndarray:
    """Drops the silence espeak-ng leaves before and after the words, keeping a short margin."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak == 0:
        return audio
    loud = np.flatnonzero(np.abs(audio) > peak * 10 ** (SILENCE_DB / 20))
    margin = int(MARGIN_S * rate)
    return audio[max(0, loud[0] - margin): loud[-1] + margin]


def resample(audio: np.ndarray, rate: int, target: int) -> np.ndarray:
    if rate == target:
        return audio
    g = math.gcd(rate, target)
    return resample_poly(audio, target // g, rate // g)


def chime(rate: int) -> np.ndarray:
    """Two bell-like notes, E5 then C5, each with a soft attack, a few harmonics and an exponential decay."""
    audio = []
    for freq in (659.25, 523.25):
        t = np.arange(int(0.55 * rate)) / rate
        tone = sum(a * np.sin(2 * np.pi * freq * k * t) for k, a in ((1, 1.0), (2, 0.35), (3, 0.12)))
        envelope = np.minimum(t / 0.01, 1.0) * np.exp(-t * 5.5)
        audio.append(tone * envelope)
    return np.concatenate(audio)


def build_pack(out: Path, rate: int = DEFAULT_RATE, languages: tuple[str, ...] = LANGUAGES) -> list[str]:
    """Writes the pack (WAVs and manifest) to `out`; returns the clip names written. Raises BuildError."""
    out = Path(out)
    clips: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        write_wav(out / "chime.wav", to_int16(normalise(chime(rate), rate)), rate)
        clips[CHIME] = "chime.wav"
        for language in languages:
            for name, text in texts(language).items():
                audio, source_rate = espeak(text, language, Path(tmp))
                audio = resample(trim(audio, source_rate), source_rate, rate)
                path = f"{language}/{name.split('.', 1)[1].replace('.', '/')}.wav"  # vi/counter/12.wav
                write_wav(out / path, to_int16(normalise(audio, rate)), rate)
                clips[name] = path
    manifest = {"version": 1, "sample_rate": rate, "languages": list(languages), "clips": clips}
    header = "# Built by `motcua voice build` with espeak-ng. Replace any clip with a recording; keep the names.\n"
    (out / MANIFEST).write_text(header + yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False),
                                encoding="utf-8")
    return list(clips)
