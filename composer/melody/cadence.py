"""Where a phrase begins and where it ends: the upbeat that leads into its first strong beat, and
the figure on its cadence bar.

Why (composition-craft.md, "Upbeats and phrase starts"): 83 % of 1,589 Essen folk tunes and 74 % of
120 Bach chorales begin with an upbeat, and every phrase of Schubert's *Lindenbaum* does; a phrase
that starts on the downbeat after a held note and a rest, every four bars, is the clearest mark of a
machine. A phrase's upbeat therefore sits at the end of the previous phrase's cadence bar, after its
cadence tone (which is shorter for it), and the piece's first phrase may open with a bar that rests
under the accompaniment and ends with the pickup (a MIDI file has no partial first bar).

The cadence bar itself ends the phrase in one of several ways (ENDINGS: held, short, feminine,
turned, anticipated, tailed, led in), chosen per phrase by the cadence it closes, the mood and the
ending before it, so that a piece does not end every phrase with one held note and silence.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from composer.harmony.span import deceives
from composer.melody.fit import STEP, STRONG, Slot, Tone, degree_pitch, is_chord_tone, local_scale
from composer.melody.frame import CLIMAX_MARGIN, Frame, pitch_degree
from composer.melody.rhythm import EIGHTH, band, family
from composer.piece import NEUTRAL_VELOCITY, Meter, Note
from composer.streams import streams
from composer.theory.motion import (Line, awkward, beat_at_or_after, line_at, parallel,
                                    parallel_through, strong_at_or_after, strong_before)

# The cadence tone, as preferred scale steps (0 = tonic) of the chord under it: an authentic or
# plagal cadence lands on the tonic or its third; a half cadence on a tone of V, its fifth (the
# second step) first, then its root or third. The root is the fifth step, the tone V shares with
# the tonic chord: preferred first, the tunes ended 37 % of their inner phrases on it against the
# Essen folk songs' 27 % (the second step 15 % against 19 %), and a still section began its
# phrases on the common tone and came back to it at every half close (held-out 12's turn on F#5).
# With the second step first: 25 % on the fifth step, 28 % on the second. A deceptive cadence
# lands on the tonic sounding as the third of vi; an elided cadence reaches its chord the way an
# authentic one would. An evaded cadence withholds the arrival (Caplin, *Classical Form*: the
# dominant goes on to I6 or IV6 instead of the root-position tonic, and the melody typically leaps
# back up to the fifth to begin "one more time"): the tune lands on the fifth, else the tonic,
# never the third, which the evading chord's bass already holds (doubling it in the outer voices
# would sound like the arrival the cadence denies).
CADENCE_DEGREES = {"authentic": (0, 2), "plagal": (0, 2), "half": (1, 4, 6), "deceptive": (0, 2, 5),
                   "evaded": (4, 0), "elided": (0, 2)}
FINAL_DEGREES = (0,)

# Upbeats in eighth notes by metre family and arousal band (the notes before the phrase's first
# downbeat): one or two notes when calm, a short run when energetic; in 6/8 the single eighth and
# the lilting quarter-eighth of the siciliano.
PICKUPS: dict[str, dict[str, tuple[tuple[float, ...], ...]]] = {
    "4/4": {"calm": ((2,), (1, 1), (2,)),
            "moderate": ((1, 1), (2,), (1,), (1, 1)),
            "energetic": ((1, 1), (0.5, 0.5, 1), (1, 1, 1), (1,))},
    "3/4": {"calm": ((2,), (1, 1)),
            "moderate": ((1, 1), (2,), (1,)),
            "energetic": ((1, 1), (1,), (0.5, 0.5, 1))},
    "6/8": {"calm": ((1,), (2, 1)),
            "moderate": ((1,), (1, 1, 1), (2, 1)),
            "energetic": ((1, 1, 1), (1,), (0.5, 0.5, 1))},
}
# How often a phrase leads in with an upbeat, by arousal band: most do (the corpora's 74-83 %),
# calm music a little less often, so some phrases still begin on a breath and a downbeat. Elisions,
# interludes, a first phrase without room and pickups longer than half a bar take theirs away
# (plan_upbeats): drawn at 0.62, 0.72 and 0.75, 43 % of the example scenes' phrase starts and 38 %
# of the held-out scenes' had one.
UPBEAT_CHANCE = {"calm": 0.75, "moderate": 0.82, "energetic": 0.85}
# The rest between the cadence tone and the next phrase's upbeat (eighths): calm music ties its
# phrases together, energetic music breathes.
BREATH = {"calm": 0, "moderate": 1, "energetic": 2}
# With no upbeat following, the cadence tone is held to a shorter breath than before (eighths).
BREATH_ALONE = {"calm": 1, "moderate": 1, "energetic": 2}
@dataclass(frozen=True)
class Upbeat:
    """The notes that lead into a phrase: their lengths in ticks, the last ending on the phrase's
    first downbeat."""

    values: tuple[int, ...]

    @property
    def length(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class CadenceBar:
    """How a cadence bar is divided: an optional lean (a step from the cadence tone) on the
    downbeat, the cadence tone, then a breath and the next phrase's upbeat fill the bar."""

    lean: int  # ticks of the appoggiatura or suspension before the cadence tone; 0 for none
    tone: int  # ticks of the cadence tone
    tail: tuple[int, ...] = ()  # the lengths of the tail figure after it ("tail")
    turn: int = 0  # ticks of each of the turn's three notes before the tone ("turn"); 0 for none
    run: tuple[int, ...] = ()  # the lengths of the lead-in after the tone ("lead-in")


def elided(phrase, following) -> bool:
    """The cadence bar is also the next phrase's first bar (an elision, Schoenberg): the line runs
    on through it, with neither breath nor upbeat. Read from the plan's cadence kind, its own flag,
    or phrases that overlap."""
    return (phrase.cadence == "elided" or bool(getattr(phrase, "elided", False))
            or (following is not None and following.start_bar < phrase.end_bar))


def _ticks(values: tuple[float, ...]) -> tuple[int, ...]:
    return tuple(round(v * EIGHTH) for v in values)


# Where a Counter part answers the melody in its gaps, a duet takes turns: the melody leads into
# fewer phrases and reaches its cadence tones directly, leaving the cadence bar's space to it.
DUET_UPBEAT_SHARE = 0.7


def duet(plan) -> bool:
    return plan.part("Counter") is not None


# How often an upbeat takes its rhythm from the section's own motif (its last notes, or its first,
# that fit in half a bar) rather than from the metre's stock pickups: the anacrusis that sounds
# like the tune it leads into (every phrase of Schubert's *Lindenbaum* starts with its own
# figure), and a piece's upbeats are its own, not every piece's.
MOTIF_UPBEAT = 0.6


def motif_upbeats(rhythm: tuple[int, ...], bar: int) -> tuple[tuple[int, ...], ...]:
    """Upbeats made from a motif's rhythm: its tail and its head, each the most notes (two at
    least) that fit in less than half a bar (from the bar's middle on, a lead-in starts on a
    strong beat of its own and is a phrase, not an upbeat)."""
    out = []
    for values in (rhythm[::-1], rhythm):
        taken, total = [], 0
        for v in values:
            if total + v >= bar // 2:
                break
            taken.append(v)
            total += v
        if len(taken) >= 2:
            out.append(tuple(taken[::-1]) if values is not rhythm else tuple(taken))
    return tuple(dict.fromkeys(out))


def plan_upbeats(plan, rng: random.Random, motif_rhythm=None) -> tuple[Upbeat | None, ...]:
    """Per phrase of the piece, its upbeat or None. A consequent takes its antecedent's upbeat and
    a returning section its first statement's (the upbeat is part of the idea); no upbeat goes into
    a phrase that an elided cadence runs into, nor where the plan forbids it (`upbeat_ok`); the
    piece's first phrase leads in from a rest-led first bar only when it has bars to spare.
    `motif_rhythm(section)` gives the rhythm of the section's motif (MOTIF_UPBEAT). Each phrase
    draws from a stream of its own (composer.streams)."""
    draw = streams(rng)
    meter = plan.meter
    phrases = plan.phrases
    out: list[Upbeat | None] = []
    remembered: dict[tuple[str, int], Upbeat | None] = {}
    index = 0
    for si, section in enumerate(plan.sections):
        row = PICKUPS[family(meter)][band(section.character.arousal)]
        own = motif_upbeats(motif_rhythm(section), meter.bar_ticks) if motif_rhythm else ()
        chance = UPBEAT_CHANCE[band(section.character.arousal)] * (
            DUET_UPBEAT_SHARE if duet(plan) else 1.0)
        antecedent: Upbeat | None = None
        for k, phrase in enumerate(section.phrases):
            previous = phrases[index - 1] if index else None
            rng = draw("upbeat", si, k)
            drawn = rng.random() < chance
            values = _ticks(rng.choice(row))
            if own and rng.random() < MOTIF_UPBEAT:
                values = rng.choice(own)
            choice = Upbeat(values) if drawn else None
            if phrase.role == "consequent" and antecedent is not None and rng.random() < 0.8:
                choice = antecedent
            choice = remembered.setdefault((section.family, k), choice)
            allowed = bool(getattr(phrase, "upbeat_ok", True))
            if previous is None:
                allowed = allowed and phrase.bars >= 4  # the first bar rests, the body keeps 2+
            elif elided(previous, phrase) or not getattr(previous, "melody", True):
                allowed = False  # no upbeat over an elision, nor out of an interlude's silence
            if choice is not None and choice.length * 2 > meter.bar_ticks:
                allowed = False
            out.append(choice if allowed else None)
            if phrase.role == "antecedent":
                antecedent = choice
            index += 1
    return tuple(out)


