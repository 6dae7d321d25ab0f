"""What a composer listens for, measured on one piece (a Score read from any MIDI file).

Issue 12 (form, phrase, line) and issue 13 (parts against the harmony, instruments in idiom); the
definitions follow ../shared/research/composition-craft.md, and the human references are measured
with these same functions on music21's corpora (composer.evaluate.references).

Every measure is linear in the number of notes (sorted sweeps and bisection), so a 60-minute piece
or a hostile 60,000-note file is measured in seconds.

- Phrase: the melody's notes from one phrase start to the next. A phrase starts at the first note,
  after a rest of at least a beat (a quarter note, or the felt beat where that is shorter), and at
  a phrase marker when the file has any (the corpora's phrase ends: Bach's fermatas, Essen's
  phrase lines).
- Upbeat: a phrase start off the bar line whose first strong beat (Meter.strength >= 2: the
  downbeat, or mid-bar in four) is the next downbeat, with the phrase still sounding there.
- Tonic authentic cadence: a beat of I or i on the home key (bass on the tonic, tonic and third
  sounding) on a strong beat, with a V or V7 (bass on the dominant, the leading tone sounding)
  within the bar before it, where a phrase ends on the arrival: its last note sounds at the
  arrival or begins within the bar after it. A phrase that stops before the arrival closed over the
  V (a half cadence), and the tonic begins the next phrase.
- Ending: the rhythm of the bar in which a phrase ends (the project's MIDI names each such bar
  with a `cadence:` text in the Melody track; other files by their phrase ends): its onsets and
  where a rest of a beat or more follows a note; the ending formula is the share of a piece's
  endings (but its last) in its commonest one.
- Bar rhythm: the onsets of the melody inside a bar (a bar with none is a rhythm too: silence or one
  held note).
- Held in place: the share of the melody's four-bar groups that keep their highest and middle
  notes within a tone of two neighbouring groups' (three in a row, twelve bars): a section that
  stays in one place phrase after phrase (held_groups).
- Climax: the melody's highest note, its height over the median of the bars' highest notes, its
  place (0 = first note, 1 = last), and whether it falls within a bar of one of the fullest bars
  (the top tenth by velocity times sounding time over all pitched parts).
- Cross-relation: two different parts sounding the lowered and natural forms of one degree of the
  local key (b2/2, b3/3, 4/#4, b6/6, b7/7) together for at least a quarter beat; measured in
  quarter-note beats of overlap.
- Unresolved dissonance: a note outside the harmony of its felt beat (the triad or seventh chord
  that best fits everything sounding in that beat) that is not resolved by step, not an
  anticipation or an escape tone, and not a held tonic or dominant pedal.
- Out of range: a note outside its instrument's practical range (composer.theory.instruments).
- Tune covered: the share of the melody's notes on which a note of the chords (the Harmony part)
  or the texture sounds at, over or a semitone under the tune's pitch for a quarter beat or more:
  a low lead (a cello, a horn) whose strings wrap it or double it in unison is covered, however
  well the parts agree.
- Counter onsets with the tune: the share of the counter's notes (the part named Counter; in a
  chorale the alto) that begin where a melody note begins, both on the written grid. A second line
  that strikes with the tune is heard as its harmony, not as a line of its own; a countermelody
  moves where the tune holds and holds where it moves (Piston, *Counterpoint*: rhythmic
  independence, the complementary rhythm of two lines).
- Counter rhythm: the onsets in the bar of a bar in which the counter begins at least two notes
  (one held note is no figure); the share of those bars in the counter's commonest one. An inner
  voice that answers with one stock figure bar after bar is heard as a pattern, not a line (a
  composer's reading found one neighbour-then-hold figure in a third of a counter's bars); a
  chorale's alto, moving mostly in quarters, has 28 % of its bars in its commonest rhythm.
- Bass rhythm: the same for the Bass part (a chorale's bass), on its bottom line: the share of
  the bars in which the bass begins at least two notes that are in its commonest bar rhythm. A
  bass that plays one figure through the piece (a sixteenth-note ostinato from the first bar to
  the last, one walk into every cadence) is heard as a device, not a line (a composer's reading);
  a chorale's bass, mostly in quarters and eighths, has 30 % of its bars in its commonest rhythm.
- Outer-voice parallels: consecutive perfect fifths or octaves (unisons and compound intervals
  alike, by pitch-class interval 0 or 7) between the melody line (melody_line) and the bass line
  (at each onset of the Bass part, the lowest Bass note sounding there), read as a theory teacher
  reads two voices, at each of the bass's onsets: the two voices just before it (the melody's
  last note, struck with the bass's before or since) and at it (the melody's note struck with the
  bass, or held into it), both moving (neither pitch repeated) from one perfect interval class
  into the same, in similar or contrary motion (composer.theory.motion.parallel, the rule the
  parts obey; Aldwell & Schachter, "Harmony and Voice Leading", ch. 7). A line goes on through a
  gap shorter than a beat (motion.LINE_REST: a detached note's articulation is no rest); after a
  rest of a beat or more a voice enters, it does not move. Counted per minute; the reference is
  Bach's chorales, soprano against bass, at 80 quarter notes a minute.
- Outer-voice parallels across strong beats: the same fifths or octaves between the melody's and
  the bass line's notes on consecutive strong beats (Meter.strength >= 2: the downbeats, and
  mid-bar in four), heard through the notes between where one of the two holds its pitch from
  the one strong beat to the next while the other moves between: a tune's held G6 -> F#6 over a
  bass's octave figure G2 G3 G2 D3 | F#2 (a composer's reading of held-out 57's climax). The
  rule of second species, two notes against one (composer.theory.motion.framed: Grove's
  *Dictionary*; Lehmann); where both voices move between, the notes between are chords of their
  own and the rule between neighbouring notes reads them. A passing note between the strong
  beats is no part of the frame. The same on consecutive beats where one voice holds, the other
  strikes one note between, and both go by step the same way from the one perfect interval into
  the same (motion.stepped: a passing note does not save the consecutives, Jeppesen's second
  species; held-out 57, bar 66: G6 held over G2 D3, then F#6 over F#2). Counted per minute (one
  per arrival), the same reference.
"""

