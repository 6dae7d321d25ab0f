"""Balance and loudness as data: how loud each General MIDI program sounds, and the channel volume
(CC7) that puts each part where the feel wants it.

General MIDI instruments differ by more than 20 dB at one velocity (a SoundFont's piano is far
quieter than its flute or its brass), so velocity alone cannot make a storm louder than a lullaby:
a piano storm would stay under a flute lullaby. LOUDNESS holds each program's integrated loudness
(ITU-R BS.1770, LUFS) playing a triad in the middle of its strong register at velocity 80, struck every half second,
measured on FluidR3_GM.sf2, the SoundFont Debian installs and this project renders with
(benchmarks/instrument_loudness.py measures it again for any font). The channel volume then brings
every part to a target: the piece's level for its section's arousal and intensity (emotion-rules.md:
loudness rises with arousal; Juslin & Laukka 2003), plus the part's place in the balance (the tune
on top, the accompaniment under it: Adler, ch. 21 on balance).
"""

from __future__ import annotations

import math

LOUDNESS: tuple[float, ...] = (
    -28.7, -29.1, -25.7, -29.8, -21.6, -26.9, -24.3, -25.3,  # 0-7
    -26.7, -28.7, -24.3, -31.4, -26.8, -36.0, -23.6, -32.6,  # 8-15
    -27.2, -21.1, -23.8, -23.6, -24.1, -25.1, -23.4, -24.2,  # 16-23
    -26.8, -25.8, -24.0, -26.7, -32.6, -20.2, -17.8, -16.9,  # 24-31
    -25.1, -23.4, -26.4, -21.3, -29.4, -26.9, -26.1, -19.6,  # 32-39
    -22.7, -24.3, -25.4, -27.6, -23.9, -26.1, -26.7, -34.3,  # 40-47
    -23.8, -21.3, -23.7, -23.3, -26.3, -22.7, -25.9, -26.0,  # 48-55
    -23.8, -19.8, -22.2, -23.3, -20.9, -23.8, -25.4, -25.4,  # 56-63
    -20.1, -21.4, -23.8, -23.9, -21.5, -29.5, -22.0, -19.1,  # 64-71
    -18.7, -19.0, -16.6, -22.0, -21.7, -21.4, -17.8, -20.9,  # 72-79
    -21.8, -24.4, -27.8, -27.9, -22.6, -21.2, -30.3, -25.0,  # 80-87
    -26.4, -29.6, -24.9, -24.2, -23.3, -20.5, -24.2, -22.9,  # 88-95
    -24.1, -27.3, -27.5, -22.0, -25.0, -31.7, -26.9, -22.9,  # 96-103
    -28.0, -27.5, -32.5, -28.6, -31.2, -19.9, -22.8, -22.0,  # 104-111
    -30.3, -32.2, -28.9, -37.5, -27.1, -29.5, -23.7, -34.3,  # 112-119
    -25.1, -25.5, -26.4, -21.1, -21.1, -42.7, -25.0, -24.1,  # 120-127
)
# The same triad struck once and held for four seconds (benchmarks/instrument_loudness.py --held):
# a held string or brass chord keeps most of its level, a piano's or a guitar's decays away.
HELD_LOUDNESS: tuple[float, ...] = (
    -35.7, -36.1, -31.0, -38.1, -26.2, -33.3, -30.7, -33.4,  # 0-7
    -30.7, -34.7, -28.2, -36.5, -29.3, -36.0, -29.2, -37.0,  # 8-15
    -30.5, -22.9, -23.8, -22.9, -23.8, -25.2, -26.8, -25.4,  # 16-23
    -33.1, -33.5, -32.1, -33.7, -35.5, -22.7, -21.7, -16.8,  # 24-31
    -31.8, -29.2, -29.7, -26.7, -35.5, -34.5, -31.2, -21.9,  # 32-39
    -21.7, -22.0, -23.3, -23.9, -23.9, -29.2, -33.8, -40.4,  # 40-47
    -24.0, -21.3, -24.0, -24.1, -25.2, -26.1, -26.1, -29.7,  # 48-55
    -23.9, -19.4, -21.4, -23.3, -22.7, -23.8, -26.4, -26.5,  # 56-63
    -20.8, -22.0, -23.5, -25.2, -19.6, -20.4, -21.9, -18.9,  # 64-71
    -18.7, -18.9, -15.8, -21.8, -22.1, -23.8, -19.8, -21.0,  # 72-79
    -21.8, -24.3, -29.0, -29.6, -27.7, -21.7, -31.0, -30.2,  # 80-87
    -33.6, -29.3, -26.3, -24.7, -24.7, -22.5, -26.7, -23.0,  # 88-95
    -30.2, -32.1, -33.8, -28.1, -28.7, -23.9, -29.1, -29.0,  # 96-103
    -36.0, -32.4, -38.9, -35.4, -32.7, -20.3, -21.6, -22.5,  # 104-111
    -30.3, -35.0, -30.4, -37.5, -30.9, -32.7, -24.8, -25.7,  # 112-119
    -26.1, -26.1, -29.4, -21.1, -23.3, -29.3, -21.4, -27.8,  # 120-127
)
# Each drum style's groove (composer.arrange.drums) on its kit at velocity 80, four bars of 4/4 at
# 120, dry (benchmarks/instrument_loudness.py --kits): (LUFS, the groove's stroke energy a second,
# the sum of (velocity / 80)^4 over its strokes, by which a part's own strokes are weighed).
KIT_LOUDNESS: dict[str, tuple[float, float]] = {
    "brushes": (-41.6, 0.76), "light": (-42.5, 0.75), "hand": (-38.9, 1.17), "kit": (-38.5, 1.65),
    "orchestral": (-38.5, 0.45), "storm": (-34.1, 1.87)}