# A tail has at most this many notes; the cadence tone keeps at least a pulse before it.
TAIL_NOTES = 2


def motif_tail(rhythm: tuple[int, ...], room: int) -> tuple[int, ...]:
    """The tail figure's lengths: the motif's last notes that fit in `room` ticks (at most
    TAIL_NOTES), else its first ones; () when neither fits."""
    for values in (rhythm[::-1], rhythm):
        taken: list[int] = []
        for v in values[:TAIL_NOTES]:
            if sum(taken) + v > room:
                break
            taken.append(v)
        if taken:
            return tuple(taken[::-1]) if values is not rhythm else tuple(taken)
    return ()


# ---- phrase endings -----------------------------------------------------------------------------
#
# A composer ends phrases in more than one way, and which way depends on what the cadence closes,
# on the mood and on what came before (a composer's reading of the project's storm: "a single held
# note and rest in 9 of 10 arrival bars"). The kinds of ending, each a way to fill the cadence bar
# around the cadence tone:
# - held: the tone on the downbeat, held to a breath (the plain arrival);
# - short: the tone for one pulse, then a breath, the next phrase's upbeat starting inside the bar
#   (Rothstein, *Phrase Rhythm in Tonal Music*: the upbeat to the next phrase begins within the
#   cadence bar, so the phrases overlap in the ear);
# - feminine: the step above on the downbeat (an appoggiatura, or a suspension where the line
#   already holds it) resolving down onto the tone on a weak beat (Caplin, *Classical Form*, on
#   the "feminine" cadence: the arrival displaced to a weak beat by a dissonance on the strong one;
#   Aldwell & Schachter: the 4-3 and 9-8 over the cadence chord); where the step above lies over
#   the phrase's ceiling, the step below rising onto it (the rising appoggiatura);
# - turn: the tone ornamented on the downbeat, step above, tone, step below, tone (the written-out
#   turn, Doppelschlag, of the cadential melody: Caplin's "cadential embellishment");
# - anticipation: the tone struck early, on the last eighth of the bar before, over the dominant,
#   then again on the downbeat (Aldwell & Schachter, ch. 10: the anticipation, the Baroque
#   cadence's "Corelli" figure);
# - tail: after the tone, the motif's own last notes (Schoenberg, *Fundamentals*: the cadence
#   liquidates the motif to its tail; the after-beat of a folk cadence);
# - lead-in: after a half cadence, the tone for a pulse, then a stepwise run over the held
#   dominant into the next phrase (Rothstein: the lead-in, Mozart's Eingang, fills the gap after a
#   half cadence and leads back to the theme); also after an evaded or deceptive cadence, which
#   goes on "one more time" (Caplin).
# An elided cadence runs on into the next phrase (it may lean, nothing else); the piece's last
# note holds the tonic for the whole bar.


@dataclass(frozen=True)
class Ending:
    """One kind of ending: the cadences it can close and its weight by arousal band (calm,
    moderate, energetic): calm music ends softly and at length (held, feminine, turned),
    energetic music clips its arrivals short and drives on (short, anticipated, tailed)."""

    cadences: frozenset[str]
    weights: tuple[float, float, float]


_CLOSING = frozenset({"authentic", "plagal"})
_ALL = frozenset({"authentic", "plagal", "half", "deceptive", "evaded"})
ENDINGS: dict[str, Ending] = {
    "held": Ending(_ALL - {"evaded"}, (3.0, 2.0, 1.0)),
    "short": Ending(_ALL, (0.5, 1.5, 3.0)),
    "feminine": Ending(_CLOSING | {"half", "deceptive"}, (2.5, 1.5, 0.75)),
    "turn": Ending(_CLOSING | {"half"}, (1.5, 1.25, 0.5)),
    "anticipation": Ending(_CLOSING | {"half", "deceptive"}, (0.5, 1.25, 2.0)),
    "tail": Ending(_ALL, (1.0, 2.0, 2.0)),
    "lead-in": Ending(frozenset({"half", "evaded", "deceptive"}), (1.5, 1.5, 1.5)),
}
_BANDS = ("calm", "moderate", "energetic")
# The mood's own leanings, as factors on the band's weights (emotion-rules.md): the sigh of sad
# and tender music, the delay and drive of tense music, the after-beat of joyful music.
MOOD_ENDINGS = {"sad": {"feminine": 1.6, "held": 1.2}, "tender": {"feminine": 1.4, "turn": 1.3},
                "joy": {"tail": 1.4, "turn": 1.2}, "tense": {"anticipation": 1.4, "short": 1.3}}
# Where a Counter part answers the melody in its gaps, the cadence bar's space after the tone is
# the counter's answer: the melody ends on its tone however it reaches it, with no tail or lead-in.
DUET_ENDINGS = frozenset({"held", "short", "feminine", "turn", "anticipation"})
# A piece has a way of closing of its own, as a composer has (the piece's favourite ending counts
# this much more, its second favourite SECOND_FAVOURITE), without ending every phrase so.
FAVOURITE = 2.0
SECOND_FAVOURITE = 1.5


def ending_weights(cadence: str, arousal: float, mood: str, kinds=None) -> dict[str, float]:
    """The weight of each kind of ending that can close `cadence` (an elided cadence as the
    authentic one it completes), in this band and mood; `kinds` limits them."""
    cadence = "authentic" if cadence == "elided" else cadence
    column = _BANDS.index(band(arousal))
    leaning = MOOD_ENDINGS.get(mood, {})
    return {kind: row.weights[column] * leaning.get(kind, 1.0) for kind, row in ENDINGS.items()
            if cadence in row.cadences and (kinds is None or kind in kinds)}


def drawn(weights: dict[str, float], u: float) -> tuple[str, float]:
    """The kind a uniform draw `u` in [0, 1) falls on, the kinds in the table's order, and where
    in its share it fell (again uniform in [0, 1): a second choice from the same draw)."""
    total = sum(weights.values())
    reach = 0.0
    for kind, weight in weights.items():
        share = weight / total
        if u < reach + share:
            return kind, min(0.999999, (u - reach) / share)
        reach += share
    return kind, 0.0


# The shapes each kind takes, as (pulses the lean takes before the tone, pulses from the
# downbeat after which the tone stops, None: held to the breath): a feminine ending's
# appoggiatura may last one pulse or two (the long appoggiatura of the sigh), its tone held or
# let go; a turned or anticipated tone, and a short one, held a little longer or not. A shape
# the bar has no room for is sung as the kind's first. So two pieces ending the same way still
# differ in rhythm, as endings of one kind do in the literature.
SHAPES: dict[str, tuple[tuple[int, int | None], ...]] = {
    "held": ((0, None),),
    "short": ((0, 1), (0, 2)),
    "feminine": ((1, None), (2, None), (1, 2)),
    "turn": ((0, None), (0, 2)),
    "anticipation": ((0, None), (0, 1)),
    "tail": ((0, None),),
    "lead-in": ((0, None),),
}


# A tone let go early (a short or anticipated ending) still sounds to the bar's middle, the
# arrival chord's length where a bar holds two: an arrival struck for one beat and left to three
# beats of silence is clipped, not closed (a reading of held-out 64 at seed 1, bar 19, and of the
# toast at seed 1, bars 28 and 40: C5, E5, D5 for a beat, then nothing). Rothstein's upbeat
# inside the cadence bar still starts there: only the silence before it is shorter. The
# compound pulse is already half a 6/8 bar; a bar of three pulses holds two. A furious moment
# (character.furious: anger's sharp, short attacks, Juslin & Laukka 2003) strikes its arrivals as
# short as its other notes: the storm's lightning is torn by silences.


