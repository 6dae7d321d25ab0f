"""Feel -> Plan: key and mode, tempo, meter, form (sections -> phrases -> bars) and the band."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from composer.character import Character, character_of, contrasted, energy, quadrant
from composer.patterns import OSTINATO_FORM
from composer.errors import SceneError
from composer.limits import MAX_BPM, MAX_SECONDS, MIN_BPM
from composer.feel import Feel, intensity_for, mood_bpm
from composer import hits as hitpoints
from composer.form import (
    ACCOMPANIMENT_ONLY, Form, Growth, area_key, choose_form, growth, labels, level, moment_area,
    registers, rows_for,
)
from composer.scene.model import Instrument, names_climax
from composer.piece import DRUM_CHANNEL, TICKS_PER_BEAT, Meter
from composer.theory import MODES, Key
from composer.tonic import choose_tonic
from composer.theory.instruments import strong_register, window

# Valence -> mode, dark to bright (emotion-rules.md: Gabrielsson & Lindström; the mode order of
# Locrian < Phrygian < Aeolian < Dorian < Mixolydian < Ionian < Lydian). Each row: lowest valence
# that picks the mode. Major and minor get the widest bands because they carry the clearest
# happy/sad signal (Eerola et al. 2013: mode is the strongest valence cue).
MODE_BY_VALENCE: tuple[tuple[float, str], ...] = (
    (-1.01, "phrygian"),
    (-0.75, "minor"),
    (-0.2, "dorian"),
    (0.0, "mixolydian"),
    (0.15, "ionian"),
    (0.85, "lydian"),
)


# Meter by arousal band: calm music leans to triple and compound metres (lilting, rocking),
# excited music to duple. Rows: (highest arousal of the band, ((meter, weight), ...)).
METER_WEIGHTS: tuple[tuple[float, tuple[tuple[tuple[int, int], float], ...]], ...] = (
    (-0.3, (((4, 4), 0.4), ((3, 4), 0.3), ((6, 8), 0.3))),
    (0.4, (((4, 4), 0.6), ((3, 4), 0.2), ((6, 8), 0.2))),
    (1.01, (((4, 4), 0.8), ((6, 8), 0.2))),
)

# Fixed channels so each part keeps its own; drums on channel 10 (index 9) only.
CHANNELS = {"Melody": 0, "Harmony": 1, "Bass": 2, "Texture": 3, "Counter": 4, "Timpani": 5,
            "Drums": DRUM_CHANNEL}

# Comfortable written ranges (MIDI numbers) per role, before the palette's register shift.
# Harmony keeps below the melody's usual register so the tune stays on top and clear.
RANGES = {"Melody": (65, 89), "Harmony": (45, 70), "Bass": (33, 55), "Texture": (48, 84),
          "Counter": (55, 79), "Timpani": (38, 57), "Drums": (35, 81)}
# A counter-line sings under the tune, unless its instrument has less than a fifth of its strong
# register there (LINE_ROOM; composer.theory.instruments.strong_register) and more over it: a
# flute under a horn's tune in C4-A4 sang in its bottom octave, where it is weak and breathy
# (Adler: weak below G4), while over the tune it has the register where it carries. It then sings
# a descant, in this range (the counter's an octave up), over the tune's middle by this many
# semitones at least.
DESCANT = (67, 91)
DESCANT_CLEAR = 3
LINE_ROOM = 7  # semitones: a fifth of strong register is room enough for a line under the tune

# Drum kits on channel 10 (GS/GM2 kit numbers; FluidR3_GM has both): brushes get the brush kit.
DRUM_KITS = {"brushes": Instrument("Brush Kit", 40), "light": Instrument("Standard Kit", 0),
             "hand": Instrument("Standard Kit", 0), "orchestral": Instrument("Orchestra Kit", 48),
             "storm": Instrument("Standard Kit", 0),
             "kit": Instrument("Standard Kit", 0)}
# Percussion only when the setting asks for it and the feel is not at rest (emotion-rules.md:
# calm, tender and sad music keeps simple, long values).
DRUMS_MIN_AROUSAL = -0.25
# A drum set's groove (backbeat, driving eighths) needs a walking pace: under it a slow scene that
# is tense rather than calm (fog on a river, not a storm) would hear a rock beat crawl. Brushes, hand
# drums and the orchestra's percussion play sparse figures that suit any pace.
GROOVES = ("light", "storm", "kit")
GROOVE_MIN_BPM = 72
# The orchestra's percussion brings its timpani (GM 47, a pitched part on its own channel, tuned
# to the key: composer.arrange.timpani); a storm's and a triumph's kits are orchestral.
TIMPANI_KITS = ("orchestral", "storm")

# How long a chord should last in seconds before it changes: slower harmonic rhythm when calm.
SECONDS_PER_CHORD = 2.4

# The intensity curve inside a section (issue 6): +-half of this around the section's level,
# and how much lighter the introduction and the ending are.
INTENSITY_CURVE = 0.2
INTRO_EASE = 0.15
ENDING_EASE = 0.1

CADENCES = ("authentic", "half", "plagal", "deceptive", "evaded")  # the grammar has a formula for each (a test holds them together)


@dataclass(frozen=True)
class Phrase:
    start_bar: int  # from the piece's start
    bars: int
    cadence: str  # one of CADENCES
    role: str  # "antecedent", "consequent" or "single": the melody answers a question with an echo
    melody: bool = True  # False: the accompaniment carries the music (an intro, an interlude)
    elided: bool = False  # the cadence's goal is also the next phrase's first chord: no breath

    @property
    def end_bar(self) -> int:
        return self.start_bar + self.bars


@dataclass(frozen=True)
class Section:
    name: str  # the moment's name, or the form label
    label: str  # form letter: "A", "B", "A'" ...
    start_bar: int
    bars: int
    key: Key
    character: Character  # every later stage reads this, never the feel
    chords_per_bar: int
    phrases: tuple[Phrase, ...]
    tempo: float = 1.0  # this section's tempo as a factor of the plan's bpm
    role: str = "theme"  # its part in the form (composer.form): intro, theme, episode, climax ...

    @property
    def end_bar(self) -> int:
        return self.start_bar + self.bars

    @property
    def family(self) -> str:
        """The form letter without its returns' marks: A, A' and A4 are all family A."""
        return self.label.rstrip("'0123456789")


@dataclass(frozen=True)
class PartPlan:
    role: str
    instrument: Instrument
    channel: int
    low: int
    high: int
    above: bool = False  # a counter sung over the tune, a descant (_over_the_tune)


@dataclass(frozen=True)
class Plan:
    title: str
    key: Key  # the home key: the piece starts and ends here
    meter: Meter
    bpm: float  # felt pulses per minute (dotted quarters in 6/8), tuned so the length is met
    sections: tuple[Section, ...]
    band: tuple[PartPlan, ...]
    form: str  # the form's name (composer.form.FORMS), or "moments" for a scene's own moments
    character: Character  # the whole piece's: what piece-wide choices (the tune's register) read
    reverb: int  # CC91 send 0..127: the setting's space
    chorus: int  # CC93 send 0..127
    reasons: tuple[str, ...]  # each decision and its rule, for explain
    seconds: float | None = None  # the asked length the tempo was tuned to, if one was asked
    hits: tuple[hitpoints.HitPlan, ...] = ()  # the scene's hit points and the bars that meet them
    figure: str | None = None  # how the tune's idea paints the setting (melody.motif.FIGURES)

    @cached_property  # read for every note (_bar)
    def bars(self) -> int:
        return self.sections[-1].end_bar

    # Per-bar lookups, built once per plan: every later stage asks "which phrase, which section,
    # how intense" for each note, and a scan per question would make long pieces quadratic.
    @cached_property
    def phrases(self) -> tuple[Phrase, ...]:
        return tuple(p for s in self.sections for p in s.phrases)

    @cached_property
    def _by_bar(self) -> tuple[tuple[Section, Phrase, int, int, int], ...]:
        """Per bar: its section, its phrase, the phrase's index in its section and in the piece,
        and the section's index."""
        out = []
        n = 0
        for i, section in enumerate(self.sections):
            for k, phrase in enumerate(section.phrases):
                out += [(section, phrase, k, n, i)] * phrase.bars
                n += 1
        return tuple(out)

    @cached_property
    def _intensities(self) -> tuple[float, ...]:
        count = len(self.phrases)
        out = []
        for section, phrase, k, n, _ in self._by_bar:
            level = section.character.intensity + INTENSITY_CURVE * (arc((k + 0.5) / len(section.phrases)) - 0.5)
            if count > 2 and n == 0:
                level -= INTRO_EASE
            if count > 2 and n == count - 1:
                level -= ENDING_EASE
            out.append(round(max(0.0, min(1.0, level)), 3))
        climax = self.climax_bar
        if climax is not None:
            # A climax hit: the fullest bar of the piece is the hit's, its phrase nearly as full,
            # every other bar under them both.
            phrase = self.phrase_at(climax)
            out = [max(level, CLIMAX_PHRASE_LEVEL) if phrase.start_bar <= b < phrase.end_bar
                   else min(level, CLIMAX_ELSEWHERE) for b, level in enumerate(out)]
            out[climax] = 1.0
        return tuple(out)

    @cached_property
    def _growths(self) -> tuple[Growth | None, ...]:
        out = []
        for section in self.sections:
            for phrase, group in zip(section.phrases, section_growth(section)):
                out += [group] * phrase.bars
        return tuple(out)

    def growth_at(self, bar: int) -> Growth | None:
        """The phrase group of a long section a bar is in (composer.form.GROWTH), else None."""
        return self._growths[self._bar(bar)]

    def rise_at(self, bar: int) -> int:
        """Scale steps a bar's phrase sings over its section's register as the section grows."""
        group = self.growth_at(bar)
        return group.rise if group is not None else 0

    def staged(self, role: str, bar: int) -> bool | None:
        """True where a long section's growth has `role` play in this bar whatever its intensity,
        else None: the intensity decides (composer.form.GROWTH)."""
        group = self.growth_at(bar)
        return True if group is not None and role in group.joins else None

    @cached_property
    def climax_bar(self) -> int | None:
        """The bar of the scene's climax hit, where there is one (else the melody finds the
        climax where the intensity peaks)."""
        return next((h.bar for h in self.hits if h.kind == "climax"), None)

    @property
    def quarter_bpm(self) -> float:
        """MIDI tempo (quarter notes per minute)."""
        return self.bpm * self.meter.pulse_ticks / TICKS_PER_BEAT

    def quarter_bpm_at(self, bar: int) -> float:
        """MIDI tempo in a bar, with its section's own tempo factor."""
        return self.quarter_bpm * self.section_at(bar).tempo

    def _bar(self, bar: int) -> int:
        return max(0, min(bar, self.bars - 1))

    def intensity_at(self, bar: int) -> float:
        """The intensity curve: the section's level, shaped across its phrases so it builds
        toward about two thirds of the way through and eases after; the first phrase of the
        piece is an introduction and the last an ending, both lighter (the piece's arc)."""
        return self._intensities[self._bar(bar)]

    def section_at(self, bar: int) -> Section:
        return self._by_bar[self._bar(bar)][0]

    def phrase_at(self, bar: int) -> Phrase:
        return self._by_bar[self._bar(bar)][1]

    def place_at(self, bar: int) -> tuple[int, int]:
        """Where a bar is: its section's index and its phrase's in that section (the place a stage
        draws a phrase's choices for: composer.streams)."""
        _, _, k, _, i = self._by_bar[self._bar(bar)]
        return i, k

    def part(self, role: str) -> PartPlan | None:
        return next((p for p in self.band if p.role == role), None)


