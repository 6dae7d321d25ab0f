"""Percussion as data: a groove per kit style, placed on the meter's grid, varied as a drummer
varies it: an answering bar every few bars, a fill into each new phrase group and each new section,
a cymbal on a new section's first downbeat, one stroke under the final chord.

GM percussion key numbers (channel 10): 35/36 kick (the concert bass drum in the Orchestra Kit),
37 side stick, 38 snare, 42 closed hi-hat, 44 pedal hi-hat, 46 open hi-hat, 49 crash, 51 ride,
53 ride bell, 54 tambourine, 57 crash 2 (the concert cymbals in the Orchestra Kit, whose keys
41-53 are its timpani), 60/61 high/low bongo, 62/63/64 muted/open high and low conga, 70 maracas.
41/43/45/48/50 low floor, high floor, low, high-mid and high tom.

Which style a scene gets is the setting's (composer.scene.settings): brushes for a cafe, a shaker
for the open air, hand drums for a market or a fair, a kit for driving energy, the orchestra's
bass drum and rolled cymbals for mountains, low toms like thunder for storms (Berlioz and Beethoven's storms; Strauss's Alpine
Symphony).

How a drummer shapes a groove over a form (standard drum-set practice, e.g. Chester's *The New
Breed* and the chart-reading of Houghton's *Big Band Drummer*: time in two- and four-bar units,
"set-ups" and fills at the ends of phrases, a crash "marking the one" of each new section):
- VARIATIONS: the fourth bar of each four-bar unit of a phrase answers the groove with a small
  change at its end (an open hi-hat, a kick on the last off-beat, a tom or slap), drawn from the
  style's own strokes so its character stays;
- FILLS: the last beat (before a new phrase group) or the last two (before a new section, in a
  bar of four pulses) turn into a fill: a run on the snare or the toms, rising in loudness, its
  shape drawn from the style's fills;
- CYMBALS: the downbeat after a section fill takes the style's cymbal where it has one (the kit's
  and the storm's crash, the orchestra's clashed cymbals, the brushes' ride, the light kit's ride
  bell, a tambourine for hand drums).
Which fill and which variation a phrase takes is drawn from the arrangement's generator, so the
same cadence point is not filled the same way twice in a row."""

from __future__ import annotations

import random

from composer.piece import Meter, Note

KICK, STICK, SNARE, HAT, PEDAL_HAT, OPEN_HAT, CRASH, RIDE, BELL, SHAKER = 36, 37, 38, 42, 44, 46, 49, 51, 53, 70
LOW_FLOOR_TOM, HIGH_FLOOR_TOM, LOW_TOM, HIGH_MID_TOM, HIGH_TOM = 41, 43, 45, 48, 50
TAMBOURINE, CRASH2, HIGH_BONGO, LOW_BONGO, MUTE_CONGA, HIGH_CONGA, LOW_CONGA = 54, 57, 60, 61, 62, 63, 64