def held_pulses(meter: Meter) -> int:
    """The pulses a cadence tone let go early still sounds: half the bar's, rounded up."""
    return (meter.pulses + 1) // 2


@dataclass(frozen=True)
class EndingChoice:
    """One phrase's ending: its kind (ENDINGS) and shape (an index into SHAPES[kind])."""

    kind: str
    shape: int = 0


def favourite_endings(arousal: float, mood: str, first: float, second: float
                      ) -> tuple[str, str]:
    """The piece's favourite ending and its second, drawn from the authentic cadence's weights
    (`first` and `second` uniform draws)."""
    weights = ending_weights("authentic", arousal, mood)
    top = drawn(weights, first)[0]
    del weights[top]
    return top, drawn(weights, second)[0]


def choose_ending(cadence: str, arousal: float, mood: str, u: float, previous: str | None = None,
                  favourites: tuple[str, ...] = (), duet_: bool = False) -> EndingChoice:
    """The ending for one phrase, from one uniform draw `u`: among the kinds that fit its
    cadence, band and mood, never the previous phrase's kind again (where another fits), the
    piece's favourites weighted up; in a duet only DUET_ENDINGS. Its shape from the same draw."""
    weights = ending_weights(cadence, arousal, mood, DUET_ENDINGS if duet_ else None)
    if len(weights) > 1:
        weights.pop(previous, None)
    for kind, factor in zip(favourites, (FAVOURITE, SECOND_FAVOURITE)):
        if kind in weights:
            weights[kind] *= factor
    kind, rest = drawn(weights, u)
    return EndingChoice(kind, int(rest * len(SHAPES[kind])))


# The lead-in runs in eighths (LEAD_IN_VALUE), in sixteenths only where the next phrase's upbeat
# leaves too little room: sixteenth runs in every energetic lead-in moved the melodies' note-length
# transitions away from the Essen tunes' (Yang & Lerch overlap 0.849 over 60 melodies, under the
# 0.85 target). It has at least LEAD_IN_NOTES notes and at most LEAD_IN_MOST.
LEAD_IN_VALUE = 1
LEAD_IN_NOTES = 3
LEAD_IN_MOST = 6
# The anticipation's length (eighths): struck on the last eighth before the bar line.
ANTICIPATION = 1


def lean_length(pulses: int, pulse: int, motif: tuple[int, ...] | None) -> int:
    """A lean of `pulses` pulses; a one-pulse lean sighs in the motif's own rhythm, as long as
    its first note (in whole eighths, under two pulses, so the tone lands on an eighth), and
    each piece's feminine endings keep its idea's rhythm (Schoenberg, *Fundamentals*: the cadence
    keeps the motif's rhythmic residue). Pulse-long leans in every piece made one cadence formula
    per metre: 6/8's dotted-quarter lean and quarter tone was 29 of the 79 cadence bars that two
    held-out pieces with one seed shared."""
    if pulses == 1 and motif and motif[0] % EIGHTH == 0 and motif[0] < 2 * pulse:
        return motif[0]
    return pulse * pulses


