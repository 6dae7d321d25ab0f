"""The Counter part: a second line under the melody, answering it in its gaps and singing a
slower countermelody against it where it leaves none. An instrument whose strong register lies
over the tune (a flute against a horn's tune, composer.plan.DESCANT) sings it over the tune
instead, as a descant: everything below then holds with "over" for "under" (_room).

Where the melody rests or holds a note for a while, the counter line moves: it starts on a chord
tone below the melody and walks by step toward the other end of its range, and stops before the
melody moves again, so the two lines take turns.

Where the tune moves on without a gap, the counter sings a countermelody: a note per chord or
beat (LINE_PACE), held on where it stays, a passing tone on a weak beat, below the tune, chosen phrase by phrase as a
whole line (a shortest path over the chord tones): guide tones first (the chord's third and
seventh), by common tone or step, the seventh falling by step, in contrary or oblique motion to
the tune, never in parallel fifths or octaves with the tune or the bass (nor where it meets a
walk), never beginning a note on the tune's pitch class (a doubling, not a second line), and
moving on to another tone of the chord, or resting, after two bars on one pitch (in two or three
beats a bar it has one note a bar, and a harmony held for bars must not hold it as long). Its
rhythm is then set against the tune's, note by note (_answer): it enters an eighth after a tune
attack rather than with it, moves where the tune holds or rests, and sustains long tones where the
tune runs, so the two lines take turns here too (Piston's complementary rhythm). What it sings in
the tune's holds and gaps is a figure from a small vocabulary (ANSWERS: a neighbour, a passing
tone, a broken chord, an echo of the head of the tune's phrase, a held tone, the answering walk),
chosen note by note as a composer varies them: by the music's arousal, the piece's two favourites
a little more often, and never one shape bar after bar. It enters by phrase: silent through the
opening theme's first phrase (the tune is heard alone first), joining where the music is intense
enough, and in every return from its start, however quiet, so a theme comes back re-voiced.

Every note is chosen, not patched (Fux's species rules as Aldwell & Schachter teach them): steps
come from the sounding chord's own scale (the raised leading tone under V in minor,
composer.theory.agreement); a note outside the chord is a passing tone on a weak pulse or
subdivision, between
two chord tones a step either side, or a neighbour that returns; strong pulses and the line's last
note are chord tones; and no note cross-relates with anything another part sounds (vertical.py)."""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right

from composer.arrange.vertical import Sounding
from composer.form import ACCOMPANIMENT_ONLY
from composer.harmony.span import ChordSpan
from composer.melody.cadence import drawn
from composer.melody.rhythm import band
from composer.piece import TICKS_PER_BEAT, Meter, Note
from composer.plan import PartPlan, Plan
from composer.streams import Streams
from composer.theory.agreement import chord_scale, scale_step
from composer.theory.motion import LINE_REST, awkward, parallel, stepped, strong_at_or_after, strong_before

MIN_GAP_PULSES = 2  # a gap must be at least this long for the counter line to speak
BELOW_MELODY = 3  # semitones the counter keeps under the melody (over it, a descant), at least
# A descant keeps within an octave over the tune (Aldwell & Schachter, *Harmony and Voice Leading*:
# adjacent upper voices lie no more than an octave apart): free of that, the flute over held-out
# 54's horn in C4-A4 sang its descant at C6-E6, two octaves away.
DESCANT_SPAN = 12
VELOCITY = 72

# The countermelody (Piston, Orchestration: the texture of a melody with a secondary melody): a
# second line of its own rhythm, slower than the tune, so the ear follows the tune and hears the
# counter as its background; softer than the tune and below it.
LINE_VELOCITY = 62
# It is quiet and slow, so it joins where the texture does, before the busier answering walks
# (the arrangement's COUNTER_ENTRY); in a return it joins whatever the level.
LINE_ENTRY = 0.3
# Costs of a chord tone by its place in the chord (pcs: root, third, fifth, seventh, added).
# The third and seventh name the chord's quality and make the smoothest line from chord to chord
# (the guide tones of Levine, The Jazz Theory Book; a chord seventh falls by step, Aldwell &
# Schachter, Harmony and Voice Leading); the fifth is the least characteristic tone.
TONE_COST = {0: 1.0, 1: 0.0, 2: 1.5, 3: 0.0}
ADDED_TONE_COST = 1.0
# Costs of the motion from one note to the next, by semitones: common tones and steps make a
# line (Fux; Aldwell & Schachter), a third is a small skip, a tritone is awkward, a leap beyond a
# fifth breaks it.
MOTION_COST = {0: 0.4, 1: 0.0, 2: 0.0, 3: 1.5, 4: 1.5, 5: 3.0, 6: 4.0, 7: 3.0}
LEAP_LIMIT = 7
# A pitch held or repeated for more than a bar: the line stands still (in a metre of two or
# three beats, where the line has one note a bar, a harmony held for bars would otherwise hold
# the counter on one pitch as long; a counter-line moves on to another tone of the chord, Piston).
# Two bars is the most it stands: where no other tone of the chord fits between the tune and the
# bass, the counter rests rather than drone on.
STAND_STILL = 3.0
STAND_LIMIT = 2
# Under the tune's run the line holds a tone (complementary rhythm), a bar at most before it takes
# its next tone, struck with the run where it cannot enter after it: a tone held on through two
# bars of a run over one chord was heard as a held tone, not a line (held-out 66 at seed 1: the
# clarinet's G4 through bars 16-17 and 20-21 of 6/8 under the piano's eighths; Piston,
# *Orchestration*: the secondary melody in longer values, still a melody). Where it has no other
# way on it rests after that bar rather than hold on: every way a tone was held longer (the line's
# path standing on one pitch over slots of one chord, a tone held on while the next waits for a
# free subdivision or could not be struck with the run) is bounded by it.
RUN_HOLD = 1
# The line reads the tune as running where it strikes on three in four of the subdivisions: a
# dotted figure or a sixteenth turn inside its eighths runs on as much to the ear (held-out 12 at
# seed 3, bar 91: the counter's E4 held 6.5 beats under Ab5 B5 C#6 B5 Ab5. A5 B5 Ab5 A5).
RUN_SHARE = 0.75
SIMILAR_MOTION = 1.0  # moving the tune's way; contrary and oblique motion keep the lines apart
UNRESOLVED_SEVENTH = 2.5  # a chord seventh that does not fall by step
# The countermelody's pace: the pulses of the bar on which it may take a new note, by the pulses
# in the bar (a note held on over the next costs a little, MOTION_COST[0], so it moves where it
# can and holds where it must). Each beat in four, as a chorale's alto moves mostly in quarters
# (its weak beats then carry the passing tones, PASSING), each beat of a two-beat bar (6/8, 2/4:
# one note a bar held for bars was heard as held tones, not a line, in a composer's reading of
# held-out 66), a half and a quarter in three (the waltz's long-short, slower than the tune:
# Piston, *Orchestration*, a secondary melody in longer values). Its rhythm against the tune's
# is then _answer's: it moves where the tune holds and holds under its runs.
LINE_PACE = {4: (0, 1, 2, 3), 2: (0, 1), 3: (0, 2)}
# A note on a weak beat under the chord of the note before may be a passing tone of the chord's
# scale, come to and left by step the same way (Fux's second species: the dissonance on the weak
# half, between two consonances a step either side; Aldwell & Schachter, ch. 5): it costs this
# much more than the chord's third, so the line goes through it rather than standing still. Not a
# neighbour and back: the answers' turns circle a tone already, and a line circling Bb A Bb A
# under a held chord (kitchen, where the tune left the counter no room) stands still.
PASSING = 0.3
OPEN_END = 1.5  # a phrase's last note other than the root or third: the line does not close
# A countermelody moves through a register with a direction, to a high or low point and on
# (Piston, *Counterpoint*, ch. 1-2: a line's curve; a line turning back to one tone again and
# again stands still, however it moves between): a tone the line sang in the last RECENT bars,
# left and sung again, costs this much more than a new one (held-out 71 at seed 1, bars 35-44:
# the horn's line D4 | Bb3 C4 D4 | D4 F#4 D4 | C4 D4 Eb4 | D4, D4 in every bar; V's D4 on its
# downbeats stays there, the one tone the Harmony's suspension and the tune leave it).
RETURN = 2.0
RECENT = 2
# ... and where it makes for: over each phrase of the countermelody its register moves SWEEP
# semitones from under the range's middle to over it (or back), against the tune's way over the
# phrase (contrary motion on the large scale: Piston, *Counterpoint*, ch. 2), where the range has
# room (a quarter of it either way at most).
SWEEP = 5
# A tone of the tune's pitch class where the tune strikes as the line's next note begins: it may
# not be held on over that attack (an octave with the tune, a doubling), and the next note enters
# after the attack (_answer), so the line breathes between them. Note after note, that was heard
# as staccato dots (held-out 71 at seed 1, bar 59: the horn's E3, G3, B3 an eighth each between
# rests, under the trumpet's G5 E5 G5): the line prefers a tone it can hold into the next, a
# legato second line (Piston, *Orchestration*: the secondary melody sustained against the tune).
DETACHED = 2.0


