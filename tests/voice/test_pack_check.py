"""`motcua voice check DIR` refuses each fault of a pack with one line naming the clip, and passes a sound one; and
`motcua voice build` makes a pack (espeak-ng) that the check passes."""

from __future__ import annotations

import os
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest
import yaml

from devicekit.voice.check import check_pack
from devicekit.voice.loudness import TARGET_LUFS, loudness
from devicekit.voice.pack import MANIFEST, read_wav, write_wav
from motcua.cli import main
from tests.support.voice import RATE, tone, tone_pack


@pytest.fixture
def pack(tmp_path) -> Path:
    tone_pack(tmp_path / "pack", languages=("vi", "en"), seconds=0.3)
    return tmp_path / "pack"


def manifest(pack: Path) -> dict:
    return yaml.safe_load((pack / MANIFEST).read_text(encoding="utf-8"))


def rewrite(pack: Path, data: dict) -> None:
    (pack / MANIFEST).write_text(yaml.safe_dump(data), encoding="utf-8")


def refused(pack: Path, capsys) -> list[str]:
    assert main(["voice", "check", str(pack)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1].startswith(f"{pack}: refused")
    return lines[:-1]


def test_a_sound_pack_passes(pack, capsys):
    assert main(["voice", "check", str(pack)]) == 0
    assert "the pack is sound" in capsys.readouterr().out


def test_a_missing_clip_is_named(pack, capsys):
    data = manifest(pack)
    del data["clips"]["vi.7"]
    rewrite(pack, data)
    (pack / "en.Q.wav").unlink()
    assert refused(pack, capsys) == ["vi.7: missing from manifest.yaml", "en.Q (en.Q.wav): file missing"]


def test_a_wrong_sample_rate_is_named(pack, capsys):
    write_wav(pack / "vi.call.wav", tone(500, 0.3, 16000), 16000)
    assert refused(pack, capsys) == ["vi.call (vi.call.wav): sample rate 16000 Hz, expected 22050 Hz like the rest "
                                     "of the pack"]


def test_counter_clips_are_optional_but_checked_when_present(pack, capsys):
    data = manifest(pack)
    data["clips"]["vi.counter.12"] = "vi/counter/12.wav"  # "mười hai", recorded at the wrong rate
    rewrite(pack, data)
    write_wav(pack / "vi/counter/12.wav", tone(500, 0.3, 16000), 16000)
    assert refused(pack, capsys) == ["vi.counter.12 (vi/counter/12.wav): sample rate 16000 Hz, expected 22050 Hz "
                                     "like the rest of the pack"]
    write_wav(pack / "vi/counter/12.wav", tone(500, 0.3, RATE), RATE)
    assert check_pack(pack) == []


def test_a_stereo_clip_is_named(pack, capsys):
    mono = read_wav(pack / "vi.to_counter.wav").samples
    with wave.open(str(pack / "vi.to_counter.wav"), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(np.repeat(mono, 2).astype("<i2").tobytes())
    assert refused(pack, capsys) == ["vi.to_counter (vi.to_counter.wav): 2 channels, expected 1 (mono)"]


def test_clipping_is_named(pack, capsys):
    samples = read_wav(pack / "vi.5.wav").samples.copy()  # at the loudness target ...
    for at in (1000, 3000, 5000):
        samples[at:at + 6] = 32767  # ... but three bursts hit the rails, as a too-close microphone does
    write_wav(pack / "vi.5.wav", samples, RATE)
    assert refused(pack, capsys) == ["vi.5 (vi.5.wav): clipping: 3 run(s) of samples at full scale"]


@pytest.mark.parametrize("gain_db, word", [(-15, "quiet"), (+9, "loud")])
def test_a_clip_far_from_the_loudness_target_is_named(pack, capsys, gain_db, word):
    samples = read_wav(pack / "chime.wav").samples * 10 ** (gain_db / 20)
    write_wav(pack / "chime.wav", samples.astype(np.int16), RATE)
    (line,) = refused(pack, capsys)
    measured = loudness(samples.astype(np.int16), RATE)
    assert abs(measured - TARGET_LUFS - gain_db) < 0.5  # the tone was at the target; now off by gain_db
    assert line == f"chime (chime.wav): loudness {measured:.1f} LUFS, expected -20 ± 3 LUFS (normalise the clip)"


def test_a_misspelt_clip_and_a_bad_manifest_are_named(pack, capsys):
    data = manifest(pack)
    data["clips"]["vi.cal"] = data["clips"]["vi.call"]
    rewrite(pack, data)
    assert refused(pack, capsys) == ["vi.cal (vi.call.wav): not a clip name of this pack's languages (vi, en); "
                                     "check its spelling"]
    data.update(sample_rate=11025, languages=["en"])
    rewrite(pack, data)
    lines = refused(pack, capsys)
    assert "sample_rate: 11025 Hz is not one of 16000, 22050, 24000, 44100, 48000" in lines[1]
    assert "languages: a pack speaks Vietnamese (vi) first; add vi" in lines[2]


def test_no_pack_at_all(tmp_path, capsys):
    nowhere = tmp_path / "nowhere"
    assert refused(nowhere, capsys) == [f"{nowhere}: no manifest.yaml (build a pack with `motcua voice build --out "
                                        f"{nowhere}`)"]


def test_build_then_check(tmp_path, capsys):
    if shutil.which("espeak-ng") is None:
        if os.environ.get("CI"):
            pytest.fail("espeak-ng is required in CI (scripts/system-deps.sh installs it)")
        pytest.skip("espeak-ng is not installed (scripts/system-deps.sh installs it as root)")
    out = tmp_path / "voice"
    assert main(["voice", "build", "--out", str(out)]) == 0, capsys.readouterr().err
    assert f"{out}: the pack is sound" in capsys.readouterr().out
    assert check_pack(out) == []
    data = manifest(out)
    assert data["sample_rate"] == 22050 and len(data["clips"]) == 1 + 2 * (4 + 10 + 26 + 99)  # 4 phrases, digits,
    # letters, counters 1–99
    yours = read_wav(out / data["clips"]["vi.your_number"])  # the kiosk's "Số thứ tự của Ông/Bà là"
    assert 1.0 < yours.samples.size / yours.rate < 4.0
    call = read_wav(out / data["clips"]["vi.call"])
    assert (call.rate, call.channels, call.width) == (22050, 1, 2)
    assert 1.0 < call.samples.size / call.rate < 4.0  # "Mời công dân có số thứ tự", trimmed of espeak's silence
    assert abs(loudness(call.samples, call.rate) - TARGET_LUFS) < 0.5
    digit = read_wav(out / data["clips"]["vi.3"])
    assert 0.1 < digit.samples.size / digit.rate < 0.8

    resampled = tmp_path / "voice-16k"  # espeak-ng speaks at 22,050 Hz: resampled, still sound
    assert main(["voice", "build", "--out", str(resampled), "--rate", "16000", "--vi-only"]) == 0
    data = manifest(resampled)
    assert (data["sample_rate"], data["languages"], len(data["clips"])) == (16000, ["vi"], 1 + 4 + 10 + 26 + 99)
    digit16 = read_wav(resampled / data["clips"]["vi.3"])
    assert digit16.rate == 16000 and digit16.samples.size / 16000 == pytest.approx(digit.samples.size / 22050,
                                                                                    abs=0.002)
