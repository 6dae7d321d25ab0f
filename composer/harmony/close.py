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

Modal pieces keep their colour: the chords a close adds come from the mode (mixolydian's
bVII-I codetta, dorian's bright IV-i amen), and a close that needs a major V (deceptive) is only
offered where the mode has one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from composer.piece import TICKS_PER_BEAT

__all__ = ["Close", "CLOSES", "DEFAULT", "choose_close", "tail_times", "rolls", "roll", "amen_arrival"]

MINOR_FAMILY = ("minor", "aeolian", "dorian", "phrygian")
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

# The closes and how often each mood chooses them (weights by affect, 0 = never). Calm, tender
# and sad music settles with the amen or the Picardy light; play, triumph and storm close
# squarely, repeat their cadence, or withhold it once.
CLOSES: dict[str, Close] = {c.name: c for c in (
    Close("authentic", "the authentic cadence's tonic held to the end",
          {"calm": 0.8, "tender": 1.0, "sad": 1.2, "play": 2.5, "triumph": 3.0, "anxiety": 3.0,
           "storm": 3.5}),
    Close("plagal", "the authentic cadence a bar early, then the amen (the subdominant to the "
          "tonic) over the held tonic",
          {"calm": 3.0, "tender": 2.5, "sad": 2.0, "play": 0.6, "triumph": 1.2, "anxiety": 0.2,
           "storm": 0.0}, after=_AMEN, pedal=True),
    Close("picardy", "the last tonic in major (a Picardy third)",
          {"calm": 2.0, "tender": 2.5, "sad": 1.2, "play": 2.0, "triumph": 2.0, "anxiety": 0.4,
           "storm": 0.2}, modes=MINOR_FAMILY, picardy=True),
    Close("plagal-picardy", "the authentic cadence a bar early, then the amen iv-I over the "
          "held tonic, its last chord in major (a Picardy third)",
          {"calm": 2.0, "tender": 2.0, "sad": 1.5, "play": 0.5, "triumph": 1.0, "anxiety": 0.2,
           "storm": 0.0}, modes=MINOR_FAMILY, after=_AMEN, pedal=True, picardy=True),
    Close("deceptive", "the dominant deceived to the submediant, then the cadence once more, "
          "reaching home",
          {"calm": 0.4, "tender": 1.0, "sad": 1.2, "play": 1.8, "triumph": 2.0, "anxiety": 2.0,
           "storm": 1.5}, modes=tuple(_DECEIVED), before=_DECEIVED),
    Close("codetta", "the cadence repeated after it arrives (a codetta): the dominant and the "
          "tonic once more",
          {"calm": 0.0, "tender": 0.3, "sad": 0.0, "play": 2.0, "triumph": 2.5, "anxiety": 1.0,
           "storm": 2.0}, after=_AGAIN),
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


def choose_close(affect: str, form: str, mode: str, phrase_bars: int, can_split: bool,
                 rng: random.Random) -> Close:
    """The piece's close, drawn by the last section's affect and the form, among those the mode
    and the final phrase allow (the plain authentic close where none other does)."""
    options = [(c, c.weights.get(affect, 0.0) * BY_FORM.get(form, {}).get(c.name, 1.0))
               for c in CLOSES.values() if fits(c, mode, phrase_bars, can_split)]
    options = [(c, w) for c, w in options if w > 0]
    if not options:
        return DEFAULT
    return rng.choices([c for c, _ in options], weights=[w for _, w in options])[0]


def tail_times(close: Close, end: int, bar: int, half: int, phrase_bars: int
               ) -> list[tuple[int, int]]:
    """The chord times a close fixes at the end of the final phrase (`phrase_bars` long, ending
    at tick `end`): the amen or the codetta split the penultimate bar between the arrival and the
    first chord after it (and, in a phrase of three bars, the first bar between the opening and
    the dominant); the deceptive close splits the two bars before the last (the dominant and its
    deceiving chord, then the predominant and the dominant again). [] for a close that keeps the
    phrase's own chord rhythm."""
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
ROLLED_AFFECTS = ("calm", "tender", "sad")
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
    after = close.after.get(spans[-1].key.mode, ())
    return spans[-1 - len(after)].start if len(spans) > len(after) else None
