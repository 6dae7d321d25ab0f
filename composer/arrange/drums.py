"""Light percussion as data: a groove per kit style, placed on the meter's grid, with a fill
before each new section and a soft hit under the final chord.

GM percussion key numbers (channel 10): 35/36 kick, 37 side stick, 38 snare, 42 closed hi-hat,
44 pedal hi-hat, 46 open hi-hat, 49 crash, 51 ride, 53 ride bell, 70 maracas."""

from __future__ import annotations

from composer.piece import Meter, Note

KICK, STICK, SNARE, HAT, PEDAL_HAT, CRASH, RIDE, BELL, SHAKER = 36, 37, 38, 42, 44, 49, 51, 53, 70

# Each style: which drum sounds on which kind of grid position, at what share of full velocity.
# Positions: "down" the bar's first beat, "strong" mid-bar (strength 2), "beat" the other felt
# beats, "off" the subdivisions between beats. Brushes for a cafe, a shaker for the open air,
# a kit for energy.
STYLES: dict[str, dict[str, tuple[tuple[int, float], ...]]] = {
    "brushes": {"down": ((KICK, 0.55), (RIDE, 0.6)), "strong": ((RIDE, 0.5),),
                "beat": ((SNARE, 0.45), (RIDE, 0.5)), "off": ((RIDE, 0.3),)},
    "light": {"down": ((KICK, 0.6), (SHAKER, 0.5)), "strong": ((SHAKER, 0.45),),
              "beat": ((STICK, 0.5), (SHAKER, 0.45)), "off": ((SHAKER, 0.35),)},
    "kit": {"down": ((KICK, 0.85), (HAT, 0.6)), "strong": ((KICK, 0.7), (HAT, 0.55)),
            "beat": ((SNARE, 0.75), (HAT, 0.55)), "off": ((HAT, 0.4),)},
}
FILL_DRUM = SNARE
DRUM_LENGTH = 120  # ticks: drums are struck, the length only matters to MIDI readers


def _kind(meter: Meter, offset: int) -> str:
    strength = meter.strength(offset)
    return {3: "down", 2: "strong", 1: "beat", 0: "off"}[strength]


def groove(style: str, meter: Meter, start_bar: int, bars: int, fill: bool, level: int) -> list[Note]:
    """The style's groove over `bars` bars; `fill` turns the last pulse into a rising snare run
    that leads into the next section; `level` is the full velocity."""
    table = STYLES[style]
    step = meter.pulse_ticks // (3 if meter.compound else 2)
    notes = []
    for bar in range(start_bar, start_bar + bars):
        base = bar * meter.bar_ticks
        fill_from = meter.bar_ticks - meter.pulse_ticks if fill and bar == start_bar + bars - 1 else None
        for offset in range(0, meter.bar_ticks, step):
            if fill_from is not None and offset >= fill_from:
                rise = (offset - fill_from) / meter.pulse_ticks
                notes.append(Note(base + offset, DRUM_LENGTH, FILL_DRUM, round(level * (0.5 + 0.4 * rise))))
                continue
            for drum, share in table[_kind(meter, offset)]:
                notes.append(Note(base + offset, DRUM_LENGTH, drum, max(1, round(level * share))))
    return notes


def ending(style: str, tick: int, level: int) -> list[Note]:
    """A single soft stroke under the final chord: kick and a cymbal that rings."""
    cymbal = RIDE if style == "brushes" else (BELL if style == "light" else CRASH)
    return [Note(tick, DRUM_LENGTH, KICK, round(level * 0.6)), Note(tick, DRUM_LENGTH, cymbal, round(level * 0.5))]