# The level the whole band is brought to in a section (LUFS of the mix, before reverb): LEVEL at
# arousal 0 and intensity 0.5, rising AROUSAL_DB per unit of arousal and INTENSITY_DB from
# intensity 0 to 1 (emotion-rules.md: loudness rises with arousal; within one film a quiet cue
# and a full tutti differ by 10-20 LU, composition-craft.md). Arousal carries most of it, so a
# scene's loudness follows its arousal whatever its form; intensity shapes it inside the piece.
LEVEL = -28.0
AROUSAL_DB = 11.0
INTENSITY_DB = 4.0
MOMENT_SHARE = 0.35
# The most a section's players lift their velocities to reach its level (x1.4, +5.8 dB).
MAX_LIFT = 1.4
# Each role's place in the balance, dB: the tune on top, the accompaniment beneath (Adler: the
# melody must be heard over the accompaniment; inner parts and figures are kept back).
ROLE_DB = {"Melody": 0.0, "Harmony": -5.0, "Bass": -3.0, "Texture": -6.0, "Counter": -4.0,
           "Timpani": -2.0, "Drums": -1.0}
# What LOUDNESS measured: a triad (three notes sounding) re-struck every half second at velocity
# 80; HELD_LOUDNESS the same triad held. A note is weighed against them by how hard it is struck
# (the General MIDI velocity curve is 40 log10(v / 127) dB, so energy goes as v^4: measured on
# FluidR3, +5 dB from velocity 60 to 80) and how long it sounds: its first STRIKE seconds at the
# struck level, the rest at the held level, a decaying instrument's for at most HELD seconds.
REFERENCE_VOICES = 3.0
REFERENCE_VELOCITY = 80
# The tables were measured at FluidSynth's default channel volume, CC7 100; a part at full
# volume (127) sounds this much louder.
FULL_VOLUME_DB = 40 * math.log10(127 / 100)
STRIKE = 0.5
HELD = 4.0
# A pedalled keyboard's notes ring on under the pedal until the harmony changes: about this long.
PEDAL_RING = 1.5
PEDALLED = range(0, 8)


