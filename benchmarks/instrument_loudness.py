"""Measure how loud each General MIDI program of a SoundFont sounds, for composer/balance.py.

Every program plays the same thing: a triad in the middle of its strong register (composer.theory.
instruments) at velocity 80, struck every half second for two seconds, dry (no reverb or chorus), through FluidSynth at the
project's gain; its integrated loudness (ITU-R BS.1770, pyloudnorm) is printed as a Python table.

    .venv/bin/python benchmarks/instrument_loudness.py [SOUNDFONT] > /tmp/table.txt
"""

import sys

import numpy as np
import pyloudnorm

from composer.io.soundfont import find_soundfont
from composer.io.synth import DEFAULT_GAIN, load_fluidsynth
from composer.theory.instruments import strong_register

RATE = 44100
SECONDS = 2.0
STRIKE = 0.5  # a quarter note at 120


def measure(soundfont: str) -> list[float]:
    fluidsynth = load_fluidsynth()
    meter = pyloudnorm.Meter(RATE)
    out = []
    for program in range(128):
        synth = fluidsynth.Synth(gain=DEFAULT_GAIN, samplerate=float(RATE))
        synth.setting("synth.reverb.active", 0)
        synth.setting("synth.chorus.active", 0)
        sfid = synth.sfload(soundfont)
        synth.program_select(0, sfid, 0, program)
        low, high = strong_register(program)
        root = (low + high) // 2
        blocks = []
        for _ in range(int(SECONDS / STRIKE)):  # re-struck as accompaniment is, not left to decay
            for pitch in (root, root + 4, root + 7):
                synth.noteon(0, pitch, 80)
            blocks.append(np.array(synth.get_samples(int(RATE * STRIKE)), dtype=np.float64).reshape(-1, 2))
            for pitch in (root, root + 4, root + 7):
                synth.noteoff(0, pitch)
        frames = np.concatenate(blocks) / 32768
        synth.delete()
        loudness = meter.integrated_loudness(frames)
        out.append(round(float(loudness), 1) if np.isfinite(loudness) else -70.0)
    return out


if __name__ == "__main__":
    font = str(find_soundfont(sys.argv[1] if len(sys.argv) > 1 else None))
    values = measure(font)
    print(f"# measured on {font.split('/')[-1]}")
    for i in range(0, 128, 8):
        print("    " + ", ".join(f"{v:.1f}" for v in values[i:i + 8]) + f",  # {i}-{i + 7}")
