"""Plans built directly for the harmony tests (independent of the feel and plan stages)."""

from __future__ import annotations

import random

from composer.character import character_of
from composer.harmony.grammar import CADENCE_KINDS
from composer.piece import Meter
from composer.plan import RANGES, PartPlan, Phrase, Plan, Section
from composer.scene.model import Instrument, Palette
from composer.theory import MODES, Key

PIANO = Instrument("Acoustic Grand Piano", 0)
BASS = Instrument("Acoustic Bass", 32)
MODE_NAMES = tuple(m for m in MODES)  # every supported mode, 'minor' and 'aeolian' included
METERS = ((4, 4), (3, 4), (6, 8), (2, 4), (12, 8))
CADENCES = CADENCE_KINDS
SIZES = (2, 3, 4, 4, 4, 5, 6, 8)

def phrases(start: int, bars: int, rng: random.Random, last_authentic: bool = True,
            sizes: tuple[int, ...] | None = None, elision: float = 0.0) -> tuple[Phrase, ...]:
    """Phrases of random lengths (from `sizes`; a leftover bar joins the last phrase unless 1
    is a size) with random cadences; each but the last elided with chance `elision`."""
    lengths = []
    left = bars
    while left > 0:
        size = min(left, rng.choice(sizes or SIZES))
        if 0 < left - size < min(sizes or (2,)):
            size = left
        lengths.append(size)
        left -= size
    out, bar = [], start
    for i, size in enumerate(lengths):
        final = i == len(lengths) - 1
        cadence = "authentic" if final and last_authentic else rng.choice(CADENCES)
        elided = bool(elision) and not final and rng.random() < elision
        out.append(Phrase(bar, size, cadence, "single", elided=elided))
        bar += size
    return tuple(out)


def make_plan(seed: int, *, sections: int | None = None, modes: tuple[str, ...] | None = None,
              meter: tuple[int, int] | None = None, bars: int | None = None,
              tension: float | None = None, same_tonic: bool | None = None,
              mood: tuple[float, float] | None = None, intensity: float | None = None,
              phrase_bars: tuple[int, ...] | None = None, elision: float = 0.0) -> Plan:
    """A random but valid plan; keyword arguments pin what a test needs fixed (mood is
    (valence, arousal) for every section; phrase_bars the phrase lengths to draw from; elision
    the chance a phrase elides its cadence into the next)."""
    rng = random.Random(seed)
    n = sections if sections is not None else rng.choice((1, 1, 2, 3, 4))
    home = Key(rng.randrange(12), rng.choice(MODE_NAMES) if modes is None else modes[0])
    same = rng.random() < 0.7 if same_tonic is None else same_tonic
    m = Meter(*(meter or rng.choice(METERS)))
    rows, bar = [], 0
    for i in range(n):
        if i == 0 or i == n - 1:
            key = home
        else:
            mode = rng.choice(MODE_NAMES) if modes is None else modes[i % len(modes)]
            key = Key(home.tonic if same else rng.randrange(12), mode)
        size = bars if bars is not None else rng.randrange(2, 25)
        per_bar = 1 if m.numerator == 3 or rng.random() < 0.6 else 2
        v = rng.uniform(-1, 1) if mood is None else mood[0]
        a = rng.uniform(-1, 1) if mood is None else mood[1]
        level = rng.uniform(0, 1) if intensity is None else intensity
        rows.append((i, key, size, bar, v, a, level, per_bar,
                     phrases(bar, size, rng, sizes=phrase_bars, elision=elision)))
        bar += size
    shift = rng.randrange(-5, 6)
    palette = Palette(lead=PIANO, harmony=PIANO, bass=BASS, texture=None, texture_pattern="pad",
                      counter=None, drums=None, register=shift, reverb=40, chorus=0, tempo_nudge=1.0)
    tension = rng.uniform(0, 1) if tension is None else tension
    secs = tuple(Section(name=f"s{i}", label="ABCD"[i % 4], start_bar=start, bars=size, key=key,
                         character=character_of(v, a, tension, level, palette, m, False),
                         chords_per_bar=per_bar, phrases=cut)
                 for i, key, size, start, v, a, level, per_bar, cut in rows)
    band = []
    for role, channel in (("Melody", 0), ("Harmony", 1), ("Bass", 2)):
        low, high = RANGES[role]
        s = shift if role != "Bass" else min(shift, 0)
        band.append(PartPlan(role, PIANO, channel, low + s, high + s))
    return Plan(title="test", key=home, meter=m, bpm=80.0, sections=secs, band=tuple(band), form="test",
                character=secs[0].character, reverb=palette.reverb, chorus=palette.chorus, reasons=())
