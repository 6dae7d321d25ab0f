"""Plan + Progression -> the melody: motifs made from each section's mood, developed through phrase
forms that arc toward a high point, led in by upbeats, closed by cadence figures, with one climax
for the whole piece, fitted to the chords. Pure: the same plan, progression and generator state give
the same notes.

    notes = compose_melody(plan, progression, rng)

Notes are in ticks (480 per quarter), one at a time (monophonic, never overlapping), velocity a
neutral 80 (composer.perform shapes dynamics), inside the Melody part's range.

The steps, each a function below: the frame (window, ceiling, climax: melody.frame), the upbeats of
every phrase (melody.cadence), then per phrase its planned bars (Themes), its upbeat, its body bars
placed over the chords, its cadence bar, and the cheapest line through them (melody.fit.smooth);
last, the whole line is cleaned of unexplained dissonances and folded into the instrument's range.
"""

from __future__ import annotations

import random
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass, field, replace

from composer.melody.cadence import (
    CADENCE_DEGREES, FINAL_DEGREES, CadenceBar, EndingChoice, Upbeat, anticipation, cadence_bar,
    choose_ending, duet, elided, favourite_endings, lead_in, part_at_phrase_starts,
    part_from_the_bass, part_into_the_sixth, part_on_strong_beats, plan_upbeats,
    resolve_leading_tones, resolve_sevenths,
    turn,
)
from composer.melody.fit import (
    LEAP_LIMIT, SHIFTS, SKIP, STEP, STRONG, Harmony, Slot, Tone, accented, bar_cost, candidates,
    clean, degree_pitch, early_into, is_chord_tone, local_scale, moved_chord_tone,
    nearest_chord_tone, smooth,
)
from composer.harmony.close import (AMEN_TUNES, GENTLE_AFFECTS, amen_arrival, amen_figures,
                                    amen_of)
from composer.melody.frame import CLIMAX_MARGIN, PERIOD_LIFT, Frame, pitch_degree
from composer.character import SONG, furious
from composer.melody.motif import (CALL_REPRISES, CONTRAST_NOTES, MOTIF_NOTES, RUN_NOTES, STABS,
                                   TOPIC_HABITS, busier, recalled,
                                   TOPIC_STEPS,
                                   Motif, call,
                                   call_arrival, derive, struck_figure, inversion, make_contour, make_motif, summit,
                                   figured_section, flowing, opening, takes_figure, topic_rhythm, turned, vary,
                                   CALL_LEAPS,
                                   FIGURES)
from composer.melody.phrase import (ECHO_BARS, PERIOD_OFFSETS, PERIOD_VARIATIONS, RETURN_SHIFT,
                                   SHAPES, BarPlan, echoed, habit, periods, plan_phrase, restate)
from composer.melody.rhythm import EIGHTH, cells_for, densest, shortest
from composer.piece import NEUTRAL_VELOCITY, Note
from composer.theory.motion import parallel
from composer.plan import Phrase, Plan, Section
from composer.streams import Streams, streams

__all__ = ["compose_melody", "Redo"]

# A bar the form does not repeat on purpose is sung note for note at most this often; then it is
# varied or moved. Folk tunes copy about a seventh of their bars (Essen: 14 % of a tune's bars of
# two or more notes copy an earlier one, the chorales 10 %: the evaluation's figure), but a bar
# stated over and over in a long piece is a loop, not a return.
MOST_SUNG = 2
# A bar the form does repeat (an echo, a return's idea) is sung note for note at most this often:
# a statement and two returns; a later one is varied (the varied reprises of C. P. E. Bach's
# "Sonaten mit veraenderten Reprisen", the strophic variation of a song's later verses).
MEANT_MOST = 3
# How many contrasts a return draws for its own continuation before taking one the family has
# sung (a band of few cells may have no other).
ANSWER_DRAWS = 6
TUNE_NOTES = 2  # a bar of fewer notes (one held note) is no tune to copy
ECHO_PULL = 2.5  # how much an answer prefers to restate its question's bars where they stood
SEQUENCE_PULL = 1.5  # how much a repeated bar prefers to move exactly with its anchor (a sequence)
# How much the arc's highest bar in a risen phrase group prefers to sing up to the group's ceiling:
# the band rose (composer.form.GROWTH, Frame.band), but the bar's cost kept the line near where it
# was, so that a quarter of growing sections peaked no higher than their first group (held-out
# 1-30 x seeds 1-2) and the storm's first drops sang C5 in every phrase at seeds 1-3.
GROWN_PULL = 2.0
# The climb into the summit: the bar before it aims this many scale steps under the peak.
APPROACH = 3
# A figure moved down a whole octave must still clear the window's floor by this much (semitones),
# or it would sink into the accompaniment; else it moves down by steps.
OCTAVE_DROP_ROOM = 5
# ... and only a figure this many scale steps or more over its ceiling moves an octave: one that
# overshoots by a step or two comes down by steps, so a section lifted by its energy (its moment's
# intensity: character.lift) stays high instead of falling an octave under the sections it should
# outsing (a composer's reading heard a storm's lightning sink below its first drops).
OCTAVE_DROP_STEPS = 3
# A return whose intensity differs from its first statement's by more than this moves a third.
RETURN_INTENSITY = 0.1
# A cadence tone above the line's last note costs this much more per semitone than one below.
FALLING_CADENCE = 0.2
# A loop's last tone lies within a major sixth of its first, which follows it: a wider leap across
# the wrap is heard as the seam where the recording starts again.
WRAP_LEAP = 9
# A bright, energetic piece ends on the higher of its tonics within an octave of where its line
# was heading, under its summit (heard once), as a fanfare or a finale rings out on its high
# tonic; any other settles on the nearer one. A reading of the summit heard its triumphant horn
# sink to E-flat 4 for its last note (at 9 of 13 seeds). Bright: the last section's arousal
# and valence at least these.
BRIGHT_AROUSAL, BRIGHT_VALENCE = 0.4, 0.0
# A cadence tone reached from the line's last note in parallel fifths or octaves with the bass's
# move into its chord costs this much (semitones of distance): the outer voices above all
# (Aldwell & Schachter, ch. 7). Only from a note of the chord before: the line's cleaning moves a
# note foreign to it, and a price read from the planned note flattened held-out 32's opening
# sigh (D5. C5 A4 | A4 over iv6 V became D5. C5 D5 | D5 against a Bb4 that never sounded).
OUTER_PARALLEL = 12


@dataclass(frozen=True)
class Redo:
    """A section to compose afresh (a re-rolled moment): its index, its own generator, and the
    melody it replaces, whose notes outside the section stay as they are."""

    section: int
    rng: random.Random
    notes: tuple[Note, ...]


def compose_melody(plan: Plan, progression, rng: random.Random, redo: Redo | None = None
                   ) -> tuple[Note, ...]:
    """The melody; with `redo`, `redo.notes` with one section written afresh (see _kept). Each
    phrase draws from a stream of its own, as do the upbeats, the endings and each family's
    motifs (composer.streams): a phrase planned another way leaves every other phrase's draws."""
    frame = Frame.of(plan, Harmony.of(progression))
    draw = streams(rng)
    themes = Themes(plan, draw("themes"))
    upbeats = plan_upbeats(plan, draw("upbeats"),
                           lambda section: themes.motifs_for(section)["a"].rhythm)
    tones: list[Tone] = []
    after: list[Tone] = []
    if redo is not None:
        tones, after = _kept(plan, upbeats, redo)
        draw = streams(redo.rng)
        themes = Themes(plan, draw("themes"))  # motifs of its own: the moment is composed afresh
    phrases = plan.phrases
    # The piece's favourite ways of ending a phrase (cadence.ENDINGS): its own, as a composer's.
    taste = draw("favourites")
    favourites = favourite_endings(plan.character.arousal, plan.character.mood, taste.random(),
                                   taste.random())
    ended = None  # how the phrase before ended: the next ends another way
    index = 0
    for si, section in enumerate(plan.sections):
        if redo is not None and si != redo.section:
            index += len(section.phrases)
            continue
        mood = section.character.mood
        echo = Echo()
        counted = periods([p.role for p in section.phrases])
        for k, phrase in enumerate(section.phrases):
            period = counted[k]
            previous = phrases[index - 1] if index else None
            following = phrases[index + 1] if index + 1 < len(phrases) else None
            themes.enter(si, k)
            plans = themes.bars(section, k, phrase, mood, echo.bars, period)
            if phrase.role == "consequent":
                plans = echo.answered(plans)
            upbeat = upbeats[index]
            ending = choose_ending(phrase.cadence, section.character.arousal, mood,
                                   draw("ending", si, k).random(),
                                   ended, favourites, duet(plan))
            if redo is not None and k == 0 and phrase.start_bar > 0:
                upbeat = None  # the lead-in the original wrote before the section is kept
            context = PhraseContext(
                section=section, phrase=phrase, mood=mood, plans=plans,
                upbeat=upbeat, following=upbeats[index + 1] if following else None,
                after_elision=(previous if previous is not None and elided(previous, phrase)
                               else None),
                elides=following is not None and elided(phrase, following),
                overlaps=following is not None and following.start_bar < phrase.end_bar,
                final=not any(getattr(p, "melody", True) for p in phrases[index + 1:]),
                ending=ending, echo=echo, tail=themes.motifs_for(section)["a"], themes=themes)
            # A phrase the plan gives to the accompaniment alone (an intro, an interlude) rests.
            sung = Echo()
            if getattr(phrase, "melody", True):
                sung, ended = write_phrase(frame, context, tones)
            if phrase.role == "antecedent":
                echo = sung
            index += 1
    if after:  # a re-rolled section's notes stop where the kept ones go on
        stop = after[0].start
        tones = [t for t in tones if t.start < stop]
        for t in tones:
            if not t.fixed and t.end > stop:
                t.length = stop - t.start
        tones += after
    clean(tones, frame.harmony, plan.meter, frame.low, frame.crest)
    for tone in tones:  # the instrument's range is a hard limit: fold by octaves (same pitch class)
        while tone.pitch > frame.top:
            tone.pitch -= 12
        while tone.pitch < frame.floor:
            tone.pitch += 12
    under_summit(tones, frame)
    amen(tones, frame.harmony.spans, frame.floor, plan.sections[-1].character.affect, plan.meter)
    part_from_the_bass(tones, frame)  # the tune's 5-1 over the bass's 5-1 would be octaves
    part_into_the_sixth(tones, frame)  # ... as would its 5-6 over the bass's 5-6
    part_at_phrase_starts(tones, [p.start_bar * plan.meter.bar_ticks for p in plan.phrases[1:]
                                  if getattr(p, "melody", True)], frame)  # ... and 5 into 1
    part_on_strong_beats(tones, frame)  # ... and any from one strong beat to the next
    resolve_leading_tones(tones, frame)  # last: every step above may have moved an arrival
    resolve_sevenths(tones, frame)  # ... and the V7's seventh in the tune falls by step
    held_on(tones, plan)  # last to move a note: any may have met its neighbour
    struck(tones, plan, frame.harmony)
    return tuple(Note(t.start, t.length, t.pitch, NEUTRAL_VELOCITY) for t in tones)


# A plagal close's tune arrives with the authentic cadence and sings the amen's figure over the
# chords after it (composer.harmony.close.AMEN_TUNES: the tonic held, as a hymn's soprano holds
# it, or 6-5, 4-3, 3-4-3), each tone where its chord begins; a figure that leaves the tonic
# reaches it again on the last chord's second part (where a bar divides for a second chord), so
# every piece still ends on its tonic. Only where the line reaches the figure's first tone from
# a step, a third or a fourth (this many semitones at most), so the arrival is the line's own:
# in the octave nearest the line's last note before it, between the line's lowest note and a
# margin under its summit; not from a chord's seventh, which falls by step, from the leading
# tone to anything but the tonic, or from a dissonance but by step (_unresolved); and a figure
# that moves ends no lower than the line placed its last tonic (a bright ending's upper tonic,
# the height a last moment reaches: held-out 71's "the height of it" sank an octave with
# 3-4-3-1), a gentle one's (close.GENTLE_AFFECTS) no higher either, where it comes home to the
# tonic as the line placed it (held-out 7 at seed 1, a composer's reading: its tender memory's
# line placed A4, and the amen held A5, reached from the leading tone, two and a half bars at
# the top of its window, a shriek at the end of a quiet piece). Where the drawn figure cannot be
# sung so, the others the last section's affect allows (close.amen_figures), in the table's order
# (the moving ones, then the tonic held); where none can, the line as written.
AMEN_APPROACH = 5
# A move inside the figure (8 to 4 is a fifth down or a fourth up): the nearer octave, at most
# this far, never a tritone, inside the line's compass or as far as a major third under it (a
# closing line settles downward: 8-6-5 from a tonic the line ends low on), above the
# instrument's floor.
AMEN_MOVE = 7
AMEN_BELOW = 4


