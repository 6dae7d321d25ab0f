"""Measure how loud each General MIDI program of a SoundFont sounds, for composer/balance.py.

Every program plays the same thing: a triad in the middle of its strong register (composer.theory.
instruments) at velocity 80, struck every half second for two seconds, dry (no reverb or chorus), through FluidSynth at the
project's gain; its integrated loudness (ITU-R BS.1770, pyloudnorm) is printed as a Python table.
With --held the triad is struck once and held for HELD seconds instead (balance.HELD_LOUDNESS: a
held brass or string chord is quieter than its attacks re-struck, a piano's decays away).

    .venv/bin/python benchmarks/instrument_loudness.py [--held | --kits] [SOUNDFONT] > /tmp/table.txt

--kits measures each drum style's groove on its kit instead (balance.KIT_LOUDNESS).
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
HELD = 4.0  # seconds a held triad sounds


def measure(soundfont: str, held: bool = False) -> list[float]:
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
        strike, seconds = (HELD, HELD) if held else (STRIKE, SECONDS)
        for _ in range(int(seconds / strike)):  # re-struck as accompaniment is, not left to decay
            for pitch in (root, root + 4, root + 7):
                synth.noteon(0, pitch, 80)
            blocks.append(np.array(synth.get_samples(int(RATE * strike)), dtype=np.float64).reshape(-1, 2))
            for pitch in (root, root + 4, root + 7):
                synth.noteoff(0, pitch)
        frames = np.concatenate(blocks) / 32768
        synth.delete()
        loudness = meter.integrated_loudness(frames)
        out.append(round(float(loudness), 1) if np.isfinite(loudness) else -70.0)
    return out


def measure_kits(soundfont: str) -> dict[str, tuple[float, float]]:
    """Each drum style's groove (composer.arrange.drums) over four bars of 4/4 at 120, velocity
    80, dry, on its kit (composer.plan.DRUM_KITS): balance.KIT_LOUDNESS."""
    from composer.arrange.drums import STYLES, groove
    from composer.piece import TICKS_PER_BEAT, Meter
    from composer.plan import DRUM_KITS

    fluidsynth = load_fluidsynth()
    meter = pyloudnorm.Meter(RATE)
    out = {}
    for style in STYLES:
        synth = fluidsynth.Synth(gain=DEFAULT_GAIN, samplerate=float(RATE))
        synth.setting("synth.reverb.active", 0)
        synth.setting("synth.chorus.active", 0)
        sfid = synth.sfload(soundfont)
        synth.program_select(9, sfid, 128, DRUM_KITS[style].program)
        notes = sorted(groove(style, Meter(4, 4), 0, 4, False, 80), key=lambda n: n.start)
        tick_seconds = 60 / 120 / TICKS_PER_BEAT
        blocks, now = [], 0
        for n in notes + [None]:
            at = 4 * 4 * TICKS_PER_BEAT if n is None else n.start
            frames = int(round((at - now) * tick_seconds * RATE))
            if frames:
                blocks.append(np.array(synth.get_samples(frames), dtype=np.float64).reshape(-1, 2))
            now = at
            if n is not None:
                synth.noteon(9, n.pitch, n.velocity)
        synth.delete()
        # with the groove's stroke energy a second at velocity 80 (sum of (v / 80)^4 over 8 s)
        rate = sum((n.velocity / 80) ** 4 for n in notes) / 8.0
        out[style] = (round(float(meter.integrated_loudness(np.concatenate(blocks) / 32768)), 1),
                      round(rate, 2))
    return out


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    font = str(find_soundfont(args[0] if args else None))
    if "--kits" in sys.argv:
        print(measure_kits(font))
        sys.exit(0)
    values = measure(font, held="--held" in sys.argv)
    print(f"# measured on {font.split('/')[-1]}")
    for i in range(0, 128, 8):
        print("    " + ", ".join(f"{v:.1f}" for v in values[i:i + 8]) + f",  # {i}-{i + 7}")
