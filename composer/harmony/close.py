"""How a piece ends: the closes a composer chooses between, as data, and the choice.

Every close still arrives on the home tonic in root position after the mode's own authentic
cadence (grammar.FINAL_CADENCES); what differs is what comes before and after that arrival, and
the colour of the last chord. A composer closes a calm, tender or sad piece otherwise than a
joyful or stormy one:

- authentic: the cadence's goal is the last chord, held (Caplin, *Classical Form*, ch. 4: the
  perfect authentic cadence closes the theme and the piece).
- plagal: the authentic cadence arrives a bar early and the piece ends with the "amen", IV-I
  (iv-i in minor; lydian's II-I) over the held tonic in the bass: a plagal codetta after the
  authentic cadence (Caplin ch. 7 on codettas: "the plagal progression IV-I ... typically
  follows a perfect authentic cadence"; Aldwell & Schachter, *Harmony and Voice Leading*, ch. 13:
  the plagal cadence as an extension after an authentic one, rather than a cadence of its own).
- picardy: a minor-key piece's last tonic in major (Aldwell & Schachter ch. 21, mixture in
  minor: the Picardy third, the raised third of the final tonic), where the mood allows light.
- plagal-picardy: the amen iv-I with the Picardy third, the way chorale and organ settings in
  minor close (Bach's chorale harmonisations; Aldwell & Schachter ch. 21).
- deceptive: the dominant goes first to the submediant (V-vi; V-VI in minor) and the cadence is
  tried "one more time" and reached (Caplin ch. 8 and Schmalfeldt, "Cadential processes: the
  evaded cadence and the 'one more time' technique", 1992).
- codetta: the cadence repeated after it arrives, the dominant and the tonic once more
  (Caplin ch. 7: codettas repeat the cadential progression; the classical finale's closing
  flourish).
- button: the authentic cadence arrives on the last downbeat and the whole band strikes the tonic
  short and accented, in tempo, then silence (BUTTON): the "button" that ends a musical-theatre
  or dance-band number, "the big note on the final downbeat ... used to close the tune neatly and
  completely" (Seth Rudetsky, "Deconstructing the most iconic endings of Broadway showtunes",
  Playbill, 2017), the film and television cue's "stinger", a sudden sharp accent of the whole
  band (Buhler & Neumeyer, *Hearing the Movies*, 2nd ed., 2015, glossary). Bright, energetic
  music ends so: a reel or a march does not hold its last chord under a hymn's amen.

An amen is itself varied (AMENS, AMEN_TUNES), so calm pieces do not all end with the same
gesture: its harmonic rhythm (the six-four on the penultimate bar's second half, or a whole bar
each, or the amen sounded twice), the tune over it (the tonic held, or the upper voice's
neighbour motion, 6-5 or 4-3 or 3-4-3) and where its closing ritardando sets in.

Modal pieces keep their colour: the chords a close adds come from the mode (mixolydian's
bVII-I codetta, dorian's bright IV-i amen), and a close that needs a major V (deceptive) is only
offered where the mode has one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from composer.hits import STAB_TICKS
from composer.piece import TICKS_PER_BEAT

__all__ = ["Close", "CLOSES", "DEFAULT", "choose_close", "tail_times", "rolls", "roll", "amen_arrival",
           "Amen", "AMENS", "AMEN_TUNES", "amen_of", "amen_tune", "amen_figures", "added", "slowing",
           "BUTTON", "Button", "button_at"]

MINOR_FAMILY = ("minor", "aeolian", "dorian", "phrygian")
GENTLE_AFFECTS = ("calm", "tender", "sad")  # the closes that may roll, and whose amen's tune moves
ALL_MODES = ("ionian", "lydian", "mixolydian", "dorian", "minor", "aeolian", "phrygian")
AFFECTS = ("calm", "tender", "sad", "play", "triumph", "anxiety", "storm")


@dataclass(frozen=True)
class Close:
    name: str
    says: str  # what it is, for explain
    weights: dict[str, float]  # by affect (composer.character.affect)
    modes: tuple[str, ...] = ALL_MODES
    # Chords after the authentic arrival, per mode; the arrival then takes the first half of the
    # penultimate bar and these the rest (the last of them the tonic, filling the last bar).
    after: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pedal: bool = False  # the chords after hold the tonic in the bass
    # Chords before the final formula, per mode: the dominant and where it goes instead of home.
    before: dict[str, tuple[str, ...]] = field(default_factory=dict)
    picardy: bool = False  # a minor tonic's last chord in major
    # The amen chosen for this piece (AMENS), "" for the row itself and for any other close: its
    # layout's name and the tune's figure (AMEN_TUNES), e.g. "broad 6-5".
    amen: str = ""
    button: bool = False  # the last chord struck short and accented by every part (BUTTON)


# The amen over the tonic pedal, per mode: the subdominant as a six-four over the tonic (lydian's
# II7 with its seventh, the tonic, in the bass), then the tonic.
_AMEN = {"ionian": ("IV64", "I"), "lydian": ("II42", "I"), "mixolydian": ("IV64", "I"),
         "dorian": ("IV64", "i"), "minor": ("iv64", "i"), "aeolian": ("iv64", "i"),
         "phrygian": ("iv64", "i")}
# The cadence once more: the mode's own dominant and the tonic.
_AGAIN = {"ionian": ("V7", "I"), "lydian": ("V", "I"), "mixolydian": ("VII", "I"),
          "dorian": ("v", "i"), "minor": ("V7", "i"), "aeolian": ("VII", "i"),
          "phrygian": ("II", "i")}
# The dominant deceived: to the submediant (where the mode has a major V with the leading tone).
_DECEIVED = {"ionian": ("V7", "vi"), "lydian": ("V", "vi"), "minor": ("V7", "VI")}


@dataclass(frozen=True)
class Amen:
    """One way to lay out the amen after the authentic arrival."""

    name: str
    says: str  # for explain
    # The length of each chord from the arrival on: "h" the first part of a bar (where a bar
    # divides for a second chord), "r" the rest of that bar, "b" a whole bar. The arrival first,
    # then the amen's chord and the tonic, as often as the amen sounds.
    lengths: tuple[str, ...]
    # Where the closing ritardando sets in (composer.perform.SLOWING): "time", a span of seconds
    # before the end (as any other close); "arrival", on the authentic arrival, so the amen is
    # what broadens; "echo", on the amen's second sounding, the first kept in tempo.
    slowing: str
    weight: float
    # The shortest final phrase it closes: a long amen closes a long phrase, which keeps bars of
    # its own before the arrival (in a shorter one the close would swallow the phrase it closes).
    least: int

    @property
    def bars(self) -> int:
        return sum(1 for x in self.lengths if x != "h")

    @property
    def times(self) -> int:  # how often the amen's chord sounds
        return (len(self.lengths) - 1) // 2


# The amen's harmonic rhythm. A plagal codetta is a tonic prolonged by a neighbouring subdominant
# over the pedal, and like any codetta it may be short, broad or repeated (Caplin, *Classical
# Form*, ch. 7, on codettas and their repetition; the pedal six-four as a neighbouring chord over a
# held bass: Aldwell & Schachter, *Harmony and Voice Leading*, ch. 16). The sung Amen of the
# English hymnals gives each chord a minim, a whole bar at a hymn's pace; the classical codetta
# the half-bar and the echo.
AMENS: dict[str, Amen] = {a.name: a for a in (
    Amen("half", "the arrival and the amen's chord share the penultimate bar, the tonic the "
         "last", ("h", "r", "b"), "time", 1.0, 3),
    Amen("broad", "the arrival, the amen's chord and the tonic a whole bar each, slowing from "
         "the arrival", ("b", "b", "b"), "arrival", 1.0, 7),
    Amen("twice", "the amen sounded twice, the second as an echo that slows", ("h", "r", "h", "r", "b"),
         "echo", 0.8, 7),
)}
# The tune over the amen, as 1-based scale degrees over the arrival, the amen's chord and the
# tonic after it (8 is the tonic). The hymn's soprano holds its tonic through the amen, or sings
# 6-5 or 4-3 against the subdominant (Aldwell & Schachter ch. 13 on the plagal cadence's upper
# voice); over a tonic pedal the upper voice's neighbour 3-4-3 is the pedal six-four's own motion
# (ch. 16). Its 5-6-5 is left to the inner voices: in the tune it would put the authentic
# arrival's fifth on top. A figure that leaves the tonic comes home to it on the last chord's
# second part (5-8 or 3-1 under a final chord held long), so every piece still ends on its tonic
# (musicality-targets.md). A figure is sung only where each tone is a tone of its chord (a minor
# key's 3 is no tone of a Picardy tonic), no move is a tritone (lydian's 1-#4), and the line
# reaches its first tone by step or small leap (composer.melody.amen); else the next in this
# order that can be, the tonic held last.
AMEN_TUNES: dict[str, tuple[tuple[int, int, int], float]] = {
    "6-5": ((8, 6, 5), 1.0),
    "4-3": ((8, 4, 3), 0.7),
    "3-4-3": ((3, 4, 3), 0.8),
    "held": ((8, 8, 8), 1.0),
}

# The closes and how often each mood chooses them (weights by affect, 0 = never). Calm, tender
# and sad music settles with the amen or the Picardy light; play, triumph and storm close
# squarely, repeat their cadence, withhold it once, or strike a button; dance music (play) all
# but never ends under a hymn's amen (a composer's reading heard a barn-dance reel hold its tonic
# two bars under one), a triumph sometimes does, as a chorale-like finale may.
CLOSES: dict[str, Close] = {c.name: c for c in (
    Close("authentic", "the authentic cadence's tonic held to the end",
          {"calm": 0.8, "tender": 1.0, "sad": 1.2, "play": 2.5, "triumph": 3.0, "anxiety": 3.0,
           "storm": 3.5}),
    Close("plagal", "the authentic cadence a bar or two early, then the amen (the subdominant to the "
          "tonic) over the held tonic",
          {"calm": 3.0, "tender": 2.5, "sad": 2.0, "play": 0.2, "triumph": 1.2, "anxiety": 0.2,
           "storm": 0.0}, after=_AMEN, pedal=True),
    Close("picardy", "the last tonic in major (a Picardy third)",
          {"calm": 2.0, "tender": 2.5, "sad": 1.2, "play": 2.0, "triumph": 2.0, "anxiety": 0.4,
           "storm": 0.2}, modes=MINOR_FAMILY, picardy=True),
    Close("plagal-picardy", "the authentic cadence a bar or two early, then the amen iv-I over the "
          "held tonic, its last chord in major (a Picardy third)",
          {"calm": 2.0, "tender": 2.0, "sad": 1.5, "play": 0.2, "triumph": 1.0, "anxiety": 0.2,
           "storm": 0.0}, modes=MINOR_FAMILY, after=_AMEN, pedal=True, picardy=True),
    Close("deceptive", "the dominant deceived to the submediant, then the cadence once more, "
          "reaching home",
          {"calm": 0.4, "tender": 1.0, "sad": 1.2, "play": 1.8, "triumph": 2.0, "anxiety": 2.0,
           "storm": 1.5}, modes=tuple(_DECEIVED), before=_DECEIVED),
    Close("codetta", "the cadence repeated after it arrives (a codetta): the dominant and the "
          "tonic once more",
          {"calm": 0.0, "tender": 0.3, "sad": 0.0, "play": 2.0, "triumph": 2.5, "anxiety": 1.0,
           "storm": 2.0}, after=_AGAIN),
    Close("button", "the authentic cadence arrives on the last downbeat and the whole band strikes "
          "the tonic short and accented, in tempo, then silence (a button)",
          {"calm": 0.0, "tender": 0.0, "sad": 0.0, "play": 3.0, "triumph": 2.5, "anxiety": 0.0,
           "storm": 1.0}, button=True),
)}
DEFAULT = CLOSES["authentic"]

# A form colours the choice: a drifting piece settles plagally; an ostinato crescendo or an arc
# that ends on its climax's energy drives home with its cadence repeated.
BY_FORM: dict[str, dict[str, float]] = {
    "ambient": {"plagal": 2.0, "plagal-picardy": 1.5, "codetta": 0.3},
    "ostinato": {"codetta": 1.8, "deceptive": 1.3},
    "arch": {"plagal": 1.3},
}
# A close that reshapes the last bars needs a final phrase this long (the deceptive close a bar
# more, to open on its tonic before the dominant it deceives), and halves of a bar long enough
# (in seconds) to hear each chord (composer.harmony.progression.MIN_SPLIT_SECONDS).
MIN_BARS = 3


def fits(close: Close, mode: str, phrase_bars: int, can_split: bool) -> bool:
    if mode not in close.modes:
        return False
    if close.after or close.before:
        return can_split and phrase_bars >= MIN_BARS + bool(close.before)
    return True


# A button closes music whose drive it cuts off: a piece that plays, triumphs or storms as a
# whole. Drawn by the last section's affect alone, it struck short the end of pieces that were
# gentle as a whole and rose to a bright last moment (a composer's reading of held-out 38 at seed
# 3, melancholy, sad and grieving, its last moment elated: the final tonic an eighth long, the
# climb cut off with no arrival). Such a piece closes on its authentic cadence, the tonic held:
# its arrival is earned, not cut off.
def choose_close(affect: str, form: str, mode: str, phrase_bars: int, can_split: bool,
                 rng: random.Random, piece_affect: str | None = None) -> Close:
    """The piece's close, drawn by the last section's affect and the form, among those the mode
    and the final phrase allow (the plain authentic close where none other does); a button only
    where the whole piece's affect (`piece_affect`) strikes one too, else the authentic close,
    its tonic held."""
    options = [(c, c.weights.get(affect, 0.0) * BY_FORM.get(form, {}).get(c.name, 1.0))
               for c in CLOSES.values() if fits(c, mode, phrase_bars, can_split)]
    options = [(c, w) for c, w in options if w > 0]
    if not options:
        return DEFAULT
    close = rng.choices([c for c, _ in options], weights=[w for _, w in options])[0]
    if close.button and piece_affect is not None and not close.weights.get(piece_affect, 0.0):
        return DEFAULT
    return _amen_drawn(close, affect, phrase_bars, rng) if close.pedal else close


def amen_figures(affect: str) -> list[str]:
    """The tune's figures an amen may sing, in the order the melody tries them: every one where
    the piece closes gently; elsewhere the tonic held, so a bright or loud close rings out on its
    tonic (composer.melody.BRIGHT_AROUSAL)."""
    return list(AMEN_TUNES) if affect in GENTLE_AFFECTS else ["held"]


def _amen_drawn(close: Close, affect: str, phrase_bars: int, rng: random.Random) -> Close:
    """The amen close with its layout and tune drawn (AMENS, AMEN_TUNES): a layout the final
    phrase is long enough for (Amen.least). Whether the tune's figure fits the chords as
    voiced and the line before them is the melody's to find (composer.melody.amen)."""
    layouts = [a for a in AMENS.values() if phrase_bars >= a.least]
    layout = rng.choices(layouts, weights=[a.weight for a in layouts])[0]
    tunes = amen_figures(affect)
    tune = rng.choices(tunes, weights=[AMEN_TUNES[t][1] for t in tunes])[0]
    after = {m: _sounded(chords, layout) for m, chords in close.after.items()}
    return replace(close, after=after, amen=f"{layout.name} {tune}")


