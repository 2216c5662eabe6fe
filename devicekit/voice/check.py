"""`motcua voice check DIR` and the announcer's start: every problem of a pack, one line each, naming the clip.

`python -m devicekit.voice.check DIR` prints the same lines: the announcer runs it in a child process, so that the
loudness meter's libraries (pyloudnorm, scipy: ~70 MB) never stay in a display's memory."""

from __future__ import annotations

import sys
import wave
from pathlib import Path

import numpy as np

from devicekit.voice.loudness import TARGET_LUFS, TOLERANCE_LU, clipped, loudness
from devicekit.voice.pack import MANIFEST, SAMPLE_WIDTH, read_manifest, read_wav
from yaml_config import ConfigError


def check_pack(directory: str | Path) -> list[str]:
    """[] for a sound pack; otherwise one line per problem: '<clip> (<file>): <what is wrong>'."""
    directory = Path(directory)
    if not (directory / MANIFEST).is_file():
        return [f"{directory}: no {MANIFEST} (build a pack with `motcua voice build --out {directory}`)"]
    try:
        manifest = read_manifest(directory)
    except ConfigError as exc:
        return str(exc).splitlines()
    problems = []
    required = manifest.required()
    optional = manifest.optional()
    for name in sorted(set(manifest.clips) - set(required) - set(optional)):
        problems.append(f"{name} ({manifest.clips[name]}): not a clip name of this pack's languages "
                        f"({', '.join(manifest.languages)}); check its spelling")
    for name in required + optional:
        if name not in manifest.clips:
            problems.append(f"{name}: missing from {MANIFEST}")
            continue
        problems.extend(f"{name} ({manifest.clips[name]}): {p}"
                        for p in clip_problems(directory / manifest.clips[name], manifest.sample_rate))
    return problems


def clip_problems(path: Path, rate: int) -> list[str]:
    if not path.is_file():
        return ["file missing"]
    try:
        clip = read_wav(path)
    except (wave.Error, EOFError, OSError) as exc:
        return [f"not a readable WAV file ({exc})"]
    problems = []
    if clip.rate != rate:
        problems.append(f"sample rate {clip.rate} Hz, expected {rate} Hz like the rest of the pack")
    if clip.channels != 1:
        problems.append(f"{clip.channels} channels, expected 1 (mono)")
    if clip.width != SAMPLE_WIDTH:
        problems.append(f"{8 * clip.width}-bit samples, expected 16-bit")
        return problems
    if clip.samples.size == 0 or not np.any(clip.samples):
        return problems + ["silent"]
    if runs := clipped(clip.samples):
        problems.append(f"clipping: {runs} run(s) of samples at full scale")
    level = loudness(clip.samples, clip.rate)
    if abs(level - TARGET_LUFS) > TOLERANCE_LU:
        problems.append(f"loudness {level:.1f} LUFS, expected {TARGET_LUFS:.0f} ± {TOLERANCE_LU:.0f} LUFS "
                        f"(normalise the clip)")
    return problems


if __name__ == "__main__":
    found = check_pack(sys.argv[1])
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
