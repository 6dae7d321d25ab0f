"""Percussion as data: a groove per kit style, placed on the meter's grid, with a fill before each
new section and a stroke under the final chord.

GM percussion key numbers (channel 10): 35/36 kick (the concert bass drum in the Orchestra Kit),
37 side stick, 38 snare, 42 closed hi-hat, 44 pedal hi-hat, 46 open hi-hat, 49 crash, 51 ride,
53 ride bell, 54 tambourine, 57 crash 2, 60/61 high/low bongo, 62/63/64 muted/open high and low
conga, 70 maracas. 41/43/45 low floor, high floor and low tom.

Which style a scene gets is the setting's (composer.scene.settings): brushes for a cafe, a shaker
for the open air, hand drums for a market or a fair, a kit for driving energy, the orchestra's
bass drum and rolled cymbals for mountains, low toms like thunder for storms (Berlioz and Beethoven's storms; Strauss's Alpine
Symphony)."""

from __future__ import annotations

from composer.piece import Meter, Note

KICK, STICK, SNARE, HAT, PEDAL_HAT, CRASH, RIDE, BELL, SHAKER = 36, 37, 38, 42, 44, 49, 51, 53, 70
LOW_FLOOR_TOM, HIGH_FLOOR_TOM, LOW_TOM = 41, 43, 45
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
# The fill that leads into a new section (a rising run over the last pulse), and whether the
# style swells a rolled cymbal into it.
FILLS = {"brushes": SNARE, "light": SNARE, "hand": HIGH_CONGA, "kit": SNARE,
         "orchestral": KICK, "storm": LOW_FLOOR_TOM}
SWELLS = {"orchestral", "storm"}
DRUM_LENGTH = 120  # ticks: drums are struck, the length only matters to MIDI readers


def _kind(meter: Meter, offset: int) -> str:
    strength = meter.strength(offset)
    return {3: "down", 2: "strong", 1: "beat", 0: "off"}[strength]


def groove(style: str, meter: Meter, start_bar: int, bars: int, fill: bool, level: int) -> list[Note]:
    """The style's groove over `bars` bars; `fill` turns the last pulse into a rising run that
    leads into the next section (and, for the orchestra, swells a rolled cymbal over the last bar);
    `level` is the full velocity."""
    table = STYLES[style]
    step = meter.pulse_ticks // (3 if meter.compound else 2)
    notes = []
    for bar in range(start_bar, start_bar + bars):
        base = bar * meter.bar_ticks
        last = fill and bar == start_bar + bars - 1
        fill_from = meter.bar_ticks - meter.pulse_ticks if last else None
        if last and style in SWELLS:
            notes += _swell(base, meter.bar_ticks, level)
        for offset in range(0, meter.bar_ticks, step):
            if fill_from is not None and offset >= fill_from:
                rise = (offset - fill_from) / meter.pulse_ticks
                drum = FILLS[style]
                for half in (0, step // 2):  # the run in twice the groove's subdivision
                    notes.append(Note(base + offset + half, DRUM_LENGTH, drum, round(level * (0.55 + 0.4 * rise))))
                continue
            for drum, share in table[_kind(meter, offset)]:
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
        return [Note(tick, DRUM_LENGTH, KICK, round(level * 0.8)), Note(tick, DRUM_LENGTH, CRASH, round(level * 0.6))]
    low = LOW_CONGA if style == "hand" else KICK
    cymbal = RIDE if style == "brushes" else (BELL if style == "light" else (TAMBOURINE if style == "hand" else CRASH))
    return [Note(tick, DRUM_LENGTH, low, round(level * 0.7)), Note(tick, DRUM_LENGTH, cymbal, round(level * 0.6))]