def amen(tones: list[Tone], spans, floor: int = 0, affect: str = "calm", meter=None) -> None:
    arrival = amen_arrival(spans)
    if arrival is None or not tones or tones[-1].start <= arrival:
        return
    last = tones[-1]
    before = [t for t in tones[:-1] if t.start < arrival]
    if not before:
        return
    # inside the line's compass, and under its summit by the climax's margin (frame.CLIMAX_MARGIN)
    # except for the line's own last note
    low = min(t.pitch for t in tones)
    high = max(max(t.pitch for t in tones) - CLIMAX_MARGIN, last.pitch)
    summit = max(t.pitch for t in before)  # heard once (under_summit): not moved onto
    drawn = amen_of(spans[-1])
    allowed = amen_figures(affect)
    figures = sorted(allowed, key=lambda f: not drawn or f != drawn[1])  # the drawn one first
    after = [s for s in spans if s.start >= arrival]
    final = after[-1]
    # the last chord's second part, where a figure that left the tonic comes home
    home = final.start + ((meter.pulses + 1) // 2 * meter.pulse_ticks if meter is not None
                          and meter.pulses >= 2 else final.duration // 2)
    for figure in figures:
        sung = _amen_line(AMEN_TUNES[figure][0], after, home, before[-1], last.pitch, low, high,
                          max(floor, low - AMEN_BELOW), summit, spans, affect in GENTLE_AFFECTS)
        if sung is not None:
            break
    else:
        return
    for t in before:
        if t.end > arrival:
            t.length = arrival - t.start
    end = last.end
    for tone, following in zip(sung, sung[1:]):
        tone.length = following.start - tone.start
    sung[-1].length = end - sung[-1].start
    tones[:] = before + sung


def _amen_line(figure: tuple[int, int, int], after, home: int, lead: Tone, placed: int,
               low: int, high: int, under: int, summit: int, spans,
               gentle: bool = False) -> list[Tone] | None:
    """The figure's tones (lengths to be set): one where each chord from the arrival on begins
    (the arrival, then the amen's chord and the tonic in turn) and the tonic at `home` where the
    figure left it; a tone held on where the next is the same. None where the line cannot sing
    it (see AMEN_APPROACH).

    The tonic held over the amen is sung again with the last chord, as a hymn's soprano sings
    "A-men" on its tonic twice (the English hymnals' sung Amen, IV-I a minim each, the upper
    voice 8-8) while the band strikes that chord: one tone tied from the arrival to the end was
    heard as a dead held note (held-out 71 at seed 1, a composer's reading: the trumpet's G4
    held 10 beats; 15 of 150 held-out pieces held their last note over two bars so, all amens)."""
    key = after[0].key
    wanted = [(after[0].start, figure[0])] + [
        (s.start, figure[1] if i % 2 else figure[2]) for i, s in enumerate(after) if i]
    if figure[2] != 8:
        wanted.append((home, 8))
    events = [(t, key.degree_pc(d - 1)) for t, d in wanted]
    if any(pc not in next(s for s in after if s.start <= t < s.end).chord.pcs for t, pc in events):
        return None  # a tone off its chord (a minor 3 under a Picardy tonic)
    first = min((p for p in range(low, high + 1) if p % 12 == events[0][1]
                 and (p == placed or p != summit)),
                key=lambda p: (abs(p - lead.pitch), abs(p - placed)), default=None)
    if first is None or abs(first - lead.pitch) > AMEN_APPROACH or _unresolved(lead, first, spans):
        return None
    out = [Tone(events[0][0], 0, first, fixed=True)]
    for t, pc in events[1:]:
        options = [p for p in range(out[-1].pitch - AMEN_MOVE, out[-1].pitch + AMEN_MOVE + 1)
                   if p % 12 == pc and under <= p <= high and abs(p - out[-1].pitch) != 6
                   and (p == placed or p != summit)]
        if not options:
            return None
        # the last, the tonic, comes home where the line placed it if it can reach it
        last = (t, pc) == events[-1]
        pitch = min(options, key=lambda p: (not last or p != placed, abs(p - out[-1].pitch), p))
        if pitch != out[-1].pitch or t == after[-1].start:
            out.append(Tone(t, 0, pitch, fixed=True))
    if len({tone.pitch for tone in out}) > 1 and out[-1].pitch < placed:
        return None  # a moving figure ends no lower than the line placed its tonic
    if gentle and out[-1].pitch > placed:
        return None  # a gentle close's no higher either (AMEN_APPROACH)
    return out


def _unresolved(tone: Tone, following: int, spans) -> bool:
    """Whether `tone` is its chord's seventh and `following` does not take it down by step (the
    seventh falls by step: Aldwell & Schachter, ch. 14; a composer's reading of held-out 71 heard
    V7's C5 leap a fourth down onto the amen's held G4), or the key's leading tone over the
    dominant and `following` is not the tonic a semitone above it (in an outer voice the leading
    tone rises to the tonic: ch. 5), or no tone of its chord and `following` is not a step away
    (a dissonance resolves by step)."""
    span = next((s for s in spans if s.start <= tone.start < s.end), None)
    if span is None:
        return False
    if tone.pitch % 12 not in span.chord.pcs:
        return not 1 <= abs(tone.pitch - following) <= STEP
    if (tone.pitch + 1) % 12 == span.key.tonic and span.chord.root == (span.key.tonic + 7) % 12:
        return following != tone.pitch + 1
    return span.chord.seventh == tone.pitch % 12 and not 1 <= tone.pitch - following <= STEP


def under_summit(tones: list[Tone], frame: Frame) -> None:
    """The summit is the piece's highest note (composition-craft.md: a melody saves its highest
    note for the one climax): whatever a later step (a cleaned note, a figure folded into the
    instrument's range, a lean above a cadence tone) lifted over it comes down to the nearest
    chord tone under it."""
    peak = frame.climax.pitch
    for i, tone in enumerate(tones):
        if tone.pitch > peak:
            span = frame.harmony.at(tone.start)
            prev = tones[i - 1].pitch if i else None
            tone.pitch = max(p for p in (moved_chord_tone(tone.pitch, span, frame.floor, peak - 1,
                                                          prev), peak - 12) if p < peak)


def _kept(plan: Plan, upbeats, redo: Redo) -> tuple[list[Tone], list[Tone]]:
    """The notes of `redo.notes` a re-rolled section keeps, as fixed tones: everything before the
    section (with the upbeat that leads into it, which the new first phrase continues from), and
    everything from the next section's upbeat on (the new section's last phrase leaves it room,
    as the original's did, and its cadence leads into it)."""
    bar = plan.meter.bar_ticks
    section = plan.sections[redo.section]
    lo, hi = section.start_bar * bar, section.end_bar * bar
    following = sum(len(s.phrases) for s in plan.sections[:redo.section + 1])
    lead = upbeats[following] if following < len(upbeats) else None
    cut = hi - (lead.length if lead is not None else 0)
    before = [Tone(n.start, n.duration, n.pitch, fixed=True) for n in redo.notes if n.start < lo]
    after = [Tone(n.start, n.duration, n.pitch, fixed=True) for n in redo.notes if n.start >= cut]
    return before, after


@dataclass(frozen=True)
class Echo:
    """An antecedent's planned bars and the shifts they took, for the consequent that answers it."""

    bars: tuple[BarPlan, ...] = ()  # as sung (a bar varied so as not to copy another, varied)
    shifts: tuple[int, ...] = ()
    planned: tuple[BarPlan, ...] = ()  # as planned
    moved: int = 0  # scale steps its arc moved as a whole to fit the window (fit_arc)
    heard: tuple[tuple, ...] = ()  # each bar's notes as the line sang them (heard_bars)
    start: int = 0  # where its first body bar begins (ticks)

    def answered(self, plans: tuple[BarPlan, ...]) -> tuple[BarPlan, ...]:
        """A consequent's plans with the bars it takes over from this antecedent as they were
        sung: a planned bar the antecedent sang varied is echoed varied."""
        swap = dict(zip(self.planned[:ECHO_BARS], self.bars[:ECHO_BARS]))
        return tuple(swap.get(bp, bp) if i < ECHO_BARS else bp for i, bp in enumerate(plans))


@dataclass(frozen=True)
class PhraseContext:
    """What one phrase is written from: its place in the form and what surrounds it."""

    section: Section
    phrase: Phrase
    mood: str
    plans: tuple[BarPlan, ...]  # every bar before the cadence bar, as planned
    upbeat: Upbeat | None  # the notes that lead into this phrase
    following: Upbeat | None  # the next phrase's upbeat, which ends this phrase's cadence bar
    after_elision: Phrase | None  # the phrase whose cadence this phrase's first note completes
    elides: bool  # this phrase's cadence runs on into the next phrase
    overlaps: bool  # the next phrase begins on this phrase's cadence bar
    final: bool
    ending: EndingChoice  # how its cadence bar ends (cadence.ENDINGS, SHAPES)
    echo: Echo
    tail: Motif | None = None  # the motif whose tail may close the cadence bar ("tail")
    themes: Themes | None = None  # the piece's motifs and the bars it has sung (Themes.sung)

    @property
    def intro(self) -> bool:
        """The piece's first phrase with an upbeat: its first bar rests, then leads in."""
        return self.upbeat is not None and self.phrase.start_bar == 0

    @property
    def returning(self) -> bool:
        """Does this phrase restate its section family's first statement (a return)?"""
        return self.themes is not None and (
            self.section.start_bar, self.section.phrases.index(self.phrase)) in self.themes.restated

    @property
    def meant(self) -> range:
        """The body bars the form repeats on purpose: a return's, a consequent's echo."""
        if self.returning:
            return range(len(self.plans))
        if self.phrase.role == "consequent":
            return range(echoed(len(self.plans), len(self.echo.bars)))
        return range(0)

    @property
    def first_bar(self) -> int:
        return self.phrase.start_bar + (1 if self.intro else 0)

    @property
    def body(self) -> tuple[BarPlan, ...]:
        return self.plans[:self.phrase.end_bar - 1 - self.first_bar]


@dataclass
class Themes:
    """The motifs of each section family and the bars its first statement planned, so that a
    return restates them."""

    plan: Plan
    rng: random.Random  # the phrase's stream (enter), once the stage's
    draw: Streams = field(init=False)  # the stage's streams, one per place it draws for
    motifs: dict[str, dict[str, Motif]] = field(default_factory=dict)
    shapes: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # each family's arc
    stated: dict[str, tuple[int, list[tuple[BarPlan, ...]]]] = field(default_factory=dict)
    returns: dict[int, dict[BarPlan, BarPlan]] = field(default_factory=dict)  # per return
    restated: set[tuple[int, int]] = field(default_factory=set)  # (section's bar, phrase) restated
    sung: Counter = field(default_factory=Counter)  # body bars sung so far, note for note
    last_sung: tuple | None = None  # the body bar sung last (a one-bar loop would repeat it)
    periods: dict[tuple[int, int], dict[str, Motif]] = field(default_factory=dict)  # developed
    heard: Counter = field(default_factory=Counter)  # body bars as smoothed, note for note
    last_heard: tuple | None = None
    habit: str | None = None  # the rhythmic variation the piece makes its own (phrase.HABITS)
    quickened: dict = field(default_factory=dict)  # each idea's quickened continuation (phrase)
    # each run's way as first sung (fit_run): inverted or not wherever it comes back
    runs: dict[Motif, bool] = field(default_factory=dict)
    spans: Counter = field(default_factory=Counter)  # each run's span as heard (run_span)
    # each return's own idea and contrast (continued), by (family, the return's first bar)
    answers: dict[tuple[str, int], dict[str, Motif]] = field(default_factory=dict)
    # the last run heard: (its bar in the piece, its compass as heard: compass)
    last_run: tuple[int, tuple[int, int]] | None = None

    def __post_init__(self):
        self.draw = streams(self.rng)
        self.habit = habit(self.plan.character.mood, self.plan.meter.compound,
                           self.draw("habit"))

    def enter(self, section: int, phrase: int) -> None:
        """Draw the phrase's bars from its own stream (composer.streams)."""
        self.rng = self.draw("phrase", section, phrase)

    def sing(self, placed, start: int) -> None:
        self.last_sung = sung_key(placed, start)
        self.sung[self.last_sung] += 1

    def worn(self, key: tuple) -> bool:
        """Would this bar, sung again, loop (the bar just sung) or wear thin (MOST_SUNG)?"""
        return key == self.last_sung or self.sung[key] >= MOST_SUNG

    def kept(self) -> tuple:
        """What placing a phrase's bars changes, to be restored if they are placed again."""
        return Counter(self.sung), self.last_sung, self.rng.getstate()

    def restore(self, kept: tuple) -> None:
        sung, self.last_sung, state = kept
        self.sung = Counter(sung)
        self.rng.setstate(state)

    def hear(self, body, start: int, bar: int) -> None:
        """Count the phrase's body bars as the line sings them, after smoothing."""
        for j, key in heard_bars(body, start, bar).items():
            self.heard[key] += 1
            self.last_heard = key
            if len(key) >= RUN_NOTES:
                self.spans[run_span([p for *_, p in key])] += 1
                self.last_run = (start // bar + j, compass([p for *_, p in key]))

    def same_compass(self, body, start: int, bar: int, summit_at: int, meant: range
                     ) -> dict[int, tuple[int, ...]]:
        """The body's run bars (index: the bar as heard) that, as smoothed, sing the compass of the
        run before them within RUN_AFTER bars, each with its pitches as heard: every second run of a
        chain on one compass, so the runs between keep their place and the moved ones stand
        apart from both neighbours. The climb, the summit and the bars the form repeats on
        purpose (`meant`: an echo, a return) excepted."""
        out, last = {}, self.last_run
        for j, key in sorted(heard_bars(body, start, bar).items()):
            if len(key) < RUN_NOTES:
                continue
            at, heard = start // bar + j, compass([p for *_, p in key])
            if (last is not None and at - last[0] <= RUN_AFTER and heard == last[1]
                    and j > summit_at and j not in meant):
                out[j] = tuple(p for *_, p in key)
                last = None  # moved: the next run is heard against a new compass
            else:
                last = (at, heard)
        return out

    def worn_heard(self, body, start: int, bar: int, summit_at: int, meant: range
                   ) -> dict[int, tuple]:
        """The body bars (index: the bar as heard) that, as smoothed, repeat the bar before them
        or a bar already heard MEANT_MOST times, where the form repeats them (`meant`: an echo,
        a return), else MOST_SUNG times (smoothing brought two bars planned apart onto the same
        notes: a reading of held-out 79 heard bar 7 again in 10 and 44); the climb and the summit
        excepted, as place_body keeps them."""
        worn, last, heard = {}, self.last_heard, Counter(self.heard)
        for j, key in sorted(heard_bars(body, start, bar).items()):
            most = MEANT_MOST if j in meant else MOST_SUNG
            if (j > summit_at and len(key) >= TUNE_NOTES
                    and (key == last or heard[key] >= most)):
                worn[j] = key
            heard[key] += 1
            last = key
        return worn

    def motifs_for(self, section: Section) -> dict[str, Motif]:
        """A family's idea and contrast. The first family's are made from its mood; a later
        family's idea takes the first idea's moves (inverted or as they were) on a rhythm of its
        own mood, so the piece develops one motif across its sections."""
        family = section.family
        if family not in self.motifs:
            rng = self.draw("motifs", family)
            meter, mood = self.plan.meter, section.character.mood
            arousal = section.character.activity  # its rhythm moves with its energy
            first = next(iter(self.motifs.values()))["a"] if self.motifs else None
            # A later family's idea keeps the first idea's moves on a rhythm of its own: the
            # same rhythm too would state the theme again, not a contrast.
            # A section in a topic (character.topic: a call, a march, a storm's runs or strikes,
            # a broadened release) draws its figures' rhythms from the topic's bars, the
            # contour as any idea's; the rest from their rhythm band's (and the setting's figure).
            # The setting's figure (motif.FIGURES) sets the kind of rhythm of every family whose
            # topic takes it, and opens the idea of the one figured_family names; that idea is the
            # figure's, not a development of an earlier one. A call leaps on to the beat (call()).
            topic = topic_of(section)
            kind = self.plan.figure if takes_figure(topic, self.plan.figure) else None
            figured = family == figured_family(self.plan)
            rhythm = topic_rhythm(topic, meter, arousal, rng,
                                  avoid=first.rhythm if first is not None else None,
                                  fewest=MOTIF_NOTES, figure=kind)
            a = (make_motif(meter, arousal, mood, rng,
                            avoid=first.rhythm if first is not None else None,
                            fewest=busiest(meter, arousal, mood, section.character.lift),
                            figure=kind)
                 if rhythm is None else
                 Motif(rhythm, make_contour(len(rhythm), mood, rng, opening(kind))))
            if first is not None and not figured:
                a = derive(first, a.rhythm, rng.choice(("inversion", "inversion", "original")))
            if topic == "fanfare" or (figured and kind is not None and FIGURES[kind].arrives):
                a = call(a, rng, meter.pulse_ticks)
            elif topic in STABS:
                a = struck_figure(a)
            rhythm = topic_rhythm(topic, meter, arousal, rng, avoid=a.rhythm)
            b = (make_motif(meter, arousal, mood, rng, avoid=a.rhythm, fewest=CONTRAST_NOTES)
                 if rhythm is None else Motif(rhythm, make_contour(len(rhythm), mood, rng)))
            if topic in STABS:
                b = struck_figure(b)
            self.motifs[family] = {"a": a, "b": b}
        return self.motifs[family]

    def developed(self, section: Section, period: int, motifs: dict[str, Motif], mood: str
                  ) -> dict[str, Motif]:
        """A long section's later periods (after the idea's and the contrast's) sing its motifs
        in a rhythm of their own, the contour kept (Schoenberg's developing variation: the
        motive's rhythm changes, its shape stays recognisable), one variant per period so that
        its antecedent and consequent still answer each other."""
        key = (section.start_bar, period)
        if key not in self.periods:
            meter = self.plan.meter
            fine = shortest(section.character.arousal)
            topic = topic_of(section)
            among = ((TOPIC_HABITS[topic],) if TOPIC_HABITS.get(topic) is not None else
                     PERIOD_VARIATIONS[max(-1, min(1, section.character.lift))])
            rng = self.draw("developed", *key)
            self.periods[key] = {name: vary(m, meter.bar_ticks, mood, rng, meter.compound,
                                            fine, among=among)[1]
                                 for name, m in motifs.items()}
        return self.periods[key]

    def continued(self, section: Section, motifs: dict[str, Motif]) -> dict[str, Motif]:
        """A return's phrases past what it restates: the family's idea answered by a contrast of
        their own, in a rhythm the family has not sung where the band has one (Caplin: a return
        may restate the presentation and write a new continuation). The same two bar rhythms
        for every phrase of four returns is what a composer's reading heard as a loop."""
        key = (section.family, section.start_bar)
        if key not in self.answers:
            a = motifs["a"]
            sung = {motifs["b"].rhythm} | {m["b"].rhythm for (family, _), m in self.answers.items()
                                           if family == section.family}
            character = section.character
            rng = self.draw("answer", *key)
            for _ in range(ANSWER_DRAWS):
                b = make_motif(self.plan.meter, character.activity, character.mood, rng,
                               avoid=a.rhythm, fewest=CONTRAST_NOTES)
                if b.rhythm not in sung:
                    break
            self.answers[key] = {"a": a, "b": b}
        return self.answers[key]

    def bars(self, section: Section, k: int, phrase: Phrase, mood: str,
             echo: tuple[BarPlan, ...], period: int) -> tuple[BarPlan, ...]:
        """The phrase's bars before its cadence bar: a return restates its first statement's
        phrase where the lengths agree (varied, and a third higher or lower where its intensity
        differs), else the phrase form plans new ones."""
        motifs = self.motifs_for(section)
        meter = self.plan.meter
        owner, earlier = self.stated.setdefault(section.family, (section.start_bar, []))
        restating = (owner != section.start_bar and k < len(earlier)
                     and len(earlier[k]) == phrase.bars - 1)
        if restating and phrase.role == "consequent" and (section.start_bar, k - 1) not in \
                self.restated:
            # A consequent answers its own antecedent: where that antecedent was new (a return
            # laid out in other phrase lengths), restating the first statement would break the
            # period's echo.
            restating = False
        if restating:
            self.restated.add((section.start_bar, k))
            first = self.plan.section_at(owner).character.intensity
            change = section.character.intensity - first
            shift = (RETURN_SHIFT if change > RETURN_INTENSITY else
                     -RETURN_SHIFT if change < -RETURN_INTENSITY else 0)
            memo = self.returns.setdefault(section.start_bar, {})
            return restate(earlier[k], mood, meter.bar_ticks, self.rng, shift, meter.compound, memo,
                           shortest(section.character.arousal),
                           densest(meter, section.character.activity, mood))
        if section.family not in self.shapes:
            self.shapes[section.family] = self.draw("shape", section.family).choice(SHAPES[mood])
        shape = self.shapes[section.family]
        topic = topic_of(section)
        if owner != section.start_bar and topic == SONG:
            motifs = self.continued(section, motifs)
        if period >= len(motifs):
            motifs = self.developed(section, period, motifs, mood)
        plans = plan_phrase(phrase.role, phrase.bars, motifs, mood, meter.bar_ticks,
                            echo, self.rng, period, meter.compound, shape,
                            TOPIC_HABITS.get(topic, self.habit),
                            shortest(section.character.arousal), topic, self.quickened,
                            densest(meter, section.character.activity, mood))
        if owner == section.start_bar:
            earlier.append(plans)
        return plans


def topic_of(section: Section) -> str:
    """The topic the section's tune is set in (composer.character.topic)."""
    return getattr(section.character, "topic", SONG)


def figured_family(plan: Plan) -> str | None:
    section = figured_section(plan.sections, plan.figure)
    return section.family if section is not None else None


def held_on(tones: list[Tone], plan: Plan) -> None:
    """A long note struck again at once on its pitch (the one a beat or longer, the other longer
    still) is held on instead: struck twice, it stands still on a dead beat (a composer's
    reading: held-out 7's C5 C5 | E5 E5 in halves, 71's Bb4 (half) Bb4, heard as stiff). The
    smoothing makes them (35 of the 39 read in seven held-out pieces): a motif's long notes
    move onto tones foreign to their chord on strong beats, and the note just sung is the
    nearest chord tone. Priced there instead (fit.smooth, 0.8 to 3.0 on each), a third to a half
    of them moved, but onto a swing between two chord tones where the window held no third
    (held-out 7's turn: C5 E5 | C5 E5), and held-out 71's "height of it" sank at seed 2. Two
    beats on one pitch stay struck, a tread (fit.FLOWING_VALUE; a motif's head), as do a fixed
    tone (a cadence's arrival, the amen's tonic sung again: struck where placed) and a phrase's
    first note."""
    beat, bar = plan.meter.pulse_ticks, plan.meter.bar_ticks
    starts = {p.start_bar * bar for p in plan.phrases}
    kept = tones[:1]
    for tone in tones[1:]:
        last = kept[-1]
        if (tone.pitch == last.pitch and tone.start == last.end and not tone.fixed
                and tone.start not in starts
                and min(tone.length, last.length) >= beat < max(tone.length, last.length)):
            last.length += tone.length
        else:
            kept.append(tone)
    tones[:] = kept


def struck(tones: list[Tone], plan: Plan, harmony: Harmony) -> None:
    """In a section whose topic strikes (motif.STABS), each quarter note that is not a fixed tone
    (a cadence's, the summit) sounds an eighth and rests an eighth: the short, accented figures
    torn by silences of a furious moment (character.FURY). Rests no longer than an eighth keep
    the phrase one phrase. A note foreign to its chord (a passing or neighbour note) keeps its
    length: cut short, it would hang in the silence unresolved."""
    bar = plan.meter.bar_ticks
    spans = [(s.start_bar * bar, s.end_bar * bar) for s in plan.sections
             if topic_of(s) in STABS]
    for tone in tones:
        if not tone.fixed and tone.length == 2 * EIGHTH and is_chord_tone(
                tone.pitch, harmony.at(tone.start)) and any(
                lo <= tone.start < hi for lo, hi in spans):
            tone.length = EIGHTH


# A section above the piece's middle energy (character.lift) takes its idea from the busier
# cells of its rhythm band: the lower end of its choices at this quantile of the band's note
# counts per step of lift (emotion-rules.md: the probability of an onset grows with arousal and
# intensity), so the scene's most intense moment moves fastest even where its arousal's band is
# the same as a calmer moment's.
BUSIER_PER_LIFT = 0.3


def busiest(meter, arousal: float, mood: str, lift: int) -> int:
    """The fewest notes a section's idea may have: MOTIF_NOTES, or for a lifted section the note
    count at BUSIER_PER_LIFT x lift of its band's cells (composer.melody.rhythm.cells_for)."""
    if lift <= 0:
        return MOTIF_NOTES
    counts = sorted(len(c) for c in cells_for(meter, arousal, mood))
    return max(MOTIF_NOTES, counts[min(len(counts) - 1, int(BUSIER_PER_LIFT * lift * len(counts)))])


def write_phrase(frame: Frame, context: PhraseContext, tones: list[Tone]) -> tuple[Echo, str]:
    """Append one phrase to the line: its upbeat, its body bars, its cadence bar; returns its
    bars as sung and the shifts they took (a consequent echoing it keeps them), and the kind of
    ending its cadence bar took."""
    phrase = context.phrase
    ceiling = frame.ceiling_for(phrase)
    frame = frame.for_phrase(phrase)
    themes = context.themes
    kept = themes.kept() if themes is not None else None
    renew: dict[int, tuple] = {}
    spread: dict[int, tuple[int, ...]] = {}
    while True:
        body, sung = place_body(frame, context, tones, ceiling, renew, spread)
        lead_in = place_upbeat(frame, context, tones, body, ceiling)
        if not lead_in:
            body = _entering(body, tones)
        close, ended = ([], "elided") if context.overlaps else place_cadence(
            frame, context, body, tones, ceiling)
        written = lead_in + body + close
        if not written:
            return sung, ended
        before = tones[-1].pitch if tones else None
        line = smooth(bridged([slot for _, slot in written], frame.low, ceiling), before)
        for (tone, _), pitch in zip(written, line):
            tone.pitch = pitch
        heard = heard_bars(body, context.first_bar * frame.bar, frame.bar)
        if themes is None or renew or spread:
            break
        # The copy rule again, on the line as smoothed: smoothing can bring two bars planned
        # apart onto the same notes. Those bars are placed afresh, once, as worn ones; and so
        # can it bring runs placed apart onto one compass (RUN_AFTER): those move off it.
        summit_at = frame.climax.bar - context.first_bar if frame.climax.phrase == phrase else -1
        renew = themes.worn_heard(body, context.first_bar * frame.bar, frame.bar, summit_at,
                                  context.meant)
        renew.update(copied(context, heard, summit_at))
        spread = themes.same_compass(body, context.first_bar * frame.bar, frame.bar, summit_at,
                                     context.meant)
        if not renew and not spread:
            break
        themes.restore(kept)
    if themes is not None:
        themes.hear(body, context.first_bar * frame.bar, frame.bar)
    tones.extend(tone for tone, _ in written)
    tie_suspension(tones, close)
    return replace(sung, heard=tuple(heard.get(j, ()) for j in range(len(sung.bars))),
                   start=context.first_bar * frame.bar), ended


def copied(context: PhraseContext, heard: dict[int, tuple], summit_at: int) -> dict[int, tuple]:
    """A consequent's bars past its echo (phrase.echoed) that, as heard, sing its antecedent's bar
    at the same place again: a period of short phrases would be one phrase sung twice (a reading
    of held-out 79: bars 10-12 sang 7-9 note for note). The climb and the summit excepted."""
    if context.phrase.role != "consequent":
        return {}
    echo = context.echo
    own = echoed(len(context.plans), len(echo.bars))
    return {j: key for j, key in heard.items()
            if own <= j < len(echo.heard) and j > summit_at and len(key) >= TUNE_NOTES
            and key == echo.heard[j]}


Written = list[tuple[Tone, Slot]]

# A note followed by a fixed one (a cadence's lean or tone, the summit) more than this many
# semitones away may also go to the chord tones between them: a line falling from its summit onto a
# cadence tone an octave lower needs a note on the way, or it leaps a tritone into it (a composer's
# reading heard held-out 28 drop C6 -> F#5 at its climax).
BRIDGE = 5


def bridged(slots: list[Slot], low: int, high: int) -> list[Slot]:
    """The slots, each one before a fixed note more than BRIDGE semitones from any chord tone it
    may sing also offered its chord's tones between the two."""
    out = list(slots)
    for i in range(len(slots) - 1):
        slot, fixed = slots[i], slots[i + 1].candidates
        if len(fixed) != 1 or len(slot.candidates) < 2:
            continue
        goal = fixed[0]
        steady = [c for c in slot.candidates if is_chord_tone(c, slot.span)] or slot.candidates
        if min(abs(c - goal) for c in steady) <= BRIDGE:
            continue
        near, far = sorted((goal, min(steady, key=lambda c: abs(c - goal))))
        between = tuple(p for p in range(max(low, near + 1), min(high, far) + 1)
                        if is_chord_tone(p, slot.span))
        out[i] = replace(slot, candidates=tuple(sorted(set(slot.candidates) | set(between))))
    return out


def _slot(frame: Frame, tone: Tone, degree: int, joined_before: bool, joined_after: bool,
          low: int, high: int) -> Slot:
    """The slot of a planned tone: the pitches it may become, keeping to the scale of every chord
    it sounds over (a held note must not cross-relate with the chord that follows)."""
    span = frame.harmony.at(tone.start)
    options = candidates(tone.pitch, degree, span, frame.tonic, low, high)
    heard = frame.harmony.over(tone.start, tone.end)
    agreeing = tuple(p for p in options if all(
        (p - s.key.tonic) % 12 in local_scale(s) for s in heard))
    strong, offbeat, early = accented(frame.meter, tone.start, tone.length)
    return Slot(tone.pitch, agreeing or options, span, strong, joined_before, joined_after,
                held=heard[1:], offbeat=offbeat and (len(heard) < 2 or early_into(
                    tone.start, heard[1:], frame.meter)),
                closes_bar=tone.end % frame.bar == 0 and tone.start % frame.bar != 0, early=early,
                length=tone.length)


def place_body(frame: Frame, context: PhraseContext, tones: list[Tone], ceiling: int,
               renew: dict[int, tuple] | None = None,
               spread: dict[int, tuple[int, ...]] | None = None) -> tuple[Written, Echo]:
    """The bars between the upbeat and the cadence bar: each planned motif placed over its chords,
    a repeated bar moved exactly as a sequence, a consequent's first bars where its question's
    stood, and in the climax phrase a climb to the summit and a descent from it. The bars in
    `renew` (index: the bar as smoothed, which copied a bar) are varied or moved, as worn bars
    are, and one of their notes may not sound as it did; the runs in `spread` (index: the bar as
    smoothed, which sang its pitches given on the compass of the run before it) move off that
    compass, keeping their figure where they can, in a window RUN_ROOM wider (run_room)."""
    renew = renew or {}
    spread = spread or {}
    bar = frame.bar
    climax = frame.climax
    # the section's energy (character), its phrase group's rise in a long section (Plan.rise_at),
    # and where in its window its topic sings (TOPIC_STEPS)
    lift = (context.section.character.register + frame.plan.rise_at(context.phrase.start_bar)
            + frame.arc_shift + TOPIC_STEPS.get(topic_of(context.section), 0)
            - lowered_steps(frame, context))
    written: Written = []
    shifts: list[int] = []
    sung: list[BarPlan] = []  # the bars as sung: a bar varied to avoid a copy, varied
    last = tones[-1].pitch if tones else None
    move = 0
    is_climax = climax.phrase == context.phrase
    summit_at = climax.bar - context.first_bar if is_climax else -1
    peak_span = frame.harmony.at(climax.bar * bar)
    peak_degree = pitch_degree(climax.pitch, peak_span, frame.tonic) if is_climax else None
    plans = context.body
    anchors, moved = fit_arc(frame, context, lift, ceiling, summit_at)
    climbed = None  # the scale step the climb's last bar ended on
    crest_at = grown_crest(frame, context, anchors, is_climax)
    spans: Counter = Counter()  # the phrase's runs' spans as placed (the piece's: Themes.spans)
    for j, bp in enumerate(plans):
        start = (context.first_bar + j) * bar
        motif, anchor, options, high = bp.motif, anchors[j], SHIFTS, ceiling
        room = frame  # the window the bar is placed in (run_room for a run moved off a compass)
        moving = j in spread
        if j == summit_at and peak_degree is not None:
            motif = summit(motif, bar // 2)
            anchor, options, high = peak_degree, (0,), climax.pitch
        elif 0 <= j < summit_at and peak_degree is not None:
            # The climb: the bar before the summit rises to end a fourth or so under it, each
            # earlier bar a third lower (a falling figure is turned upward on the way).
            # Each bar of the climb ends higher than the one before it ended.
            if motif.contour[-1] < 0:
                motif = inversion(motif, bar, None)
            if len(motif.contour) >= RUN_NOTES:
                # a run climbs to its last note, turned under it where it rose higher on the way:
                # peaking mid-bar, it was lowered under the ceiling and ended an octave under the
                # summit (fit_anchor)
                motif = turned(motif, min(motif.contour), motif.contour[-1])
            goal = peak_degree - APPROACH - 2 * (summit_at - 1 - j)
            if climbed is not None:
                goal = max(goal, climbed + 1)
            anchor = max(anchor, goal - motif.contour[-1])
            options, high = (0, -1, 1), climax.pitch - 2
        elif j + 1 < len(plans) and j + 1 != summit_at:
            motif = leading(motif, anchors[j + 1] - anchor)
        prefer = None
        echo = context.echo
        if (context.phrase.role == "consequent" and j < echoed(len(context.plans), len(echo.bars))
                and j < len(echo.shifts) and bp == echo.bars[j]):
            prefer = (echo.shifts[j], ECHO_PULL)
        elif j and motif == plans[j - 1].motif and shifts:
            prefer = (shifts[-1], SEQUENCE_PULL)
        if j != summit_at and not 0 <= j < summit_at and len(motif.contour) >= RUN_NOTES:
            runs = context.themes.runs if context.themes is not None else {}
            # A run the form does not repeat on purpose (an echo, a return's opening idea)
            # prefers a span its piece has not sung yet (run_span).
            worn = (context.themes.spans + spans if context.themes is not None
                    and not (prefer is not None and prefer[1] == ECHO_PULL)
                    and not (j == 0 and context.returning) else None)
            # A run passes on (motif.flowing), but a call strikes its note again before it leaps.
            if not calls(frame.plan, context.section):
                motif = flowing(motif)
            if moving:
                low, high = run_room(frame, high)
                room = replace(frame, low=low)
            anchor, motif = fit_run(room, motif, anchor, start, high, last,
                                    anchors[j + 1] if j + 1 < len(plans) else None, runs, worn,
                                    spread.get(j))
            if moving:
                options = tuple(o for o in options if compass(
                    placed_pitches(frame, motif, anchor + o, start)) != compass(spread[j])
                    ) or options
        elif j != summit_at:
            # A flowing figure passes on (motif.flowing), as a run does; a call's pickup and the
            # rain's patter strike their note again on purpose.
            if not calls(frame.plan, context.section) and not patters(frame.plan, context.section):
                motif = flowing(motif)
            # A climb bar planned too high comes down by steps: an octave down would undo it.
            anchor = fit_anchor(frame, motif, anchor, start, high, octave=not 0 <= j < summit_at)
            if 0 <= j < summit_at:
                climbed = anchor + motif.contour[-1]
        if j != summit_at and not 0 <= j < summit_at and calls(frame.plan, context.section):
            motif, options = calling(frame, motif, anchor, start,
                                     min(high + CALL_ABOVE, climax.pitch - 1), options)
        if j == crest_at and prefer is None:
            prefer = reaching(room, motif, anchor, start, high, options)
        placed = place_bar(room, motif, anchor, start, last, move, high, options, prefer)
        first_placed, meant = placed, False
        if context.themes is not None:
            # A bar the form repeats on purpose is sung as it was: a consequent's echo of its
            # antecedent, a return's opening idea, the climb to the summit and the summit; but
            # never the bar just sung again (an echo whose antecedent's bars differed only in
            # how they led on).
            meant = (j <= summit_at or (prefer is not None and prefer[1] == ECHO_PULL)
                     or (j == 0 and context.returning))
            key = sung_key(placed[0], start)
            if meant and j > summit_at and (j in renew
                                            or context.themes.sung[key] >= MEANT_MOST):
                meant = False  # a third return of one bar is varied, as a fourth strophe is
            if not meant or (j != summit_at and key == context.themes.last_sung):
                placed, varied = unsung(room, context, motif, anchor, start, (last, move, high),
                                        options, placed, varied=not meant, renew=j in renew)
                if varied is not None:
                    bp = replace(bp, motif=varied)
            context.themes.sing(placed[0], start)
            if j > summit_at and len(placed[0]) >= RUN_NOTES:
                spans[run_span([p for *_, p in placed[0]])] += 1
        # A consequent's echo restates its antecedent's bar as the line sang it, not as it was
        # planned (echo_of), a bar the copy rule moved or varied (unsung) excepted; in the climb
        # to the summit, only where the bar before the summit still leads into it within a fifth.
        again = (echo_of(frame, context, j, bp, placed[0], start, min(high, climax.pitch - 1))
                 if prefer is not None and prefer[1] == ECHO_PULL and meant and j != summit_at
                 and placed is first_placed else None)
        if again is not None and j == summit_at - 1 and \
                climax.pitch - again[0][-1] > LEAP_LIMIT:
            again = None
        placed, move, shift = placed
        shifts.append(shift)
        sung.append(bp)
        called = (called_notes(frame, placed) if j != summit_at and
                  calls(frame.plan, context.section) else ())
        crest = grown_top(frame, placed) if j == crest_at else -1
        for i, (onset, length, degree, pitch) in enumerate(placed):
            tone = Tone(onset, length, pitch)
            joined = bool(written) or bool(tones and tones[-1].end == onset)
            slot = _slot(frame, tone, degree, joined, True, room.low, min(high, climax.pitch - 1))
            if len(placed) >= RUN_NOTES:
                slot = replace(slot, running=True)
            if j == summit_at and i == 0:
                tone.fixed = True
                slot = Slot(climax.pitch, (climax.pitch,), slot.span, slot.strong,
                            slot.joined_before, True)
            elif i in called or i == crest:
                # The call's leap is sung as placed: the line's smoothing would bend a fourth
                # into a third for a cheaper step after it, and no call would be heard. So is a
                # risen group's high point (grown_crest): the smoothing drew it back to the line
                # around it (the storm's first drops: D#5 over V sung B4).
                tone.fixed = True
                slot = replace(slot, candidates=(pitch,))
            if j in renew and (onset - start, length) not in {n[:2] for n in renew[j]}:
                renew[j] = ()  # the bar's rhythm already differs from the one heard
            elif j in renew and renew[j] and not tone.fixed:
                heard = dict((at, p) for at, _, p in renew[j])
                # Another pitch the line's cleaning will keep: a chord tone on a strong beat.
                other = tuple(p for p in slot.candidates if p != heard.get(onset - start)
                              and (not slot.strong or is_chord_tone(p, slot.span)))
                if other and heard.get(onset - start) in slot.candidates:
                    slot = replace(slot, candidates=other)
                    renew[j] = ()
            if again is not None and not tone.fixed:
                pitches, same = again
                pitch = pitches[i]
                slot = replace(slot, intended=pitch, candidates=(pitch,) if same else
                               tuple(sorted(set(slot.candidates) | {pitch})))
            written.append((tone, slot))
            last = pitch
    if written and context.after_elision is not None and \
            context.after_elision.end_bar - 1 == context.first_bar:
        # This phrase starts on the bar where the previous one cadences (an elision): its first
        # note is that cadence's tone.
        tone, slot = written[0]
        degrees = CADENCE_DEGREES.get(context.after_elision.cadence, (0, 2))
        pitch = cadence_pitch(frame, slot.span, degrees, tones[-1].pitch if tones else None,
                              frame.low, ceiling, False, tone)
        tone.fixed = True
        written[0] = (tone, Slot(pitch, (pitch,), slot.span, True, slot.joined_before, True))
    return written, Echo(tuple(sung), tuple(shifts), plans[:len(sung)], moved)


# The leaps a call makes, in semitones: a perfect fourth or fifth (5-1 or 1-5 of the chord).
CALL_INTERVALS = (5, 7)
# A call's top may ring this many semitones over its phrase's ceiling (never at the summit): a
# quiet moment's window, nine semitones, often holds no perfect fourth or fifth between tones
# of its chord (the summit's ridge, C4-A4 over E-flat: only Eb4-Bb4, a semitone over), and the
# call rings from its top as a horn's does.
CALL_ABOVE = 2


def calls(plan: Plan, section: Section) -> bool:
    """Is the section's tune placed as a call: a fanfare's (its topic), or the idea of a mountain's
    (the setting's figure, where figured_family put it)?"""
    return topic_of(section) == "fanfare" or (
        plan.figure == "call" and section.family == figured_family(plan))


def patters(plan: Plan, section: Section) -> bool:
    """Is the section's idea the rain's patter (motif.FIGURES: one note struck again)?"""
    return plan.figure == "patter" and section.family == figured_family(plan)


def calling(frame: Frame, motif: Motif, anchor: int, start: int, high: int,
            options: tuple[int, ...]) -> tuple[Motif, tuple[int, ...]]:
    """The motif, and the shifts of `options`, at which a call's leap (motif.call_arrival) joins
    two tones of the chords under them by a perfect fourth or fifth inside the window, as a
    horn's or a trumpet's call does (Monelle: the call sounds the triad's fifth and root; the
    natural horn's calls sit on the tonic triad, 5-1, 1-5, 5-8), the notes before it struck on a
    chord tone. The leap is a fourth or a fifth, whichever the chords make perfect from where the
    call stands (a fourth from the subdominant is a tritone, F up to B in C, which the fit bent to
    a third); the notes after it move with its top. The motif and all of `options` where no
    placing does (the leap is then sung as the harmony allows). Placed for its strong beats
    alone, a call in a narrow window came out as a third or a step, a composer's reading's
    noodling horn."""
    k = call_arrival(motif)
    if k is None:
        return motif, options
    spans = [frame.harmony.at(o) for o in onsets(motif, start)[:k + 1]]
    good: dict[int, list[int]] = {}  # leap -> the shifts where it calls
    for leap in sorted(CALL_LEAPS, key=lambda size: size != motif.contour[k]):
        for shift in options:
            pitches = [degree_pitch(anchor + shift, span, frame.tonic) for span in spans[:k]]
            pitches.append(degree_pitch(anchor + shift + leap, spans[k], frame.tonic))
            if frame.low <= pitches[0] and pitches[-1] <= high and is_call(pitches, spans):
                good.setdefault(leap, []).append(shift)
    if not good:
        return motif, options
    # The motif's own leap where it calls, else the other; of its shifts, those nearest the anchor
    # come first in `options`, so the bar's cost still chooses among them.
    leap = next(iter(good))
    contour = motif.contour[:k] + tuple(c - motif.contour[k] + leap for c in motif.contour[k:])
    return Motif(motif.rhythm, contour), tuple(good[leap])


def is_call(pitches: list[int], spans) -> bool:
    """Do these notes call: one pitch struck once or again, then a leap up a perfect fourth or
    fifth, from the root or the fifth of the chord under the note it leaps from to the root or
    the fifth of the chord it reaches (the natural horn's calls on the triad: 5-1, 1-5, 5-8;
    from a chord's third or seventh a fourth joins tones no horn call sounds, D-G over Imaj7),
    every note before the leap a tone of its chord?"""
    *pickup, top = pitches
    return (len(set(pickup)) == 1 and top - pickup[-1] in CALL_INTERVALS
            and all(is_chord_tone(p, span) for p, span in zip(pickup, spans))
            and horn_tone(pickup[-1], spans[len(pickup) - 1]) and horn_tone(top, spans[-1]))


def horn_tone(pitch: int, span) -> bool:
    """Is the pitch its chord's root or perfect fifth?"""
    offset = (pitch - span.chord.root) % 12
    return offset == 0 or (offset == 7 and pitch % 12 in span.chord.pcs)


def called_notes(frame: Frame, placed) -> tuple[int, ...]:
    """The indices of a placed bar's call (calling()): its first note struck once or again and
    the note it leaps to a CALL_LEAPS up, where they call (is_call) inside the window and under
    the summit; () where they do not."""
    degrees = [d for _, _, d, _ in placed]
    k = next((i for i, d in enumerate(degrees) if d != degrees[0]), None)
    if k is None or degrees[k] - degrees[0] not in CALL_LEAPS:
        return ()
    pitches = [p for _, _, _, p in placed[:k + 1]]
    spans = [frame.harmony.at(at) for at, _, _, _ in placed[:k + 1]]
    if not (is_call(pitches, spans) and frame.low <= pitches[0]
            and pitches[-1] < frame.climax.pitch):
        return ()
    return tuple(range(k + 1))


# A consequent's echo restates its antecedent's opening bars as the line sang them, not only as
# they were planned: the smoothing of a line (fit.smooth) weighs each note with its neighbours, and
# the neighbours of an echo differ (the cadence and upbeat before it, the bar after it), so the
# planned bars, smoothed again, came out otherwise in 70 % of calm echoes (circle seeds 1-300,
# arousal under -0.25) and the consequent did not restate its basic idea (Caplin, "Classical
# Form", ch. 4: the consequent repeats the antecedent's basic idea). Over the same chords the echo
# sings the antecedent's pitches; over other chords it aims at them, and the smoothing keeps those
# that fit the new chords.
def echo_of(frame: Frame, context: PhraseContext, j: int, bp: BarPlan, placed, start: int,
            high: int) -> tuple[tuple[int, ...], bool] | None:
    """The pitches the antecedent's bar j was heard with (after the line's smoothing), for its
    consequent's echo of it (`placed` in the bar from `start`), and whether the same chords sound
    under both bars; None where the echo was placed in another rhythm or the pitches leave this
    phrase's window (under `high`)."""
    echo = context.echo
    if j >= len(echo.heard) or j >= len(echo.bars) or echo.bars[j] != bp:
        return None
    heard = echo.heard[j]
    if [(at, length) for at, length, _ in heard] != [(o - start, n) for o, n, _, _ in placed]:
        return None
    bar = frame.bar
    before = echo.start + j * bar
    pitches = tuple(p for *_, p in heard)
    if not all(frame.low <= p <= high for p in pitches):
        return None
    return pitches, same_chords(frame.harmony, before, start, bar)


def same_chords(harmony: Harmony, one: int, other: int, length: int) -> bool:
    """Do the same chords, in the same keys, sound from `one` and from `other` for `length` ticks,
    changing at the same places?"""
    def chords(at: int):
        return [(max(s.start, at) - at, s.chord.pcs, s.chord.root, s.key)
                for s in harmony.over(at, at + length)]
    return chords(one) == chords(other)


def heard_bars(body, start: int, bar: int) -> dict[int, tuple]:
    """The body's bars (index from `start`) as sung: (onset in bar, length, pitch) per note."""
    bars: dict[int, list] = {}
    for tone, _ in body:
        j, at = divmod(tone.start - start, bar)
        bars.setdefault(j, []).append((at, tone.end - tone.start, tone.pitch))
    return {j: tuple(notes) for j, notes in bars.items()}


def sung_key(placed, start: int) -> tuple:
    """A bar as the ear compares it: each note's onset in the bar, length and pitch."""
    return tuple((onset - start, length, pitch) for onset, length, _, pitch in placed)


def unsung(frame: Frame, context: PhraseContext, motif: Motif, anchor: int, start: int,
           line: tuple, options, first, varied: bool = True, renew: bool = False):
    """`first` (place_bar's answer) unless that bar would loop or wear thin (Themes.worn): then
    the motif varied in rhythm at the same place by the piece's habit (a varied reprise, as
    C. P. E. Bach's "Sonaten mit veraenderten Reprisen" write out their returns changed), or moved
    another step (a sequence); a copy of the bar just before, a one-bar loop, is moved first, and
    a bar the form repeats (`varied` False: an echo keeps its rhythm) is only moved. `line` is the
    note before, the move into it and the bar's highest pitch. Returns place_bar's answer and the
    motif as varied (None where its rhythm stayed)."""
    themes = context.themes
    key = sung_key(first[0], start)
    if not (renew or themes.worn(key)):
        return first, None
    last, move, high = line

    def rhythm_varied():
        if not varied or themes.habit is None:
            return None
        name, motif_ = vary(motif, frame.bar, context.mood, themes.rng, frame.meter.compound,
                            shortest(context.section.character.arousal), themes.habit)
        if name == "repetition":
            return None
        return place_bar(frame, motif_, anchor, start, last, move, high, options), motif_

    def moved():
        # another step, under the bar's highest where one is: moved over it, a worn bar of the
        # storm's first drops sang E5 over their grown band's D5, a third under the lightning
        others = tuple(o for o in options if o != first[2])
        others = tuple(o for o in others if max(placed_pitches(frame, motif, anchor + o, start))
                       <= high) or others
        if not others:
            return None
        return place_bar(frame, motif, anchor, start, last, move, high, others), None

    def recalls():
        # a call the habit does not vary and its window holds in one place (calling()): varied
        # as a call is (motif.CALL_REPRISES), no busier than its calm band allows, the way
        # heard least often first (then in the table's order), so its returns vary in turn
        if not varied or call_arrival(motif) is None:
            return ()
        character = context.section.character
        most = densest(frame.meter, character.activity, context.mood)
        sung = []
        for how in CALL_REPRISES:
            m = recalled(motif, how)
            if m is not None and not busier(m, motif, most):
                placed = place_bar(frame, m, anchor, start, last, move, high, options)
                sung.append((themes.sung[sung_key(placed[0], start)], len(sung), placed, m))
        return tuple((lambda out=(placed, m): out)
                     for *_, placed, m in sorted(sung, key=lambda s: s[:2]))

    ways = (moved, rhythm_varied) if key == themes.last_sung else (rhythm_varied, moved)
    for attempt in ways + recalls():
        out = attempt()
        if out is not None and not themes.worn(moved := sung_key(out[0][0], start)) and \
                moved != key:
            return out
    return first, None


# A bar's last note that moves away from where the next bar begins by more than this many scale
# steps is turned to step toward it instead.
LEAD_GAP = 3


def leading(motif: Motif, next_start: int) -> Motif:
    """The bar's figure with its last note leading into the next bar: a short last note that
    steps away from where the next bar begins (`next_start` scale steps from this bar's first
    note), leaving a leap of more than LEAD_GAP steps to make, steps toward it instead (a line
    leads into its next beat; the figure keeps its rhythm and all but its last turn)."""
    if len(motif.contour) < 2 or motif.rhythm[-1] > max(motif.rhythm[:-1]):
        return motif
    before, last = motif.contour[-2], motif.contour[-1]
    gap = next_start - last
    if abs(gap) <= LEAD_GAP or gap * (last - before) >= 0:
        return motif
    step = 1 if gap > 0 else -1
    return Motif(motif.rhythm, motif.contour[:-1] + (before + step,))


def grown_crest(frame: Frame, context: PhraseContext, anchors: list[int], is_climax: bool) -> int:
    """The body bar (index) at which a phrase of a risen group (composer.form.GROWTH) reaches for
    its ceiling: the bar its arc plans highest, the later of two; -1 for a phrase of the first
    group, the climax's, or a consequent (it answers its antecedent, which reached)."""
    plans = context.body
    if (is_climax or not plans or context.phrase.role == "consequent"
            or frame.plan.rise_at(context.phrase.start_bar) <= 0):
        return -1
    return max(range(len(plans)), key=lambda j: (anchors[j] + max(plans[j].motif.contour), j))


def grown_top(frame: Frame, placed) -> int:
    """The index of a placed bar's highest chord tone (the earlier of two), -1 where it has none:
    the crest a risen group's phrase sings as placed."""
    tones = [i for i, (onset, _, _, p) in enumerate(placed)
             if is_chord_tone(p, frame.harmony.at(onset))]
    return max(tones, key=lambda i: (placed[i][3], -i)) if tones else -1


def reaching(frame: Frame, motif: Motif, anchor: int, start: int, high: int, options
             ) -> tuple[int, float] | None:
    """The shift among `options` that sings the bar's highest chord tone nearest under `high`
    (the nearer the anchor of two), pulled by GROWN_PULL; None where none fits under it."""
    spans = [frame.harmony.at(t) for t in onsets(motif, start)]

    def top(o: int) -> int:
        pitches = placed_pitches(frame, motif, anchor + o, start)
        return max([p for p, span in zip(pitches, spans) if is_chord_tone(p, span)] or [0])
    tops = {o: top(o) for o in options}
    under = [o for o in options if tops[o] <= high]
    if not under:
        return None
    return max(under, key=lambda o: (tops[o], -abs(o))), GROWN_PULL


def fit_arc(frame: Frame, context: PhraseContext, lift: int, ceiling: int, summit_at: int
            ) -> tuple[list[int], int]:
    """The body bars' anchors (scale steps, the section's lift added), the phrase's arc moved as
    a whole, and by how many steps: lowered where its figures would rise over the ceiling, as far
    as the room under its lowest figure allows, raised where they would sink under the floor, as
    far as the room over its highest allows; what still stands out is fitted bar by bar
    (fit_anchor). Fitted only bar by bar, each bar came down just to the ceiling: the first notes
    of 27 % of the held-out scenes' body bars were planned over it (8 % now), and a rising arc's
    upper bars sang at one height under the ceiling instead of climbing; and came up just to the
    floor, so that a quiet section's rising arcs began with the idea and its answer on one note
    (a reading of held-out 12's turn: F#5 in every bar). A consequent moves as its antecedent
    did, so that it echoes it. The climb to the summit and the summit (bars up to `summit_at`)
    keep their own anchors."""
    anchors = [bp.anchor + lift for bp in context.body]
    free = [j for j in range(len(anchors)) if j > summit_at]
    if not free:
        return anchors, 0
    if context.phrase.role == "consequent" and context.echo.bars:
        move = context.echo.moved
    else:
        span = frame.harmony.at(context.first_bar * frame.bar)
        steps = range(-3 * 7, 3 * 7)
        top = max(d for d in steps if degree_pitch(d, span, frame.tonic) <= ceiling)
        bottom = min(d for d in steps if degree_pitch(d, span, frame.tonic) >= frame.low)
        contours = [context.body[j].motif.contour for j in free]
        highest = max(anchors[j] + max(c) for j, c in zip(free, contours))
        lowest = min(anchors[j] + min(c) for j, c in zip(free, contours))
        move = 0
        if highest > top:
            move = -min(highest - top, max(0, lowest - bottom))
        elif lowest < bottom:
            move = min(bottom - lowest, max(0, top - highest))
    return [a + move if j in free else a for j, a in enumerate(anchors)], move


def lowered_steps(frame: Frame, context: PhraseContext) -> int:
    """Scale steps the arc of an answering period sung lower (Frame.lowered) comes down: the step
    its period was planned up for an answer a third higher (PERIOD_OFFSETS) and a third (two
    steps) more, so that it sits in its lowered band as the statement sits in its own; planned
    for the band above, it was bent bar by bar under the lowered ceiling onto the floor (a
    reading of rooftop-chase-hits at seed 3: a trumpet's answer E5 A4 E4, an octave down)."""
    if not frame.lowered(context.phrase):
        return 0
    k = context.section.phrases.index(context.phrase)
    period = periods([p.role for p in context.section.phrases])[k]
    return PERIOD_OFFSETS[period % len(PERIOD_OFFSETS)] + 2


def fit_anchor(frame: Frame, motif: Motif, anchor: int, start: int, high: int,
               octave: bool = True) -> int:
    """The anchor moved by whole scale steps until the motif fits between the window's floor and
    `high`: a figure planned too high is sung lower as a whole, keeping its shape, rather than
    bent flat against the ceiling; a whole octave first where `octave` allows."""
    span = frame.harmony.at(start)

    def edges(a: int) -> tuple[int, int]:
        return (degree_pitch(a + min(motif.contour), span, frame.tonic),
                degree_pitch(a + max(motif.contour), span, frame.tonic))

    bottom, top = edges(anchor)
    # A whole octave first, which keeps the figure on the same steps of the scale, where the
    # figure stands well over its ceiling ...
    if octave and top > high and edges(anchor - 7)[0] >= frame.low + OCTAVE_DROP_ROOM and \
            edges(anchor - OCTAVE_DROP_STEPS + 1)[1] > high:
        return anchor - 7
    if octave and bottom < frame.low and edges(anchor + 7)[1] <= high:
        return anchor + 7
    # ... else a step at a time, as far as the window allows.
    for _ in range(7):
        bottom, top = edges(anchor)
        if top > high and bottom > frame.low:
            anchor -= 1
        elif bottom < frame.low and top < high:
            anchor += 1
        else:
            break
    return anchor


# Semitones a run may leap into its first note from the line's note before without that counting
# against where it is placed (fit_run): a fourth. A run placed a sixth under the note before
# (storm bar 15, a rising run from the floor after C5) had its first note folded an octave up by
# the line's cleaning: E5 A4 G4.
RUN_INTO = 5


def fit_run(frame: Frame, motif: Motif, anchor: int, start: int, high: int,
            last: int | None = None, goal: int | None = None, ways: dict | None = None,
            worn: Counter | None = None, again: tuple[int, ...] | None = None
            ) -> tuple[int, Motif]:
    """A run's anchor and figure in the window: the run as planned or inverted, its middle on the
    arc's anchor, whichever the window holds with the least moving (fit_anchor), the least still
    crossing its floor or `high`, and the least leap into it from the note before (`last`, beyond
    RUN_INTO) and on to where the next bar begins (`goal`, a scale step, beyond LEAD_GAP). A
    rising run that starts near the ceiling falls from there instead, a falling one near the floor
    climbs, and a run that falls where the next bar starts high climbs to it (runs falling bar
    after bar from one height leapt a sixth back up between them, which the line's smoothing
    flattened). Then turned (motif.turned) where it still crosses an edge, so it peaks and comes
    back by step, where its notes over the edge were folded back one by one (fit.candidates), by
    leaps. Its middle on the anchor, a run keeps its section's register: from its first note, a
    wider run sang lower in a high section and higher in a low one. A run that comes back goes the
    way it first went (`ways`: the motif -> inverted, Themes.runs), so a sequence stays one, unless
    that way is worn (the other way costs RUN_WAY). Each place up to RUN_MOVES steps either side of
    the fitted one that the window holds is weighed too, and a span the piece has sung (`worn`:
    run_span -> times) costs RUN_WORN a time: a piece's runs move through the window rather than
    sing one span bar after bar. A run moved off the compass it sang (`again`: its pitches as
    heard) pays RUN_AGAIN where it would sing that compass again, and RUN_SHAPE a move it would
    sing otherwise than it did (a sequence keeps its figure)."""
    span = frame.harmony.at(start)
    steps = range(anchor - 21, anchor + 22)
    highest = max((d for d in steps if degree_pitch(d, span, frame.tonic) <= high), default=anchor)
    lowest = min((d for d in steps if degree_pitch(d, span, frame.tonic) >= frame.low),
                 default=anchor)
    options = []
    ways = {} if ways is None else ways
    figures = (motif, inversion(motif, frame.bar, None))
    for planned in figures:
        middle = (max(planned.contour) + min(planned.contour)) // 2
        fitted = fit_anchor(frame, planned, anchor - middle, start, high)
        for at in sorted(range(fitted - RUN_MOVES, fitted + RUN_MOVES + 1),
                         key=lambda a: abs(a - fitted)):
            figure = planned
            if at != fitted and not lowest <= at + min(figure.contour) <= at + max(
                    figure.contour) <= highest:
                continue  # moved only inside the window: turned, it would sing narrower
            crossing = (max(0, at + max(figure.contour) - highest)
                        + max(0, lowest - at - min(figure.contour)))
            leap = 0 if goal is None else max(0, abs(at + figure.contour[-1] - goal) - LEAD_GAP)
            if last is not None:
                leap += max(0, abs(degree_pitch(at, span, frame.tonic) - last) - RUN_INTO) / STEP
            heard = 0.0
            if worn or again is not None:
                pitches = [degree_pitch(at + c, span, frame.tonic) for c in figure.contour]
            if worn:
                heard = RUN_WORN * min(WORN_MOST, worn[run_span(pitches, span)])
            if again is not None:
                heard += (RUN_AGAIN * (compass(pitches) == compass(again))
                          + RUN_SHAPE * unlike(pitches, again))
            # a run goes the way it went before wherever it comes back, unless that way is worn
            turn = RUN_WAY if motif in ways and ways[motif] != (planned is not motif) else 0.0
            options.append((abs(at + middle - anchor) + crossing + leap + heard + turn,
                            planned is not motif, abs(at - fitted), at, figure))
    _, inverted, _, anchor, figure = min(options)
    ways.setdefault(motif, inverted)
    return anchor, turned(figure, min(0, lowest - anchor), max(0, highest - anchor))


# A run's span as the ear follows it: where it starts and the note it reaches farthest from there
# (run_span). A composer's reading of held-out 71 heard "the turn" sing E5 down to G4 in six of its
# bars, 66 Eb5 up to Bb5 seven bars running: runs pinned under one ceiling, or sequenced on one
# anchor, sang one span over and over. A composer sequences a run by step, turns it the other
# way, lets it climb through the arc. Each time the piece has sung a span costs a run placed
# there again this much (a scale step's drift costs COST_DRIFT, 1; a strong beat's clash 6), up
# to WORN_MOST times: a cost, not a ban, so a narrow window may still return to it.
RUN_WORN = 2.0
WORN_MOST = 3
# How many scale steps either side of its fitted place a run may be moved to sing a new span.
RUN_MOVES = 2
# What a run costs going the other way from the way it first went (fit_run's `ways`): more than one
# hearing of a span, less than two, so a run pinned in a narrow window (held-out 71's "the turn",
# a sixth: its falling run fitted only from the top) turns the other way once its span is worn,
# as a composer alternates a falling run with a rising one.
RUN_WAY = 3.0


# A run heard within this many bars of the run before it, on the same lowest and highest notes,
# sings that run's compass again (the craft measure's reading, composer.evaluate.craft.run_spans:
# string quartets do so 5 % of the time). A composer's runs in a passage move: a sequence steps
# down or up, or one run answers another from a step away. A composer's reading heard runs in the
# narrow window of a quiet section stand on one compass bar after bar (held-out 50 at seed 1,
# Eb5-Bb5 in bars 37-42; held-out 08 at seed 3, C5-G5 in bars 2-7): the smoothing brought the
# runs fit_run had placed apart back onto the window's two chord tones. Such a run is placed
# again a step or two away (place_body's `spread`), its window a whole step (RUN_ROOM) wider either
# side, as far as the accompaniment's top and the crest of the piece allow.
RUN_AFTER = 4
RUN_ROOM = 2
# What a place costs fit_run where it would sing the compass to leave: more than any move; and
# each of its moves that is not the move the run sang there (a sequence keeps its figure: a
# moved run that changed its figure as well, took repeated four-note figures from the tunes).
RUN_AGAIN = 12.0
RUN_SHAPE = 3.0


def compass(pitches) -> tuple[int, int]:
    """A run's lowest and highest notes."""
    return min(pitches), max(pitches)


def unlike(pitches, other) -> int:
    """How many of a run's moves (semitones) are not the other run's, move for move."""
    if len(pitches) != len(other):
        return len(pitches)
    return sum(b - a != d - c for a, b, c, d in zip(pitches, pitches[1:], other, other[1:]))


def placed_pitches(frame: Frame, motif: Motif, anchor: int, start: int) -> list[int]:
    """The motif's pitches on `anchor` in the bar from `start`, each over its own chord, as
    place_bar places them."""
    return [degree_pitch(anchor + c, frame.harmony.at(t), frame.tonic)
            for c, t in zip(motif.contour, onsets(motif, start))]


def onsets(motif: Motif, start: int) -> list[int]:
    """Where each of the motif's notes begins, in the bar from `start`."""
    return list(accumulate(motif.rhythm[:-1], initial=start))


def run_room(frame: Frame, high: int) -> tuple[int, int]:
    """The window a run that moves off the compass before it may use (RUN_ROOM): down to the
    accompaniment's top (Frame.bottom: no deeper than Frame.deepest), up to the highest a
    phrase but the climax's may sing."""
    low = max(frame.deepest, min(frame.low, max(frame.bottom, frame.low - RUN_ROOM)))
    return low, max(high, min(high + RUN_ROOM, frame.crest, frame.climax.pitch - 1))


def run_span(pitches, span=None) -> tuple[int, int]:
    """(first pitch, the pitch farthest from it; the higher of two as far). With the chord `span`
    the run starts over, a first note foreign to it counts as the chord tone the line's smoothing
    will put on the downbeat (the nearer, the higher of two as near)."""
    first = pitches[0]
    if span is not None and not is_chord_tone(first, span):
        first = min((p for p in range(first - 2, first + 3) if is_chord_tone(p, span)),
                    key=lambda p: (abs(p - first), -p), default=first)
    return first, max(pitches, key=lambda p: (abs(p - first), p))


def place_bar(frame: Frame, motif: Motif, anchor: int, bar_start: int, last: int | None,
              prev_move: int, high: int, options=SHIFTS, prefer: tuple[int, float] | None = None):
    """Where a bar's motif sits: the shift (a few scale steps around its anchor) that best keeps
    strong beats on chord tones, stays in range and joins the line before. `prefer` is a shift
    and a pull toward it (an echo or a sequence). Returns (onset, length, degree, pitch) per note,
    the bar's last move and the shift taken."""
    starts = onsets(motif, bar_start)
    spans = [frame.harmony.at(o) for o in starts]
    strengths = [frame.meter.strength(o - bar_start) for o in starts]
    best = None
    for shift in options:
        degrees = [anchor + shift + c for c in motif.contour]
        pitches = [degree_pitch(d, s, frame.tonic) for d, s in zip(degrees, spans)]
        cost = bar_cost(pitches, strengths, spans, shift, last, prev_move, frame.low, high)
        if prefer is not None and shift == prefer[0]:
            cost -= prefer[1]
        if best is None or cost < best[0]:
            best = (cost, degrees, pitches, shift)
    _, degrees, pitches, shift = best
    move = pitches[-1] - pitches[-2] if len(pitches) > 1 else prev_move
    return list(zip(starts, motif.rhythm, degrees, pitches)), move, shift


# The notes before a phrase's pickup in which its arrival, struck twice, is heard hammered when the
# pickup strikes it again (evaluate.craft.HAMMER_NOTES: the phrase's last five).
HAMMERED = 5


def hammered_arrival(tones: list[Tone], start: int) -> int | None:
    """The arrival a note struck at `start` after a breath would hammer: the line's last pitch,
    where the line sang it twice among its last HAMMERED notes (None where it did not, or where
    the line runs on into `start` without a breath)."""
    if not tones or tones[-1].end >= start:
        return None
    last = tones[-1].pitch
    return last if [t.pitch for t in tones[-HAMMERED:]].count(last) > 1 else None


def _entering(body: Written, tones: list[Tone]) -> Written:
    """The body of a phrase that enters on its downbeat with no upbeat, its first note moved off
    an arrival the line sang twice before the breath (hammered_arrival), as a pickup's is
    (place_upbeat), where another tone is left to it: with more phrases closing on the tonic
    (composer.plan.moment_close), more themes entered on the tonic they had just closed on,
    and the held-out pieces' phrase ends hammering their arrival rose to the target's limit."""
    if not body:
        return body
    tone, slot = body[0]
    hammered = hammered_arrival(tones, tone.start)
    if hammered is None:
        return body
    kept = tuple(p for p in slot.candidates if p % 12 != hammered % 12)
    if not kept or len(kept) == len(slot.candidates):
        return body
    return [(tone, replace(slot, candidates=kept))] + body[1:]


def place_upbeat(frame: Frame, context: PhraseContext, tones: list[Tone], body: Written,
                 ceiling: int) -> Written:
    """The notes leading into the phrase's first downbeat, in the bar before it: the first a tone
    of the chord it sounds over (it follows a breath), a third to a fifth from the goal on the
    side the line comes from (the dominant's leap up to the tonic is the commonest), the rest
    walking by step toward the phrase's first note."""
    upbeat = context.upbeat
    if upbeat is None or not body:
        return []
    # Under the summit, as the body's notes are: a note at or over it would be brought down under
    # it after the line is made (under_summit), onto whatever chord tone lies there.
    ceiling = min(ceiling, frame.climax.pitch - 1)
    first_tone, first_slot = body[0]
    first_degree = pitch_degree(first_slot.intended, first_slot.span, frame.tonic)
    if first_degree is None:
        return []
    last = tones[-1].pitch if tones else None
    direction = 1 if last is None or last <= first_slot.intended else -1
    count = len(upbeat.values)
    span = frame.harmony.at(first_tone.start - upbeat.length)
    # A fourth first (the dominant's leap up to the tonic), then a fifth, then a third.
    reach = sorted(range(max(2, count), max(4, count + 1) + 1), key=lambda r: (r != 3, -r))
    starts = [first_degree - direction * r for r in reach
              if is_chord_tone(degree_pitch(first_degree - direction * r, span, frame.tonic), span)]
    # The upbeat moves off the cadence tone it follows: struck again, the held tone would only
    # stutter, where a new pitch leads the ear into the phrase. A start under the window's floor
    # would be folded up onto whatever tone is left there, often the held one: where no start
    # from the line's side both fits and moves, the upbeat comes from the other side. Nor does it
    # take the held tone an octave away: the line's cleaning brings a leap of more than a fifth
    # an octave nearer, onto the held tone again (held-out 12 at seed 1 held C5, then C5 C5 for
    # a planned C6).
    held = tones[-1].pitch if tones and tones[-1].end == first_tone.start - upbeat.length else None
    # Nor, after a breath, does it strike again an arrival the line sang twice in the phrase's
    # last notes: a composer's reading heard it hammered (held-out 36 at seed 3: Eb5 F5 | F5 r F5
    # into an evaded cadence, five times; the toast's half cadence B5 A5 G5 | A5 r A5). Sung once,
    # it may be taken up again, as folk tunes' phrases often begin where the last one stopped
    # (Essen's in three of ten phrase ends).
    hammered = hammered_arrival(tones, first_tone.start - upbeat.length)

    def moves_off(pitch: int) -> bool:
        return held is None or pitch % 12 != held % 12

    def moving(starts_: list[int]) -> list[int]:
        return [d for d in starts_ if moves_off(degree_pitch(d, span, frame.tonic))
                and frame.low <= degree_pitch(d, span, frame.tonic) <= ceiling]
    other = [first_degree + direction * r for r in reach
             if is_chord_tone(degree_pitch(first_degree + direction * r, span, frame.tonic), span)]
    start = ((moving(starts) or moving(other) or starts)[0] if starts
             else first_degree - direction * count)
    degrees = [round(start + (first_degree - start) * i / count) for i in range(count)]
    written: Written = []
    onset = first_tone.start - upbeat.length
    for value, degree in zip(upbeat.values, degrees):
        span = frame.harmony.at(onset)
        tone = Tone(onset, value, degree_pitch(degree, span, frame.tonic))
        joined = bool(written) or bool(tones and tones[-1].end == onset)
        slot = _slot(frame, tone, degree, joined, True, frame.low, ceiling)
        if not written and held is not None:
            # A chord tone other than the held one (a non-chord tone here would be cleaned
            # back onto the nearest chord tone, often the held one again).
            moved = tuple(p for p in slot.candidates if moves_off(p) and is_chord_tone(p, span))
            # ... or one further off in the window, within a fifth of the phrase's first note
            # (a non-chord tone leaping into it is no neighbour, and the cleaning took it back
            # onto the held tone: held-out 07 at seed 1, A4 held, then A4 A4 C5) ...
            moved = moved or tuple(
                p for p in range(frame.low, ceiling + 1) if moves_off(p)
                and is_chord_tone(p, span) and abs(p - first_slot.intended) <= 7)
            # ... else a step off it (a neighbour the line's cleaning judges like any other)
            off = tuple(p for p in slot.candidates if moves_off(p))
            slot = replace(slot, candidates=moved or off or slot.candidates)
        elif not written and hammered is not None:
            # Only the hammered pitch is taken away, the next note's (struck twice), and any note
            # that would swing back across the breath (the note before the arrival again, or one
            # within a third of the arrival where the next note sings it again): the walk keeps
            # its plan.
            after = (degree_pitch(degrees[1], span, frame.tonic) if count > 1
                     else first_slot.intended)
            kept = tuple(p for p in slot.candidates if p % 12 != hammered % 12 and p != after
                         and (len(tones) < 2 or p != tones[-2].pitch)
                         and not (after == hammered and abs(p - hammered) <= SKIP))
            slot = replace(slot, candidates=kept or slot.candidates)
        written.append((tone, slot))
        onset += value
    return written


def cadence_pitch(frame: Frame, span, degrees: tuple[int, ...], prev: int | None, low: int,
                  high: int, must: bool, tone: Tone, wrap: int | None = None,
                  bright: bool = False) -> int:
    """The cadence tone: a chord tone on a preferred step, near the note before it, agreeing with
    every chord it is held over. For the final note (`must`) the tonic even if the chord lacked
    it; a `bright` ending's the highest within an octave of the note before (BRIGHT_AROUSAL). A
    loop's last tone (`wrap`: the piece's first note, which follows it) lies near that note too:
    the tune goes round without a leap."""
    ref = prev if prev is not None else (low + high) // 2
    heard = frame.harmony.over(tone.start, tone.end)
    # the bass's move into the chord, where the line's last note is a tone of the chord before
    # (a note foreign to it is moved or resolved by the line's cleaning, not sung as planned)
    before = frame.harmony.at(tone.start - 1) if tone.start else None
    bass_before = before.bass if before is not None and prev is not None and is_chord_tone(
        prev, before) else None
    options = []
    for p in range(low, high + 1):
        d = _degree_of(p, span)
        if d in degrees and (must or is_chord_tone(p, span)) and all(
                (p - s.key.tonic) % 12 in local_scale(s) for s in heard):
            # A cadence settles: reaching up to it costs more than falling onto it.
            rise = FALLING_CADENCE * max(0, p - ref)
            back = abs(p - wrap) if wrap is not None else 0
            outer = OUTER_PARALLEL if parallel(prev, p, bass_before, span.bass) else 0
            options.append((abs(p - ref) + rise + back + outer + 3 * degrees.index(d), p))
    if wrap is not None and any(abs(p - wrap) <= WRAP_LEAP for _, p in options):
        options = [(cost, p) for cost, p in options if abs(p - wrap) <= WRAP_LEAP]
    if bright and any(abs(p - ref) <= 12 for _, p in options):
        return max(p for _, p in options if abs(p - ref) <= 12)
    if options:
        return min(options)[1]
    if must and (low, high) != (frame.floor, frame.top):
        # No tonic inside the usual window: anywhere in the instrument's range.
        return cadence_pitch(frame, span, degrees, prev, frame.floor, frame.top, must, tone, wrap)
    return nearest_chord_tone(ref, span, low, high, prev)


def _degree_of(pitch: int, span) -> int | None:
    steps = local_scale(span)
    offset = (pitch - span.key.tonic) % 12
    return steps.index(offset) if offset in steps else None


def place_cadence(frame: Frame, context: PhraseContext, body: Written, tones: list[Tone],
                  ceiling: int) -> tuple[Written, str]:
    """The cadence bar as its ending's kind fills it (cadence.ENDINGS): the cadence tone, held,
    short, reached from a step (struck: an appoggiatura; held over from the bar before: a
    suspension, tied later), turned, anticipated, followed by the motif's tail or a lead-in, then
    a breath and the next phrase's upbeat; an elided cadence runs on without a breath; the final
    one holds the tonic for the whole bar. Returns the notes and the kind of ending they make (a
    kind that does not fit ends held)."""
    bar = frame.bar
    start = (context.phrase.end_bar - 1) * bar
    arousal = context.section.character.arousal
    kind = context.ending.kind
    if context.final:
        layout, kind = CadenceBar(0, bar), "final"
    elif context.elides:
        lean = cadence_bar(frame.meter, arousal, None, context.ending,
                           context.tail.rhythm if context.tail else None).lean
        layout, kind = CadenceBar(lean, bar - lean), ("feminine" if lean else "elided")
    else:
        layout = cadence_bar(frame.meter, arousal, context.following, context.ending,
                             context.tail.rhythm if context.tail else None,
                             furious(context.section.character))
    missing = {"feminine": layout.lean, "turn": layout.turn, "tail": layout.tail,
               "lead-in": layout.run}
    if kind in missing and not missing[kind]:
        kind = "held"  # the bar has no room for it
    tone = Tone(start + layout.lean + 3 * layout.turn, layout.tone, 0, fixed=True)
    span = frame.harmony.at(tone.start)
    # A loop's harmony ends on V, leading back to bar 1 (composer.harmony): its last note is a
    # tone of V, like any half cadence's, not the tonic.
    closing = context.final and frame.harmony.spans[-1].cadence != "half"
    # A section's own close, an authentic cadence that ends it, arrives on the tonic as the
    # piece's last does (Caplin, *Classical Form*: a perfect authentic cadence closes a theme);
    # the third is the inner close's. Lifted into its section's answering period, beach's first
    # moment closed on C5 over Ab (a composer's reading): under a lifted floor, the tonic below.
    ends = (not context.final and context.phrase.cadence == "authentic"
            and context.phrase == context.section.phrases[-1])
    degrees = (FINAL_DEGREES if closing or ends else
               CADENCE_DEGREES.get("half" if context.final else context.phrase.cadence, (0, 2)))
    line_end = body[-1][1].intended if body else (tones[-1].pitch if tones else None)
    wrap = tones[0].pitch if context.final and not closing and tones else None
    character = context.section.character
    bright = (closing and character.arousal >= BRIGHT_AROUSAL
              and character.valence >= BRIGHT_VALENCE)
    high = max(ceiling, min(frame.top, frame.climax.pitch - 1)) if bright else ceiling
    # A loop's last tone may go down to the piece's first, under a lifted last phrase's window:
    # held to the window, a loop whose last section stood over its first leapt an octave round.
    low = frame.low if wrap is None else max(frame.floor, min(frame.low, wrap))
    if (closing or ends) and frame.answers(context.phrase) and not frame.lowered(context.phrase):
        # a close in a lifted answer comes home to the tonic under its floor where the line
        # falls to it (held-out 54's last phrase, lifted, left F4 for C5 where it had fallen
        # to C4)
        low = max(frame.bottom, low - PERIOD_LIFT)
    tone.pitch = cadence_pitch(frame, span, degrees, line_end, low, high, closing or ends, tone,
                               wrap, bright)
    joined = bool(body) or bool(tones and tones[-1].end == start)
    written: Written = []
    degree = pitch_degree(tone.pitch, span, frame.tonic)
    if layout.lean:
        lean_span = frame.harmony.at(start)
        step = _lean_step(frame, lean_span, tone.pitch, degree, ceiling)
        if step is not None:
            lean = Tone(start, layout.lean, step, fixed=True)
            written.append((lean, Slot(step, (step,), lean_span, True, joined, True)))
        else:  # no step to lean from in this chord's scale: the tone takes the whole time
            tone = Tone(start, layout.lean + layout.tone, tone.pitch, fixed=True)
            kind = "held"
    if layout.turn:
        written = turn(frame, tone, start, layout.turn, ceiling, joined)
        if not written:  # no plain steps around the tone here: it takes the whole time
            tone = Tone(start, 3 * layout.turn + layout.tone, tone.pitch, fixed=True)
            kind = "held"
    tail = tail_figure(frame, context.tail, tone, layout.tail, ceiling) if layout.tail else []
    if layout.tail and not tail:
        kind = "held"
    run = lead_in(frame, tone, layout.run, ceiling) if layout.run else []
    if layout.run and not run:  # held into the next phrase instead
        tone.length += sum(layout.run)
        kind = "held"
    written.append((tone, Slot(tone.pitch, (tone.pitch,), span, not layout.turn,
                               joined or bool(written), context.elides or bool(tail or run))))
    close = written + tail + run
    if kind == "anticipation":
        early = anticipation(frame, body, tone)
        close = (early or []) + close
        if early is None:
            kind = "held"
    return close, kind


def _lean_step(frame: Frame, span, pitch: int, degree: int | None, ceiling: int) -> int | None:
    """The note a feminine ending leans from onto its tone `pitch`: the scale step above (the
    sigh), else, where that lies over the phrase's ceiling, the step below (the rising
    appoggiatura, as the leading tone's onto the tonic; Aldwell & Schachter, ch. 11); None where
    neither is a step in this chord's scale."""
    if degree is None:
        return None
    above = degree_pitch(degree + 1, span, frame.tonic)
    if 1 <= above - pitch <= STEP and above <= ceiling:
        return above
    below = degree_pitch(degree - 1, span, frame.tonic)
    if above > ceiling and 1 <= pitch - below <= STEP and below >= frame.low:
        return below
    return None


def tail_figure(frame: Frame, motif: Motif, tone: Tone, values: tuple[int, ...], ceiling: int
                ) -> Written:
    """The tail after a cadence tone, in `values`' rhythm, turning the way the motif ends: one
    note leaps to the next chord tone (a third or fourth away); two pass by step to a chord tone a
    third away, or else turn on the neighbour back to the cadence tone. Non-chord tones in it are
    unaccented and left by step; [] where it would leave the window."""
    span = frame.harmony.at(tone.start)
    degree = pitch_degree(tone.pitch, span, frame.tonic)
    if degree is None:
        return []
    starts = [tone.end + sum(values[:i]) for i in range(len(values))]
    spans = [frame.harmony.at(t) for t in starts]
    rising = len(motif.contour) > 1 and motif.contour[-1] > motif.contour[-2]
    for direction in ((1, -1) if rising else (-1, 1)):
        def at(step: int, k: int) -> int:
            return degree_pitch(degree + direction * step, spans[k], frame.tonic)
        reach = next((r for r in (2, 3, 4) if is_chord_tone(at(r, -1), spans[-1])), None)
        if reach is None:
            continue
        if len(values) == 1:
            pitches = [at(reach, 0)]
        elif reach == 2:
            pitches = [at(1, 0), at(2, 1)]
        else:
            pitches = [at(1, 0), tone.pitch]
        if not is_chord_tone(pitches[-1], spans[-1]) or not all(
                frame.low <= p <= ceiling for p in pitches):
            continue
        # Its non-chord tones fall off the beat and move by step (a scale step may still be an
        # augmented second).
        line = [tone.pitch] + pitches
        if any(not is_chord_tone(p, s) and (abs(p - a) > STEP or abs(b - p) > STEP
                                            or frame.meter.strength(t % frame.bar) >= STRONG)
               for a, p, b, s, t in zip(line, line[1:], line[2:], spans, starts)):
            continue
        return [(Tone(t, v, p, fixed=True), Slot(p, (p,), s, False, True, i + 1 < len(values)))
                for i, (t, v, p, s) in enumerate(zip(starts, values, pitches, spans))]
    return []


def tie_suspension(tones: list[Tone], close: Written) -> None:
    """A lean whose pitch the line already holds is a suspension: the note before is held over
    the bar line instead of struck again."""
    if len(close) < 2 or not close[1][1].strong:  # a tail follows the tone: no lean
        return
    lean = close[0][0]
    i = next((k for k in range(len(tones) - 1, -1, -1) if tones[k] is lean), None)
    if i is None or i == 0:
        return
    before = tones[i - 1]
    if before.pitch == lean.pitch and before.end == lean.start:
        before.length += lean.length
        before.fixed = True
        del tones[i]
