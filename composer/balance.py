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
# The drum kits' grooves measured the same way come out near -40 LUFS at these velocities: always
# under the band, so the drums keep full channel volume and are balanced by velocity.
DRUMS_LOUDNESS = -40.0

# The level a part is brought to (LUFS of its instrument at velocity 80, as LOUDNESS measures it):
# LEVEL at arousal 0 and intensity 0.5, rising AROUSAL_DB per unit of arousal and INTENSITY_DB
# from intensity 0 to 1. LEVEL sits just above the quietest common instruments (pianos, nylon
# guitar) so that at the top of the scale nearly every instrument can reach its target.
LEVEL = -36.0
AROUSAL_DB = 9.0
INTENSITY_DB = 5.0
# Each role's place in the balance, dB: the tune on top, the accompaniment beneath (Adler: the
# melody must be heard over the accompaniment; inner parts and figures are kept back).
ROLE_DB = {"Melody": 0.0, "Harmony": -5.0, "Bass": -3.0, "Texture": -6.0, "Counter": -4.0,
           "Timpani": -2.0, "Drums": 0.0}


def level(arousal: float, intensity: float) -> float:
    """The piece's target level in a section of this arousal and intensity (LUFS at velocity 80)."""
    return LEVEL + AROUSAL_DB * arousal + INTENSITY_DB * (intensity - 0.5)


def channel_volume(program: int, role: str, target: float, drums: bool = False) -> int:
    """CC7 bringing this instrument in this role to `target`: the General MIDI volume curve is
    40 log10(cc / 127) dB, so an instrument already at or under its target plays at full volume."""
    loudness = DRUMS_LOUDNESS if drums else LOUDNESS[program]
    gain = target + ROLE_DB.get(role, 0.0) - loudness
    return max(1, min(127, round(127 * 10 ** (min(0.0, gain) / 40))))