def level(arousal: float, intensity: float, home: float | None = None) -> float:
    """The band's target level in a section of this arousal and intensity (LUFS). With the
    piece's own arousal (`home`), the piece's level is set by it and a moment of another mood
    moves MOMENT_SHARE of the way from it: a scene keeps its dynamic world (a calm scene's
    brighter moment is a swell in a calm piece, not another piece's forte)."""
    if home is not None:
        arousal = home + MOMENT_SHARE * (arousal - home)
    return LEVEL + AROUSAL_DB * arousal + INTENSITY_DB * (intensity - 0.5)


def part_loudness(program: int, notes, seconds_per_tick: float, span_seconds: float,
                  kit: str | None = None) -> float | None:
    """How loud these notes sound at full channel volume over `span_seconds` (LUFS, predicted
    from the instrument's measured loudness struck and held, how many notes sound at once, how
    long and how hard); `kit` names the drum style for a drum part. None for no notes."""
    from composer.theory.instruments import idiom

    if not notes or span_seconds <= 0:
        return None
    if kit is not None:
        loudness, rate = KIT_LOUDNESS.get(kit, KIT_LOUDNESS["kit"])
        energy = sum((n.velocity / REFERENCE_VELOCITY) ** 4 for n in notes) / span_seconds
        return FULL_VOLUME_DB + loudness + 10 * math.log10(energy / rate) if energy > 0 else None
    struck = 10 ** (LOUDNESS[program] / 10) / REFERENCE_VOICES
    held = 10 ** (HELD_LOUDNESS[program] / 10) / REFERENCE_VOICES
    decays = not idiom(program).sustains
    energy = 0.0
    for n in notes:
        length = n.duration * seconds_per_tick
        if program in PEDALLED:
            length = max(length, PEDAL_RING)
        if decays:  # a stroke rings on past its release, and dies away within HELD seconds
            length = min(max(length, STRIKE), HELD)
        energy += (n.velocity / REFERENCE_VELOCITY) ** 4 * (
            struck * min(length, STRIKE) + held * max(0.0, length - STRIKE))
    return FULL_VOLUME_DB + 10 * math.log10(energy / span_seconds) if energy > 0 else None


def volumes(parts: dict[str, float | None], target: float) -> dict[str, int]:
    """CC7 for each part so the band sums to `target` LUFS with each role in its place: `parts`
    maps a role to its predicted loudness at full volume, or None when it rests. The General MIDI
    volume curve is 40 log10(cc / 127) dB, so a part already under its share plays at full
    volume."""
    playing = [role for role, loud in parts.items() if loud is not None]
    spread = 10 * math.log10(sum(10 ** (ROLE_DB.get(r, 0.0) / 10) for r in playing)) if playing else 0.0
    out = {}
    for role, loud in parts.items():
        if loud is None:
            out[role] = 127
            continue
        gain = target + ROLE_DB.get(role, 0.0) - spread - loud
        out[role] = max(1, min(127, round(127 * 10 ** (min(0.0, gain) / 40))))
    return out


def mix_level(parts: dict[str, float | None], levels: dict[str, int]) -> float | None:
    """The band's predicted loudness (LUFS) with these channel volumes."""
    energy = sum(10 ** ((loud + 40 * math.log10(levels[role] / 127)) / 10)
                 for role, loud in parts.items() if loud is not None)
    return 10 * math.log10(energy) if energy > 0 else None


def lift(parts: dict[str, float | None], levels: dict[str, int], target: float) -> float:
    """How much harder (a velocity factor) the parts already at full volume must play for the
    band to reach `target`: a band of quiet instruments (guitars, a harp) fills a loud moment by
    playing out, as players do, up to MAX_LIFT; 1.0 when the channel volumes reach it."""
    mix = mix_level(parts, levels)
    if mix is None or mix >= target:
        return 1.0
    full = {role: loud for role, loud in parts.items() if loud is not None and levels[role] == 127}
    if not full:
        return 1.0
    rest = sum(10 ** ((loud + 40 * math.log10(levels[r] / 127)) / 10)
               for r, loud in parts.items() if loud is not None and r not in full)
    need = 10 ** (target / 10) - rest
    have = sum(10 ** (loud / 10) for loud in full.values())
    gain_db = 10 * math.log10(need / have) if need > have else 0.0
    return min(MAX_LIFT, 10 ** (gain_db / 40))