from __future__ import annotations

import bisect
import statistics as stats
from collections import Counter
from dataclasses import dataclass

import numpy as np

from composer.evaluate.score import Score
from composer.piece import TICKS_PER_BEAT, Note
from composer.theory.motion import (beat_at_or_after, line_at, parallel, parallel_through,
                                    strong_at_or_after)

QUARTER_BEAT = TICKS_PER_BEAT // 4  # the shortest overlap heard as a cross-relation
STEP = 2  # semitones: a resolution by step
FULLEST_SHARE = 0.1  # the climax should sit in the fullest tenth of the bars
# Lowered and natural forms of one degree, in semitones above the local tonic (composition-craft.md).
CROSS_PAIRS = ((1, 2), (3, 4), (5, 6), (8, 9), (10, 11))
MIN_FIGURED_BARS = 8  # a counter figured in fewer bars shows no habit to measure
# Chord templates (intervals above the root) for the harmony of a beat: the triads and seventh
# chords of common-practice harmony, then the added-ninth colour chords of film and pop harmony,
# smallest first so a missing seventh reads as a triad.
TEMPLATES = ((0, 4, 7), (0, 3, 7), (0, 3, 6), (0, 4, 8), (0, 4, 7, 10), (0, 4, 7, 11),
             (0, 3, 7, 10), (0, 3, 6, 10), (0, 3, 6, 9), (0, 2, 4, 7), (0, 2, 3, 7))


# ---- the melody line and its phrases ------------------------------------------------------------