def _sounded(chords: tuple[str, ...], layout: Amen) -> tuple[str, ...]:
    """An amen's chords (the subdominant, the tonic) as often as the layout sounds them."""
    return chords * layout.times


def added(span) -> tuple[str, ...]:
    """The chords the piece's close adds after its authentic arrival, as drawn for this piece
    (`span` the piece's last): an amen's as often as it sounds; () for a close that adds none."""
    close = CLOSES.get(span.close)
    chords = close.after.get(span.key.mode, ()) if close else ()
    drawn = amen_of(span)
    return _sounded(chords, drawn[0]) if drawn and chords else chords


def amen_of(span) -> tuple[Amen, str] | None:
    """The amen a piece's last span records (its layout and the tune's figure), None for none."""
    if not getattr(span, "amen", ""):
        return None
    layout, tune = span.amen.split()
    return AMENS[layout], tune


def tail_times(close: Close, end: int, bar: int, half: int, phrase_bars: int
               ) -> list[tuple[int, int]]:
    """The chord times a close fixes at the end of the final phrase (`phrase_bars` long, ending
    at tick `end`): the amen or the codetta split the penultimate bar between the arrival and the
    first chord after it (and, in a phrase of three bars, the first bar between the opening and
    the dominant); the deceptive close splits the two bars before the last (the dominant and its
    deceiving chord, then the predominant and the dominant again). [] for a close that keeps the
    phrase's own chord rhythm."""
    if close.after and close.amen:
        layout = AMENS[close.amen.split()[0]]
        start = end - layout.bars * bar
        out = [(start - bar, half), (start - bar + half, bar - half)] \
            if phrase_bars <= layout.bars + 1 else []
        t = start
        for length in layout.lengths:
            d = half if length == "h" else bar - half if length == "r" else bar
            out.append((t, d))
            t += d
        return out
    split = 2 if close.before or (close.after and phrase_bars <= MIN_BARS) else 1 if close.after else 0
    out = []
    for k in range(split, 0, -1):
        t = end - (k + 1) * bar
        out += [(t, half), (t + half, bar - half)]
    return out + [(end - bar, bar)] if split else []