# Eno's Reflection: the time of day colours the harmony (brighter in the morning, darker in the
# small hours). The setting's brightness tilts the valence the mode is chosen from, a little.
BRIGHTNESS_TILT = 0.15


# A climax hit's phrase: as intense as the piece gets but for the hit's own bar.
CLIMAX_PHRASE_LEVEL = 0.9
CLIMAX_ELSEWHERE = 0.85

# Where a phrase (or a section, or a piece) peaks: about two thirds of the way through.
CLIMAX_AT = 0.66


def arc(position: float) -> float:
    """0..1 rise to the climax at CLIMAX_AT of the way through, then a fall to 0 at the end."""
    if position < CLIMAX_AT:
        return position / CLIMAX_AT
    return max(0.0, (1 - position) / (1 - CLIMAX_AT))


def mode_for(valence: float) -> str:
    """The brightest mode whose band the valence reaches; below every band (a very sad scene in a
    dark setting tilts past -1) the darkest."""
    return ([mode for low, mode in MODE_BY_VALENCE if valence >= low] or [MODE_BY_VALENCE[0][1]])[-1]


def _weighted(rng: random.Random, options):
    values, weights = zip(*options)
    return rng.choices(values, weights=weights)[0]


# Phrase lengths inside a section (Schoenberg's sentence and period are 4 + 4; extensions,
# contractions and elisions give 3, 5, 6 and 7): weights for a phrase cut from a longer section.
PHRASE_SIZES = {4: 5.0, 3: 0.8, 5: 1.5, 6: 1.5, 7: 0.5, 8: 1.0}
# Cadences inside a section, where it does not close (Caplin: the half cadence most, the deceptive
# surprise and the evaded cadence more with tension, the plagal close more with calm); a
# mid-section authentic cadence is elided into the phrase after it, so the music does not stop. A
# dominant at every phrase end would be the old tonic-every-eight-bars in another guise.
INNER_CADENCES = {"half": 2.0, "deceptive": 0.7, "evaded": 0.5, "plagal": 0.6, "authentic": 0.35}
# A surprise heard once is weaker heard again: each time the piece has taken a deceptive, evaded,
# plagal or elided close inside a section (or ended a section with one of the first three: the
# form's choice), that close is drawn this many times less often inside the sections after it (a
# composer's reading found four evaded V7 -> i6 closes in held-out 37's A and A', and five plagal
# "amens" in held-out 59 and 54). The half cadence, an inner phrase's plain way of standing open,
# keeps its weight, and the surprises together keep theirs (_surprises).
SURPRISE_AGAIN = 3.0