# The counter's vocabulary of answering figures, as a composer draws on it (Piston, *Counterpoint*,
# ch. 2-3: rhythmic independence, a second line moving where the first holds; Fux's second to
# fourth species as Kennan, *Counterpoint*, ch. 3-5, teaches them: passing and neighbour tones
# between chord tones, the broken chord, the held and tied tone; imitation of a subject's head,
# Kennan ch. 8). Each has a weight in the calm, moderate and energetic bands: calm music holds and
# echoes more, energetic music breaks its chords and runs.
# - where the tune holds under a counter note (HOLD_FIGURES), the note is sung as: held (the
#   lines breathe together), a neighbour and back then held, a passing tone on to the chord tone a
#   third away (against the tune's motion where it moves), a broken chord in beats, or an echo of
#   the head of the tune's phrase (its rhythm and contour, at the counter's pitch);
# - in the tune's gaps (GAP_FIGURES): the answering walk, an echo of the phrase's head, or one long
#   tone held through the gap;
# - under the tune's runs the counter sustains (a long tone struck with the run or held on), it does
#   not fall silent.
ANSWERS: dict[str, tuple[float, float, float]] = {
    "hold": (1.0, 0.75, 0.5),
    "neighbour": (1.0, 1.25, 1.25),
    "passing": (1.5, 1.5, 1.5),
    "arpeggio": (0.5, 1.0, 1.5),
    "echo": (1.25, 1.25, 1.0),
    "walk": (1.0, 1.5, 2.0),
    "sustain": (1.5, 1.0, 0.75),
}
# Where a countermelody note would begin with a tune attack, it enters a subdivision after it, on
# the next beat the tune leaves free, or with it (the lines meeting): the late entry alone, note
# after note, was itself heard as a stock shape (an eighth late, then held). Calm music waits
# longer; energetic music meets the tune more often.
ENTRIES: dict[str, tuple[float, float, float]] = {
    "after": (2.0, 2.0, 2.0),
    "beat": (1.5, 1.0, 0.5),
    "with": (0.5, 1.0, 1.5),
}
HOLD_FIGURES = ("hold", "neighbour", "passing", "arpeggio", "echo")
GAP_FIGURES = ("walk", "echo", "sustain")
_BANDS = ("calm", "moderate", "energetic")
# As a composer has favourite figures, a piece has two (its favourite counts FAVOURITE times, its
# second SECOND_FAVOURITE), drawn from the moderate band's weights: a little, not every bar
# (composer.melody.cadence's endings do the same).
FAVOURITE = 1.5
SECOND_FAVOURITE = 1.25
# A figure just sung counts AGAIN times as much for the next note; one sung RUNNING times in a row
# is not sung again next (where another fits): no stock shape bar after bar.
AGAIN = 0.4
RUNNING = 2
# Figures heard as one shape: a turn about a neighbour and a turn through a passing tone are both
# three notes in subdivisions from the note's onset, so neither follows the other on and on.
SHAPE = {"neighbour": "turn", "passing": "turn"}
HEAD_NOTES = 4  # the head of a phrase the counter echoes: its first notes, within a bar
# A long tone under a run is struck with it; the counter strikes so only while at most this share
# of its onsets falls with the tune's, so that it still answers the tune more than it doubles its
# rhythm (a chorale's alto, the tune's harmony, strikes with it 75 % of the time; Piston's
# complementary rhythm asks for far less).
STRUCK = 0.5
# A note entering with the tune's attack where it could answer it uses less of that share, so that
# the long tones under the runs keep theirs.
STRUCK_ENTRY = 0.3


class Answers:
    """Which figure answers next (ANSWERS, or another such `table`): one uniform draw per choice,
    the weights of the band of the music's arousal there (`arousal(tick)`), the piece's favourites
    weighted up, the figures just sung weighted down, and one sung RUNNING times in a row left out
    (figures of one SHAPE count as one). Each phrase (`place(tick)`: composer.plan.Plan.place_at)
    draws from its own stream of `draw` (composer.streams), so a phrase changed leaves the others'
    draws as they were."""

    def __init__(self, draw: Streams, arousal, place=lambda tick: (), table=None,
                 name: str = "answers"):
        self.draw, self.arousal, self.place, self.name, self.sung = draw, arousal, place, name, []
        self.streams: dict[tuple, random.Random] = {}
        self.table = table or ANSWERS
        weights = {kind: row[1] for kind, row in self.table.items()}
        self.favourites = []
        chooser = draw(name, "favourites")
        for _ in range(2):
            kind = drawn(weights, chooser.random())[0]
            self.favourites.append(kind)
            del weights[kind]
        # how its notes enter against the tune's attacks: chosen the same way, remembered apart
        self.entries = Answers(draw, arousal, place, ENTRIES, "entries") if table is None else None

    def rng(self, tick: int) -> random.Random:
        """The stream of the phrase at `tick`, going on where its last draw left it."""
        place = self.place(tick)
        if place not in self.streams:
            self.streams[place] = self.draw(self.name, *place)
        return self.streams[place]

    def order(self, tick: int, kinds) -> list[str]:
        """The figures to try at `tick`, the drawn one first, then the rest by weight."""
        column = _BANDS.index(band(self.arousal(tick)))
        weights = {kind: self.table[kind][column] for kind in kinds}
        for kind, factor in zip(self.favourites, (FAVOURITE, SECOND_FAVOURITE)):
            if kind in weights:
                weights[kind] *= factor
        last = {SHAPE.get(k, k) for k in self.sung[-RUNNING:]}
        if len(self.sung) >= RUNNING and len(last) == 1:
            kept = {k: w for k, w in weights.items() if SHAPE.get(k, k) not in last}
            weights = kept or weights
        if self.sung:
            for kind in weights:
                if SHAPE.get(kind, kind) == SHAPE.get(self.sung[-1], self.sung[-1]):
                    weights[kind] *= AGAIN
        first = drawn(weights, self.rng(tick).random())[0]
        return [first] + sorted((k for k in weights if k != first), key=lambda k: -weights[k])

    def sing(self, kind: str) -> None:
        self.sung.append(kind)


