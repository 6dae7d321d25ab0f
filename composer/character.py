"""What each section is: the plan's decision about its character, which every later stage reads.

A feeling becomes music here and nowhere downstream: harmony, melody, arrangement and performance
read a section's Character (and `explain` prints it), never the raw feel, so what explain says a
section does is what its notes do.
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.patterns import FALLBACK_PATTERN, PATTERNS
from composer.piece import Meter
from composer.scene.model import Palette
from composer.theory.instruments import idiom, plays

# Accompaniment by arousal (emotion-rules.md: rhythmic density grows with arousal; calm music keeps
# simple, long values). Rows: (highest arousal of the band, style name in composer.patterns).
HARMONY_BY_AROUSAL: tuple[tuple[float, str], ...] = ((0.0, "sustain"), (0.5, "half"), (1.01, "pulse"))
BASS_BY_AROUSAL: tuple[tuple[float, str], ...] = ((-0.2, "sustain"), (0.45, "root-fifth"), (1.01, "pulse"))

# Articulation: lively music is detached, calm music legato (emotion-rules.md, "Articulation":
# staccato for happiness and activity, legato for tenderness and sadness). Above this arousal a
# melody note sounds DETACHED of its written value.
DETACH_FROM_AROUSAL = 0.4
DETACHED = 0.75
# Rubato: how much a phrase's last bar may broaden at the calmest feel (sadness and tenderness slow
# with strong rubato; happiness with little).
RUBATO = 0.08


@dataclass(frozen=True)
class Colour:
    """How much the section's mood asks for each harmonic colour driver, each 0..1 (the grammar's
    colour chords name their driver: composer.harmony.grammar.COLOURS)."""

    bittersweet: float  # mixture: pleasure qualified (wistful high, elated near zero)
    tension: float  # secondary dominants and diminished colours
    warmth: float  # added ninths and major sevenths: pleasant and unhurried
    energy: float
    calm: float

    def __getitem__(self, driver: str) -> float:
        return getattr(self, driver)


def colour_levels(valence: float, arousal: float, tension: float, intensity: float) -> Colour:
    def clamp(x: float) -> float:
        return max(0.0, min(1.0, x))

    return Colour(
        bittersweet=clamp(0.75 - valence),
        tension=clamp(0.8 * tension + 0.3 * intensity - 0.1),
        warmth=clamp((valence + 0.6) / 1.2) * clamp((0.6 - arousal) / 1.2),
        energy=clamp((arousal + 0.3) / 1.0),
        calm=clamp(-arousal * 1.2),
    )


def quadrant(valence: float, arousal: float) -> str:
    """The quarter of the mood circle (Russell's circumplex): joy, tender, sad or tense."""
    if valence >= 0:
        return "joy" if arousal >= 0 else "tender"
    return "tense" if arousal >= 0 else "sad"


def _by_arousal(table: tuple[tuple[float, str], ...], arousal: float) -> str:
    return next(name for top, name in table if arousal <= top)


@dataclass(frozen=True)
class Character:
    """A section's decided character. The numbers are what the decisions were made from, kept
    for explain and for the stages' finer choices (a melody's rhythm band, a velocity)."""

    mood: str  # quadrant(valence, arousal)
    valence: float
    arousal: float
    tension: float
    intensity: float  # 0..1, the section's level before the phrase-by-phrase curve
    colour: Colour
    harmony: str  # Harmony part's style (composer.patterns.HARMONY_STYLES)
    bass: str  # Bass part's style (composer.patterns.BASS_STYLES)
    texture: str | None  # Texture part's figure (composer.patterns.PATTERNS); None: no Texture
    drums: str | None  # the kit's groove style; None: no drums
    articulation: float  # share of its written value a melody note sounds (1.0 legato)
    rubato: float  # how far a phrase's last bar broadens (0 none)

    def reasons(self) -> tuple[str, ...]:
        """Each decision and the rule that made it, for explain."""
        out = [f"mood {self.mood}: valence {self.valence:+.2f}, arousal {self.arousal:+.2f}",
               f"harmony {self.harmony}, bass {self.bass}: arousal {self.arousal:+.2f} "
               "(rhythmic density grows with arousal)"]
        if self.texture is not None:
            out.append(f"texture {self.texture}: {PATTERNS[self.texture].description}")
        if self.drums is not None:
            out.append(f"drums {self.drums}: the setting's kit, in phrases intense enough")
        out.append("articulation " + ("detached" if self.articulation < 1 else "legato")
                   + f": arousal {self.arousal:+.2f}"
                   + (f"; rubato {self.rubato:.0%} at phrase ends" if self.rubato else ""))
        levels = ", ".join(f"{k} {getattr(self.colour, k):.2f}" for k in
                           ("bittersweet", "tension", "warmth", "energy", "calm"))
        out.append(f"harmonic colour: {levels}")
        return tuple(out)


# Texture figures by the section's mood and intensity (issue 13: textures change with the form;
# emotion-rules.md: rhythmic activity rises with arousal; Karlin & Wright, On the Track: a cue
# builds toward its climax by adding motion). Rows: quiet (intensity under QUIET), middle (under
# FULL), intense. SETTING stands for the setting's own figure (waves on a beach, a waltz in a
# ballroom). Aroused moods (arousal at or above AROUSED) take their own characters: a tense one
# the storm's and anxiety's agitation (irregular accents, the repeated-note string agitato, the
# sixteenth-note ostinato); a joyful one play and triumph (off-beat chords, syncopated comping).
# Calm moods keep the setting's figure, held as a plain chord when quiet.
SETTING = "setting"
QUIET, FULL = 0.45, 0.75
AROUSED = 0.25
TEXTURE_LADDERS: dict[str, tuple[str, str, str]] = {
    "tense": ("restless", "repeated", "ostinato16"),
    "joy": (SETTING, "offbeat", "syncopated"),
    "calm": ("pad", SETTING, SETTING),
}


def _fits(name: str, meter: Meter, program: int | None) -> bool:
    pattern = PATTERNS.get(name)
    return (pattern is not None and not (pattern.pulses and meter.pulses not in pattern.pulses)
            and (program is None or plays(program, pattern.touch)))


def texture_for(palette: Palette, meter: Meter, mood: str = "calm", arousal: float = 0.0,
                intensity: float = 0.5) -> str | None:
    """The section's figure: its mood's rung for its intensity, where the metre and the texture
    instrument's idiom allow it (a pad never chops, a pizzicato never holds), else the setting's
    figure, else broken chords (which fit any metre)."""
    if palette.texture is None:
        return None
    ladder = TEXTURE_LADDERS[mood if arousal >= AROUSED and mood in TEXTURE_LADDERS else "calm"]
    rung = ladder[0 if intensity < QUIET else 1 if intensity < FULL else 2]
    program = palette.texture.program
    for name in (rung, palette.texture_pattern, FALLBACK_PATTERN, "pad"):
        name = palette.texture_pattern if name == SETTING else name
        if _fits(name, meter, program):
            return name
    return FALLBACK_PATTERN


def character_of(valence: float, arousal: float, tension: float, intensity: float,
                 palette: Palette, meter: Meter, drums: bool) -> Character:
    """The character of a section with this mood and intensity, in this band and metre."""
    return Character(
        mood=quadrant(valence, arousal), valence=valence, arousal=arousal, tension=tension,
        intensity=intensity, colour=colour_levels(valence, arousal, tension, intensity),
        # a pad, a choir, an organ or tremolo strings hold their chords (never re-struck)
        harmony=("sustain" if idiom(palette.harmony.program).long_only
                 else _by_arousal(HARMONY_BY_AROUSAL, arousal)),
        bass=_by_arousal(BASS_BY_AROUSAL, arousal),
        texture=texture_for(palette, meter, quadrant(valence, arousal), arousal, intensity),
        drums=palette.drums if drums else None,
        articulation=DETACHED if arousal > DETACH_FROM_AROUSAL else 1.0,
        rubato=RUBATO * max(0.0, -arousal),
    )