def cadence_bar(meter: Meter, arousal: float, following: Upbeat | None, ending: EndingChoice,
                motif: tuple[int, ...] | None = None, furious: bool = False) -> CadenceBar:
    """The cadence bar's division for an ending (ENDINGS, SHAPES). The next phrase's upbeat
    keeps its room at the bar's end; the tone keeps at least a pulse (or what the bar allows), the
    breath shrinking before it does; a lean takes its time only where the tone keeps a pulse or
    a quarter after it, a turn where the tone keeps a pulse. `motif`, the phrase's motif's rhythm: its tail figure ("tail", motif_tail) and its
    head's length (a one-pulse lean's, lean_length). A kind that does not fit the bar ends held.
    `furious` (character.furious): a tone let go early stops where its shape says (held_pulses)."""
    bar, pulse = meter.bar_ticks, meter.pulse_ticks
    b = band(arousal)
    kind = ending.kind
    leaning, stop = SHAPES[kind][ending.shape]
    room = bar - (following.length if following else 0)
    breath = (BREATH if following else BREATH_ALONE)[b] * EIGHTH
    shortest = min(pulse, room)
    breath = max(0, min(breath, room - shortest))
    sounding = room - breath
    if stop is not None:
        held = pulse * (stop if furious else max(stop, held_pulses(meter)))
        if held < sounding:
            sounding = held  # the tone let go: the rest of the bar is breath
    least = min(pulse, 2 * EIGHTH)  # the shortest a cadence tone may sound
    lean = lean_length(leaning, pulse, motif)
    if sounding - lean < least:  # no room for this shape: the kind's first
        lean, sounding = lean_length(SHAPES[kind][0][0], pulse, motif), room - breath
    if kind == "feminine" and sounding - lean >= least:
        return CadenceBar(lean, sounding - lean)
    fits = sounding - pulse >= least  # room for a pulse before the tone's own
    each = EIGHTH if meter.compound else pulse // 4  # a compound pulse's eighths, else sixteenths
    if kind == "turn" and fits and each >= EIGHTH // 2:
        return CadenceBar(0, sounding - 3 * each, turn=each)
    if kind == "tail" and motif:
        figure = motif_tail(motif, sounding - pulse)
        if figure:
            return CadenceBar(0, sounding - sum(figure), figure)
    if kind == "lead-in":
        # In the band's values, else twice as fast where the upbeat leaves little room.
        for value in (LEAD_IN_VALUE * EIGHTH, LEAD_IN_VALUE * EIGHTH // 2):
            count = min(LEAD_IN_MOST, (room - pulse) // value)
            if count >= LEAD_IN_NOTES:
                # no breath: the run is the way into the next phrase
                return CadenceBar(0, room - count * value, run=(value,) * count)
    if kind in ("short", "anticipation"):
        return CadenceBar(0, sounding)
    return CadenceBar(0, room - breath)


# ---- the figures of an ending around its cadence tone (placed by melody.place_cadence) ----------

Written = list  # [(Tone, Slot)], as melody.Written


def turn(frame: Frame, tone: Tone, start: int, each: int, ceiling: int, joined: bool
         ) -> Written:
    """The turn that ornaments the cadence tone on the downbeat: the step above (an appoggiatura
    resolving down), the tone, the step below, then the tone itself; each step a plain second (no
    augmented second round the leading tone) inside the window. [] where it does not fit."""
    span = frame.harmony.at(start)
    degree = pitch_degree(tone.pitch, span, frame.tonic)
    if degree is None:
        return []
    upper = degree_pitch(degree + 1, span, frame.tonic)
    lower = degree_pitch(degree - 1, frame.harmony.at(start + 2 * each), frame.tonic)
    if not (1 <= upper - tone.pitch <= STEP and 1 <= tone.pitch - lower <= STEP
            and upper <= ceiling and lower >= frame.low):
        return []
    out: Written = []
    for i, pitch in enumerate((upper, tone.pitch, lower)):
        note = Tone(start + i * each, each, pitch, fixed=True)
        out.append((note, Slot(pitch, (pitch,), frame.harmony.at(note.start), i == 0,
                               joined or bool(i), True)))
    return out


def lead_in(frame: Frame, tone: Tone, values: tuple[int, ...], ceiling: int) -> Written:
    """The lead-in after the tone: a stepwise run in `values`' rhythm up to where they end, down
    from the upper half of the window (else up), the tone held longer where fewer notes serve:
    its last note and any on a strong beat are chord tones, every step a plain second (no
    augmented second), inside the window. [] where no run of LEAD_IN_NOTES or more fits."""
    end = tone.end + sum(values)
    value = values[0]
    span = frame.harmony.at(tone.start)
    degree = pitch_degree(tone.pitch, span, frame.tonic)
    if degree is None:
        return []
    middle = (frame.low + ceiling) // 2
    for count in range(len(values), LEAD_IN_NOTES - 1, -1):
        starts = [end - (count - i) * value for i in range(count)]
        spans = [frame.harmony.at(t) for t in starts]
        for direction in ((-1, 1) if tone.pitch >= middle else (1, -1)):
            pitches = [degree_pitch(degree + direction * (i + 1), s, frame.tonic)
                       for i, s in enumerate(spans)]
            line = [tone.pitch] + pitches
            if any(not 1 <= abs(b - a) <= STEP for a, b in zip(line, line[1:])) or not all(
                    frame.low <= p <= ceiling for p in pitches) or not is_chord_tone(
                    pitches[-1], spans[-1]) or any(
                    not is_chord_tone(p, s) and frame.meter.strength(t % frame.bar) >= STRONG
                    for p, s, t in zip(pitches, spans, starts)):
                continue
            tone.length = starts[0] - tone.start
            return [(Tone(t, value, p, fixed=True), Slot(p, (p,), s, False, True, i + 1 < count))
                    for i, (t, p, s) in enumerate(zip(starts, pitches, spans))]
    return []


def anticipation(frame: Frame, body: Written, tone: Tone) -> Written | None:
    """The cadence tone struck early, on the last eighth (ANTICIPATION) of the bar before: cut
    from the body's last note where that note is longer, or that note itself where it is an eighth
    or a sixteenth, where it is free to change (not the summit) and the tone fits the scale of
    the chord it sounds over there. Returns the anticipation where it is a new note, [] where it
    is the body's own last note, now fixed on the tone (`body` is changed in place), None where
    none fits."""
    if not body:
        return None
    last, slot = body[-1]
    length = ANTICIPATION * EIGHTH
    whole = EIGHTH // 2 <= last.length <= length
    if last.fixed or last.end != tone.start or not (whole or last.length >= 2 * length):
        return None
    early = tone.start - (last.length if whole else length)
    if not all((tone.pitch - s.key.tonic) % 12 in local_scale(s)
               for s in frame.harmony.over(early, tone.start)):
        return None
    span = frame.harmony.at(early)
    if whole:
        last.pitch, last.fixed = tone.pitch, True
        body[-1] = (last, Slot(tone.pitch, (tone.pitch,), span, False, slot.joined_before, True))
        return []
    last.length -= length
    return [(Tone(early, length, tone.pitch, fixed=True),
             Slot(tone.pitch, (tone.pitch,), span, False, True, True))]


# ---- the tune's leading tone at a cadence arrival ------------------------------------------------
#
# In the outer voices the leading tone over the dominant rises by step to the tonic; the
# "frustrated" leading tone that falls to the fifth or the third is an inner voice's licence
# (Aldwell & Schachter, *Harmony and Voice Leading*, ch. 5 and ch. 7), and in the tune it makes
# the cadence sound as if it closed on the wrong note (a composer's reading of held-out 71's last
# cadence: F#5 F#5 -> D5 on G major's final tonic). The deceptive cadence keeps the rule: V-VI's
# leading tone rises to the tonic, VI's third, which that chord doubles (Aldwell & Schachter
# ch. 9); a reading of held-out 64 heard E5 fall an augmented second to Db5 at F minor's V7-VI.
# Most arrivals sing it right because the cadence tone is placed from the note before; the ones
# that do not are arrivals the cadence bar does not place (a plagal or codetta close moves the
# authentic arrival into the phrase's body), a body note cleaned onto the leading tone after its
# cadence tone was chosen, and a leading tone sung inside the dominant and left by a leap (a
# reading of held-out 79's F# minor cadence: G#5 E#5 C#5 | F#4).
# The cadences whose goal the leading tone must reach: the plan's closing kinds, and the
# piece's last arrival whatever it is named.
LEADING_TONE_CADENCES = frozenset({"authentic", "elided"})
# The leading tone still resolves when the tonic comes through its upper neighbour (7-2-1: the
# feminine cadence's appoggiatura, the turn's first note, the dominant's fifth sung between): the
# semitones from the leading tone to that neighbour (a major or minor second over the tonic).
UPPER_NEIGHBOUR = (3, 2)
# A resolved tonic lies at most this far (semitones) from the tune's next note, so the line
# does not trade one fault for a leap (a fifth: the amen's 8-5 after the arrival) ...
RESOLVED_REACH = 7
# ... or, where neither that nor another tone of the dominant can be sung, a sixth: the tonic
# reached and left by a consonant leap is better than the leading tone dropped (held-out 64's
# F5 | Ab4 after its V7's E5 where no other tone of V7 reaches VI's Db5 without a tritone).
SIXTH_REACH = 9
# How many leading tones one dominant may need mended (one left, then an earlier one is last).
MEND_TRIES = 3


# The mends below look notes up by time: the tune is one voice in time order (each note ends by
# the next one's start: tests/melody/test_melody_stage.py), and they move pitches only, never a
# note's time, so its onsets, read once, are searched by halving instead of read through for
# every chord (the excited hour's 10,000 notes were read through once per V7 and per move to a
# tonic: 2 of its 12 s).


def onsets(tones) -> list[int]:
    """The tune's onsets, in its (time) order: the index the lookups below search."""
    return [t.start for t in tones]


def _struck(starts: list[int], lo: int, hi: int) -> range:
    """The indices of the notes struck from tick `lo` up to (not at) tick `hi`."""
    return range(bisect_left(starts, lo), bisect_left(starts, hi))


def _sounding(tones, starts: list[int], tick: int) -> int | None:
    """The index of the note sounding at `tick` (struck at or before it, not yet ended); None in
    a rest. One voice: only the last note struck by then can still sound."""
    k = bisect_right(starts, tick) - 1
    return k if k >= 0 and tones[k].end > tick else None


def _dominant_before(spans, i: int) -> int | None:
    """Where the dominant before spans[i] begins (its consecutive spans, a 4-3 over it among
    them), when spans[i - 1] is that key's dominant holding its leading tone; else None."""
    key = spans[i].key
    before = spans[i - 1]
    if before.key != key or before.chord.root != (key.tonic + 7) % 12 \
            or (key.tonic + 11) % 12 not in before.chord.pcs:
        return None
    j = i - 1
    while j > 0 and spans[j - 1].key == key and spans[j - 1].chord.root == before.chord.root:
        j -= 1
    return spans[j].start


def authentic_arrivals(spans) -> list:
    """The spans on which an authentic cadence arrives: the tonic (of the key the span is read
    in: a key area's too) in root position after its dominant (the leading tone sounding in it),
    on a cadence the plan closes with (LEADING_TONE_CADENCES) or at the piece's end."""
    return [span for start, span in cadence_arrivals(spans) if span.chord.root == span.key.tonic]


def cadence_arrivals(spans) -> list[tuple[int, object]]:
    """(where the dominant begins, the arrival's span) for every arrival whose dominant's leading
    tone the tune must take to the tonic: authentic ones (authentic_arrivals) and deceptive ones
    (VI or vi after the dominant, on a cadence the plan names deceptive)."""
    spans = tuple(spans)
    out = []
    for i in range(1, len(spans)):
        span, before = spans[i], spans[i - 1]
        start = _dominant_before(spans, i)
        if start is None:
            continue
        tonic = span.key.tonic
        if span.chord.root == tonic and span.bass % 12 == tonic and (
                span.cadence in LEADING_TONE_CADENCES or before.cadence in LEADING_TONE_CADENCES
                or span is spans[-1]):
            out.append((start, span))
        elif deceives(before, span) and "deceptive" in (span.cadence, before.cadence):
            out.append((start, span))
    return out


def frustrated_leading_tone(tones, start: int, span, pulse: int,
                            starts: list[int] | None = None) -> int | None:
    """The index of the tune's leading tone over the dominant from `start` into `span`'s arrival
    that does not rise to the tonic, directly or through the tonic's upper neighbour
    (UPPER_NEIGHBOUR): the last one sung over the dominant, where it is the tune's last note
    before the arrival and the line runs on into it (the note ends within a pulse of the
    arrival and the next begins within a pulse after: a phrase that stopped on the dominant has
    no arrival to reach), or where it is left by a leap (a scale down through it, 8-7-6-5, is
    a passing line, not a frustrated leading tone). One shorter than half a pulse inside the
    dominant is a quick figure's member, the line's voice its longer notes (held-out 46 at seed
    2: D6 B5 G#5 E5 C#5 | C#5 in eighths and a sixteenth over A major's V7). None where there is
    none. `starts`: the tune's onsets (onsets), where the caller has them."""
    tonic = span.key.tonic
    over = _struck(onsets(tones) if starts is None else starts, start, span.start)
    k = next((k for k in reversed(over) if (tones[k].pitch - tonic) % 12 == 11), None)
    if k is None:
        return None
    lead = tones[k]
    if k + 1 >= len(tones):
        return None
    after = tones[k + 1]
    goal = lead.pitch + 1
    if after.pitch == goal or (after.pitch - lead.pitch in UPPER_NEIGHBOUR and k + 2 < len(tones)
                               and tones[k + 2].pitch == goal):
        return None
    if k == over[-1]:
        runs_on = span.start - lead.end <= pulse and after.start - span.start <= pulse
        return k if runs_on else None
    leapt = abs(after.pitch - lead.pitch) > STEP
    return k if leapt and 2 * (lead.end - lead.start) >= pulse else None


def part_from_the_bass(tones: list, frame: Frame) -> int:
    """At each authentic arrival on the tonic, a tune that sings the dominant's root on the strong
    beat before it, over that root in the bass, moves with the bass's 5-1 from one octave into
    another (Aldwell & Schachter ch. 7: consecutive octaves, by similar or by contrary motion,
    between the outer voices; the soprano's cadence is 2-1, 7-1 or 3-1 over the bass's 5-1). That
    strong beat's note becomes the nearest other tone of the chords it sounds over, not their
    seventh, under the summit, within RESOLVED_REACH of the notes either side of it and neither a
    tritone nor an augmented second from them (toast at seed 2 sang G5 D6 Ab5 over its V7; the
    leading tone among them: resolve_leading_tones, after this, takes it up), a passing or
    neighbour note beside it still a step away: held-out 17 at seed 1 closed D4 over D2, G4 over
    G1 (where no such tone lies a step from the passing notes, as in held-out 10's E5 F5 G5 over
    G1 into C6 over C2, the octaves stay). Returns how many it mended."""
    summit = frame.climax.pitch
    mended = 0
    spans = frame.harmony.spans
    arrivals = {id(span) for span in authentic_arrivals(spans)}
    starts = onsets(tones)
    for before, span in zip(spans, spans[1:]):
        if id(span) not in arrivals:
            continue
        t0 = strong_before(frame.meter, span.start)
        i = _sounding(tones, starts, t0)
        arrival = _sounding(tones, starts, span.start)
        if i is None or arrival is None or (tones[arrival].pitch - span.key.tonic) % 12:
            continue
        tone, root = tones[i], before.chord.root
        if tone.fixed or tone.pitch >= summit or tone.pitch % 12 != root \
                or frame.harmony.at(t0).bass % 12 != root:
            continue
        sides = _sides(tones, i, frame)
        other = _other_tone(frame, tone, {root}, lambda p: all(
            abs(p - q) <= reach and (p != q or reach > STEP) and not awkward(p, q, span.key.tonic)
            for q, reach in sides))
        if other is not None:
            tone.pitch = other
            mended += 1
    return mended


def part_into_the_sixth(tones: list, frame: Frame) -> int:
    """Where V moves to VI (a deceptive move, at a cadence or inside a phrase), a tune that sings
    the dominant's root over its root and then VI's root over VI's moves with the bass's 5-6 from
    one octave into another (Aldwell & Schachter ch. 7: in the deceptive progression the upper
    voices move against the bass's step, VI's third doubled). The note struck on VI's change
    becomes another tone of its chords within reach of its neighbours, as part_from_the_bass's,
    the nearest first (last-visit's close: A4 Bb4 over A1 Bb1, then G4 over G1). A fixed note
    stays. Returns how many it mended."""
    summit = frame.climax.pitch
    spans = frame.harmony.spans
    starts = onsets(tones)
    mended = 0
    for before, span in zip(spans, spans[1:]):
        if not deceives(before, span) or before.bass % 12 != before.chord.root \
                or span.bass % 12 != span.chord.root:
            continue
        i = _sounding(tones, starts, span.start)
        if i is None or not i or tones[i].start != span.start:
            continue
        tone, last = tones[i], tones[i - 1]
        if tone.fixed or tone.pitch >= summit or last.pitch % 12 != before.bass % 12 \
                or tone.pitch % 12 != span.bass % 12 \
                or span.start - last.end >= frame.meter.pulse_ticks:
            continue
        tonic = span.key.tonic
        sides = _sides(tones, i, frame)
        other = _other_tone(frame, tone, {span.bass % 12}, lambda p: all(
            abs(p - q) <= reach and p != q and not awkward(p, q, tonic) for q, reach in sides))
        if other is not None:
            tone.pitch = other
            mended += 1
    return mended


def part_at_phrase_starts(tones: list, starts, frame: Frame) -> int:
    """Where a phrase begins, a tune that doubled the bass on the note before (a half cadence's
    dominant root over the root: the tune's 5 over the bass's 5) and doubles it again on the new
    phrase's downbeat moves with the bass from one octave into another (Aldwell & Schachter ch. 7,
    as part_from_the_bass): a reading of s15 heard held-out 45 at seed 2 go F5 over F2 into Eb5 over
    Eb2 from its half cadence into its B section. The new phrase's first note (struck on its
    downbeat `starts`, the note before within a pulse of it) becomes another tone of its chords
    within reach of its neighbours (as part_from_the_bass's), the one that keeps the most of the
    tune's figures (_choose), and only where it keeps as many as the note did: a phrase's first
    note is often its motif's head, which the tune sings again (repeated 4-note figures, whose
    benchmark line it otherwise crossed: 0.2003 -> 0.1998). A fixed note stays. Returns how many
    it mended."""
    summit, pulse = frame.climax.pitch, frame.meter.pulse_ticks
    mended = 0
    struck_at = onsets(tones)
    figures = None  # counted at the first mend it weighs (Figures)
    for start in starts:
        i = bisect_left(struck_at, start)
        if not i or i == len(tones) or struck_at[i] != start or start - tones[i - 1].end > pulse:
            continue
        before, tone = tones[i - 1], tones[i]
        low, high = frame.harmony.at(before.start).bass % 12, frame.harmony.at(start).bass % 12
        if low == high or before.pitch % 12 != low or tone.pitch % 12 != high \
                or tone.fixed or tone.pitch >= summit:
            continue
        tonic = frame.harmony.at(start).key.tonic
        sides = _sides(tones, i, frame)
        ways = [(tone, p) for p in _other_tones(frame, tone, {high}, lambda p: all(
            abs(p - q) <= reach and p != q and not awkward(p, q, tonic) for q, reach in sides))]
        if ways:  # the note as it is, last: a mend that costs the tune a figure is not taken
            figures = figures or Figures(tones)
            _choose(tones, ways + [(tone, tone.pitch)], figures)
            mended += tone.pitch % 12 != high
    return mended


# A mend of the accented parallels below may cost the tune one figure it sang twice (two of its
# 4-note windows: figures_sung_again), no more: the consecutives are a fault the ear follows from
# beat to beat, the figure the tune's economy (Schoenberg, *Fundamentals*), and a mend kept to the
# ways that lose nothing left a fifth of them (held-out 1-50 at seeds 1-3: 0.28 a minute, 0.23
# with none lost, 0.21 with one; repeated 4-note patterns 0.2171 before, 0.2209 and 0.2150).
PARTING_SLACK = 2


def chord_basses(frame: Frame) -> Line:
    """The chords' basses as a line (the Bass part's note at each chord, held to the next): what
    the tune knows of the bass before the arrangement figures it (composer.arrange)."""
    return line_at([Note(s.start, s.duration, s.bass, NEUTRAL_VELOCITY)
                    for s in frame.harmony.spans])


def part_on_strong_beats(tones: list, frame: Frame) -> int:
    """Where the tune and the chords' basses move from one strong beat to the next in consecutive
    fifths or octaves heard through the notes between (one of them holding), or from one beat to
    the next by step through one note (composer.theory.motion.parallel_through, as the evaluation
    hears them: composer.evaluate.craft.frame_parallels), the note on the second (strong) beat, or
    the one on the first, becomes another tone of its chords: the accented fifths and octaves the
    ear follows from downbeat to downbeat (Aldwell & Schachter ch. 7; "Consecutive fifths or
    octaves on consecutive strong beats are bad": Lehmann, *Simple Counterpoint*, second species).
    Held-out 1-50 at seeds 1-3 sang 67 of them (0.28 a minute, Bach's chorales 0.16), 58 against
    the chords' own basses: held-out 15 at seed 2, A4 G4 F#4 | E4 over D2 | A1, and A4 over A1 at
    a half cadence into D5 over D2 where the next phrase begins (a fixed cadence tone, and a
    first note its neighbour note leans on, stay: 51 are left). The new tone lies within
    reach of its neighbours (_sides) and makes no consecutive fifth or octave with the chords'
    basses on the beats it sounds on or the ones either side, nor from the note before or into the
    note after; of those (either note's), the one that keeps the most of the tune's figures
    (_choose), and only where it loses no more than PARTING_SLACK of them. A fixed note (a
    cadence's, the summit) stays. Returns how many it mended."""
    meter, summit = frame.meter, frame.climax.pitch
    tune, bass = line_at(tones), chord_basses(frame)
    starts = onsets(tones)
    figures = None  # counted at the first mend it weighs (Figures)
    mended = 0

    def clear(i: int) -> bool:
        # no consecutive perfect interval reaches or leaves tones[i]: on the beats it sounds on
        # and the beat after it, nor into it or out of it note to note
        tone = tones[i]
        last = tones[i + 1].start if i + 1 < len(tones) else tone.end
        for t in range(beat_at_or_after(meter, tone.start), last + meter.bar_ticks + 1,
                       meter.pulse_ticks):
            t0 = parallel_through(meter, tune, bass, t)
            if t0 is not None and (tone.start <= t < last or tone.start <= t0 < last):
                return False
        return not any(parallel(tune(t, True), tune(t), bass(t, True), bass(t))
                       for t in (tone.start, last))

    def ways(i: int) -> list[tuple[Tone, int]]:
        # the tones tones[i] may take: another of its chords', within reach, clear of parallels
        tone = tones[i]
        if tone.fixed or tone.pitch >= summit:
            return []
        tonic = frame.harmony.at(tone.start).key.tonic
        sides = _sides(tones, i, frame)
        was = tone.pitch
        # no higher than the line around it where that stays CLIMAX_MARGIN under the summit,
        # no lower than it or the window (as _mend's ways: the summit is heard once)
        around = [t.pitch for t in tones[max(0, i - 2):i + 3]]
        lowest = min([frame.low] + around)
        height = min(summit - 1, frame.top, max([summit - CLIMAX_MARGIN] + around))

        def fits(p: int) -> bool:
            if not lowest <= p <= height:
                return False
            if not all(abs(p - q) <= reach and p != q and not awkward(p, q, tonic)
                       for q, reach in sides):
                return False
            tone.pitch = p
            ok = clear(i)
            tone.pitch = was
            return ok
        return [(tone, p) for p in _other_tones(frame, tone, set(), fits)]

    for t1 in sorted({strong_at_or_after(meter, t) for t in starts[1:]}
                     | {beat_at_or_after(meter, t) for t in starts[1:]}):
        t0 = parallel_through(meter, tune, bass, t1)
        if t0 is None:
            continue
        i1, i0 = bisect_right(starts, t1) - 1, bisect_right(starts, t0) - 1
        found = ways(i1) + ways(i0)
        if found:
            figures = figures or Figures(tones)
            mended += _choose(tones, found, figures, PARTING_SLACK)
    return mended


def _sides(tones: list, i: int, frame: Frame) -> list[tuple[int, int]]:
    """(pitch, reach) of the notes either side of tones[i], for a mend that moves it: within
    RESOLVED_REACH of each, or by step of one foreign to its chord (a passing or neighbour note
    goes on by step to the note it leans on)."""
    return [(tones[k].pitch, STEP if not is_chord_tone(
        tones[k].pitch, frame.harmony.at(tones[k].start)) else RESOLVED_REACH)
        for k in (i - 1, i + 1) if 0 <= k < len(tones)]


def _other_tone(frame: Frame, tone, avoid: set[int], fits, toward: int | None = None) -> int | None:
    """The nearest other tone for a tune's note (part_from_the_bass, resolve_leading_tones): a
    tone of every chord heard while it sounds, not their seventh (which would have to fall by
    step) nor a pitch class in `avoid`, under the summit, within RESOLVED_REACH of the note, and
    one that `fits` (pitch -> bool: the notes around it); of two as near, the one nearer `toward`,
    else the higher. None where there is none."""
    return next(iter(_other_tones(frame, tone, avoid, fits, toward)), None)


def _other_tones(frame: Frame, tone, avoid: set[int], fits, toward: int | None = None) -> list[int]:
    """Every tone _other_tone could take, the nearest first."""
    summit = frame.climax.pitch
    heard = frame.harmony.over(tone.start, tone.end)
    options = [p for p in range(max(frame.floor, tone.pitch - RESOLVED_REACH),
                                min(summit - 1, tone.pitch + RESOLVED_REACH) + 1)
               if p % 12 not in avoid and all(p % 12 in s.chord.pcs and p % 12 != s.chord.seventh
                                              for s in heard) and fits(p)]
    return sorted(options, key=lambda p: (abs(p - tone.pitch),
                                          -p if toward is None else abs(p - toward)))


def _arrival_figure(tones: list, i: int, goal: int) -> list:
    """The arrival's notes from tones[i] to its tonic (the pitch class of `goal`): that note
    alone where it is the tonic, it and the next where it is the tonic's upper neighbour
    (UPPER_NEIGHBOUR) and the next the tonic; [] for anything else."""
    if i >= len(tones):
        return []
    if tones[i].pitch % 12 == goal % 12:
        return [tones[i]]
    if i + 1 < len(tones) and tones[i + 1].pitch % 12 == goal % 12 \
            and tones[i].pitch - tones[i + 1].pitch in UPPER_NEIGHBOUR:
        return tones[i:i + 2]
    return []


# Inside a phrase too, wherever the dominant goes to its tonic in one key, the tune's last note over
# the dominant, running on into the tonic chord, stands where a cadence's would: the leading tone
# there rises to the tonic (Aldwell & Schachter ch. 5: in the outer voices the leading tone
# resolves; only an inner voice may let it fall). A reading of held-out 12 at seed 2 heard A#5
# fall to F#5 over V -> i in bars 2, 5 and 9, and of held-out 93 E#5 -> C#5 in 17 and 21: every
# resolution of the piece taken away. The dominant here is V (V7) or vii° (vii°7, viiø7), both
# holding the leading tone: semitones from the key's tonic to their roots.
DOMINANT_ROOTS = (7, 11)
# A leading tone that falls by step (7-6 into the tonic chord, the line passing down the scale
# to its fifth) is a passing line and stays; one shorter than an eighth is a quick figure's (a
# run's sixteenth), the line's voice its longer notes.


def tonic_moves(spans, named=()) -> list[tuple[int, object]]:
    """(where the dominant begins, the tonic's span) for every move from a dominant
    (DOMINANT_ROOTS, the leading tone among its tones) to the tonic chord of its key, in any
    inversion, that is not one of `named` (cadence_arrivals: those keep their own rule)."""
    spans = tuple(spans)
    taken = {span.start for _, span in named}
    out = []
    for i in range(1, len(spans)):
        span, before = spans[i], spans[i - 1]
        tonic = span.key.tonic
        if span.start in taken or before.key != span.key or span.chord.root != tonic or not (
                (before.chord.root - tonic) % 12 in DOMINANT_ROOTS
                and (tonic + 11) % 12 in before.chord.pcs):
            continue
        j = i - 1
        while j > 0 and spans[j - 1].key == span.key and spans[j - 1].chord == before.chord:
            j -= 1
        out.append((spans[j].start, span))
    return out


def exposed_leading_tone(tones, start: int, span, pulse: int,
                         starts: list[int] | None = None) -> int | None:
    """The index of the tune's last note over the dominant from `start` into the tonic `span`
    where it is the leading tone, runs on into the tonic chord (ends within a pulse of it, the
    next note begins within a pulse after) and is left by a leap, not to the tonic, directly or
    through one quicker note (7-5-8, 7-2-1: the tonic in the leading tone's octave the note
    after, the resolution delayed, not denied; a note between as long as the leading tone or
    longer is heard as where it went: held-out 12's A#5 | F#5. B5): a fall by step is a
    passing line, a note shorter than an eighth a quick figure's. None where there is none.
    `starts`: the tune's onsets (onsets), where the caller has them."""
    tonic = span.key.tonic
    over = _struck(onsets(tones) if starts is None else starts, start, span.start)
    if not over or over[-1] + 1 >= len(tones):
        return None
    k = over[-1]
    lead, after = tones[k], tones[k + 1]
    goal = lead.pitch + 1
    if (lead.pitch - tonic) % 12 != 11 or abs(after.pitch - lead.pitch) <= STEP \
            or lead.end - lead.start < EIGHTH or (
                k + 2 < len(tones) and tones[k + 2].pitch == goal
                and after.end - after.start <= lead.end - lead.start):
        return None
    runs_on = span.start - lead.end <= pulse and after.start - span.start <= pulse
    return k if runs_on else None


def resolve_leading_tones(tones: list, frame: Frame) -> int:
    """Every cadence arrival's frustrated leading tone (cadence_arrivals,
    frustrated_leading_tone), and every other move to the tonic's exposed one (tonic_moves,
    exposed_leading_tone), mended, the first way that sings (_mend; inside a phrase
    _mend_inner). Returns how many it mended."""
    pulse = frame.meter.pulse_ticks
    mended = 0
    starts = onsets(tones)
    named = cadence_arrivals(frame.harmony.spans)
    for start, span in named:
        for _ in range(MEND_TRIES):
            k = frustrated_leading_tone(tones, start, span, pulse, starts)
            if k is None or not _mend(tones, k, span, frame):
                break
            mended += 1
    figures = None  # counted at the first inner mend, after every _mend above (Figures)
    for start, span in tonic_moves(frame.harmony.spans, named):
        k = exposed_leading_tone(tones, start, span, pulse, starts)
        if k is not None:
            figures = figures or Figures(tones)
            mended += _mend_inner(tones, k, span, frame, figures)
    return mended


# ---- the tune's seventh over the dominant seventh ----------------------------------------------
#
# A dominant seventh's seventh is a dissonance that falls by step into the next chord, or is held
# into it as a suspension (composition-craft.md: every non-chord tone explained, a suspension
# "prepared, resolved down by step"; Aldwell & Schachter ch. 15, the seventh's resolution; it may
# rise a step where the bass takes its note of resolution, V43-I6). In the tune, as the V7's
# last note before the chord changes, a seventh left by a leap is heard unresolved: a reading of
# held-out 45 at seed 2 heard Eb5 leap to Bb4 over V7-I at its final cadence (bar 15).


def unresolved_sevenths(tones, spans) -> list[tuple[int, object, object]]:
    """(index, the dominant seventh's span, the next chord's span) for every tune note that is
    the last sounding over a dominant seventh chord (a major triad with its seventh) as the
    chord changes, is that chord's seventh, and whose next note (beginning within the next chord)
    neither falls to it by step, nor holds its pitch, nor
    rises a step where the next chord's bass takes the seventh's resolution."""
    out = []
    starts = onsets(tones)
    for before, span in zip(spans, spans[1:]):
        chord = before.chord
        seventh = chord.seventh
        if seventh is None or chord.quality != "major" or span.chord == chord:
            continue
        # the last note struck before the chord changes, if it sounds over the V7 at all (one
        # voice: no earlier note ends later)
        k = bisect_left(starts, span.start) - 1
        if k < 0 or tones[k].end <= before.start or k + 1 >= len(tones):
            continue
        tone, after = tones[k], tones[k + 1]
        if tone.pitch % 12 != seventh or not span.start <= after.start < span.end:
            continue
        move = after.pitch - tone.pitch
        if -STEP <= move <= 0 or (1 <= move <= STEP and (tone.pitch - span.bass) % 12 in (1, 2)):
            continue
        out.append((k, before, span))
    return out


def resolve_sevenths(tones: list, frame: Frame) -> int:
    """Every unresolved seventh of the tune (unresolved_sevenths) mended: the seventh becomes
    another tone of its chords (not the leading tone, which would want the tonic next), within
    RESOLVED_REACH of the notes either side and neither of them struck again (held-out 45's
    F5 Eb5 | Bb4 sings F5 C5 | Bb4); else, where the next note is free to move (not fixed,
    under the summit), it becomes the tone of its chord a step under the seventh, within
    RESOLVED_REACH of the note after it. No move a tritone or an augmented second; of the ways
    that sing, the one that keeps the tune's figures (_choose), the nearest of as many. Returns
    how many it mended."""
    summit = frame.climax.pitch
    mended = 0
    figures = None  # counted at the first mend it weighs (Figures)
    for k, before, span in unresolved_sevenths(tones, frame.harmony.spans):
        tone, after = tones[k], tones[k + 1]
        tonic = before.key.tonic
        previous = tones[k - 1].pitch if k else None
        following = tones[k + 2].pitch if k + 2 < len(tones) else None

        def reaches(p: int, q: int | None, i: int | None = None) -> bool:
            return q is None or (abs(p - q) <= (STEP if _foreign(tones, i, frame)
                                                 else RESOLVED_REACH)
                                 and not awkward(p, q, tonic))

        ways = []
        if not tone.fixed and tone.pitch < summit:
            ways = [(tone, p) for p in _other_tones(frame, tone, {(tonic + 11) % 12}, lambda p: (
                frame.low <= p and p != previous and p != after.pitch
                and reaches(p, previous, k - 1) and reaches(p, after.pitch)),
                toward=after.pitch)]
        if not ways and not after.fixed and after.pitch < summit:
            ways = [(after, p) for p in (tone.pitch - 1, tone.pitch - 2)
                    if p % 12 in span.chord.pcs and p != following
                    and reaches(p, following) and p >= frame.low]
        if ways:
            figures = figures or Figures(tones)
            mended += _choose(tones, ways, figures)
    return mended


# Of the ways to mend a note inside a phrase, the one that leaves the tune the most of its own
# figures: a mended note sits in four 4-note figures, each of which may have been one the tune
# sings again (a motif's head, an echo's bar) or become one (Schoenberg, *Fundamentals*: a
# melody's economy is its few figures restated). Measured as musicality-targets.md's repeated
# patterns: three intervals and three onset gaps heard elsewhere in the tune. Of ways that keep
# as many, one that does not step straight back onto the note just left (X Y X within a whole
# tone: Essen's tunes turn back so in 9 % of their three-note windows, and this line's smoothing
# already sits near its 12 % bound, tests/melody/test_melody_stage.py); then the first way in the
# table's order.
FIGURE_NOTES = 4


def figures_sung_again(tones) -> int:
    """How many of the tune's FIGURE_NOTES-note windows (intervals and onset gaps) it sings more
    than once."""
    return Figures(tones).sung_again


class Figures:
    """The tune's FIGURE_NOTES-note windows counted once and kept counted as its notes move
    (figures_sung_again's count, `sung_again`): a mend weighs each of its ways by the figures the
    whole tune keeps, and a note moved re-reads only the windows it sits in, where counting the
    tune again for every way read all of it (the excited hour's 10,000 notes, for each of its
    mends). The tones keep their times while the mends move pitches."""

    def __init__(self, tones: list):
        self.tones = tones
        self.index = {id(t): i for i, t in enumerate(tones)}
        self.keys = [self._key(j) for j in range(len(tones) - FIGURE_NOTES + 1)]
        self.counts = Counter(self.keys)
        self.sung_again = sum(c for c in self.counts.values() if c > 1)

    def _key(self, j: int) -> tuple[int, ...]:
        window = self.tones[j:j + FIGURE_NOTES]
        return (tuple(b.pitch - a.pitch for a, b in zip(window, window[1:]))
                + tuple(b.start - a.start for a, b in zip(window, window[1:])))

    def _count(self, key: tuple[int, ...], by: int) -> None:
        # a figure heard c times adds c windows sung again where c > 1, none where it is heard once
        c = self.counts[key]
        self.sung_again -= c if c > 1 else 0
        self.counts[key] = c = c + by
        self.sung_again += c if c > 1 else 0

    def moved(self, lo: int, hi: int) -> None:
        """Re-read every window holding one of tones[lo:hi], whose pitches may have moved."""
        for j in range(max(0, lo - FIGURE_NOTES + 1), min(hi, len(self.keys))):
            self._count(self.keys[j], -1)
            self.keys[j] = self._key(j)
            self._count(self.keys[j], 1)


def turns_back(tones, i: int) -> int:
    """How many of the three-note windows around tones[i] step straight back onto the note just
    left (X Y X, Y within a whole tone of X)."""
    out = 0
    for j in range(max(0, i - 2), min(i, len(tones) - 3) + 1):
        a, b, c = (t.pitch for t in tones[j:j + 3])
        out += a == c and 0 < abs(b - a) <= STEP
    return out


def _choose(tones: list, ways: list[tuple[object, int]], figures: Figures | None = None,
            slack: int | None = None) -> bool:
    """Of `ways` (a tone, the pitch it would take), in order of preference, the one after which
    the tune keeps the most of its figures (figures_sung_again), of as many the one turning back
    the least (turns_back), applied; False where there is none. `figures`: the tune's figures
    as they stand (Figures), kept counted through the choice; counted here where not given.
    With a `slack`, none is taken (False) where the best leaves the tune more than that many
    fewer figures than it sings now."""
    if not ways:
        return False
    figures = figures or Figures(tones)

    def sing(tone, pitch: int) -> None:
        tone.pitch = pitch
        i = figures.index[id(tone)]
        figures.moved(i, i + 1)

    def kept(way) -> tuple[int, int]:
        tone, pitch = way
        was = tone.pitch
        sing(tone, pitch)
        count = (figures.sung_again, -turns_back(tones, figures.index[id(tone)]))
        sing(tone, was)
        return count
    best = max(ways, key=kept)
    if slack is not None and kept(best)[0] < figures.sung_again - slack:
        return False
    sing(*best)
    return True


def _mend_inner(tones: list, k: int, span, frame: Frame, figures: Figures | None = None) -> bool:
    """An exposed leading tone inside a phrase (exposed_leading_tone) taken to the tonic as _mend's
    first three ways do, no fixed note moving (a cadence's, the summit's, one placed on purpose)
    and no note struck twice: the note after it becomes the tonic above it (within
    RESOLVED_REACH of the note after), or the leading tone becomes another tone of its chords,
    or, where neither can, the note after becomes the tonic within a sixth of the note after
    it; of the ways that sing, the one that keeps the tune's figures (_choose)."""
    summit = frame.climax.pitch
    tonic = span.key.tonic
    lead, after = tones[k], tones[k + 1]
    goal = lead.pitch + 1
    following = tones[k + 2].pitch if k + 2 < len(tones) else None
    before = tones[k - 1].pitch if k else None
    around = [t.pitch for t in tones[max(0, k - 1):k + 4]]
    lowest = min([frame.low] + around)
    height = min(summit - 1, frame.top, max([summit - CLIMAX_MARGIN] + around))

    def reaches(p: int, q: int | None, reach: int, i: int | None = None) -> bool:
        return q is None or (abs(p - q) <= (STEP if _foreign(tones, i, frame) else reach)
                             and not awkward(p, q, tonic))

    up = not after.fixed and after.pitch < summit and goal <= height and goal != following
    ways = [(after, goal)] if up and reaches(goal, following, RESOLVED_REACH) else []
    if not lead.fixed and lead.pitch < summit:
        ways += [(lead, p) for p in _other_tones(frame, lead, {(tonic + 11) % 12}, lambda p: (
            lowest <= p <= height and p not in (before, after.pitch)
            and reaches(p, before, RESOLVED_REACH, k - 1)
            and reaches(p, after.pitch, RESOLVED_REACH)), toward=after.pitch)]
    if not ways and up and reaches(goal, following, SIXTH_REACH):
        ways = [(after, goal)]
    return _choose(tones, ways, figures)


def _foreign(tones: list, i: int | None, frame: Frame) -> bool:
    """Whether tones[i] is foreign to the chord it is struck over (a passing or neighbour note,
    which goes on by step to the note it leans on: a mended note after it stays a step away;
    one before it may leap to it, as to an appoggiatura)."""
    return i is not None and 0 <= i < len(tones) and not is_chord_tone(
        tones[i].pitch, frame.harmony.at(tones[i].start))


def _mend(tones: list, k: int, span, frame: Frame) -> bool:
    """The leading tone tones[k] taken to its tonic, in the first of these ways that sings (each
    move within reach, none a tritone or augmented second, no note moved to the summit, which
    is heard once, nor near it or under the window where the line around it is not):
    1. the arrival's note (the leading tone's next) becomes the tonic above it, within
       RESOLVED_REACH of the note after; where the leading tone's next is the tonic's upper
       neighbour (UPPER_NEIGHBOUR), the last note before the arrival, the arrival's note becomes
       the tonic through it (7-2-1: held-out 71 at seed 1 sang F#4 A4 | B4 over V7 - I, its
       first moment's close, and sings F#4 A4 | G4);
    2. the leading tone leaves the tune: it becomes the nearest other tone of its chords (not the
       seventh, which would fall by step) within RESOLVED_REACH of the notes either side, and
       not the note before it struck again (nor the note after, inside the dominant), so the
       tune leaves the leading tone to the inner voices;
    3. as 1, the note after within a sixth (SIXTH_REACH);
    4. inside the dominant, where the leading tone's next note is the last before the arrival
       and falls on a weak beat, and the arrival sings the tonic (directly or through its upper
       neighbour: _arrival_figure): that note becomes the tonic above the leading tone and the
       arrival's figure moves to its octave (the anticipation: the tonic struck early over the
       dominant, then on the downbeat again or through its neighbour), the note after within a
       sixth, the neighbour the step below where the one above would reach the summit:
       held-out 79's G#5 E#5 C#5 | G#4 F#4 in F# minor, G#5 its summit, sings
       G#5 E#5 F#5 | E#5 F#5;
    5. inside the dominant, the leading tone's leap down a third to its root, the line going on
       down: the leading tone passes down by step through the raised sixth to the root.
    Returns whether it mended."""
    summit = frame.climax.pitch
    tonic = span.key.tonic
    lead, after = tones[k], tones[k + 1]
    goal = lead.pitch + 1
    following = tones[k + 2] if k + 2 < len(tones) else None
    # No mended note reaches the summit (heard once), rises within CLIMAX_MARGIN of it over the
    # line around it (every phrase but the climax's stays clearly under the summit), or falls
    # under the window and that line (a summit's ridge keeps its register).
    around = [t.pitch for t in tones[max(0, k - 1):k + 4]]
    lowest = min([frame.low] + around)
    height = min(summit - 1, frame.top, max([summit - CLIMAX_MARGIN] + around))
    singable_goal = goal <= height

    def reaches(p: int, q: int | None, reach: int) -> bool:
        return q is None or (abs(p - q) <= reach and not awkward(p, q, tonic))

    at_arrival = after.start >= span.start
    if at_arrival and singable_goal and reaches(goal, following and following.pitch,
                                                RESOLVED_REACH):
        after.pitch = goal
        return True
    # 7-2 into the arrival, which sings another tone of the tonic (7-2-3, the leading tone leaping
    # past its goal): the arrival sings the tonic, through its upper neighbour (7-2-1)
    if (not at_arrival and following is not None and following.start == span.start == after.end
            and after.pitch - lead.pitch in UPPER_NEIGHBOUR and singable_goal
            and reaches(goal, tones[k + 3].pitch if k + 3 < len(tones) else None, RESOLVED_REACH)):
        following.pitch = goal
        return True
    before = tones[k - 1].pitch if k else None
    # a passing or neighbour note before goes on by step to the tone it leans on (_foreign)
    near = STEP if _foreign(tones, k - 1, frame) else RESOLVED_REACH
    if lead.pitch < summit:
        other = _other_tone(frame, lead, {(tonic + 11) % 12}, lambda p: (
            lowest <= p <= height and reaches(p, before, near) and p != before
            and reaches(p, after.pitch, RESOLVED_REACH) and (at_arrival or p != after.pitch)),
            toward=after.pitch)
        if other is not None:
            lead.pitch = other
            return True
    if at_arrival and singable_goal and reaches(goal, following and following.pitch, SIXTH_REACH):
        after.pitch = goal
        return True
    figure = _arrival_figure(tones, k + 2, goal)
    if (not at_arrival and figure and singable_goal and not after.fixed
            and figure[0].start == span.start == after.end
            and frame.meter.strength(after.start % frame.bar) < STRONG):
        # the figure in the tonic's octave; its neighbour, where that reaches the summit, the
        # one below (the rising appoggiatura, as the feminine ending leans under its ceiling)
        pitches = [goal + figure[0].pitch - figure[-1].pitch, goal][-len(figure):]
        if pitches[0] > height:
            pitches[0] = lead.pitch
        last = k + 2 + len(figure)
        if pitches[0] <= height and reaches(
                goal, tones[last].pitch if last < len(tones) else None, SIXTH_REACH):
            after.pitch = goal
            for tone, pitch in zip(figure, pitches):
                tone.pitch = pitch
            return True
    # 5. inside the dominant, the leading tone leaping a third down to its root, the line going
    #    on down from there: it passes down by step instead, the note after taking the whole
    #    step under it (melodic minor's raised sixth under the raised seventh: no augmented
    #    second) and the note after that the root (held-out 47 at seed 2, bar 13, its first
    #    moment's close: Bb5 A5 F5 Eb5 C5 | Db5 over V7 - i, where the one other tone of V7
    #    within reach, C6, stands inside the summit's margin, sings Bb5 A5 G5 F5 C5 | Db5)
    if (not at_arrival and following is not None and following.end <= span.start
            and not after.fixed and not following.fixed and after.pitch == lead.pitch - 4
            and (after.pitch - tonic) % 12 == 7 and following.pitch < after.pitch
            and k + 3 < len(tones) and (tones[k + 3].pitch - tonic) % 12 != 8
            and reaches(after.pitch, tones[k + 3].pitch, RESOLVED_REACH)):
        # (not where the line sings the minor sixth next: the raised sixth would meet its natural
        # form, held-out 28 at seed 1: A#5 G#5 F#5 G5)
        after.pitch, following.pitch = lead.pitch - 2, after.pitch
        return True
    return False