# Each style: which drum sounds on which kind of grid position, at what share of full velocity.
# Positions: "down" the bar's first beat, "strong" mid-bar (strength 2), "beat" the other felt
# beats, "off" the subdivisions between beats.
STYLES: dict[str, dict[str, tuple[tuple[int, float], ...]]] = {
    "brushes": {"down": ((KICK, 0.7), (RIDE, 0.75)), "strong": ((RIDE, 0.65),),
                "beat": ((SNARE, 0.6), (RIDE, 0.65)), "off": ((RIDE, 0.45),)},
    "light": {"down": ((KICK, 0.75), (SHAKER, 0.65)), "strong": ((SHAKER, 0.6),),
              "beat": ((STICK, 0.65), (SHAKER, 0.6)), "off": ((SHAKER, 0.5),)},
    # Hand percussion of a market or a fair: low conga on one, tambourine and bongos between.
    "hand": {"down": ((LOW_CONGA, 0.85), (TAMBOURINE, 0.6)), "strong": ((HIGH_CONGA, 0.8), (TAMBOURINE, 0.55)),
             "beat": ((MUTE_CONGA, 0.7), (SHAKER, 0.55)), "off": ((HIGH_BONGO, 0.55), (SHAKER, 0.45))},
    "kit": {"down": ((KICK, 0.95), (HAT, 0.7)), "strong": ((KICK, 0.8), (HAT, 0.65)),
            "beat": ((SNARE, 0.85), (HAT, 0.65)), "off": ((HAT, 0.5),)},
    # Orchestral: the concert bass drum on one and mid-bar, a cymbal swell into new sections.
    "orchestral": {"down": ((KICK, 0.9),), "strong": ((KICK, 0.7),), "beat": (), "off": ()},
    # A storm: low toms pounding in eighths like thunder, a bass drum on the strong beats.
    "storm": {"down": ((LOW_FLOOR_TOM, 1.0), (KICK, 0.9)), "strong": ((HIGH_FLOOR_TOM, 0.9), (KICK, 0.7)),
              "beat": ((LOW_FLOOR_TOM, 0.8),), "off": ((LOW_TOM, 0.55),)},
}
# The fills a style plays into a new phrase group or section: each a sequence of drums cycled
# over the fill's strokes (two to each step of the groove's grid), read from the first. The first
# is the style's plain run; the others move around the kit as the style's player would: the kit
# down its toms, brushes a swirl answered by the ride, hand drums from the bongos down to the low
# conga, the orchestra a side-drum roll, the storm its toms rolling downhill.
FILLS: dict[str, tuple[tuple[int, ...], ...]] = {
    "brushes": ((SNARE,), (SNARE, SNARE, RIDE, SNARE)),
    "light": ((SNARE,), (STICK, STICK, SNARE, SNARE)),
    "hand": ((HIGH_CONGA,), (HIGH_BONGO, HIGH_BONGO, LOW_BONGO, LOW_BONGO, HIGH_CONGA, HIGH_CONGA, LOW_CONGA, LOW_CONGA),
             (HIGH_BONGO, LOW_BONGO, HIGH_CONGA, MUTE_CONGA)),
    "kit": ((SNARE,), (SNARE, SNARE, HIGH_TOM, HIGH_TOM, HIGH_MID_TOM, HIGH_MID_TOM, LOW_FLOOR_TOM, LOW_FLOOR_TOM),
            (SNARE, HIGH_MID_TOM, SNARE, LOW_FLOOR_TOM)),
    "orchestral": ((KICK,), (SNARE,)),
    "storm": ((LOW_FLOOR_TOM,), (LOW_TOM, LOW_TOM, HIGH_FLOOR_TOM, HIGH_FLOOR_TOM, LOW_FLOOR_TOM, LOW_FLOOR_TOM),
              (SNARE, LOW_TOM, HIGH_FLOOR_TOM, LOW_FLOOR_TOM)),
}
# The answering bar's change, over the bar's last pulse: (drum, share of velocity, where in the
# pulse as a share of it, and what it replaces there: the groove's strokes on that spot that
# give way, or () to add to them).
VARIATIONS: dict[str, tuple[tuple[tuple[int, float, float, tuple[int, ...]], ...], ...]] = {
    "brushes": (((SNARE, 0.45, 0.5, ()),), ((KICK, 0.5, 0.5, ()), (SNARE, 0.5, 0.0, ()))),
    "light": (((STICK, 0.55, 0.5, ()),), ((KICK, 0.6, 0.5, ()),)),
    "hand": (((HIGH_CONGA, 0.75, 0.5, (HIGH_BONGO,)),), ((LOW_BONGO, 0.6, 0.0, ()), (HIGH_BONGO, 0.6, 0.5, ()))),
    "kit": (((OPEN_HAT, 0.6, 0.5, (HAT,)),), ((KICK, 0.75, 0.5, ()), (OPEN_HAT, 0.55, 0.5, (HAT,)))),
    "orchestral": (((KICK, 0.6, 0.0, ()),), ((KICK, 0.5, 0.5, ()),)),
    "storm": (((HIGH_FLOOR_TOM, 0.75, 0.5, (LOW_TOM,)),), ((KICK, 0.8, 0.5, ()), (LOW_TOM, 0.7, 0.0, ()))),
}
VARY_EVERY = 4  # the answering bar ends each four-bar unit of a phrase
# The cymbal that marks a new section's first downbeat, and its share of velocity.
CYMBALS: dict[str, tuple[int, float]] = {
    "brushes": (RIDE, 0.8), "light": (BELL, 0.65), "hand": (TAMBOURINE, 0.8), "kit": (CRASH, 0.85),
    "orchestral": (CRASH2, 0.8), "storm": (CRASH, 0.9)}
