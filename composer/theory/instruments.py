"""Orchestration as data: what each General MIDI instrument can play, where it sounds best, and
how it plays.

Ranges are sounding MIDI note numbers. The practical ranges are Adler's (The Study of
Orchestration, 4th ed., 2016; ../shared/research/composition-craft.md has the table), practical
rather than extreme limits; programs Adler does not cover take their family's row (a synth pad
like a string section, an ethnic lute like a guitar). The strong register is where a line carries
over a band (Adler's and Piston's register notes: a flute is weak below G4, a horn best F3-C5, a
cello sings A3-A4 and a little beyond); a melody placed outside it sounds thin or strained.

Articulation says what a note on the instrument may be (Adler, chapters on bowing and on
keyboards; Piston, Orchestration, 1955):
  "bowed"     strings and sections: sustain, detached or staccato, all idiomatic
  "tremolo"   tremolo strings: the bow trembles on long notes; a staccato tremolo is no tremolo
  "pizzicato" plucked strings: short by nature, a long note just decays
  "held"      organ, choir, pads: a sustained sound that holds; re-striking it on every beat is
              wrong (a pad breathes with the harmony, it does not chop)
  "blown"     winds and brass: sustain and tongue freely
  "struck"    piano, harp, guitars, mallets: every note decays; any figure suits them
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Idiom:
    low: int  # practical range, sounding MIDI numbers
    high: int
    strong_low: int  # the register where a line carries
    strong_high: int
    articulation: str  # see the module docstring
    family: str

    @property
    def sustains(self) -> bool:
        """Notes hold at full voice as long as they are written (no decay)."""
        return self.articulation in ("bowed", "tremolo", "held", "blown")

    @property
    def short_only(self) -> bool:
        return self.articulation == "pizzicato"

    @property
    def long_only(self) -> bool:
        """Tremolo and pads: detached or staccato notes are out of idiom."""
        return self.articulation in ("tremolo", "held")


ARTICULATIONS = ("bowed", "tremolo", "pizzicato", "held", "blown", "struck")

# Which touches of an accompaniment figure (composer.patterns.Pattern.touch) each articulation
# plays in idiom: a pad or a tremolo only holds; a pizzicato cannot hold or slur; only a bow gives a
# measured tremolo (a chord re-struck in sixteenths: Adler, "bowed tremolo").
TOUCHES: dict[str, frozenset[str]] = {
    "bowed": frozenset({"held", "ringing", "legato", "detached", "tremolo"}),
    "tremolo": frozenset({"held"}),
    "pizzicato": frozenset({"ringing", "detached"}),
    "held": frozenset({"held"}),
    "blown": frozenset({"held", "legato", "detached"}),
    "struck": frozenset({"held", "ringing", "legato", "detached"}),
}


def plays(program: int, touch: str) -> bool:
    """Can this instrument play a figure of this touch in its idiom?"""
    return touch in TOUCHES[IDIOMS[program].articulation]


def _row(low, high, strong_low, strong_high, articulation, family):
    return Idiom(low, high, strong_low, strong_high, articulation, family)


# Per program range(s): (programs, Idiom). Later rows override earlier ones, so a family row comes
# first and the instruments Adler names follow it.
_TABLE: tuple[tuple[range | tuple[int, ...], Idiom], ...] = (
    # Pianos and keyboards: the piano's 88 keys; electric pianos and clavinet a little narrower.
    (range(0, 8), _row(21, 108, 48, 88, "struck", "keyboard")),
    ((4, 5), _row(28, 103, 48, 84, "struck", "keyboard")),
    ((6,), _row(29, 89, 48, 84, "struck", "keyboard")),  # harpsichord FF-f'''
    ((7,), _row(36, 96, 48, 84, "struck", "keyboard")),
    # Chromatic percussion (Adler: glockenspiel, vibraphone, marimba; celesta sounds C4-C8).
    (range(8, 16), _row(48, 96, 60, 88, "struck", "mallet")),
    ((8,), _row(60, 108, 72, 100, "struck", "mallet")),  # celesta
    ((9,), _row(72, 108, 79, 103, "struck", "mallet")),  # glockenspiel
    ((10,), _row(60, 96, 67, 91, "struck", "mallet")),  # music box
    ((11,), _row(53, 89, 60, 84, "struck", "mallet")),  # vibraphone
    ((12,), _row(48, 96, 55, 84, "struck", "mallet")),  # marimba
    ((13,), _row(65, 108, 72, 100, "struck", "mallet")),  # xylophone (sounds an octave up)
    ((14,), _row(60, 77, 60, 77, "struck", "mallet")),  # tubular bells C4-F5
    ((15,), _row(48, 84, 55, 79, "struck", "mallet")),  # dulcimer
    # Organs, accordion, harmonica: held reed and pipe sounds.
    (range(16, 24), _row(36, 96, 48, 84, "held", "organ")),
    ((19,), _row(24, 96, 36, 84, "held", "organ")),  # church organ with pedals
    ((21, 23), _row(53, 89, 60, 84, "blown", "reed")),  # accordion right hand F3-A6
    ((22,), _row(60, 96, 62, 88, "blown", "reed")),  # harmonica C4-C7
    # Guitars (Adler: 40-84, E2-C6).
    (range(24, 32), _row(40, 84, 45, 76, "struck", "guitar")),
    ((31,), _row(52, 88, 60, 84, "struck", "guitar")),  # harmonics sound an octave up
    # Basses (Adler: 28-67, E1-G4).
    (range(32, 40), _row(28, 67, 31, 55, "struck", "bass")),
    # Strings (Adler): violin G3-E7, viola C3-E6, cello C2-E5, contrabass E1-C4.
    ((40,), _row(55, 100, 62, 93, "bowed", "strings")),
    ((41,), _row(48, 88, 55, 79, "bowed", "strings")),
    ((42,), _row(36, 76, 50, 72, "bowed", "strings")),
    ((43,), _row(28, 60, 31, 50, "bowed", "strings")),
    # The string sections: contrabass to violin; tremolo and pizzicato keep their nature.
    ((44,), _row(28, 96, 40, 88, "tremolo", "strings")),
    ((45,), _row(28, 96, 40, 84, "pizzicato", "strings")),
    ((46,), _row(24, 103, 36, 91, "struck", "harp")),
    ((47,), _row(38, 57, 40, 55, "struck", "timpani")),  # D2-A3 across a set of four drums
    ((48, 49, 50, 51), _row(28, 96, 43, 88, "bowed", "strings")),
    ((50, 51), _row(28, 96, 43, 88, "held", "strings")),  # synth strings hold like pads
    # Voices (Adler's mixed choir: 40-81).
    ((52, 53, 54), _row(40, 81, 48, 76, "held", "choir")),
    ((55,), _row(36, 84, 48, 79, "struck", "ensemble")),  # orchestra hit
    # Brass (Adler): trumpet F#3-Bb5, trombone E2-C5, tuba D1-Bb3, horn B1-F5.
    ((56, 59), _row(54, 82, 60, 79, "blown", "brass")),
    ((57,), _row(40, 72, 45, 67, "blown", "brass")),
    ((58,), _row(28, 58, 33, 53, "blown", "brass")),
    ((60,), _row(34, 77, 53, 72, "blown", "brass")),
    ((61,), _row(40, 82, 48, 77, "blown", "brass")),  # a brass section: trombones to trumpets
    ((62, 63), _row(36, 84, 48, 79, "blown", "brass")),
    # Reeds: saxophones by their written ranges transposed; Adler's oboe, cor anglais, bassoon,
    # clarinet.
    ((64,), _row(56, 87, 60, 84, "blown", "reed")),
    ((65,), _row(49, 80, 55, 77, "blown", "reed")),
    ((66,), _row(44, 75, 48, 72, "blown", "reed")),
    ((67,), _row(36, 68, 40, 62, "blown", "reed")),
    ((68,), _row(58, 91, 62, 86, "blown", "woodwind")),
    ((69,), _row(52, 81, 55, 76, "blown", "woodwind")),
    ((70,), _row(34, 72, 38, 65, "blown", "woodwind")),
    ((71,), _row(50, 91, 52, 86, "blown", "woodwind")),
    # Pipes (Adler: flute C4-C7, weak below G4; piccolo D5-A7).
    (range(72, 80), _row(60, 96, 67, 91, "blown", "woodwind")),
    ((72,), _row(74, 105, 79, 100, "blown", "woodwind")),
    ((73,), _row(60, 96, 67, 93, "blown", "woodwind")),
    ((74,), _row(72, 98, 74, 96, "blown", "woodwind")),  # soprano recorder C5-D7
    ((76, 79), _row(60, 84, 64, 81, "blown", "woodwind")),  # blown bottle, ocarina
    ((78,), _row(72, 96, 74, 93, "blown", "woodwind")),  # tin whistle D5-D7
    # Synth leads, pads and effects: a wide middle, as keyboards play them; pads hold.
    (range(80, 88), _row(36, 96, 55, 88, "blown", "synth")),
    (range(88, 96), _row(36, 96, 48, 84, "held", "pad")),
    (range(96, 104), _row(36, 96, 48, 84, "held", "pad")),
    # Ethnic plucked and blown instruments: like guitars and shawms.
    (range(104, 112), _row(48, 84, 52, 79, "struck", "ethnic")),
    ((109,), _row(67, 81, 67, 81, "blown", "ethnic")),  # bagpipe chanter G4-A5
    ((110,), _row(55, 100, 62, 93, "bowed", "strings")),  # fiddle: a violin
    ((111,), _row(60, 86, 62, 84, "blown", "ethnic")),  # shanai
    # Percussive programs: pitched drums and bells.
    (range(112, 120), _row(36, 84, 48, 79, "struck", "percussion")),
    ((112,), _row(72, 96, 72, 96, "struck", "percussion")),  # tinkle bell
    ((114,), _row(52, 88, 60, 84, "struck", "percussion")),  # steel drums (tenor pan to bass pans)
    ((116,), _row(36, 60, 36, 60, "struck", "percussion")),  # taiko
    (range(120, 128), _row(36, 84, 48, 79, "struck", "effects")),
)


def _build() -> tuple[Idiom, ...]:
    table: list[Idiom | None] = [None] * 128
    for programs, idiom in _TABLE:
        for p in programs:
            table[p] = idiom
    assert all(table), "every GM program has an idiom"
    return tuple(table)  # type: ignore[arg-type]


IDIOMS: tuple[Idiom, ...] = _build()


def idiom(program: int) -> Idiom:
    return IDIOMS[program]


def practical_range(program: int) -> tuple[int, int]:
    i = IDIOMS[program]
    return i.low, i.high


def strong_register(program: int) -> tuple[int, int]:
    i = IDIOMS[program]
    return i.strong_low, i.strong_high


def fold(pitch: int, low: int, high: int) -> int:
    """The pitch moved by octaves into low..high (the nearest octave that fits); a range
    narrower than an octave that holds no octave of the pitch takes the nearer edge."""
    while pitch < low:
        pitch += 12
    while pitch > high:
        pitch -= 12
    if pitch < low:  # the range is narrower than an octave and missed this pitch class
        return low if low - pitch <= pitch + 12 - high else high
    return pitch


def window(role_low: int, role_high: int, program: int, *, min_span: int = 12) -> tuple[int, int]:
    """A part's range: the role's range intersected with the instrument's practical range; where
    that leaves less than `min_span` semitones, it widens into the instrument's range on the side
    the role was cut off (a horn melody reaches down from F5, a piccolo counter-line up), so the
    part stays as near its role's place as the instrument allows."""
    i = IDIOMS[program]
    low, high = max(role_low, i.low), min(role_high, i.high)
    if high < low:  # no overlap at all: the instrument's own range nearest the role's
        low, high = (i.low, min(i.high, i.low + min_span)) if role_low > i.high else (max(i.low, i.high - min_span), i.high)
    if high - low < min_span:
        if high == i.high:
            low = max(i.low, high - min_span)
        else:
            high = min(i.high, low + min_span)
    return low, high