def _heads(melody, starts) -> list[tuple[int, tuple[tuple[int, int, int], ...]]]:
    """(tick, head) of each phrase beginning at `starts`: the head is the tune's first HEAD_NOTES
    notes from the phrase's first note (an upbeat's too), within a bar of it, as (onset from the
    first, length, pitch)."""
    out = []
    onsets = [n.start for n in melody]
    for tick, bar in starts:
        i = bisect_left(onsets, tick - bar // 2)
        notes = [n for n in melody[i:i + HEAD_NOTES] if n.start < melody[i].start + bar] \
            if i < len(melody) else []
        if len(notes) >= 3:
            out.append((tick, tuple((n.start - notes[0].start, n.duration, n.pitch) for n in notes)))
    return out


def _echo(head, first: int, start: int, end: int, scale, chord_at, strong, pulse: int,
          ok) -> list[Note] | None:
    """The head's rhythm and contour (its steps in `scale`) sung from `first` at `start`, its last
    note held to `end`; None where it does not fit: its notes on strong pulses (`strong(t)`) and
    its last are chord tones (`chord_at(t)`), any other a passing or neighbour tone a step from its
    neighbours, no longer than a `pulse`, and `ok(pitch, t0, t1, before)` for every note."""
    if head[-1][0] >= end - start:
        return None
    degree = [_degree(scale, p) for _, _, p in head]
    pitches = [first]
    for a, b in zip(degree, degree[1:]):
        y = pitches[-1]
        for _ in range(abs(b - a)):
            y = scale_step(scale, y, 1 if b > a else -1)
        pitches.append(y)
    if len(set(pitches)) == 1:
        return None
    notes = []
    for k, ((onset, _, _), y) in enumerate(zip(head, pitches)):
        t0 = start + onset
        t1 = start + head[k + 1][0] if k + 1 < len(head) else end
        if not chord_at(t0).contains(y):
            if k == 0 or k + 1 == len(head) or strong(t0) or t1 - t0 > pulse:
                return None
            before, after = pitches[k - 1], pitches[k + 1]
            if not (1 <= abs(y - before) <= 2 and 1 <= abs(after - y) <= 2
                    and ((after - y) * (y - before) > 0 or after == before)):
                return None
        if not ok(y, t0, t1, pitches[k - 1] if k else None):
            return None
        notes.append(Note(t0, t1 - t0, y, LINE_VELOCITY))
    return notes


def _degree(scale, pitch: int) -> int:
    """The degree of a pitch in `scale` (tonic first), counted over the octaves (the nearest tone
    of the scale at or below it)."""
    p = pitch
    while p % 12 not in scale:
        p -= 1
    return ((p - scale[0]) // 12) * len(scale) + scale.index(p % 12)


def _span_finder(progression):
    """`span_at(tick)`: the chord sounding at a tick (the last chord past the end), found by
    bisection over the chords' starts (they tile the piece in order), not by a scan: an hour
    has thousands of chords."""
    starts = [span.start for span in progression]

    def span_at(tick: int) -> ChordSpan:
        i = bisect_right(starts, tick) - 1
        return progression[i] if i >= 0 and tick < progression[i].end else progression[-1]
    return span_at


def _sounding_finder(notes, starts):
    """`at(tick)`: the pitch of the note sounding at a tick (the notes in order, not
    overlapping), or None; `at(tick, True)`: the line just before the tick, its last note begun
    before it while it sounds or stopped less than a beat before (motion.LINE_REST: a detached
    note's gap is no rest, and consecutive fifths across it are heard)."""
    def at(tick: int, before: bool = False) -> int | None:
        if before:
            i = bisect_left(starts, tick) - 1
            return notes[i].pitch if i >= 0 and tick - notes[i].end < LINE_REST else None
        i = bisect_right(starts, tick) - 1
        return notes[i].pitch if i >= 0 and tick < notes[i].end else None
    return at


def _heard_apart(line, ticks, tune_at, lowest) -> list[int | None]:
    """The walk up to its first note that doubles the tune (the tune's pitch class while it
    sounds: a held tune note is no gap for its own octave) or moves in parallel fifths or octaves
    with the tune or the bass."""
    for k, pitch in enumerate(line):
        if pitch is None:
            return line[:k]
        tick = ticks[k]
        tune = tune_at(tick)
        if tune is not None and (tune - pitch) % 12 == 0:
            return line[:k]
        if k and (parallel(line[k - 1], pitch, tune_at(tick, True), tune)
                  or parallel(line[k - 1], pitch, lowest(tick, True), lowest(tick))):
            return line[:k]
    return line


def _gaps(melody, meter: Meter, end: int):
    """(start, stop, pitch before) for stretches where the melody is silent or holding."""
    for i, note in enumerate(melody):
        following = melody[i + 1].start if i + 1 < len(melody) else end
        # The melody's own note keeps its first pulse; the rest of a long note is shared space.
        start = min(note.end, note.start + meter.pulse_ticks)
        start += -start % meter.pulse_ticks
        if following - start >= MIN_GAP_PULSES * meter.pulse_ticks:
            yield start, min(following, end), note.pitch


def _room(part, tune, bass: int | None = None) -> tuple[int, int]:
    """The counter's room (low, high) against the `tune`'s pitches sounding with it: BELOW_MELODY
    under the lowest, or over the highest where it sings a descant (PartPlan.above), and over the
    `bass`."""
    low = part.low if bass is None else max(part.low, bass + 1)
    if part.above:  # ... and within an octave of its highest, as adjacent upper voices keep
        return (max([low] + [p + BELOW_MELODY for p in tune]),
                min([part.high] + [p + DESCANT_SPAN for p in tune]))
    return low, min([part.high] + [p - BELOW_MELODY for p in tune])


def _walk(ticks, spans, a: int, lo: int, hi: int, direction: int, low: int, high: int) -> list[int] | None:
    """Steps from pitch `a` at tick lo to tick hi through each tick's chord scale, ending on a
    chord tone of the chord at hi: the notes in between are passing tones (or chord tones)."""
    walk = [a]
    for k in range(lo + 1, hi + 1):
        span = spans[k]
        walk.append(scale_step(chord_scale(span.chord, span.key), walk[-1], direction))
    if all(low <= p <= high for p in walk) and spans[hi].chord.contains(walk[-1]):
        return walk[1:]
    return None


def _line(ticks, spans, first: int, direction: int, low: int, high: int, strong) -> list[int | None]:
    """Pitches for each tick: chord tones on the strong pulses and at the ends (anchors), joined
    by stepwise passing tones where the anchors lie the right number of steps apart, else by
    chord tones (a leap between two consonances)."""
    anchors = sorted({0, len(ticks) - 1} | {k for k in range(len(ticks)) if strong[k]})
    pitches: list[int | None] = [first] + [None] * (len(ticks) - 1)
    for lo, hi in zip(anchors, anchors[1:]):
        a = pitches[lo]
        walk = None
        for way in (direction, -direction):
            walk = _walk(ticks, spans, a, lo, hi, way, low, high)
            if walk is not None:
                direction = way
                break
        if walk is None:
            # chord tones onward, turning at the range's edge, a repeat only where nothing fits
            walk, prev = [], a
            for k in range(lo + 1, hi + 1):
                span = spans[k]
                onward = [prev + direction * d for d in range(1, 6)] + [prev - direction * d for d in range(1, 6)]
                prev = next((p for p in onward + [prev] if span.chord.contains(p) and low <= p <= high), prev)
                walk.append(prev)
            if walk and (walk[-1] - a) * direction < 0:
                direction = -direction
        pitches[lo + 1:hi + 1] = walk
    return pitches


def counter_line(melody, progression, meter: Meter, part: PartPlan, allowed,
                 sounding: Sounding | None = None, plan: Plan | None = None,
                 draw: Streams | None = None) -> list[Note]:
    """`allowed(tick)` says whether the answering walks play at that point (intensity, layering);
    with the `plan`, the countermelody sings in the phrases it joins (_joins) around them; with
    the arrangement's streams (`draw`) too, each gap and each note the tune holds under is answered
    by a figure of the vocabulary (ANSWERS), chosen as it goes."""
    sounding = sounding or Sounding()
    answers = heads = None
    if plan is not None and draw is not None:
        bar = meter.bar_ticks
        answers = Answers(draw, lambda tick: plan.section_at(tick // bar).character.arousal,
                          lambda tick: plan.place_at(tick // bar))
        heads = _heads(melody, [(p.start_bar * bar, bar) for s in plan.sections for p in s.phrases
                                if p.melody])
    span_at = _span_finder(progression)
    melody_starts = [n.start for n in melody]
    tune_at = _sounding_finder(melody, melody_starts)

    def lowest(tick: int, before: bool = False):
        """The bass at a tick (Sounding.bass), or just before it (Sounding.bass_before)."""
        return sounding.bass_before(tick, "Counter") if before else sounding.bass(tick, "Counter")

    notes = []
    # no line in the final chord: only the last note's way into it (_resolved)
    end = progression[-1].start
    for start, stop, tune in _gaps(melody, meter, end):
        if not allowed(start):
            continue
        floor, ceiling = _room(part, (tune,))
        span = span_at(start)
        tones = [p for p in range(floor, ceiling + 1) if span.chord.contains(p)]
        if not tones:
            continue
        ticks = list(range(start, stop - meter.pulse_ticks // 2, meter.pulse_ticks))
        if not ticks:
            continue
        spans = [span_at(t) for t in ticks]
        strong = [meter.strength(t % meter.bar_ticks) >= 2 for t in ticks]
        # The starting chord tone (among the four nearest the melody) and direction that give
        # the most stepwise motion: a line, rather than an arpeggio.
        best = None
        for first in (tones[:4] if part.above else reversed(tones[-4:])):
            for direction in (-1, 1):
                line = _line(ticks, spans, first, direction, floor, ceiling, strong)
                line = _heard_apart(line, ticks, tune_at, lowest)
                steps = sum(1 for x, y in zip(line, line[1:]) if x is not None and y is not None
                            and 1 <= abs(x - y) <= 2)
                if best is None or steps > best[0]:
                    best = (steps, line)
        pitches = best[1]
        # the line ends on a chord tone: trailing passing tones are dropped
        while pitches and (pitches[-1] is None or not spans[len(pitches) - 1].chord.contains(pitches[-1])):
            pitches.pop()
        line = []
        for k, pitch in enumerate(pitches):
            if pitch is None:
                break
            tick = ticks[k]
            length = min(meter.pulse_ticks, stop - tick)
            if not sounding.agrees(pitch, tick, tick + length, spans[k].key.tonic, "Counter"):
                break
            line.append(Note(tick, length, pitch, VELOCITY))
        # a line cut short by a clash must not end on a passing tone either
        while line and not span_at(line[-1].start).chord.contains(line[-1].pitch):
            line.pop()
        if len(line) >= 2:
            notes += line if answers is None else _gap_figure(
                line, stop, answers, heads, span_at, meter, floor, ceiling, sounding, tune_at, lowest)
    if plan is None:
        return notes
    # The countermelody, around the walks: a slot a walk reaches is the walk's.
    walks = sorted(notes, key=lambda n: n.start)
    walk_starts = [n.start for n in walks]
    # Phrases that follow each other make one line (so no parallels hide at a phrase's seam),
    # each phrase still closing on a stable tone.
    slots, cadences = [], set()
    for start, stop in _joins(plan, end):
        cadences.add(stop)
        for a, b in _slots(start, stop, meter, progression):
            i = bisect_right(walk_starts, b - 1) - 1
            if i >= 0 and walks[i].end > a:
                continue
            if slots and slots[-1][1] == a and span_at(a).start < a and b - slots[-1][0] <= RUN_HOLD * bar \
                    and _runs(melody_starts, slots[-1][0], b, meter):
                slots[-1] = (slots[-1][0], b)  # under the tune's run the line holds (complementary rhythm)
                continue
            slots.append((a, b))
    notes += _countermelody(slots, frozenset(cadences), melody, melody_starts, span_at, part, sounding,
                            walks, meter, answers, heads or ())
    # the unexplained tones go first: a passing tone left without its neighbour rests, and the
    # notes either side of it then meet across the rest, where they may stand in fifths or
    # octaves with the bass (rooftop-chase-hits, seed 3, bar 29: A3 .. C#4 over D2 .. F#2), which
    # _apart then hears (it leaves no tone unexplained itself)
    line = _apart(_explained(sorted(notes, key=lambda n: n.start), span_at), tune_at, lowest, span_at, meter)
    return _resolved(line, progression[-1], span_at, part, tune_at, lowest, sounding,
                     meter.bar_ticks)


# The counter sounding at the last cadence ends in the final chord and holds it with the others (a
# composer's reading of held-out 54 at seed 2: the flute stopped on D5, the fifth of the V7, and
# was silent in the last bar, the piece's most exposed voice missing from its last chord; over the
# held-out scenes, 56 of 120 counters sounding in the last bar before it stopped so). Its last note
# goes there as a voice leads (Aldwell & Schachter, *Harmony and Voice Leading*, ch. 5-7): a
# leading tone rises to the tonic, a seventh falls by step; any other tone stays where the final
# chord keeps it (a common tone) or moves to the nearest of its tones, at the line's own costs
# (MOTION_COST; OPEN_END: a line closes on the root or the third), the smaller move first and down
# before up (the fifth of V, scale degree 2, falls to 1). It moves at most a fourth (CLOSE_REACH).
# "At the last cadence": its last note ends within the bar before the final chord; after a rest of
# a beat or more (motion.LINE_REST) it enters on the chord rather than moves into it.
CLOSE_REACH = 5
# A descant's last note may stand a tenth over the tune, not only an octave (DESCANT_SPAN): the
# closing tonic in open position, its third on top (Aldwell & Schachter, ch. 4: open spacing). A
# descant an octave over the tune's 2 -> 1 has no other way into the chord within the octave than
# parallel octaves with it (held-out 54: the flute's D5 over the horn's D4 -> C4 goes to E5).
CLOSE_SPAN = 16


def _resolved(line: list[Note], final: ChordSpan, span_at, part: PartPlan, tune_at, lowest,
              sounding: Sounding, bar: int) -> list[Note]:
    """The `line` with its last note joined to the final chord (CLOSE_REACH and above it): held on
    where it is a tone of that chord and moves nowhere better, else followed by the tone it moves
    to, from the chord's start to its end. The note keeps the counter's room against the tune
    (never its unison), moves in no parallels and by no awkward step, and agrees with the other
    parts. Where nothing fits, or the line stopped before the bar before the final chord, the line
    ends as it did."""
    if not line or final.start - line[-1].end >= bar or line[-1].end > final.start:
        return line
    last = line[-1]
    tonic = final.key.tonic
    chord = span_at(last.start).chord
    seventh = chord.seventh is not None and last.pitch % 12 == chord.seventh
    leading = (last.pitch - tonic) % 12 == 11
    tune, bass = tune_at(final.start), lowest(final.start)
    low, high = _room(part, [] if tune is None else [tune], bass)
    if part.above and tune is not None:
        high = min(part.high, tune + CLOSE_SPAN)
    pcs = final.chord.pcs

    def cost(d: int) -> tuple:
        pitch = last.pitch + d
        closes = pcs.index(pitch % 12) in (0, 1) if pitch % 12 in pcs else False
        return (_motion_cost(last.pitch, pitch) + (0.0 if closes else OPEN_END), abs(d), d > 0)

    reach = range(-CLOSE_REACH, CLOSE_REACH + 1)
    if seventh:
        steps = (-1, -2)
    elif leading:
        steps = (1,) + tuple(sorted((d for d in reach if d), key=lambda d: (abs(d), -d)))
    else:
        steps = tuple(sorted(reach, key=cost))
    length = final.end - final.start
    for d in steps:
        pitch = last.pitch + d
        if not low <= pitch <= high or not final.chord.contains(pitch) or pitch == tune \
                or awkward(last.pitch, pitch, tonic) \
                or parallel(last.pitch, pitch, tune_at(final.start, True), tune) \
                or parallel(last.pitch, pitch, lowest(final.start, True), bass) \
                or not sounding.agrees(pitch, final.start, final.end, tonic, "Counter"):
            continue
        if d == 0 and last.end == final.start:  # the common tone held on into the chord
            return line[:-1] + [Note(last.start, final.end - last.start, pitch, last.velocity)]
        return line + [Note(final.start, length, pitch, last.velocity)]
    return line


def _explained(notes: list[Note], span_at) -> list[Note]:
    """The line without a tone outside its chord that is not come to and left by step, joined to
    the notes either side, on its way or back (a passing or neighbour tone whose neighbour the rhythm or a parallel
    took away is left unexplained: Aldwell & Schachter, ch. 5); a tone held over from the chord
    before (a suspension) began inside its chord."""
    kept: list[Note] = []
    for k, note in enumerate(notes):
        if not span_at(note.start).chord.contains(note.pitch):
            before = kept[-1] if kept and kept[-1].end == note.start else None
            after = notes[k + 1] if k + 1 < len(notes) and notes[k + 1].start == note.end else None
            if before is None or after is None or not 1 <= abs(note.pitch - before.pitch) <= 2 \
                    or not 1 <= abs(after.pitch - note.pitch) <= 2 \
                    or ((after.pitch - note.pitch) * (note.pitch - before.pitch) < 0 and after.pitch != before.pitch):
                continue
        kept.append(note)
    return kept


def _gap_figure(walk: list[Note], stop: int, answers: Answers, heads, span_at, meter: Meter,
                low: int, high: int, sounding: Sounding, tune_at, lowest) -> list[Note]:
    """A gap's answer (GAP_FIGURES), the first of the answers' order that fits: the `walk` as
    found, an echo of the head of the tune's phrase from the walk's first note, or that note held
    as one long tone while its chord lasts (to `stop` at most); `low`, `high`: the counter's room
    under the tune."""
    start, first = walk[0].start, walk[0].pitch
    span = span_at(start)

    def ok(y: int, t0: int, t1: int, before: int | None) -> bool:
        tune = tune_at(t0)
        return (low <= y <= high and (tune is None or (tune - y) % 12 != 0)
                and sounding.agrees(y, t0, t1, span_at(t0).key.tonic, "Counter")
                and (before is None or not (parallel(before, y, tune_at(t0, True), tune)
                                            or parallel(before, y, lowest(t0, True), lowest(t0)))))
    for kind in answers.order(start, GAP_FIGURES):
        if kind == "walk":
            body = walk
        elif kind == "sustain":
            end = min(stop, span.end)
            body = [Note(start, end - start, first, VELOCITY)] \
                if end - start >= MIN_GAP_PULSES * meter.pulse_ticks and ok(first, start, end, None) else None
        else:
            i = bisect_right(heads, start, key=lambda h: h[0]) - 1
            body = None if i < 0 else _echo(
                heads[i][1], first, start, stop, chord_scale(span.chord, span.key),
                lambda t: span_at(t).chord, lambda t: meter.strength(t % meter.bar_ticks) >= 2,
                meter.pulse_ticks, ok)
            body = body and [Note(n.start, n.duration, n.pitch, VELOCITY) for n in body]
        if body:
            answers.sing(kind)
            return body
    return walk


def _apart(notes: list[Note], tune_at, bass_at, span_at, meter: Meter | None = None) -> list[Note]:
    """The line without a note that makes parallel fifths or octaves with the tune or the bass as
    their lines stood where the note before it began, or just before it (a detached note's gap is
    no rest, motion.LINE_REST: rooftop-chase-hits at seed 3 moved A3 -> C#4 over a detached D2 ->
    F#2): the counter enters an eighth after the tune's attack, so its two perfect intervals stand an eighth apart, which the ear still hears as
    parallels (Aldwell & Schachter, "Harmony and Voice Leading", ch. 7: consecutive perfect
    intervals across an off-beat), as it does across a rest of a beat or less; nor one the line
    reaches by a move it does not sing (motion.awkward) from the note before, where a tone between
    them rested (held-out 12 at seed 2, bar 31: E4 .. A#4 across a beat's rest). Such a note rests,
    and the passing or neighbour tones either side of it, left leading nowhere, with it."""
    kept: list[Note] = []
    resting = False  # a note rested: the passing or neighbour tones after it rest too
    for note in notes:
        stable = span_at(note.start).chord.contains(note.pitch)
        if resting and not stable:
            continue
        resting = False
        before = kept[-1] if kept and note.start - kept[-1].end <= TICKS_PER_BEAT else None
        if (before is not None and (any(
                parallel(before.pitch, note.pitch, voice(at, True), voice(note.start))
                for voice in (tune_at, bass_at) for at in (before.start + 1, note.start))
                or awkward(before.pitch, note.pitch, span_at(note.start).key.tonic))) \
                or (meter is not None and _framed_by(kept, note.pitch, note.start,
                                                     (tune_at, bass_at), meter, note.end)):
            while kept and not span_at(kept[-1].start).chord.contains(kept[-1].pitch):
                kept.pop()
            if kept and not span_at(kept[-1].end - 1).chord.contains(kept[-1].pitch):
                # a suspension whose resolution rests: held no further than the chord's change
                held, change = kept[-1], span_at(kept[-1].end - 1).start
                kept[-1] = Note(held.start, change - held.start, held.pitch, held.velocity)
            resting = True
            continue
        kept.append(note)
    return kept


def _framed(kept: list[Note], pitch: int, t1: int, voice_at, meter: Meter, end: int | None = None
            ) -> bool:
    """Does `pitch`, struck at t1 after the line's notes `kept`, stand in the same fifth or octave
    with another line (`voice_at`: the bass, or the tune: _framed_by) as the line's note on the
    strong beat before did, both having moved?
    Consecutive perfect intervals on successive strong beats are heard through the notes between
    (second species: Grove's *Dictionary*; Lehmann; composer.theory.motion.framed, which the
    evaluation reads the tune and the bass by): the counter entering legato with the tune
    (DETACHED) framed octaves with the bass where it had breathed before (held-out 06 at seed 1,
    bar 7: F4 C5 G4 over F2 F2 G2). One decision for the line's rhythm, which enters legato only
    where the note is not framed so (_answer), and for the finished line, where such a note rests
    as a parallel does (_apart)."""

    def line(t0: int) -> int | None:
        # the line there as motion.Line reads it: its last note begun by then, stopped less than
        # a beat before
        return next((m.pitch for m in reversed(kept[-6:]) if m.start <= t0 and t0 - m.end < LINE_REST), None)
    if t1 % meter.pulse_ticks == 0:
        # on consecutive beats through one note of the counter's, the bass holding: both by step
        # the same way (motion.stepped; Jeppesen: the passing note does not save them)
        t0 = t1 - meter.pulse_ticks
        between = sum(1 for m in kept[-6:] if t0 < m.start < t1)
        if stepped(line(t0), pitch, voice_at(t0), voice_at(t1), voice_at(t0) == voice_at(t1, True),
                   between):
            return True
        # ... or the counter holding while the bass passes through a note (a change of the bass's
        # pitch between the beats read as one: held-out 07 at seed 1, bar 27, C#5 held over the
        # bass's C#3 A2, then both a step down onto B)
        if not between and voice_at(t1, True) != voice_at(t0) and stepped(
                line(t0), pitch, voice_at(t0), voice_at(t1), True, 1):
            return True
    if meter.strength(t1 % meter.bar_ticks) < 2:
        # struck off the strong beat, the note is read on the next one if it is still heard there
        # (sounding to `end`, or stopped less than LINE_REST before): a flute's descant F6 struck
        # on beat 4 over the bass's F2, after C6 over F2 on beat 3, stood a fifth over Bb2 on the
        # next downbeat (held-out 06 at seed 1, bar 13)
        t2 = strong_at_or_after(meter, t1)
        if end is None or t2 - end >= LINE_REST:
            return False
        t0 = strong_before(meter, t2)
        # heard through the notes between where the bass holds its pitch from beat to beat
        # (motion.framed), as it held F2 there
        return voice_at(t0) == voice_at(t2, True) and parallel(line(t0), pitch, voice_at(t0),
                                                               voice_at(t2))
    t0 = strong_before(meter, t1)
    return parallel(line(t0), pitch, voice_at(t0), voice_at(t1))


def _framed_by(kept: list[Note], pitch: int, t1: int, voices, meter: Meter,
               end: int | None = None) -> bool:
    """_framed with any of `voices` (the tune's line and the bass's): the counter against the
    tune as against the bass. A note entering after the line's last one, which stopped on the
    strong beat before or less than a beat before it, is heard moving from it there (motion.Line,
    as the evaluation reads two lines): held-out 1 at seed 3, bar 43, the counter's C5 stopping
    on the downbeat under the tune's G5, then Bb4 entering on beat 3 under F5, consecutive
    fifths; the counter's own rule read the bass only."""
    return any(_framed(kept, pitch, t1, voice_at, meter, end) for voice_at in voices)


def may_enter(pitch: int, tick: int, notes, melody, bass, tonic: int, stop: int | None = None,
              meter: Meter | None = None) -> bool:
    """May the counter begin `pitch` at `tick` (the climax's held tone, composer.arrange), held to
    `stop`, among its `notes`, against the `melody` and the `bass`: not on the tune's pitch class,
    not in parallel fifths or octaves with either from a counter note ending there or a beat or
    less before (as _apart judges them: from where that note began, or as the lines stood just
    before the tick), and not joined to that note, or to the note beginning a beat or less after
    `stop`, by a move the line does not sing (motion.awkward, in the key of `tonic`: held-out 18
    at seed 2 held C#4 through the climax's bar and went on to G4); with the `meter`, neither
    framing fifths or octaves with either on the strong beats from the line's note before nor
    into its note after (_framed: held-out 25 at seed 2 held G4 through the climax's bar over the
    bass's G2, and went on to E4 over E2 on the next downbeat, octaves a bar apart)."""
    tune_at = _sounding_finder(melody, [n.start for n in melody])
    bass_at = _sounding_finder(bass, [n.start for n in bass])
    tune = tune_at(tick)
    if tune is not None and (tune - pitch) % 12 == 0:
        return False
    before = max((n for n in notes if tick - TICKS_PER_BEAT <= n.end <= tick), default=None,
                 key=lambda n: n.end)
    after = None if stop is None else min(
        (n for n in notes if stop <= n.start <= stop + TICKS_PER_BEAT), default=None, key=lambda n: n.start)
    if after is not None and awkward(pitch, after.pitch, tonic):
        return False
    if meter is not None:
        kept = sorted((n for n in notes if n.end <= tick), key=lambda n: n.start)
        held = Note(tick, (stop if stop is not None else tick + meter.pulse_ticks) - tick, pitch,
                    VELOCITY)
        if any(_framed(kept, pitch, tick, voice, meter, held.end)
               or (after is not None and _framed(kept + [held], after.pitch, after.start, voice,
                                                 meter, after.end))
               for voice in (tune_at, bass_at)):
            return False
    if before is None:
        return True
    # held over the beat before while the bass strikes one note between, both then stepping the
    # same way into fifths or octaves again (motion.stepped, as the evaluation reads them):
    # held-out 07 at seed 1, C#5 held over the bass's C#3 A2, then both onto B at the climax
    beat = tick - TICKS_PER_BEAT
    between = sum(1 for n in bass if beat < n.start < tick)
    if before.start <= beat and stepped(before.pitch, pitch, bass_at(beat), bass_at(tick), True,
                                        between):
        return False
    return not (awkward(before.pitch, pitch, tonic) or any(
        parallel(before.pitch, pitch, voice(at, True), voice(tick))
        for voice in (tune_at, bass_at) for at in (before.start + 1, tick)))


def _joins(plan: Plan, end: int):
    """(start tick, end tick) of each phrase the countermelody sings: every phrase with a tune in
    a return (a theme comes back re-voiced, however quiet), and elsewhere the phrases intense
    enough or that a long section's growth brings it into (Plan.staged: from its second phrase
    group), except the opening theme's first phrase (the tune is first heard alone)."""
    bar = plan.meter.bar_ticks
    heard = set()
    for section in plan.sections:
        if section.role in ACCOMPANIMENT_ONLY:
            continue
        returning = section.family in heard
        opening = not heard
        heard.add(section.family)
        for k, phrase in enumerate(section.phrases):
            if not phrase.melody or (opening and k == 0):
                continue
            levels = [plan.intensity_at(b) for b in range(phrase.start_bar, phrase.end_bar)]
            if not plan.staged("Counter", phrase.start_bar) and not returning \
                    and sum(levels) / len(levels) < LINE_ENTRY:
                continue
            start, stop = phrase.start_bar * bar, min(phrase.end_bar * bar, end)
            if stop > start:
                yield start, stop


def _slots(start: int, stop: int, meter: Meter, progression):
    """The countermelody's note lengths: one per chord, divided at bar lines and where LINE_PACE
    lets the line move under a held chord (or hold on); none shorter than a pulse. `progression`
    in order of time (its changes inside are found by halving)."""
    bar = meter.bar_ticks
    cuts = {b + o for b in range(start - start % bar, stop, bar) for o in _line_pace(meter)}
    inside = progression[bisect_right(progression, start, key=lambda s: s.start):
                         bisect_left(progression, stop, key=lambda s: s.start)]
    cuts |= {s.start for s in inside}
    cuts = sorted({c for c in cuts if start <= c < stop} | {start, stop})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if out and b - a < meter.pulse_ticks:
            out[-1] = (out[-1][0], b)  # too short to be heard as the line's own note: held on
        elif b - a >= meter.pulse_ticks:
            out.append((a, b))
    return out


def _runs(melody_starts, t0: int, t1: int, meter: Meter, share: float = 1.0) -> bool:
    """Does the tune strike on at least `share` of the subdivisions from t0 to t1 (every one: a
    run; RUN_SHARE: running on as much, to the ear)?"""
    sub = _subdivision(meter)
    i = bisect_left(melody_starts, t0)
    onsets = set(melody_starts[i:bisect_left(melody_starts, t1)])
    ticks = range(t0, t1, sub)
    return sum(t in onsets for t in ticks) >= share * len(ticks)


def _line_pace(meter: Meter) -> tuple[int, ...]:
    """Where in the bar the countermelody may take a new note (LINE_PACE)."""
    return tuple(k * meter.pulse_ticks for k in LINE_PACE.get(meter.pulses, (0,)))


def _tone_cost(chord, pitch: int) -> float:
    i = chord.pcs.index(pitch % 12)
    return TONE_COST.get(i, ADDED_TONE_COST)


def _motion_cost(a: int, b: int) -> float | None:
    d = abs(a - b)
    if d > LEAP_LIMIT:
        return None
    return MOTION_COST[d]


def _stood(best, run, k: int, pitch: int) -> int:
    """How long (ticks) the cheapest line to `pitch` at slot k has stood on that pitch."""
    length = 0
    while True:
        length += run[k][1] - run[k][0]
        if k == 0 or best[k][pitch][1] != pitch:
            return length
        k -= 1


def _countermelody(slots, cadences: frozenset, melody, melody_starts, span_at, part: PartPlan,
                   sounding: Sounding, walks=(), meter: Meter | None = None,
                   answers: Answers | None = None, heads=()) -> list[Note]:
    """The best line through the slots: a shortest path over each slot's chord tones (below the
    tune, above the bass, never the tune's pitch class, agreeing with everything sounding), by
    the costs above, joined to the answering `walks` it meets without parallels, a skip of a third
    from a long note filled by a passing tone (_passing). A slot with no tone breaks the line in
    two."""
    bar = meter.bar_ticks if meter else 0
    tune_at = _sounding_finder(melody, melody_starts)
    walk_ending = {n.end: n.pitch for n in walks}
    walk_starting = {n.start: n.pitch for n in walks}

    def tune(a: int, b: int):
        """The tune's pitches sounding in a..b, and the one at a (or its next onset)."""
        i = max(0, bisect_right(melody_starts, a) - 1)
        over = []
        while i < len(melody) and melody[i].start < b:
            if melody[i].end > a:
                over.append(melody[i].pitch)
            i += 1
        return over

    def lowest(tick: int, before: bool = False):
        """The bass at a tick (Sounding.bass), or just before it (Sounding.bass_before)."""
        return sounding.bass_before(tick, "Counter") if before else sounding.bass(tick, "Counter")

    # per slot: start, stop, span, candidates, and the tune and the bass at its start and at its
    # end (a move into the next note is judged against what sounds just before and at it)
    columns = []
    for a, b in slots:
        span = span_at(a)
        over = tune(a, b)
        bass = lowest(a)
        floor, ceiling = _room(part, over, bass)
        pcs = set(span.chord.pcs)
        # never the tune's pitch class where the counter's note begins: that is a doubling of
        # the tune (in unison or octaves), not a second line
        if meter is not None and meter.strength(a % meter.bar_ticks) <= 1 and span.start < a:
            pcs |= set(chord_scale(span.chord, span.key))  # a passing or neighbour tone (PASSING)
        cands = [p for p in range(floor, ceiling + 1) if p % 12 in pcs
                 and not (over and (over[0] - p) % 12 == 0)
                 and sounding.agrees(p, a, b, span.key.tonic, "Counter")]
        i = bisect_left(melody_starts, a)
        struck = melody[i].pitch if i < len(melody) and melody[i].start == a else None
        columns.append((a, b, span, cands, (over[0] if over else None, bass),
                        (tune_at(b, True), lowest(b, True)), struck))

    notes: list[Note] = []
    run: list = []
    for column in columns + [None]:
        if column is not None and column[3] and (not run or run[-1][1] == column[0]):
            run.append(column)
            continue
        if run:
            a, b = run[0][0], run[-1][1]
            # a walk that leads into the run or out of it: (its pitch, the tune and the bass
            # before the seam, the tune and the bass after it)
            enter = leave = None
            if a in walk_ending:
                enter = (walk_ending[a], tune_at(a, True), lowest(a, True), tune_at(a), lowest(a))
            if b in walk_starting:
                leave = (walk_starting[b], tune_at(b, True), lowest(b, True), tune_at(b), lowest(b))
            busy = (lambda t0, t1: _runs(melody_starts, t0, t1, meter, RUN_SHARE)) if meter else None
            line = _best_line(run, part, cadences, bar, enter, leave, busy)
            notes += _answer(line, meter, span_at, melody, melody_starts, tune_at, lowest, sounding,
                             part, frozenset(walk_ending), answers, heads) if meter else line
        run = [column] if column is not None and column[3] else []
    return notes


# The countermelody's rhythm against the tune's: the line's notes are chosen one per chord (a
# shortest path, _best_line), then each is placed against what the tune does under it, so the two
# lines take turns (the complementary rhythm of two lines: Piston, *Counterpoint*, on rhythmic
# independence: one line moves while the other holds; in film and band scoring the countermelody
# fills the tune's held notes and rests):
# - where the tune strikes as the note would begin, the note enters a subdivision later, on the
#   first off-beat the tune leaves free (its predecessor held on over the tune's attack where it
#   is a tone of the new chord, else a breath); where the tune strikes on every subdivision of
#   the note (a run), the counter holds its tone on where it belongs to the chord, else rests;
# - where the tune strikes a note of a dotted quarter or longer on the downbeat, the lines meet
#   there (the bar's strongest beat; Fux: two lines begin and close together), and the counter
#   moves on at once while the tune holds (INNER_FIGURES);
# - where the tune holds a dotted quarter or longer, or rests, under the note's end, the counter
#   moves there in subdivisions toward its next note (FIGURES), which then lands with the tune.
# The subdivision is the eighth under a quarter or dotted-quarter beat (a third of a compound beat).
HOLD = 3  # subdivisions: a tune note this long (a dotted quarter) holds still enough to move under
# The broken chord's shapes, the first that fits: (tones after the note's own, in beats rather than
# subdivisions): two tones in beats, one skip a beat on, two in subdivisions, one skip a
# subdivision on; so a broken chord is a rhythm of its own, not the turn's three subdivisions.
BROKEN = ((2, True), (1, True), (1, False), (2, False))
# The notes between a counter note and the next, by the steps of the chord's scale between them:
# each list is one figure, in steps from the note toward the next, the first that fits is sung
# (Fux's passing and neighbour tones as Aldwell & Schachter teach them: a tone outside the chord
# comes and goes by step, on a weak subdivision, and leads to a chord tone).
FIGURES = {
    0: ((-1,), (1,)),  # the same tone again: a lower neighbour, else an upper one
    1: ((2,),),  # a step: a skip past it to the chord tone a third away, and a step back
    2: ((1,),),  # a third: the passing tone between
    3: ((1, 2),),  # a fourth: two passing tones
    4: ((1, 2, 3),),  # a fifth: a run of three
}


# Where the tune holds as a counter note begins, the note moves at once (steps of the chord's
# scale, and which way: 1 toward the next note, -1 away): to the chord tone a third away through
# the tone between (a passing tone), else about a neighbour and back (negative steps).
INNER_FIGURES = ((2, 1), (2, -1), (-1, -1), (-1, 1))


def _subdivision(meter: Meter) -> int:
    return meter.pulse_ticks // (3 if meter.compound else 2)


def _answer(line: list[Note], meter: Meter, span_at, melody, melody_starts, tune_at, lowest,
            sounding: Sounding, part: PartPlan, walk_ends=frozenset(), answers: Answers | None = None,
            heads=()) -> list[Note]:
    """The line's notes placed against the tune's rhythm (the table above); a note an answering
    walk leads into (it ends at one of `walk_ends`) lands where it was chosen, as after a figure.
    Where the tune holds under a note, `answers` chooses the note's figure (HOLD_FIGURES; without
    it, INNER_FIGURES' turns), an echo singing the head of the phrase (`heads`, _heads) sounding
    there; under a run the note is sustained. Every note it moves or adds keeps the line's rules:
    below the tune and above the bass, in the instrument's range,
    never beginning on the tune's pitch class, no cross-relation, no parallel fifths or octaves
    into it or out of it, a tone outside the chord only by step on a weak subdivision."""
    sub = _subdivision(meter)
    bar = meter.bar_ticks

    def strikes(t0: int, t1: int) -> bool:
        i = bisect_left(melody_starts, t0)
        return i < len(melody_starts) and melody_starts[i] < t1

    def runs(t0: int, t1: int) -> bool:
        return _runs(melody_starts, t0, t1, meter)

    def stands(until: int) -> bool:
        """May the line's last tone stand on, held, to `until`? A bar at most where the tune runs
        under all the time it stands (RUN_HOLD: a tone held on under a run while the next waits for
        a free subdivision was heard as a held tone, held-out 12 at seed 3, bar 91: E4 for 6.5
        beats), else STAND_LIMIT. Judged over all of it, as the line's path judges it (_best_line):
        held-out 66 at seed 1 held Eb4 through bars 65-66 where only bar 66 was read, its tune on 4
        of its 6 eighths, the two bars' on 9 of 12."""
        stood = _stood_in(out, until)
        return stood <= (RUN_HOLD if _runs(melody_starts, until - stood, until, meter, RUN_SHARE)
                         else STAND_LIMIT) * bar

    def holding(t: int) -> bool:
        """The tune rests at t, or holds a note of HOLD subdivisions or more begun before it."""
        i = bisect_right(melody_starts, t) - 1
        if i < 0 or melody[i].end <= t:
            return True
        return melody[i].start < t and melody[i].duration >= HOLD * sub

    def meets(t: int) -> bool:
        """Does the tune strike a long note on the downbeat at t (the lines meet there)?"""
        i = bisect_left(melody_starts, t)
        return t % bar == 0 and i < len(melody) and melody[i].start == t \
            and melody[i].duration >= HOLD * sub

    def fits(pitch: int, t0: int, t1: int) -> bool:
        """May the counter sound `pitch` from t0 (its onset, or where a held note goes on) to t1?"""
        i = max(0, bisect_right(melody_starts, t0) - 1)
        over = []
        while i < len(melody) and melody[i].start < t1:
            if melody[i].end > t0:
                over.append(melody[i].pitch)
            i += 1
        low, high = _room(part, over)
        if not low <= pitch <= high:
            return False
        tune, bass = tune_at(t0), lowest(t0)
        if tune is not None and (tune - pitch) % 12 == 0:
            return False
        if bass is not None and pitch <= bass:
            return False
        return sounding.agrees(pitch, t0, t1, span_at(t0).key.tonic, "Counter")

    def moves(a: int, b: int, t: int) -> bool:
        """May the counter move from `a` to `b` at t: no parallel fifths or octaves with the tune
        or the bass, and no move a line does not sing (motion.awkward: a tritone, the minor key's
        augmented second), which every figure's step and every join of the line's notes asks."""
        return not (parallel(a, b, tune_at(t, True), tune_at(t)) or parallel(a, b, lowest(t, True), lowest(t))
                    or awkward(a, b, span_at(t).key.tonic))

    def figure(p: int, start: int, end: int, q: int) -> list[Note] | None:
        span = span_at(end - 1)
        scale = chord_scale(span.chord, span.key)
        direction = 1 if q >= p else -1
        steps, x = 0, p
        while (q - x) * direction > 0:
            x = scale_step(scale, x, direction)
            steps += 1
        if x != q:
            return None  # the next note lies outside the chord's scale: no figure leads there
        for offsets in FIGURES.get(steps, ()):
            t0 = end - len(offsets) * sub
            if t0 - start < sub or strikes(t0, end) or not holding(t0):
                continue
            pitches = []
            for k in offsets:
                y = p
                for _ in range(abs(k)):
                    y = scale_step(scale, y, direction if k > 0 else -direction)
                pitches.append(y)
            seq = [p] + pitches + [q]
            ok = moves(pitches[-1], q, end)
            for j, y in enumerate(pitches):
                t = t0 + j * sub
                if not ok:
                    break
                if not span.chord.contains(y):
                    # a passing or neighbour tone: by step either side, on a weak subdivision, to a
                    # chord tone, and not against a note struck a semitone from it with it
                    ok = (1 <= abs(y - seq[j]) <= 2 and 1 <= abs(seq[j + 2] - y) <= 2
                          and meter.strength(t % bar) <= 1
                          and (j + 1 == len(pitches) or span.chord.contains(pitches[j + 1]))
                          and not any(t <= s < t + sub and min((o - y) % 12, (y - o) % 12) == 1
                                      for s, _, o in sounding.around(t, t + sub, "Counter")))
                ok = ok and fits(y, t, t + sub) and moves(seq[j], y, t)
            if ok:
                return [Note(t0 + j * sub, sub, y, LINE_VELOCITY) for j, y in enumerate(pitches)]
        return None

    def turn(p: int, start: int, end: int, toward: int, circled: bool,
             shapes=INNER_FIGURES, lead: int = 0) -> list[Note] | None:
        """Where the tune holds just after the note begins: the note moves on at once (or after
        `lead` ticks more), in subdivisions, to another tone of its chord a third away (through
        the tone between), or turns about a neighbour; the first of `shapes` that fits, the way
        toward `toward` first; no neighbour where the note before `circled` about one (a line
        circling its tone bar after bar). The notes from the note's onset on, the last held to
        `end`."""
        t1 = start + sub + lead
        if end - t1 < 2 * sub or strikes(t1, t1 + sub) or not holding(t1):
            return None
        span = span_at(start)
        scale = chord_scale(span.chord, span.key)
        way = 1 if toward >= p else -1
        for steps, direction in shapes:
            if steps < 0 and circled:
                continue
            direction *= way
            pitches, y = [], p
            for _ in range(abs(steps)):
                y = scale_step(scale, y, direction)
                pitches.append(y)
            if steps < 0:
                pitches = [pitches[0], p]  # a neighbour, and back
            x, z = pitches
            if not span.chord.contains(z) or not 1 <= abs(x - p) <= 2 or not 1 <= abs(z - x) <= 2:
                continue
            if not span.chord.contains(x) and (
                    meter.strength(t1 % bar) > 1
                    or any(t1 <= s < t1 + sub and min((o - x) % 12, (x - o) % 12) == 1
                           for s, _, o in sounding.around(t1, t1 + sub, "Counter"))):
                continue
            if fits(x, t1, t1 + sub) and fits(z, t1 + sub, end) and moves(p, x, t1) and moves(x, z, t1 + sub):
                return [Note(start, t1 - start, p, LINE_VELOCITY), Note(t1, sub, x, LINE_VELOCITY),
                        Note(t1 + sub, end - t1 - sub, z, LINE_VELOCITY)]
        return None

    def broken(p: int, start: int, end: int, toward: int) -> list[Note] | None:
        """The note's chord broken: one or two more of its tones, on by a third or fourth each the
        way toward `toward` (else the other), the last held to `end`, in the first shape of
        BROKEN that fits; none struck with the tune."""
        chord = span_at(start).chord
        first = 1 if toward >= p else -1
        for count, beats in BROKEN:
            step = meter.pulse_ticks if beats else sub
            onsets = [start + k * step for k in range(count + 1)]
            if end - onsets[-1] < step or any(strikes(t, t + 1) or not holding(t) for t in onsets[1:]):
                continue
            for way in (first, -first):
                pitches = [p]
                for _ in range(count):
                    pitches.append(next((pitches[-1] + way * d for d in range(3, 6)
                                         if chord.contains(pitches[-1] + way * d)), None))
                    if pitches[-1] is None:
                        break
                if None in pitches:
                    continue
                ends = onsets[1:] + [end]
                if all(fits(y, t, e) for y, t, e in zip(pitches[1:], onsets[1:], ends[1:])) \
                        and all(moves(x, y, t) for x, y, t in zip(pitches, pitches[1:], onsets[1:])):
                    return [Note(t, e - t, y, LINE_VELOCITY) for y, t, e in zip(pitches, onsets, ends)]
        return None

    def echoed(p: int, start: int, end: int) -> list[Note] | None:
        """The head of the tune's phrase sounding at `start` sung from the note (_echo)."""
        i = bisect_right(heads, start, key=lambda h: h[0]) - 1
        if i < 0:
            return None
        span = span_at(start)

        def ok(y: int, t0: int, t1: int, before: int | None) -> bool:
            return fits(y, t0, t1) and (t0 == start or not strikes(t0, t0 + 1)) \
                and (before is None or moves(before, y, t0))
        return _echo(heads[i][1], p, start, end, chord_scale(span.chord, span.key),
                     lambda t: span_at(t).chord, lambda t: meter.strength(t % bar) >= 2,
                     meter.pulse_ticks, ok)

    def sung(p: int, start: int, end: int, toward: int, circled: bool,
             onward: Note | None = None) -> list[Note] | None:
        """The note's figure where the tune holds under it: the first of the answers' order that
        fits (`toward`: the line's next pitch) and whose last tone leads into the line's next note
        (`onward`) by a move the line sings (motion.awkward: held-out 08 at seed 1 turned E4 D4 C4
        and leapt C4 -> F#4)."""
        if answers is None:
            return turn(p, start, end, toward, circled)
        # a passing line goes against the tune where the tune moves on (contrary motion)
        i = bisect_right(melody_starts, start)
        now, then = tune_at(start), melody[i].pitch if i < len(melody) else None
        against = toward if now is None or then is None or now == then else p - (then - now)
        # the figure moves at once, or after a beat, or at the note's half, or in a compound
        # metre after two of the beat's three (its long-short lilt): one of them drawn, so a
        # figure's rhythm varies as well as its shape
        later = [start + meter.pulse_ticks, start + (end - start) // 2 // sub * sub]
        if meter.compound:
            later.append(start + 2 * sub)
        leads = [0] + [t - start - sub for t in later if t - start > sub and end - t >= 2 * sub]
        leads = sorted(set(leads))
        lead = leads[int(answers.rng(start).random() * len(leads))]
        leads = (lead, 0) if lead else (0,)  # the drawn one, else at once
        if not any(holding(start + sub + at) and not strikes(start + sub + at, start + 2 * sub + at)
                   for at in leads):
            return None  # the tune moves on under the note: the note holds, no figure is chosen
        for kind in answers.order(start, HOLD_FIGURES):
            if kind == "hold":
                body = [Note(start, end - start, p, LINE_VELOCITY)]
            elif kind in ("neighbour", "passing"):
                shapes = [f for f in INNER_FIGURES if (f[0] < 0) == (kind == "neighbour")]
                way = toward if kind == "neighbour" else against
                body = next(filter(None, (turn(p, start, end, way, circled, shapes, at)
                                          for at in leads)), None)
            elif kind == "arpeggio":
                body = broken(p, start, end, against)
            else:
                body = echoed(p, start, end)
            if body and (onward is None or not awkward(body[-1].pitch, onward.pitch,
                                                        span_at(onward.start).key.tonic)):
                answers.sing(kind)
                return body
        return None

    out = _Struck(lambda m: strikes(m.start, m.start + 1))
    led = False  # the note before moved into this one: it lands where it was chosen
    circled = False  # the note before turned about a neighbour

    def struck_so_far() -> int:
        return out.struck

    for i, n in enumerate(line):
        start = n.start
        run, held_on = runs(start, n.end), False
        following = line[i + 1] if i + 1 < len(line) and line[i + 1].start == n.end else None
        # after the line's own passing tone the note lands where it was chosen, as after a
        # figure: the passing tone resolves by step on the beat, not across a breath
        passed = i > 0 and line[i - 1].end == start and not span_at(line[i - 1].start).chord.contains(line[i - 1].pitch)
        led = (led or start in walk_ends or passed) and not run
        if not led and strikes(start, start + 1) and not meets(start):
            free = [t for t in range(start + sub, n.end - sub + 1, sub)
                    if not strikes(t, t + 1) and fits(n.pitch, t, n.end)]
            later = free[0] if free else None
            prev = out[-1] if out and out[-1].end == start else None
            if answers is not None and free:
                # where the note enters against the tune's attack (ENTRIES): a subdivision after
                # it, on the next free beat, or with it (within the STRUCK_ENTRY share)
                options = {"after": free[0]}
                beat = next((t for t in free if (t - start) % meter.pulse_ticks == 0), None)
                if beat is not None and beat != free[0]:
                    options["beat"] = beat
                meets_ok = fits(n.pitch, start, n.end) and (prev is None or moves(prev.pitch, n.pitch, start))
                legato = meets_ok and not _framed_by(out, n.pitch, start, (tune_at, lowest), meter,
                                                     n.end)
                if meets_ok and struck_so_far() + 1 <= STRUCK_ENTRY * (len(out) + 1):
                    options["with"] = start
                entry = answers.entries.order(start, tuple(options))[0]
                if entry != "with" and legato and prev is not None and not (
                        span_at(start).chord.contains(prev.pitch) and fits(prev.pitch, start, options[entry])) \
                        and struck_so_far() + 1 <= STRUCK * (len(out) + 1):
                    # the note before may not be held on over the tune's attack (a tone outside
                    # the new chord, or the tune's own pitch class there): entering late, the line
                    # would breathe before every such note, staccato dots (DETACHED); it moves
                    # with the tune instead, legato, within the long tones' share (STRUCK)
                    options["with"], entry = start, "with"
                answers.entries.sing(entry)
                later = options[entry]
        if not led and strikes(start, start + 1) and not meets(start) and later != start:
            if later is None and run:
                # the tune runs through the whole note: the counter sustains under it, holding its
                # tone on where it belongs to this chord too, or over the change as a suspension
                # (_suspends), else striking the note with the run and holding it (a long tone
                # against the run, not a silence); it rests only where none fits
                resolves = start + meter.pulse_ticks
                held = prev is not None and span_at(start).chord.contains(prev.pitch) \
                    and fits(prev.pitch, start, n.end)
                # held over this note, the tone before leads into the next one itself: not by a
                # move the line does not sing (held-out 12 at seed 2, bar 13: G4 held over the
                # passing A#4... B4 left G4 -> A#4 in B minor, an augmented second); the note
                # is struck instead
                bridges = held and (following is None or not awkward(
                    prev.pitch, following.pitch, span_at(following.start).key.tonic))
                if bridges and _stood_in(out, n.end) <= RUN_HOLD * bar:
                    out[-1] = Note(prev.start, n.end - prev.start, prev.pitch, prev.velocity)
                elif answers is not None and prev is not None and resolves < n.end \
                        and _suspends(prev.pitch, n.pitch, span_at(start).chord, lowest(start)) \
                        and fits(prev.pitch, start, resolves) and fits(n.pitch, resolves, n.end) \
                        and moves(prev.pitch, n.pitch, resolves) \
                        and not any(q % 12 == n.pitch % 12 and q != lowest(start)
                                    for _, _, q in sounding.around(start, resolves, "Counter")) \
                        and struck_so_far() + 1 <= STRUCK * (len(out) + 1):
                    # a suspension: the tone before held over the chord's change, a step above one
                    # of its tones, and resolved down to it a beat later; no other part sounds that
                    # tone against it (but the bass under a 9-8: Aldwell & Schachter, ch. 17)
                    out[-1] = Note(prev.start, resolves - prev.start, prev.pitch, prev.velocity)
                    out.append(Note(resolves, n.end - resolves, n.pitch, n.velocity))
                    answers.sing("sustain")
                elif answers is not None and fits(n.pitch, start, n.end) and (
                        prev is None or moves(prev.pitch, n.pitch, start)) \
                        and (prev is None or prev.pitch != n.pitch or prev.end != start
                             or _stood_in(out, n.end) <= RUN_HOLD * bar) \
                        and (held or struck_so_far() + 1 <= STRUCK * (len(out) + 1)):
                    # (struck again on the pitch it holds, it would stand on past RUN_HOLD);
                    # beyond the STRUCK share where the only other way on is the tone before held
                    # past its bar (RUN_HOLD): held-out 66 at seed 1 held Eb4 4.5 beats under the
                    # run in bars 45-46 so, the share spent, where its line went on to G4
                    out.append(Note(start, n.end - start, n.pitch, n.velocity))
                    answers.sing("sustain")
                elif bridges:
                    # the tone before is held on to the end of its bar under the run at most
                    # (RUN_HOLD), and the counter rests to its next note
                    until = n.end - _stood_in(out, n.end) + RUN_HOLD * bar
                    if until > prev.end:
                        out[-1] = Note(prev.start, until - prev.start, prev.pitch, prev.velocity)
                continue
            if later is not None and prev is not None and prev.pitch == n.pitch \
                    and stands(n.end) and fits(n.pitch, start, n.end):
                # the same tone again: held on over the tune's attack rather than struck after it
                out.pop()
                start, later, held_on = prev.start, None, True
            if later is not None:
                if prev is not None and prev.pitch != n.pitch and span_at(start).chord.contains(prev.pitch) \
                        and stands(later) \
                        and fits(prev.pitch, start, later) and moves(prev.pitch, n.pitch, later):
                    out[-1] = Note(prev.start, later - prev.start, prev.pitch, prev.velocity)  # held on
                start = later
        led = False
        if out and out[-1].end == start and out[-1].pitch != n.pitch and not moves(out[-1].pitch, n.pitch, start):
            # a tone held on into this one moves with the tune or the bass in fifths or octaves:
            # the counter breathes before it instead
            held = out[-1]
            if held.duration <= sub:
                continue
            out[-1] = Note(held.start, held.duration - sub, held.pitch, held.velocity)
        goal = following.pitch if following is not None else (part.low + part.high) // 2
        stable = span_at(n.start).chord.contains(n.pitch)  # else the line's passing tone (PASSING)
        body = (None if held_on or not stable else sung(n.pitch, start, n.end, goal, circled, following)) \
            or [Note(start, n.end - start, n.pitch, n.velocity)]
        circled = len(body) == 3 and body[0].pitch == body[2].pitch
        last = body[-1]
        between = figure(last.pitch, last.start, n.end, following.pitch) \
            if following is not None and not runs(following.start, following.end) and stable \
            and span_at(following.start).chord.contains(following.pitch) else None
        if between:
            body[-1] = Note(last.start, between[0].start - last.start, last.pitch, last.velocity)
            body += between
            led = True
        out += body
    return out


# The suspensions an upper voice makes over the bass, by the dissonance held over (semitones above
# the bass, mod 12): the 4-3, the 7-6 and the 9-8 (Fux's fourth species; Aldwell & Schachter, ch. 17).
SUSPENSIONS = frozenset({5, 10, 11, 1, 2})


def _suspends(held: int, resolution: int, chord, bass: int | None) -> bool:
    """May `held`, a tone of the chord before, be held over onto `chord` and resolve down by step to
    `resolution`: it lies outside the chord, a step above the resolution (a chord tone), a fourth,
    seventh or ninth over the bass?"""
    return (bass is not None and not chord.contains(held) and chord.contains(resolution)
            and 1 <= held - resolution <= 2 and (held - bass) % 12 in SUSPENSIONS)


class _Struck(list):
    """The counter's notes as they are written, with a running count of those struck with a tune
    onset (`struck_with`), kept as notes come and go: the STRUCK budget asks for it at every note,
    and summing the whole line each time made the worst valid hour spend 100 of its 230 s there."""

    def __init__(self, struck_with):
        super().__init__()
        self.struck_with, self.struck = struck_with, 0

    def append(self, note: Note) -> None:
        super().append(note)
        self.struck += self.struck_with(note)

    def pop(self, index: int = -1) -> Note:
        note = super().pop(index)
        self.struck -= self.struck_with(note)
        return note

    def __setitem__(self, index: int, note: Note) -> None:
        self.struck += self.struck_with(note) - self.struck_with(self[index])
        super().__setitem__(index, note)

    def __iadd__(self, notes):
        for note in notes:
            self.append(note)
        return self


def _stood_in(notes: list[Note], until: int) -> int:
    """How long the last of `notes` will have stood on its pitch, held on to `until`."""
    k = len(notes) - 1
    while k > 0 and notes[k - 1].pitch == notes[k].pitch and notes[k - 1].end == notes[k].start:
        k -= 1
    return until - notes[k].start


def _sung(best, run, k: int, pitch: int, since: int) -> set[int]:
    """The pitches the cheapest line to `pitch` at slot k sang in the slots that begin at or after
    `since`, that one included."""
    sung = set()
    while k >= 0 and run[k][0] >= since:
        sung.add(pitch)
        if k == 0:
            break
        pitch = best[k][pitch][1]
        k -= 1
    return sung


def _seam(a: int, b: int, seam, tonic: int) -> bool:
    """May the line move from `a` to `b` across a seam with a walk (tune and bass before, after),
    in the key of `tonic`: as within the line, no parallels and no move it does not sing
    (motion.awkward: held-out 12 at seed 2, bar 72, the walk's F4 went on to the line's B4)?"""
    _, tune0, bass0, tune1, bass1 = seam
    return (_motion_cost(a, b) is not None and not parallel(a, b, tune0, tune1)
            and not parallel(a, b, bass0, bass1) and not awkward(a, b, tonic))


def _best_line(run, part: PartPlan, cadences: frozenset = frozenset(), bar: int = 0,
               enter=None, leave=None, busy=None) -> list[Note]:
    """The cheapest path through a run of adjacent slots; `cadences`: the ticks where a phrase
    ends (its last note is a stable one); `bar`: the bar's length, the longest a pitch stands
    without cost; `enter`, `leave`: the walks the run joins at its ends (_countermelody);
    `busy(t0, t1)`: does the tune run from t0 to t1 (a pitch stands there RUN_HOLD at most)?"""
    if len(run) < 2:
        return []
    middle = (part.low + part.high) / 2
    # the register the line makes for, phrase by phrase (the slots up to each cadence): from one
    # side of the range's middle to the other, against the tune's way from its first note in the
    # phrase to its last (SWEEP)
    reach = min(SWEEP, (part.high - part.low) / 4)
    centres: list[float] = []
    phrase: list = []
    for k, column in enumerate(run):
        phrase.append(column)
        if column[1] in cadences or k == len(run) - 1:
            tunes = [t for (_, _, _, _, (t, _), _, _) in phrase if t is not None]
            way = -1 if len(tunes) > 1 and tunes[-1] > tunes[0] else 1
            centres += [middle + way * reach * (2 * j / max(1, len(phrase) - 1) - 1)
                        for j in range(len(phrase))]
            phrase = []
    # best[k][pitch] = (cost, previous pitch, the one before)
    best: list[dict[int, tuple[float, int | None, int | None]]] = []
    for k, (a, b, span, cands, (tune, bass), _, struck) in enumerate(run):
        layer = {}
        for c in cands:
            if k == 0 and enter is not None and not _seam(enter[0], c, enter, span.key.tonic):
                continue
            if k == len(run) - 1 and leave is not None and not _seam(c, leave[0], leave, span.key.tonic):
                continue
            passing = not span.chord.contains(c)
            if passing and (k == 0 or k == len(run) - 1 or b in cadences):
                continue  # a line begins and ends on its chord's tones
            here = (PASSING if passing else _tone_cost(span.chord, c)) + abs(c - centres[k]) / 12
            if (k == len(run) - 1 or b in cadences) and span.chord.pcs.index(c % 12) not in (0, 1):
                here += OPEN_END
            if k == 0:
                layer[c] = (here, None, None)
                continue
            pspan, (ptune, pbass) = run[k - 1][2], run[k - 1][5]
            choice = None
            for p, (cost, before, _) in best[-1].items():
                move = _motion_cost(p, c)
                if move is None or parallel(p, c, ptune, tune) or parallel(p, c, pbass, bass) \
                        or awkward(p, c, span.key.tonic):
                    # (nor by a tritone or an augmented second: a composer's reading heard the
                    # trombone's G4 -> A#4 and the horn's leading tone D#4 leap to A4)
                    continue
                came = not pspan.chord.contains(p)
                if (passing or came) and (not 1 <= abs(c - p) <= 2 or (passing and came)):
                    continue  # a passing or neighbour tone comes and goes by step, to a chord tone
                if came and before is not None and (c - p) * (p - before) <= 0:
                    continue  # on the way it came: a passing tone (the answers' turns are the neighbours)
                total = cost + here + move
                if struck is not None and (struck - p) % 12 == 0:
                    total += DETACHED
                if bar and c != p and c in _sung(best, run, k - 1, p, a - RECENT * bar):
                    total += RETURN  # back to a tone it left: the line circles (RECENT)
                stood = _stood(best, run, k - 1, p) + b - a if p == c else 0
                if bar and (stood > STAND_LIMIT * bar or (
                        stood > RUN_HOLD * bar and busy is not None and busy(b - stood, b))):
                    continue  # (under the tune's run a bar at most: RUN_HOLD)
                if bar and stood > bar:
                    total += STAND_STILL
                if ptune is not None and tune is not None and (c - p) * (tune - ptune) > 0:
                    total += SIMILAR_MOTION
                if len(pspan.chord.pcs) >= 4 and p % 12 == pspan.chord.pcs[3] and not 1 <= p - c <= 2:
                    total += UNRESOLVED_SEVENTH
                if choice is None or total < choice[0]:
                    choice = (total, p, before)
            if choice is not None:
                layer[c] = choice
        if not layer:  # nothing joins on: the line ends here, rests a note and begins again
            return (_best_line(run[:k], part, cadences, bar, enter, None, busy)
                    + _best_line(run[k + 1:], part, cadences, bar, None, leave, busy))
        best.append(layer)
    pitch = min(best[-1], key=lambda c: (best[-1][c][0], c))
    pitches = [pitch]
    for k in range(len(run) - 1, 0, -1):
        pitch = best[k][pitch][1]
        pitches.append(pitch)
    pitches.reverse()
    if len(set(pitches)) == 1:
        return []  # a line that never leaves its first pitch is a drone, not a line: it rests
    notes: list[Note] = []
    for (a, b, span, *_), p in zip(run, pitches):
        if notes and notes[-1].pitch == p and notes[-1].end == a and span.start < a:
            notes[-1] = Note(notes[-1].start, b - notes[-1].start, p, LINE_VELOCITY)  # held on
        else:
            notes.append(Note(a, b - a, p, LINE_VELOCITY))
    return notes