# Performed timing (rubato, humanised onsets) is read back to the written grid: the nearest
# sixteenth or eighth-note triplet, so repeated figures are recognised as repeats.
GRIDS = (TICKS_PER_BEAT // 4, TICKS_PER_BEAT // 3)


def on_grid(tick: int) -> int:
    return min((round(tick / g) * g for g in GRIDS), key=lambda t: (abs(t - tick), t))


def top_line(notes) -> list[Note]:
    """The top line: at each onset the highest note, cut where the next begins."""
    by_onset: dict[int, Note] = {}
    for n in notes:
        if n.start not in by_onset or n.pitch > by_onset[n.start].pitch:
            by_onset[n.start] = n
    line = [by_onset[t] for t in sorted(by_onset)]
    return [Note(n.start, min(n.duration, nxt.start - n.start), n.pitch, n.velocity)
            for n, nxt in zip(line, line[1:])] + line[-1:]


def gridded(notes) -> list[Note]:
    """Notes moved to the written grid, sorted by onset: a humanised chord tone played a few ticks
    early still belongs to its own beat."""
    out = [Note(on_grid(n.start), max(1, on_grid(n.end) - on_grid(n.start)), n.pitch, n.velocity)
           for n in notes]
    return sorted(out, key=lambda n: (n.start, n.pitch))


def melody_line(score: Score) -> list[Note]:
    """The melody's top line on the written grid (empty when the file has no melody)."""
    part = score.melody
    return [] if part is None else top_line(gridded(part.notes))


def phrases(score: Score, line: list[Note]) -> list[tuple[int, int]]:
    """(first, last) note indices of each phrase of the line."""
    if not line:
        return []
    rest = min(score.meter.pulse_ticks, TICKS_PER_BEAT)  # a quarter, or a shorter felt beat (3/8)
    starts = {0}
    starts.update(i for i in range(1, len(line)) if line[i].start - line[i - 1].end >= rest)
    onsets = [n.start for n in line]
    for tick in score.phrases:
        i = bisect.bisect_left(onsets, tick)
        if i < len(line):
            starts.add(i)
    ordered = sorted(starts)
    return [(s, e - 1) for s, e in zip(ordered, ordered[1:] + [len(line)])]


def is_upbeat(score: Score, line: list[Note], phrase: tuple[int, int]) -> bool:
    meter = score.meter
    bar, pulse = meter.bar_ticks, meter.pulse_ticks
    start = line[phrase[0]].start
    offset = start % bar
    if offset == 0:
        return False
    downbeat = start - offset + bar
    # A strong beat between the start and the downbeat (mid-bar in four) is the phrase's first.
    first_pulse = -(-offset // pulse) * pulse
    if any(meter.strength(p) >= 2 for p in range(first_pulse, bar, pulse)):
        return False
    return line[phrase[1]].end > downbeat


def upbeats(score: Score, line: list[Note] | None = None) -> tuple[int, int]:
    """(phrase starts on an upbeat, phrase starts)."""
    line = melody_line(score) if line is None else line
    found = phrases(score, line)
    return sum(is_upbeat(score, line, p) for p in found), len(found)


# ---- beats: what sounds in each felt beat --------------------------------------------------------

@dataclass(frozen=True)
class Beat:
    start: int
    weights: np.ndarray  # ticks each pitch class sounds in the beat, all pitched parts
    bass: int | None  # the lowest pitch sounding at the beat's start (else the lowest struck in it)


def beats(score: Score) -> list[Beat]:
    """A Beat for every felt beat in which something sounds, in order, by a sweep over the notes
    sorted by onset (silent stretches are skipped, however long a file claims to be)."""
    pulse = score.meter.pulse_ticks
    notes = sorted((n for p in score.pitched for n in gridded(p.notes)), key=lambda n: n.start)
    out = []
    active: list[Note] = []
    i, k = 0, 0
    while i < len(notes) or active:
        if not active:
            k = max(k, notes[i].start // pulse)
        lo, hi = k * pulse, (k + 1) * pulse
        while i < len(notes) and notes[i].start < hi:
            active.append(notes[i])
            i += 1
        weights = np.zeros(12)
        at_start = [n.pitch for n in active if n.start <= lo]
        for n in active:
            weights[n.pitch % 12] += min(n.end, hi) - max(n.start, lo)
        bass = min(at_start) if at_start else min(n.pitch for n in active)
        out.append(Beat(lo, weights, bass))
        k += 1
        active = [n for n in active if n.end > hi]
    return out


_CHORDS = np.array([[1.0 if (pc - root) % 12 in t else 0.0 for pc in range(12)]
                    for t in TEMPLATES for root in range(12)])


def harmony(beat_list: list[Beat]) -> list[frozenset[int]]:
    """The chord of each beat: the template that covers most of the sounding time and leaves out
    least, the bass counted twice (the bass is the chord's foundation); ties go to the smaller
    chord, so a triad stays a triad until its seventh sounds."""
    if not beat_list:
        return []
    w = np.array([b.weights for b in beat_list])
    for row, b in zip(w, beat_list):
        if b.bass is not None:
            row[b.bass % 12] *= 2
    scores = 2 * w @ _CHORDS.T - w.sum(axis=1, keepdims=True)
    best = scores.argmax(axis=1)  # the first maximum: the smallest template
    return [frozenset(np.flatnonzero(_CHORDS[i]).tolist()) if row.any() else frozenset()
            for i, row in zip(best, w)]


# ---- cadences ---------------------------------------------------------------------------------

def tonic_cadences(score: Score, line: list[Note] | None = None,
                   beat_list: list[Beat] | None = None) -> list[int]:
    """Ticks where a tonic authentic cadence arrives (see the module docstring)."""
    line = melody_line(score) if line is None else line
    beat_list = beats(score) if beat_list is None else beat_list
    tonic = score.key.tonic
    dominant, leading = (tonic + 7) % 12, (tonic + 11) % 12
    bar = score.meter.bar_ticks
    ends = sorted((line[e].start, line[e].end) for _, e in phrases(score, line))
    starts = [b.start for b in beat_list]
    found = []
    for i, beat in enumerate(beat_list):
        w = beat.weights
        if i == 0 or beat.bass is None or beat.bass % 12 != tonic or not w[tonic] \
                or not (w[(tonic + 3) % 12] or w[(tonic + 4) % 12]) \
                or score.meter.strength(beat.start % bar) < 2:
            continue
        prev = beat_list[i - 1]
        if prev.bass is not None and prev.bass % 12 == tonic:
            continue  # the tonic arrived earlier
        # The dominant within the bar before: the bass on its root, the leading tone sounding
        # (a walking bass may pass through other notes on its way down to the tonic).
        lo = bisect.bisect_left(starts, beat.start - bar)
        if not any(b.bass is not None and b.bass % 12 == dominant and b.weights[leading]
                   for b in beat_list[lo:i]):
            continue
        # A phrase's last note sounds at the arrival or begins within the bar after it (a
        # cadence tone reached from an appoggiatura, or an after-beat tail). One that ends before
        # it closed over the V: a half cadence, and the I begins the next phrase.
        j = bisect.bisect_left(ends, (beat.start - bar,))
        if any(start < beat.start + bar and end > beat.start for start, end in ends[j:j + 3]):
            found.append(beat.start)
    return found


# ---- bar rhythms and the climax -----------------------------------------------------------------

def bar_rhythms(score: Score, line: list[Note]) -> list[tuple[int, ...]]:
    """The onsets (ticks from the bar line) of each bar from the melody's first bar to its last."""
    if not line:
        return []
    bar = score.meter.bar_ticks
    first, last = line[0].start // bar, line[-1].start // bar
    bars: list[list[int]] = [[] for _ in range(last - first + 1)]
    for n in line:
        bars[n.start // bar - first].append(n.start % bar)
    return [tuple(b) for b in bars]


def rhythm_variety(rhythms: list[tuple[int, ...]]) -> tuple[int, float]:
    """(distinct bar rhythms, share of the bars the three commonest cover)."""
    if not rhythms:
        return 0, 0.0
    counts = Counter(rhythms)
    return len(counts), sum(c for _, c in counts.most_common(3)) / len(rhythms)


def sung_bars(score: Score, line: list[Note]) -> list[tuple[int, tuple]]:
    """(bar number, its notes as (onset in the bar, length, pitch)) of each bar in which at least
    two notes of the line begin (one held note is no figure)."""
    bar = score.meter.bar_ticks
    bars: dict[int, list] = {}
    for n in line:
        bars.setdefault(n.start // bar, []).append((n.start % bar, n.duration, n.pitch))
    return [(b, tuple(notes)) for b, notes in sorted(bars.items()) if len(notes) >= 2]


def phrase_endings(score: Score, line: list[Note]) -> list[tuple]:
    """The rhythm of each ending but the piece's last: the bar in which a phrase ends (the arrival
    bar), as a reader sees it, the next phrase's upbeat included: each note sounding in it as
    (onset in the bar, held over the bar line, a rest of a beat or more after it). Note lengths
    count only as rests, so a performer's detached or legato playing does not make two endings
    of one. The bars are the file's cadence texts where it has them (the project's MIDI names
    each phrase's cadence bar), else the bars where its phrases end (a rest or a phrase mark:
    Essen's phrase lines, Bach's fermatas). A held arrival and a rest, a short one, an
    appoggiatura on the downbeat resolving on a weak beat (a feminine ending), a turned or tailed
    arrival read as different endings."""
    bar = score.meter.bar_ticks
    rest = min(score.meter.pulse_ticks, TICKS_PER_BEAT)
    if score.cadences:
        downbeats = list(score.cadences[:-1])
    else:
        downbeats = [line[last].start - line[last].start % bar
                     for _, last in phrases(score, line)[:-1]]
    starts = [n.start for n in line]
    out = []
    for downbeat in downbeats:
        first = max(0, bisect.bisect_left(starts, downbeat) - 1)
        last = bisect.bisect_left(starts, downbeat + bar)
        out.append(tuple(
            (max(n.start, downbeat) - downbeat, n.start < downbeat,
             k + 1 >= len(line) or line[k + 1].start - n.end >= rest)
            for k, n in enumerate(line[first:last], first) if n.end > downbeat))
    return out


# A piece's endings are judged where it has at least this many (a short tune's two phrase ends
# say little about a habit).
ENDINGS_JUDGED = 3


def ending_formula(endings: list[tuple]) -> float | None:
    """The share of a piece's arrival bars in its commonest arrival-bar rhythm: 1.0 when every
    phrase ends one way (a composer's reading of a storm: "a single held note and rest in 9 of
    10 arrival bars"); None under ENDINGS_JUDGED endings."""
    if len(endings) < ENDINGS_JUDGED:
        return None
    return Counter(endings).most_common(1)[0][1] / len(endings)


def line_habits(score: Score, line: list[Note]) -> tuple[float, float, float] | None:
    """What a composer hears as a line that loops or circles, over the bars of two or more notes:
    (share that repeat the bar just before note for note: a one-bar loop; share that repeat any
    earlier bar; share that open with a neighbour turn, X Y X within a whole tone: a line circling
    its hub). None where the line has no such bar."""
    bars = sung_bars(score, line)
    if not bars:
        return None
    seen: set[tuple] = set()
    loops = copies = turns = 0
    previous = None
    for number, notes in bars:
        loops += previous is not None and previous == (number - 1, notes)
        copies += notes in seen
        turns += len(notes) >= 3 and notes[0][2] == notes[2][2] and \
            0 < abs(notes[0][2] - notes[1][2]) <= 2
        seen.add(notes)
        previous = (number, notes)
    return loops / len(bars), copies / len(bars), turns / len(bars)


# The widest move a line may make and come straight back from and still be heard swinging between
# two notes rather than leaping and recovering: a major third (a composer's reading of held-out
# 38: A4 F#4 A4 F#4, B4 G4 B4 G4, bars that sway in place).
SWING = 4


def swings(line: list[Note]) -> float | None:
    """The share of the line's three-note windows that go back to the note before last (X Y X, Y
    a step or a third away): where a tune goes somewhere, few do. Bar lines, rests and phrase
    ends do not break a window: a line that swings across them is heard swinging. None under
    three notes."""
    pitches = [n.pitch for n in line]
    if len(pitches) < 3:
        return None
    back = sum(a == c and 0 < abs(b - a) <= SWING
               for a, b, c in zip(pitches, pitches[1:], pitches[2:]))
    return back / (len(pitches) - 2)


# An arrival hammered: a phrase whose arrival pitch, its last note's, sounds HAMMER_STRIKES times or
# more among its last HAMMER_NOTES notes and the note after it (the next phrase's first): the
# arrival struck into, or struck again as the next pickup (a composer's reading: held-out 12's
# half cadence Ab5 Ab5 Gb5 Bb5 Ab5 | Ab5; held-out 36's F5, a rest, F5 again, five times; the
# toast's half cadence A5, a rest, A5). Folk tunes do it too, a repeated-note close being a formula
# of their own (Essen's tunes in a fifth of their phrase ends); only more often is it a habit.
HAMMER_NOTES = 5
HAMMER_STRIKES = 3


def hammered_arrivals(score: Score, line: list[Note]) -> float | None:
    """The share of the line's phrase ends but the last (phrases of HAMMER_NOTES notes or more)
    whose arrival pitch sounds HAMMER_STRIKES times or more among the phrase's last HAMMER_NOTES
    notes and the next phrase's first. None where no such phrase end is found."""
    pitches = [n.pitch for n in line]
    ends = [pitches[last + 1 - HAMMER_NOTES:last + 2] for first, last in phrases(score, line)[:-1]
            if last + 1 - first >= HAMMER_NOTES]
    if not ends:
        return None
    return sum(end.count(end[-2]) >= HAMMER_STRIKES for end in ends) / len(ends)


# A bar of six notes or more is a run, a scale or figure that travels (six eighths fill a bar of
# 3/4 or 6/8; in 4/4 it is more than a plain eighth-note line). Two runs at most RUN_GAP bars
# apart are heard as one passage: a run that sings the span of the run before it, the same lowest
# and highest note, is a passage going over the same ground instead of moving on (a composer's
# reading heard held-out 71's turn sing E5 down to G4 in bars 17, 18, 19, 21 and 22).
RUN_NOTES = 6
RUN_GAP = 4


def same_spans(bars: list[tuple[int, list[int]]]) -> float | None:
    """Of the runs among (bar number, pitches) bars, the share that keep the span, the lowest and
    highest pitch, of the run before them within RUN_GAP bars; None with fewer than two runs.
    Measured the same way on string quartets' first violins (composer.evaluate.references)."""
    runs = [(number, (min(p), max(p))) for number, p in bars if len(p) >= RUN_NOTES]
    if len(runs) < 2:
        return None
    return sum(b - a <= RUN_GAP and x == y for (a, x), (b, y) in zip(runs, runs[1:])) / len(runs)


def run_spans(score: Score, line: list[Note]) -> float | None:
    return same_spans([(number, [p for _, _, p in notes]) for number, notes in sung_bars(score, line)])


# Held in place: the melody's bars in groups of HELD_BARS from its first bar (a four-bar phrase,
# the commonest span), each group's highest and middle (median) pitch over the notes beginning in
# it; a group is held when it and the groups beside it, HELD_GROUPS in a row, keep both within
# HELD_WITHIN semitones (a tone). A composer's reading heard sections of 16-28 bars "stuck" in
# one place, every phrase peaking on one note (h40's memory on D#5, h12's turn in D5-G5), where
# each phrase's own statistics were a folk tune's.
HELD_BARS = 4
HELD_GROUPS = 3
HELD_WITHIN = 2
HELD_NOTES = 3  # a group with fewer notes (a rest, a held note) sings no place of its own


def held_groups(bars: list[tuple[int, list[int]]]) -> float | None:
    """Of the HELD_BARS-bar groups of (bar number, pitches) bars, the share held in place with
    the groups beside them; None with fewer than HELD_GROUPS groups. Measured the same way on
    string quartets' first violins (composer.evaluate.references)."""
    if not bars:
        return None
    first = min(b for b, _ in bars)
    grouped: dict[int, list[int]] = {}
    for number, pitches in bars:
        grouped.setdefault((number - first) // HELD_BARS, []).extend(pitches)
    places = [(max(p), float(np.median(p))) if len(p) >= HELD_NOTES else None
              for p in (grouped.get(g, []) for g in range(max(grouped) + 1))]
    if sum(p is not None for p in places) < HELD_GROUPS:
        return None
    held: set[int] = set()
    for i in range(len(places) - HELD_GROUPS + 1):
        run = places[i:i + HELD_GROUPS]
        if all(run) and all(max(r[k] for r in run) - min(r[k] for r in run) <= HELD_WITHIN
                            for k in (0, 1)):
            held.update(range(i, i + HELD_GROUPS))
    return len(held) / sum(p is not None for p in places)


def held_in_place(score: Score, line: list[Note]) -> float | None:
    bar = score.meter.bar_ticks
    bars: dict[int, list[int]] = {}
    for n in line:
        bars.setdefault(n.start // bar, []).append(n.pitch)
    return held_groups(sorted(bars.items()))


@dataclass(frozen=True)
class Climax:
    height: float  # semitones over the median of the bars' highest notes
    position: float  # 0..1 through the melody
    at_fullest: bool | None  # within a bar of one of the fullest bars (None: no bars to compare)


def climax(score: Score, line: list[Note]) -> Climax | None:
    if len(line) < 2:
        return None
    bar = score.meter.bar_ticks
    ceilings: dict[int, int] = {}
    for n in line:
        b = n.start // bar
        ceilings[b] = max(ceilings.get(b, 0), n.pitch)
    top = max(n.pitch for n in line)
    peak = next(n for n in line if n.pitch == top)
    span = line[-1].start - line[0].start
    position = (peak.start - line[0].start) / span if span else 0.0
    # Fullness of each bar: velocity times sounding ticks over every pitched part.
    weight: Counter = Counter()
    for part in score.pitched:
        for n in part.notes:
            b = n.start // bar
            while b * bar < n.end:
                weight[b] += n.velocity * (min(n.end, (b + 1) * bar) - max(n.start, b * bar))
                b += 1
    at_fullest = None
    if len(weight) >= 3:
        threshold = np.quantile(list(weight.values()), 1 - FULLEST_SHARE)
        peak_bars = {b for b in ceilings if ceilings[b] == top}
        at_fullest = any(max(weight.get(b + d, 0) for d in (-1, 0, 1)) >= threshold
                         for b in peak_bars)
    return Climax(top - stats.median(ceilings.values()), position, at_fullest)


# ---- between the parts --------------------------------------------------------------------------

def _merged(intervals):
    out = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def _intersections(a, b, minimum: int):
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi - lo >= minimum:
            yield lo, hi
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1


def cross_relations(score: Score) -> list[tuple[int, int]]:
    """Merged (start, end) spans where two parts sound a chromatic cross-relation."""
    by_part = []
    key_ticks = [t for t, _ in score.keys]
    tonics = [k.tonic for _, k in score.keys]
    for part in score.pitched:
        degrees: dict[int, list] = {}
        for n in part.notes:
            # a note is read in the key of each moment it sounds through (one held across a
            # modulation, or played a few ticks early by the performance, is read in both)
            first = max(bisect.bisect_right(key_ticks, n.start) - 1, 0)
            last = max(bisect.bisect_left(key_ticks, n.end) - 1, first)
            for k in range(first, last + 1):
                start = max(n.start, key_ticks[k]) if k > first else n.start
                end = min(n.end, key_ticks[k + 1]) if k < last else n.end
                degrees.setdefault((n.pitch - tonics[k]) % 12, []).append((start, end))
        by_part.append({d: _merged(v) for d, v in degrees.items()})
    spans = []
    for a, pa in enumerate(by_part):
        for b, pb in enumerate(by_part):
            if a == b:
                continue
            for low, high in CROSS_PAIRS:
                if low in pa and high in pb:
                    spans.extend(_intersections(pa[low], pb[high], QUARTER_BEAT))
    return [tuple(s) for s in _merged(spans)]


# A tune note is covered where a chord or the texture sounds on it, over it or a semitone under
# it: the accompaniment is kept out of the melody's register so it does not cover it (Adler, The
# Study of Orchestration; Rimsky-Korsakov, Principles of Orchestration, ch. II-III).
COVER = 1  # semitones under the tune still heard as on it (a minor-second rub)
COVERING_ROLES = ("Harmony", "Texture")  # the chord-playing parts (a counter line may rise over it)


def tune_covered(score: Score) -> float | None:
    """The share of the melody's notes that a Harmony or Texture note sounds on, over or COVER
    under for a quarter beat or more (module docstring); None without a melody or such a part."""
    melody = score.melody
    parts = [p for p in (score.role(r) for r in COVERING_ROLES) if p is not None and p is not melody]
    if melody is None or not parts or not melody.notes:
        return None
    by_pitch: dict[int, list] = {}
    for part in parts:
        for n in part.notes:
            by_pitch.setdefault(n.pitch, []).append((n.start, n.end))
    spans = {p: _merged(v) for p, v in by_pitch.items()}
    starts = {p: [s for s, _ in v] for p, v in spans.items()}
    covered = 0
    for m in melody.notes:
        least = min(QUARTER_BEAT, m.duration)
        for p in range(m.pitch - COVER, 128):
            i = bisect.bisect_left(starts.get(p, ()), m.end) - 1  # the last span begun before it ends
            while i >= 0 and spans[p][i][1] > m.start:
                if min(spans[p][i][1], m.end) - max(spans[p][i][0], m.start) >= least:
                    break
                i -= 1
            else:
                continue
            covered += 1
            break
    return covered / len(melody.notes)


def _groups(notes: list[Note]):
    """Onset ticks and the pitches struck at each, for finding a note's neighbours in its part."""
    onsets: list[int] = []
    pitches: list[list[int]] = []
    for n in notes:
        if not onsets or onsets[-1] != n.start:
            onsets.append(n.start)
            pitches.append([])
        pitches[-1].append(n.pitch)
    return onsets, pitches


def _nearest(candidates: list[int], pitch: int) -> int:
    return min(candidates, key=lambda p: (abs(p - pitch), p))


def unresolved_dissonances(score: Score, beat_list: list[Beat] | None = None
                           ) -> list[tuple[str, Note]]:
    """(part name, note on the grid) of each note that clashes with its beat's harmony and is not
    explained (module docstring)."""
    beat_list = beats(score) if beat_list is None else beat_list
    chords = harmony(beat_list)
    pulse = score.meter.pulse_ticks
    by_beat = {b.start: c for b, c in zip(beat_list, chords)}

    def chord_at(tick: int) -> frozenset[int]:
        return by_beat.get(tick - tick % pulse, frozenset())

    out = []
    for part in score.pitched:
        notes = gridded(part.notes)
        onsets, pitches = _groups(notes)
        for n in notes:
            chord = chord_at(n.start)
            if not chord or n.pitch % 12 in chord:
                continue
            g = bisect.bisect_left(onsets, n.start)
            nxt = _nearest(pitches[g + 1], n.pitch) if g + 1 < len(onsets) else None
            prev = _nearest(pitches[g - 1], n.pitch) if g > 0 else None
            if nxt is not None and 0 < abs(nxt - n.pitch) <= STEP:
                continue  # passing, neighbour, suspension, appoggiatura: resolved by step
            if nxt == n.pitch and nxt % 12 in chord_at(onsets[g + 1]):
                continue  # an anticipation
            if prev is not None and nxt is not None and 0 < abs(n.pitch - prev) <= STEP \
                    and (n.pitch - prev) * (nxt - n.pitch) < 0:
                continue  # an escape tone: stepped into, left by a leap the other way
            tonic = score.key_at(n.start).tonic
            if (n.pitch - tonic) % 12 in (0, 7) and (n.duration >= 2 * pulse or prev == n.pitch):
                continue  # a tonic or dominant pedal
            out.append((part.name, n))
    return out


def out_of_range(score: Score) -> tuple[int, int]:
    """(notes outside their instrument's practical range, notes judged). A part without a program
    change plays GM program 0, the piano, as a synthesiser would."""
    from composer.theory.instruments import practical_range

    outside = judged = 0
    for part in score.pitched:
        low, high = practical_range(part.program or 0)
        judged += len(part.notes)
        outside += sum(not low <= n.pitch <= high for n in part.notes)
    return outside, judged


def counter_coincidence(score: Score) -> float | None:
    """The share of the counter's onsets that coincide with a melody onset (module docstring);
    None where the piece has no counter or no melody."""
    counter, melody = score.role("Counter"), score.melody
    if counter is None or melody is None or counter is melody:
        return None
    tune = {n.start for n in gridded(melody.notes)}
    onsets = {n.start for n in gridded(counter.notes)}  # a chord struck at once is one onset
    return sum(t in tune for t in onsets) / len(onsets) if onsets else None


def figured_rhythms(score: Score, role: str, line) -> list[tuple[int, ...]]:
    """The onsets in the bar of each bar in which the part begins at least two notes (module
    docstring), read on `line` where it strikes a chord (top_line for the counter, bottom_line
    for the bass: a drone's open fifth is one onset); none for a part that is the melody."""
    part, melody = score.role(role), score.melody
    if part is None or part is melody:
        return []
    bar = score.meter.bar_ticks
    bars: dict[int, list[int]] = {}
    for n in line(gridded(part.notes)):
        bars.setdefault(n.start // bar, []).append(n.start % bar)
    return [tuple(onsets) for onsets in bars.values() if len(onsets) >= 2]


def commonest_share(rhythms: list[tuple[int, ...]]) -> float | None:
    """The share of the figured bars in their commonest rhythm; None with fewer than
    MIN_FIGURED_BARS such bars (too few to call one of them a habit)."""
    if len(rhythms) < MIN_FIGURED_BARS:
        return None
    return Counter(rhythms).most_common(1)[0][1] / len(rhythms)


def bottom_line(notes) -> list[Note]:
    """The bottom line: at each onset the lowest note."""
    by_onset: dict[int, Note] = {}
    for n in notes:
        if n.start not in by_onset or n.pitch < by_onset[n.start].pitch:
            by_onset[n.start] = n
    return [by_onset[t] for t in sorted(by_onset)]


def counter_rhythms(score: Score) -> list[tuple[int, ...]]:
    return figured_rhythms(score, "Counter", top_line)


def counter_rhythm_share(score: Score) -> float | None:
    return commonest_share(counter_rhythms(score))


def bass_rhythms(score: Score) -> list[tuple[int, ...]]:
    return figured_rhythms(score, "Bass", bottom_line)


def bass_rhythm_share(score: Score) -> float | None:
    return commonest_share(bass_rhythms(score))


def bass_line(score: Score) -> list[Note]:
    """At each onset of the Bass part on the written grid, the lowest Bass note sounding there (a
    held low note under a higher one struck is still the bass), cut where the next begins; empty
    without a Bass part, or where the bass is the melody's own part."""
    part, melody = score.role("Bass"), score.melody
    if part is None or part is melody:
        return []
    notes = gridded(part.notes)
    out: list[Note] = []
    active: list[Note] = []
    i = 0
    while i < len(notes):
        tick = notes[i].start
        active = [n for n in active if n.end > tick]
        while i < len(notes) and notes[i].start == tick:
            active.append(notes[i])
            i += 1
        low = min(active, key=lambda n: (n.pitch, -n.end))
        out.append(Note(tick, low.end - tick, low.pitch, low.velocity))
    return [Note(n.start, min(n.duration, nxt.start - n.start), n.pitch, n.velocity)
            for n, nxt in zip(out, out[1:])] + out[-1:]


def outer_parallels(score: Score, line: list[Note] | None = None) -> list[tuple[int, int]] | None:
    """(tick, pitch-class interval) where the bass moves with the melody into a fifth or an octave
    in parallel (module docstring); None where the piece has no melody or no bass line."""
    line = melody_line(score) if line is None else line
    bass = bass_line(score)
    if not line or not bass:
        return None
    tune_at, bass_at = line_at(line), line_at(bass)
    out = []
    for n in bass[1:]:
        t = n.start
        m1 = tune_at(t)
        if parallel(tune_at(t, before=True), m1, bass_at(t, before=True), n.pitch):
            out.append((t, abs(m1 - n.pitch) % 12))
    return out


def frame_parallels(score: Score, line: list[Note] | None = None) -> list[tuple[int, int]] | None:
    """(tick, pitch-class interval) where the melody and the bass, on consecutive strong beats,
    move in parallel fifths or octaves heard through the notes between (module docstring); None
    where the piece has no melody or no bass line."""
    line = melody_line(score) if line is None else line
    bass = bass_line(score)
    if not line or not bass:
        return None
    tune_at, bass_at = line_at(line), line_at(bass)
    meter = score.meter
    out = []
    # the tune moves into a beat only where it strikes a note after the beat (or strong beat)
    # before: the next beat and strong beat after each of its onsets are all there is to read
    for t1 in sorted({strong_at_or_after(meter, n.start) for n in line[1:]}
                     | {beat_at_or_after(meter, n.start) for n in line[1:]}):
        if parallel_through(meter, tune_at, bass_at, t1) is not None:
            out.append((t1, abs(tune_at(t1) - bass_at(t1)) % 12))
    return out


# ---- every figure of one piece ----------------------------------------------------------------

def piece_figures(score: Score) -> dict[str, float | None]:
    """The per-piece figures the evaluation tables (None where a piece cannot show one)."""
    line = melody_line(score)
    beat_list = beats(score)
    minutes = score.minutes or None
    up, starts = upbeats(score, line)
    distinct, top3 = rhythm_variety(bar_rhythms(score, line))
    peak = climax(score, line)
    outside, judged = out_of_range(score)
    habits = line_habits(score, line)
    cross = sum(e - s for s, e in cross_relations(score)) / TICKS_PER_BEAT
    outer = outer_parallels(score, line)
    frame = frame_parallels(score, line)
    return {
        "upbeat_share": up / starts if starts else None,
        "tonic_cadences_per_minute": len(tonic_cadences(score, line, beat_list)) / minutes
        if minutes else None,
        "distinct_bar_rhythms": float(distinct) if line else None,
        "top3_rhythm_share": top3 if line else None,
        "one_bar_loops": None if habits is None else habits[0],
        "bar_copies": None if habits is None else habits[1],
        "neighbour_turns": None if habits is None else habits[2],
        "swings": swings(line),
        "hammered_arrivals": hammered_arrivals(score, line),
        "run_spans": run_spans(score, line),
        "held_in_place": held_in_place(score, line),
        "ending_formula": ending_formula(phrase_endings(score, line)),
        "climax_height": None if peak is None else float(peak.height),
        "climax_position": None if peak is None else peak.position,
        "climax_at_fullest": None if peak is None or peak.at_fullest is None
        else float(peak.at_fullest),
        "cross_relation_beats_per_minute": cross / minutes if minutes else None,
        "unresolved_dissonances_per_minute":
            len(unresolved_dissonances(score, beat_list)) / minutes if minutes else None,
        "out_of_range_share": outside / judged if judged else None,
        "counter_coincidence": counter_coincidence(score),
        "counter_rhythm_share": counter_rhythm_share(score),
        "bass_rhythm_share": bass_rhythm_share(score),
        "tune_covered": tune_covered(score),
        "outer_parallels_per_minute": len(outer) / minutes if outer is not None and minutes else None,
        "frame_parallels_per_minute": len(frame) / minutes if frame is not None and minutes else None,
        "minutes": score.minutes,
    }


def first_phrase_upbeat(score: Score) -> float | None:
    """1.0 when the piece's first phrase begins with an upbeat (the research's tune-level figure)."""
    line = melody_line(score)
    found = phrases(score, line)
    return float(is_upbeat(score, line, found[0])) if found else None