def _surprises(inner: dict[str, float], heard: Counter) -> dict[str, float]:
    """The inner cadences' weights with each surprise the piece has taken made SURPRISE_AGAIN
    times rarer per hearing, the surprises together keeping their share: another kind is
    taken instead, not more half cadences."""
    surprises = [kind for kind in inner if kind != "half"]
    damped = {kind: inner[kind] / SURPRISE_AGAIN ** heard[kind] for kind in surprises}
    scale = sum(inner[kind] for kind in surprises) / sum(damped.values())
    return {"half": inner["half"], **{kind: w * scale for kind, w in damped.items()}}


def _sizes(bars: int, rng: random.Random) -> list[int]:
    """Phrase lengths that tile `bars`: mostly 4, sometimes 3, 5, 6, 7 or 8, none under 2."""
    sizes = []
    left = bars
    while left > 0:
        if left <= 5 or (left <= 8 and rng.random() < 0.3):
            sizes.append(left)
            break
        options = [(n, w) for n, w in PHRASE_SIZES.items() if left - n >= 3]
        size = _weighted(rng, options)
        sizes.append(size)
        left -= size
    return sizes


def _phrases(start_bar: int, bars: int, role: str, close: str, rng: random.Random, tension: float,
             calm: float, first: tuple[int, ...] = (), hits: tuple[hitpoints.HitPlan, ...] = (),
             heard: Counter | None = None) -> tuple[Phrase, ...]:
    """Cut a section into phrases and give each its cadence: the section's close on its last; a
    half cadence before an equal answer (a period); elsewhere half, deceptive, plagal or an
    elided authentic cadence, by the mood. A returning section keeps the phrase lengths of its
    `first` appearance as far as its length allows (a return restates its theme's shape).
    Hit points (composer.hits) cut the section where their kinds need a phrase to end. `heard`
    counts the surprises the piece has taken so far (SURPRISE_AGAIN), and is added to."""
    heard = Counter() if heard is None else heard
    end_bar = start_bar + bars
    cuts = hitpoints.phrase_cuts(hits, start_bar, end_bar)
    if cuts:
        edges = [start_bar] + cuts + [end_bar]
        sizes = [n for a, b in zip(edges, edges[1:]) for n in _sizes(b - a, rng)]
    elif role in ACCOMPANIMENT_ONLY and bars <= 8:
        sizes = [bars]
    elif first and sum(first) <= bars and (sum(first) == bars or bars - sum(first) >= 3):
        sizes = list(first) + (_sizes(bars - sum(first), rng) if bars > sum(first) else [])
    else:
        sizes = _sizes(bars, rng)
    melody = role not in ACCOMPANIMENT_ONLY
    inner = dict(INNER_CADENCES)
    inner["deceptive"] += tension
    inner["evaded"] += tension
    inner["plagal"] += calm
    phrases = []
    bar = start_bar
    for i, size in enumerate(sizes):
        answer = i + 1 < len(sizes) and sizes[i + 1] == size
        asked = i > 0 and phrases[-1].role == "antecedent"
        if i == len(sizes) - 1:
            cadence, elided = close, False
            if close not in ("half", "authentic"):
                heard[close] += 1  # a section's own deceptive, evaded or plagal close is heard too
        elif answer and not asked:
            cadence, elided = "half", False
        else:
            cadence = _weighted(rng, sorted(_surprises(inner, heard).items()))
            elided = cadence == "authentic"
            if cadence != "half":
                heard[cadence] += 1
        role_ = "consequent" if asked else "antecedent" if answer and cadence == "half" else "single"
        phrases.append(Phrase(bar, size, cadence, role_, melody, elided))
        bar += size
    return tuple(_meet(p, hits) for p in phrases) if hits else tuple(phrases)