SWELLS = {"orchestral", "storm"}
DRUM_LENGTH = 120  # ticks: drums are struck, the length only matters to MIDI readers
PHRASE, SECTION = "phrase", "section"  # what a fill leads into


def _kind(meter: Meter, offset: int) -> str:
    strength = meter.strength(offset)
    return {3: "down", 2: "strong", 1: "beat", 0: "off"}[strength]


def fill_pulses(meter: Meter, into: str) -> int:
    """How many of the bar's last pulses a fill takes: one into a phrase, two into a section in a
    bar of four pulses or more (a bar of two or three keeps its downbeat's groove)."""
    return 2 if into == SECTION and meter.pulses >= 4 else 1


def groove(style: str, meter: Meter, start_bar: int, bars: int, fill: str | None, level: int,
           rng: random.Random | None = None, cymbal: bool = False) -> list[Note]:
    """The style's groove over `bars` bars, `level` its full velocity. `fill` (PHRASE or SECTION)
    turns the last beat or two into a fill leading on (for the orchestra and the storm, a section's
    with a rolled cymbal swelling over the last bar); every VARY_EVERY-th bar answers the groove
    (VARIATIONS); `cymbal` marks the first downbeat. `rng` draws which fill and which variation
    (None: the style's plain ones)."""
    table = STYLES[style]
    step = meter.pulse_ticks // (3 if meter.compound else 2)
    pulse = meter.pulse_ticks
    fills, variations = FILLS[style], VARIATIONS[style]
    fill_shape = fills[rng.randrange(len(fills))] if rng is not None and fill else fills[0]
    notes = []
    for bar in range(start_bar, start_bar + bars):
        base = bar * meter.bar_ticks
        index = bar - start_bar
        last = bool(fill) and index == bars - 1
        fill_from = meter.bar_ticks - fill_pulses(meter, fill) * pulse if last else None
        varied = not last and (index + 1) % VARY_EVERY == 0
        variation = variations[rng.randrange(len(variations)) if rng is not None else 0] if varied else ()
        if last and fill == SECTION and style in SWELLS:
            notes += _swell(base, meter.bar_ticks, level)
        if cymbal and index == 0:
            drum, share = CYMBALS[style]
            notes.append(Note(base, DRUM_LENGTH, drum, max(1, round(level * share))))
        vary_from = meter.bar_ticks - pulse
        given = {}
        for drum, share, at, replaces in variation:
            given.setdefault(vary_from + round(at * pulse), []).append((drum, share, replaces))
        k = 0
        for offset in range(0, meter.bar_ticks, step):
            if fill_from is not None and offset >= fill_from:
                rise = (offset - fill_from) / (meter.bar_ticks - fill_from)
                for half in (0, step // 2):  # the fill in twice the groove's subdivision
                    drum = fill_shape[k % len(fill_shape)]
                    k += 1
                    notes.append(Note(base + offset + half, DRUM_LENGTH, drum, round(level * (0.55 + 0.4 * rise))))
                continue
            strokes = list(table[_kind(meter, offset)])
            for drum, share, replaces in given.get(offset, ()):
                strokes = [s for s in strokes if s[0] not in replaces] + [(drum, share)]
            for drum, share in strokes:
                notes.append(Note(base + offset, DRUM_LENGTH, drum, max(1, round(level * share))))
    return notes


def _swell(base: int, length: int, level: int) -> list[Note]:
    """A rolled cymbal rising from nearly nothing to full over `length` ticks (sixteenths)."""
    step = 120
    count = max(1, length // step)
    return [Note(base + k * step, DRUM_LENGTH, CRASH2, max(1, round(level * (0.15 + 0.75 * k / count))))
            for k in range(count)]


def ending(style: str, tick: int, level: int) -> list[Note]:
    """A single stroke under the final chord: the low drum and a cymbal that rings."""
    if style in SWELLS:
        cymbal = CRASH2 if style == "orchestral" else CRASH
        return [Note(tick, DRUM_LENGTH, KICK, round(level * 0.8)), Note(tick, DRUM_LENGTH, cymbal, round(level * 0.6))]
    low = LOW_CONGA if style == "hand" else KICK
    cymbal = RIDE if style == "brushes" else (BELL if style == "light" else (TAMBOURINE if style == "hand" else CRASH))
    return [Note(tick, DRUM_LENGTH, low, round(level * 0.7)), Note(tick, DRUM_LENGTH, cymbal, round(level * 0.6))]