# The last chord rolled upward, a voice at a time, where the piece closes gently on an instrument
# that rolls a chord (pianos, guitars, the harp): the arpeggiated final chord of a pianist's or a
# harpist's quiet ending (C. P. E. Bach, *Essay on the True Art of Playing Keyboard Instruments*,
# ch. 3: the arpeggio "in slow tempos and in soft passages"). Louder, faster music strikes its
# last chord together.
ROLLED_AFFECTS = GENTLE_AFFECTS
ROLLING_PROGRAMS = frozenset(range(0, 8)) | frozenset(range(24, 29)) | {46}
# A voice enters a sixteenth after the one under it, the whole roll at most this share of the
# chord.
ROLL_STEP = TICKS_PER_BEAT // 4
ROLL_SHARE = 0.25


def rolls(affect: str, program: int) -> bool:
    """Whether the last chord is rolled: a gentle close on an instrument that rolls a chord."""
    return affect in ROLLED_AFFECTS and program in ROLLING_PROGRAMS


def roll(notes, start: int):
    """`notes` (composer.piece.Note) with the chord struck at `start` rolled upward: the lowest
    as struck, each higher voice a step later, every voice still ending where it ended."""
    from dataclasses import replace

    chord = sorted((n for n in notes if n.start == start), key=lambda n: n.pitch)
    if len(chord) < 2:
        return tuple(notes)
    step = min(ROLL_STEP, int(ROLL_SHARE * min(n.duration for n in chord)) // (len(chord) - 1))
    delay = {id(n): i * step for i, n in enumerate(chord)}
    return tuple(replace(n, start=n.start + delay[id(n)], duration=n.duration - delay[id(n)])
                 if id(n) in delay else n for n in notes)


def amen_arrival(spans) -> int | None:
    """Where a plagal close's authentic cadence arrives (the tonic before the amen), for the tune
    to hold its last note from there; None for any other close."""
    close = CLOSES.get(spans[-1].close) if spans else None
    if close is None or not close.pedal:
        return None
    after = len(added(spans[-1]))
    return spans[-1 - after].start if len(spans) > after else None


def amen_tune(spans, notes) -> str | None:
    """The tune over an amen as the scale degrees it sings from the arrival on ("8-6-5"), read
    from the melody's notes (composer.piece.Note or composer.melody.Tone); None for no amen."""
    arrival = amen_arrival(spans)
    if arrival is None:
        return None
    key = spans[-1].key
    sung = [n for n in notes if n.start >= arrival]
    degrees = []
    for n in sung:
        pc = (n.pitch - key.tonic) % 12
        step = next((i for i, p in enumerate(key.scale) if p == n.pitch % 12), None)
        degrees.append("8" if pc == 0 else str(step + 1) if step is not None else f"({pc})")
    return "-".join(degrees)


def slowing(spans) -> tuple[str, int] | None:
    """Where the closing ritardando sets in, as the close lays it out (Amen.slowing): ("time",
    end) for any close but an amen's other layouts and a button, ("arrival", tick) or ("echo",
    tick) with the tick it sets in on, ("none", end) for a button (BUTTON.slows). None where the
    piece has no close (a loop)."""
    if not spans or not spans[-1].close:
        return None
    if button_at(spans) is not None and not BUTTON.slows:
        return "none", spans[-1].end
    drawn = amen_of(spans[-1])
    if drawn is None or drawn[0].slowing == "time":
        return "time", spans[-1].end
    arrival = amen_arrival(spans)
    if drawn[0].slowing == "arrival":
        return "arrival", arrival
    return "echo", spans[-3].start  # the tonic before the amen's second sounding


@dataclass(frozen=True)
class Button:
    """How the band plays a button (Close.button): one decision for the performance
    (composer.perform, which strikes it as it strikes an accent: sforzando) and explain."""

    length: int  # ticks every part's last chord sounds from the final downbeat
    slows: bool  # whether the closing ritardando plays into it

    def says(self) -> str:
        value = NOTE_VALUES.get(self.length, f"{self.length} ticks")
        return (f"every part strikes the last chord {value} long, sforzando, "
                f"{'slowing into it' if self.slows else 'in tempo'}, then silence")


NOTE_VALUES = {TICKS_PER_BEAT // 4: "a sixteenth", TICKS_PER_BEAT // 2: "an eighth",
               TICKS_PER_BEAT: "a quarter"}


# The button as the band plays it: the last chord as long as an accent's stab (composer.hits.
# STAB_TICKS, an eighth: short enough to be heard as one struck chord, not a held one), and in
# tempo: a number drives into its button rather than broadening toward it (the slowing into a
# held last chord, composer.perform.RITARDANDO_SECONDS, is the held ending's).
BUTTON = Button(length=STAB_TICKS, slows=False)


def button_at(spans):
    """The last chord (a ChordSpan: the button strikes it on its downbeat) where the piece closes
    with a button, None for any other close."""
    close = CLOSES.get(spans[-1].close) if spans else None
    return spans[-1] if close is not None and close.button else None