def _meet(phrase: Phrase, hits: tuple[hitpoints.HitPlan, ...]) -> Phrase:
    """A phrase as the hit points need it: a cadence hit's phrase closes with an authentic
    cadence on the hit's bar (not elided: the arrival is heard); the phrase before a stop is not
    elided into the silence, and the stop's own bar is a pause the melody does not sing (nor
    elided into the phrase after it)."""
    for hit in hits:
        if hit.kind == "cadence" and phrase.end_bar == hit.bar + 1:
            phrase = dataclasses.replace(phrase, cadence="authentic", elided=False,
                                         role="single" if phrase.role == "antecedent" else phrase.role)
        elif hit.kind == "stop" and phrase.end_bar == hit.bar:
            phrase = dataclasses.replace(phrase, elided=False)
        elif hit.kind == "stop" and phrase.start_bar == hit.bar and phrase.bars == 1:
            # nothing sounds to elide: the music after the pause starts afresh, on its own tonic
            phrase = dataclasses.replace(phrase, melody=False, elided=False)
        elif hit.kind == "climax" and phrase.start_bar <= hit.bar < phrase.end_bar:
            phrase = dataclasses.replace(phrase, melody=True)  # the tune sings its summit, even in an interlude
    return phrase


def _letters(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB ..."""
    return (_letters(i // 26 - 1) if i >= 26 else "") + chr(ord("A") + i % 26)


@dataclass
class Block:
    """A section before it is cut into phrases: a moment, or one letter of the form."""

    name: str
    label: str  # form letter
    bars: int
    intensity: float
    valence: float
    arousal: float
    tempo: float = 1.0  # as a factor of the piece's tempo
    role: str = "theme"
    area: str = "home"  # key area (composer.form.KEY_AREAS)
    close: str = "authentic"  # the cadence that ends it


def _fit(layout: list[Block], fewest: float, most: float) -> None:
    """Sections grown or shrunk two bars at a time (the longest first, none under two bars)
    until the total lies between `fewest` and `most` bars, where that is possible."""
    for _ in range(4 * len(layout) + 4096):
        total = sum(b.bars for b in layout)
        longest = max(layout, key=lambda b: b.bars)
        if total > most and longest.bars > 2:
            longest.bars -= 2
        elif total < fewest:
            min(layout, key=lambda b: b.bars).bars += 2
        else:
            break


def _moment_tempo(feel: Feel, valence: float, arousal: float) -> float:
    """A moment's tempo as a factor of the piece's: where its mood asks for a faster or slower
    pulse than the whole (arousal -> tempo, emotion-rules.md), the section moves that way, by
    half the difference and within MOMENT_TEMPO; an explicit BPM holds for every moment."""
    if len(feel.moments) < 2 or feel.bpm_source == "tempo.bpm":
        return 1.0
    ratio = mood_bpm(valence, arousal) / mood_bpm(feel.valence, feel.arousal)
    low, high = MOMENT_TEMPO
    return round(max(low, min(high, 1 + 0.5 * (ratio - 1))), 3)


def _felt_bars(layout: list[Block]) -> float:
    """Bars weighted by their sections' tempo factors: what the length is made of."""
    return sum(b.bars / b.tempo for b in layout)


def _bars_for(seconds: float, bpm: float, meter: Meter) -> float:
    return seconds * bpm / 60 / meter.pulses


def _even_bars(x: float) -> int:
    """Nearest even bar count, at least 2: phrases come in pairs of bars."""
    return max(2, 2 * round(x / 2))


DEFAULT_SECONDS = 120.0
# How far a moment's own tempo may stray from the piece's (a factor range).
MOMENT_TEMPO = (0.85, 1.18)
# How far the tempo may be tuned to fit whole phrases into the asked length (a factor either way).
TEMPO_BEND = 1.5


def _key(feel: Feel, band: tuple[PartPlan, ...], rng: random.Random, reasons: list[str]) -> Key:
    """The home key: the piece opens in the first moment's mode (later moments bring their own);
    a scene without moments takes the whole feel's."""
    opening = feel.moments[0].valence if len(feel.moments) > 1 else feel.valence
    colour = opening + BRIGHTNESS_TILT * feel.brightness
    mode = feel.mode or mode_for(colour)
    reasons.append(f"mode {mode}: " + ("set in [music]" if feel.mode else
                                       f"valence {opening:+.2f}, tilted by the setting's "
                                       f"brightness {feel.brightness:+.2f} (dark-to-bright mode order)"))
    arousal = feel.moments[0].arousal if len(feel.moments) > 1 else feel.arousal
    mood = quadrant(opening, arousal)
    lead = feel.palette.lead
    melody, harmony = next(p for p in band if p.role == "Melody"), next(p for p in band if p.role == "Harmony")
    tonic = feel.tonic if feel.tonic is not None else choose_tonic(
        MODES[mode][2] == 3, mood, lead.program, harmony.high, melody.high, rng)
    key = Key(tonic, mode, feel.tonic_name if feel.tonic is not None else None)
    reasons.append(f"key {key.label}: " + (
        "tonic set in [music]" if feel.tonic is not None else
        f"tonic drawn from the seed, weighted by the {mood} key colours, the {lead.name}'s keys and its register"))
    return key


def _meter(feel: Feel, rng: random.Random, reasons: list[str]) -> Meter:
    if feel.meter:
        meter = Meter(*feel.meter)
        reasons.append(f"meter {meter}: set in [music]")
    else:
        band = next(w for top, w in METER_WEIGHTS if feel.arousal <= top)
        meter = Meter(*_weighted(rng, band))
        reasons.append(f"meter {meter}: arousal {feel.arousal:+.2f} weights the metres")
    return meter


# A first moment this many bars long or longer (a period: antecedent and consequent) states the
# home key and closes on its tonic before the next moment (Caplin, *Classical Form*: the small
# ternary's exposition closes with an authentic cadence before the contrasting middle). Every
# moment but the last stood open on the dominant, and a composer's reading found a piece in four
# moments with no authentic cadence in its home key at all (held-out 84: seven half and evaded
# closes, the only full close in another mode at the very end), its arrival "a period" whose
# consequent ended on V again.
STATED_BARS = 8


def moment_close(index: int, count: int, bars: int) -> str:
    """The cadence that ends a scene's moment: the last closes, the first closes where it is long
    enough to state the key (STATED_BARS), the others stand open on the dominant, leading on."""
    if index == count - 1 or (index == 0 and bars >= STATED_BARS):
        return "authentic"
    return "half"


def _layout(feel: Feel, meter: Meter, form: Form | None, rng: random.Random) -> list[Block]:
    """Section lengths in bars, from the moments' lengths or the form's shares of the whole, at
    the feel's own tempo (the tempo is tuned to them afterwards)."""
    moments = feel.moments
    if feel.bars is not None:
        total = feel.bars
        fixed = None
    else:
        fixed = [m.bars if m.bars is not None else
                 (_bars_for(m.seconds, feel.bpm, meter) if m.seconds is not None else None)
                 for m in moments]
        if feel.seconds is None and all(f is not None for f in fixed):
            total = sum(fixed)
        else:
            total = _bars_for(feel.seconds or DEFAULT_SECONDS, feel.bpm, meter)
    if form is None:
        given = [None] * len(moments) if fixed is None else fixed
        known = sum(g for g in given if g is not None)
        unknown = [i for i, g in enumerate(given) if g is None]
        share = max(total - known, 2 * len(unknown)) / len(unknown) if unknown else 0
        raw = [g if g is not None else share for g in given]
        scale = total / sum(raw)
        valences = [m.valence for m in moments]
        return [Block(m.name, _letters(i), _even_bars(r * scale), m.intensity, m.valence, m.arousal,
                      _moment_tempo(feel, m.valence, m.arousal), "moment",
                      moment_area(i, len(moments), m.valence, valences[i - 1] if i else m.valence),
                      moment_close(i, len(moments), _even_bars(r * scale)))
                for i, (m, r) in enumerate(zip(moments, raw))]
    m = moments[0]
    seconds = total * meter.pulses * 60 / feel.bpm
    rows = rows_for(form, seconds, _even_bars(total), rng, quadrant(m.valence, m.arousal))
    intensity = m.intensity
    return [Block(label, label, bars, level(intensity, row),
                  m.valence, m.arousal, 1.0, row.role, row.area, row.close)
            for row, label, bars in zip(rows, labels(rows), _shares(rows, _even_bars(total)))]


# An intro or interlude (the accompaniment alone) lasts at most this many bars and this share of
# the piece: a vamp of two to four bars or a ritornello of up to eight, not the 8-bar bare intro of
# a 40-bar piece or the 16 bars without a tune a composer's reading found.
ALONE_MOST_BARS = 8
ALONE_MOST_SHARE = 0.1
# A short piece's sections are counted in single bars (its phrases of 3, 5 and 7 bars give them
# their proportions), a longer one's in pairs.
SHORT_PIECE_BARS = 24


def _shares(rows, total: int) -> list[int]:
    """Each row's bars, in pairs (single bars in a short piece), in proportion to its weight and
    summing to `total` (largest remainders first), none under one unit."""
    unit = 1 if total < SHORT_PIECE_BARS else 2
    pairs = max(len(rows), total // unit)
    weight = sum(r.weight for r in rows)
    exact = [pairs * r.weight / weight for r in rows]
    counts = [max(1, int(x)) for x in exact]
    order = sorted(range(len(rows)), key=lambda i: (counts[i] - exact[i], i))
    k = 0
    while sum(counts) < pairs:
        counts[order[k % len(order)]] += 1
        k += 1
    order = sorted(range(len(rows)), key=lambda i: (exact[i] - counts[i], i))
    k = 0
    while sum(counts) > pairs and any(c > 1 for c in counts):
        i = order[k % len(order)]
        if counts[i] > 1:
            counts[i] -= 1
        k += 1
    # The band alone (an intro, an interlude) sets the scene or links two sections in a few bars:
    # what it would hold beyond its cap goes to the sections that sing, the largest first.
    cap = max(1, min(ALONE_MOST_BARS, round(total * ALONE_MOST_SHARE)) // unit)
    singing = sorted((i for i, r in enumerate(rows) if r.role not in ACCOMPANIMENT_ONLY),
                     key=lambda i: (-rows[i].weight, i))
    for i, r in enumerate(rows):
        if r.role in ACCOMPANIMENT_ONLY and counts[i] > cap and singing:
            for k in range(counts[i] - cap):
                counts[singing[k % len(singing)]] += 1
            counts[i] = cap
    return [unit * c for c in counts]


def asked_seconds(feel: Feel) -> float | None:
    """The length the scene asks for in time (its moments' times added up when only they give
    one); None when it is given in bars."""
    if feel.bars is not None:
        return None
    if feel.seconds is None and all(m.seconds is not None for m in feel.moments):
        return sum(m.seconds for m in feel.moments)
    return feel.seconds


def _tempo(feel: Feel, layout: list[Block], meter: Meter, reasons: list[str]) -> float:
    """The tempo, tuned (a film composer's trick) so whole phrases fill the asked length exactly,
    within bounds: a tempo bent further than TEMPO_BEND would no longer be the one asked for.
    Resizes `layout` two bars at a time where the tempo alone cannot fit it."""
    asked = asked_seconds(feel)
    bpm = feel.bpm
    if asked is not None and feel.bars is None:
        low, high = max(MIN_BPM, feel.bpm / TEMPO_BEND), min(MAX_BPM, feel.bpm * TEMPO_BEND)
        _fit(layout, asked * low / 60 / meter.pulses, asked * high / 60 / meter.pulses)
        bars_total = sum(b.bars for b in layout)
        bpm = _felt_bars(layout) * meter.pulses * 60 / asked
        if not low - 1e-9 <= bpm <= high + 1e-9:
            fits = asked * feel.bpm / 60 / meter.pulses
            raise SceneError(f"{asked:g} s at {feel.bpm:.0f} BPM in {meter} holds {fits:.1f} bars, but "
                             f"{len(layout)} section{'s need' if len(layout) > 1 else ' needs'} {bars_total} "
                             f"(whole phrases of 2 bars or more): give it more time, a faster tempo "
                             f"or fewer moments", field="length")
        reasons.append(f"tempo {bpm:.1f}: {feel.bpm_source}, tuned from {feel.bpm:.0f} so "
                       f"{bars_total} bars last {asked:.0f} s")
    else:
        reasons.append(f"tempo {bpm:.0f}: {feel.bpm_source}")
    seconds = _felt_bars(layout) * meter.pulses * 60 / bpm
    # The asked length itself is allowed: the tempo tuned to fill it may land a float's rounding
    # above it (3600.0000000005 s), which is not a piece over the limit.
    if seconds > MAX_SECONDS * (1 + 1e-9):
        bars_total = sum(b.bars for b in layout)
        raise SceneError(f"{bars_total} bars of {meter} at {bpm:.0f} BPM last {seconds / 60:.0f} minutes, "
                         f"over the {MAX_SECONDS // 60:.0f}-minute limit", field="length")
    return bpm


def _over_the_tune(instrument: Instrument, tune: PartPlan, shift: int) -> bool:
    """Does the counter sing over the tune (DESCANT)? Where its instrument has less than LINE_ROOM
    of its strong register under the tune's middle, and more over it."""
    strong_low, strong_high = strong_register(instrument.program)
    middle = (tune.low + tune.high) // 2
    low, _ = window(RANGES["Counter"][0] + shift, RANGES["Counter"][1] + shift, instrument.program)
    _, high = window(DESCANT[0] + shift, DESCANT[1] + shift, instrument.program)
    under = min(strong_high, middle - DESCANT_CLEAR) - max(strong_low, low)
    over = min(strong_high, high) - max(strong_low, middle + DESCANT_CLEAR)
    return under < LINE_ROOM and over > under


def _band(feel: Feel, reasons: list[str]) -> tuple[PartPlan, ...]:
    palette = feel.palette
    parts = [("Melody", palette.lead), ("Harmony", palette.harmony), ("Bass", palette.bass)]
    if palette.texture is not None:
        parts.append(("Texture", palette.texture))
    if palette.counter is not None:
        parts.append(("Counter", palette.counter))
    if palette.drums in DRUM_KITS and feel.arousal >= DRUMS_MIN_AROUSAL:
        if palette.drums in TIMPANI_KITS:
            parts.append(("Timpani", Instrument("Timpani", 47)))
        if palette.drums not in GROOVES or feel.bpm >= GROOVE_MIN_BPM:
            parts.append(("Drums", DRUM_KITS[palette.drums]))
        else:
            reasons.append(f"drums: no drum-set groove at {feel.bpm:.0f} beats a minute (under "
                           f"{GROOVE_MIN_BPM})" + ("; the timpani keep the pulse"
                                                   if palette.drums in TIMPANI_KITS else ""))
    band = []
    for role, instrument in parts:
        low, high = RANGES[role]
        shift = {"Bass": min(palette.register, 0), "Drums": 0}.get(role, palette.register)
        above = role == "Counter" and _over_the_tune(instrument, band[0], shift)
        if above:
            low, high = DESCANT
            reasons.append(f"counter: the {instrument.name} sings over the tune (a descant), in "
                           "its strong register")
        if role != "Drums":  # the role's range inside the instrument's practical one (Adler)
            low, high = window(low + shift, high + shift, instrument.program)
            shift = 0
        if role == "Harmony" and band:
            # under the tune: as far below its floor as RANGES keeps it, and at least half an
            # octave under its middle (a narrow lead like the horn keeps the chords beneath it)
            tune = band[0]
            high = min(high, tune.low + RANGES["Harmony"][1] - RANGES["Melody"][0],
                       (tune.low + tune.high) // 2 - 6)
        band.append(PartPlan(role, instrument, CHANNELS[role], low + shift, high + shift, above))
    reasons.append("band: " + ", ".join(f"{p.role} {p.instrument.name}" for p in band)
                   + (f" (from {', '.join(palette.sources)})" if palette.sources else ""))
    return tuple(band)


def plan_piece(feel: Feel, title: str, rng: random.Random) -> Plan:
    """Every decision about the piece, and each section's character, with the reasons."""
    reasons: list[str] = []
    band = _band(feel, reasons)
    key = _key(feel, band, rng, reasons)
    meter = _meter(feel, rng, reasons)
    form = None if len(feel.moments) > 1 else choose_form(
        quadrant(feel.valence, feel.arousal), feel.arousal,
        feel.seconds if feel.seconds is not None else
        feel.bars * meter.pulses * 60 / feel.bpm if feel.bars is not None else DEFAULT_SECONDS,
        feel.palette.texture_pattern if feel.palette.texture else None, rng)
    layout = _layout(feel, meter, form, rng)
    if form is not None:
        reasons.append(f"form {form.name}: {form.description}; chosen by the mood, the length "
                       "and the setting")
    bpm = _tempo(feel, layout, meter, reasons)
    hits: tuple[hitpoints.HitPlan, ...] = ()
    if feel.hits:
        bpm, hits = _place_hits(feel, layout, meter, bpm, reasons)
    drums = any(p.role == "Drums" for p in band)

    # The piece's energy, halfway between its calmest and its most intense section's: each
    # section's tune sits above or below the piece's register as its own energy stands above or
    # below this (character.lift), so the most intense rises and the calmest sinks however long
    # each lasts.
    energies = [energy(b.intensity, b.arousal) for b in layout]
    centre = (min(energies) + max(energies)) / 2

    def character(valence: float, arousal: float, intensity: float, role: str = "theme",
                  piece: bool = False) -> Character:
        return character_of(valence, arousal, feel.tension, intensity, feel.palette, meter, drums,
                            role, None if piece else centre)

    bar_seconds = meter.pulses * 60 / bpm
    sections = []
    bar = 0
    shapes: dict[str, tuple[int, ...]] = {}  # each letter's phrase lengths where it first appears
    surprises: Counter = Counter()  # the inner closes other than half taken so far (_phrases)
    for i, block in enumerate(layout):
        if feel.mode or feel.tonic is not None:
            skey = key  # a key set in [music] holds for the whole piece
        elif form is None:  # a moment brings its own mood's mode to its key area
            mode = feel.mode or mode_for(block.valence + BRIGHTNESS_TILT * feel.brightness)
            skey = key if i == 0 else area_key(key, block.area, mode)
        else:
            skey = area_key(key, block.area)
        per_bar = 2 if bar_seconds / 2 >= SECONDS_PER_CHORD and meter.numerator != 3 else 1
        sections.append(Section(name=block.name, label=block.label, start_bar=bar, bars=block.bars,
                                key=skey,
                                character=character(block.valence, block.arousal, block.intensity,
                                                    block.role),
                                chords_per_bar=per_bar,
                                phrases=_phrases(bar, block.bars, block.role, block.close, rng,
                                                 feel.tension, max(0.0, -block.arousal),
                                                 shapes.get(block.label.rstrip("'0123456789"), ()),
                                                 hits, surprises),
                                tempo=block.tempo, role=block.role))
        shapes.setdefault(sections[-1].family, tuple(p.bars for p in sections[-1].phrases))
        bar += block.bars
    # The form places each section's register (composer.form.registers): its energy's lift moved
    # by its role, a moment named for the height raised to it.
    placed = registers([s.role for s in sections], [s.family for s in sections],
                       [s.character.lift for s in sections],
                       [form is None and names_climax(s.name) for s in sections],
                       [max((g.rise for g in section_growth(s) if g is not None), default=0)
                        for s in sections])
    sections = [s if r == s.character.register else
                dataclasses.replace(s, character=dataclasses.replace(s.character, register=r))
                for s, r in zip(sections, placed)]
    # new material changes the accompaniment's figure from the section before's (character.contrasted)
    characters = contrasted([s.character for s in sections], [s.family for s in sections], feel.palette,
                            meter, form is not None and form.name == OSTINATO_FORM, [s.role for s in sections])
    sections = [dataclasses.replace(s, character=c) for s, c in zip(sections, characters)]
    if feel.palette.figure is not None:
        reasons.append(_figure_reason(feel.palette.figure, sections, form is None))
    reasons.append("form: " + ", ".join(
        f"{s.name} ({s.bars} bars in {s.key.label}, intensity {s.character.intensity:.2f}"
        + (f", tempo x{s.tempo:.2f}" if s.tempo != 1.0 else "") + ")" for s in sections))
    reasons += [r for r in map(_growth_reason, sections) if r]
    return Plan(title=title, key=key, meter=meter, bpm=round(bpm, 2), sections=tuple(sections),
                band=band, form=form.name if form else "moments", character=character(feel.valence, feel.arousal, intensity_for(feel.arousal), piece=True),
                reverb=feel.palette.reverb, chorus=feel.palette.chorus, reasons=tuple(reasons),
                seconds=asked_seconds(feel), hits=hits, figure=feel.palette.figure)


def section_growth(section: Section) -> list[Growth | None]:
    """Each of the section's phrases' group as it grows (composer.form.growth): by where the
    phrase starts, a period's consequent in its antecedent's group."""
    return growth(section.role, section.bars,
                  [p.start_bar - section.start_bar for p in section.phrases],
                  [p.role == "consequent" for p in section.phrases])


def _growth_reason(section: Section) -> str | None:
    """How a long section grows within (composer.form.GROWTH), for explain; None for the others."""
    groups = section_growth(section)
    if groups[0] is None:
        return None
    stages = []
    for phrase, group, before in zip(section.phrases, groups, [None] + groups[:-1]):
        if group is not before:
            stages.append(f"bar {phrase.start_bar + 1} {group.rise:+d} steps"
                          + "".join(f", {role} joins" for role in group.joins
                                    if before is None or role not in before.joins)
                          + "".join(f", {role} as its intensity has it" for role in (before.joins if before else ())
                                    if role not in group.joins))
    return (f"{section.name} grows within its {section.bars} bars in phrase groups (a long section: "
            f"the parts its band has entering in stages, the phrases climbing to its own high point): "
            + "; ".join(stages))


def _figure_reason(figure: str, sections: list[Section], moments: bool) -> str:
    """Which idea the setting's figure opens (melody.motif.figured_section decides), and why."""
    # here: the melody package imports this module
    from composer.melody.motif import FIGURES, figured_section

    # where it came from (a setting word or [music]) is in the band's reason, with the rest
    what = FIGURES[figure].what
    section = figured_section(sections, figure)
    if section is None:
        return (f"the setting's figure, {what}, opens no idea: no moment's topic takes it "
                "(melody.motif.TOPIC_FIGURES: a torrent keeps its runs, a strike its blows)")
    if not moments:
        return f"the tune's idea opens with {what} (melody.motif.FIGURES)"
    return (f"the tune's idea opens with {what} (melody.motif.FIGURES) in '{section.name}', the "
            f"first moment whose topic ({getattr(section.character, 'topic', 'song')}) takes it "
            "(melody.motif.TOPIC_FIGURES); the others keep their topic's own openings")


def _place_hits(feel: Feel, layout: list[Block], meter: Meter, bpm: float, reasons: list[str]
                ) -> tuple[float, tuple[hitpoints.HitPlan, ...]]:
    """The tempo and the bars that meet the scene's hit points (composer.hits), the layout
    resized and its sections moved to fit them; the tempo nudge over each stretch between them."""
    asked = asked_seconds(feel)
    total = sum(b.bars for b in layout)
    tuned, bars = hitpoints.fit_tempo(feel.hits, asked, layout, meter, bpm, feel.bpm, TEMPO_BEND, total)
    if asked is not None:
        hitpoints.resize(layout, bars[-1])
    hit_bars = bars[:len(feel.hits)]
    used = {b.label.rstrip("'0123456789") for b in layout}

    def split(block: Block, size: int) -> Block:
        letter = next(_letters(i) for i in range(len(used) + 1) if _letters(i) not in used)
        used.add(letter)
        return dataclasses.replace(block, bars=size, label=letter,
                                   name=letter if block.name == block.label else f"{block.name} II")

    sections = hitpoints.start_sections(
        layout, [(h, b) for h, b in zip(feel.hits, hit_bars) if h.kind == "section"], split)
    closes = hitpoints.close_sections(
        layout, [(h, b) for h, b in zip(feel.hits, hit_bars) if h.kind == "cadence"],
        {b for h, b in zip(feel.hits, hit_bars) if h.kind == "section"})
    times = [h.at for h in feel.hits] + ([asked] if asked is not None else [])
    lines = hitpoints.bar_lines(layout, meter, tuned, max(times))
    nudges = hitpoints.nudges(times, bars, lines)
    plans = []
    climax = None
    for hit, bar, nudge in zip(feel.hits, hit_bars, nudges):
        kind, how = hit.kind, []
        if kind == "climax" and climax is not None:
            kind = "accent"
            how.append(f"the climax is hits[{climax}]'s; this one is played as an accent")
        climax = climax or (hit.number if kind == "climax" else None)
        if kind == "section":
            how.append(sections[hit.number])
        elif kind == "cadence":
            how.append("an authentic cadence arrives on this downbeat")
            if hit.number in closes:
                how.append(closes[hit.number])
        elif kind == "stop":
            how.append("the phrase before ends here; a bar's general pause")
        elif kind == "climax":
            how.append("the melody's summit and the fullest bar")
        else:
            how.append("every part strikes, sforzando")
        met = abs(nudge) <= hitpoints.HIT_NUDGE + 1e-9
        problem = ""
        if not met and bar == hitpoints.FIRST_BAR[hit.kind]:
            problem = (f"it comes too early: {'an' if hit.kind[0] in 'aeiou' else 'a'} {hit.kind} can land no sooner than bar {bar + 1} ("
                       + ("the music starts on bar 1)" if bar == 0 else "a phrase has to lead to it)"))
        elif not met and plans and bar == plans[-1].bar + 1:
            problem = f"it comes too soon after hits[{plans[-1].number}]: a bar between them is the least"
        elif not met:
            problem = (f"the music before it would have to move {nudge:+.1%}, more than the "
                       f"{hitpoints.HIT_NUDGE:.0%} a tempo may bend between hits")
        plans.append(hitpoints.HitPlan(hit.number, kind, hit.at, bar, round(nudge, 4), "; ".join(how),
                                       met, problem))
    reasons.append(f"hits: tempo {tuned:.1f} " + (f"(from {bpm:.1f}, searched within {hitpoints.TEMPO_SEARCH:.0%}) "
                   if abs(tuned - bpm) > 0.05 else "kept ") + f"so the {len(plans)} hit point"
                   f"{'s' if len(plans) != 1 else ''} fall on bar lines; "
                   "the music between them moves by at most "
                   f"{max(abs(n) for n in nudges):.1%} ({len(layout)} sections, {sum(b.bars for b in layout)} bars)")
    return tuned, tuple(plans)
