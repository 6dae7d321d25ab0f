"""Plan + Progression + melody -> Arrangement: the parts by role, with patterns from the palette.

Velocities here are a neutral 80; composer.perform shapes dynamics, timing and pedalling."""

from __future__ import annotations

import dataclasses
import functools
import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from composer.arrange import drums, phrasing, timpani
from composer.arrange.counter import counter_line, may_enter
from composer.arrange import room as tune_room
from composer.arrange.phrasing import (ARRIVE, BREAK, CADENCE, CHROMATIC, CONTINUATION, ECHO, INNER, LEAP, MARK,
                                      PEDAL, REVOICE, STEPS, SUSPEND, WALK, WALK_IN, BarShape)
from composer.arrange.vertical import Sounding
from composer.character import AROUSED, INTERLUDE, dynamic, tutti_texture
from composer.melody.frame import climax_bar
from composer.patterns import (BASS_STYLES, DRONE, FILL, FULL_TEXTURE, HAND_REACH, HAND_TOP, HARMONY_STYLES, HOLD,
                               OSTINATO_TEXTURES, PATTERNS, RELIEF_TEXTURES, TUTTI_GRIDS, TUTTI_HOLD, TUTTI_MARGIN, TUTTI_STEPS, Pattern,
                               wave_index)
from composer.harmony import passing_tone
from composer.harmony.close import roll, rolls
from composer.theory.agreement import chord_scale
from composer.harmony.span import ChordSpan, deceives
from composer.limits import RING_SECONDS
from composer.piece import NEUTRAL_VELOCITY, TICKS_PER_BEAT, Meter, Note, Part, separate_repeats
from composer.form import ACCOMPANIMENT_ONLY
from composer.plan import PartPlan, Plan
from composer.streams import Streams, streams
from composer.theory.instruments import fold, idiom, plays, practical_range
from composer.theory.motion import (LINE_REST, awkward, doubles, framed, line_at, paired, parallel,
                                    semitones, stepped, strong_at_or_after, strong_before)

# Texture joins a still section only where it is intense enough (layering by intensity, issue 6;
# Karlin & Wright, On the Track: a cue establishes lightly and builds by adding motion): below this
# a calm, tender or sad section keeps melody, harmony and bass. That is the texture's one reason to
# rest. An aroused section's texture is its motion, quiet or not (its ladder's lowest rung is the
# figure for its quiet bars: anxiety's restless 3 + 3 + 2, a storm's repeated eighths; a composer's
# reading of held-out 66 heard a tense turn at intensity 0.2 with nothing but chords, bare), unless
# that figure only holds (a pad doubling the held chords adds no motion), and
# where the melody rests (an intro, an interlude: composer.form.ACCOMPANIMENT_ONLY) the
# accompaniment carries the music, texture and all.
TEXTURE_ENTRY = 0.3
# The counter line and the drums join only in the more intense sections.
COUNTER_ENTRY = 0.5
DRUMS_ENTRY = 0.4
TIMPANI_ENTRY = 0.55  # the timpani wait for the build
# At or above this intensity the texture moves up an octave.
TEXTURE_LIFT = 0.8
# Below this intensity the texture plays every other step of its figure (thinner).
TEXTURE_THIN = 0.45
THIN_ROLES = ("intro", "theme")
# A bass walk (a passing tone into the next chord) needs a beat at least this long to be heard
# as a line rather than a slip.
WALK_MIN_SECONDS = 0.3
# A bass walks into the next chord only from a plain figure; a driving one keeps its drive.
WALKING_GRIDS = ("span", "strong", "beat", "lead")
# The closest two strokes of a repeated chord, in seconds: a pianist's or guitarist's repeated
# chords stay under about five a second; faster, they blur into a tremolo.
CHORD_SECONDS = 0.18
EVEN_GRIDS = ("eighth", "and")  # the grids of evenly repeated chords (a dotted figure's short
# note is its point, and stays)
MIN_NOTE = 30  # ticks: shorter notes are dropped rather than played as clicks


# How many times the arrangement is placed, at most, to keep phrases that moved along their
# ladder from outweighing the climax (the last time none moves).
LEVEL_ATTEMPTS = 3


@dataclass(frozen=True)
class Arrangement:
    parts: tuple[Part, ...]
    end_tick: int  # where the held final sonority stops
    styles: tuple[tuple[int, str, str], ...]  # (section index, role, what it plays) for explain:
    # read from the notes, so a part that rests through a section says so
    chords: tuple[tuple[int, str], ...]  # (tick, figure) where the harmony changes; the figure
    # carries its key in brackets where a section has moved away from the home key
    summit: int | None = None  # the climax's bar, where every part plays its tutti
    shapes: tuple[BarShape, ...] = ()  # per bar, what the accompaniment does there in its phrase
    tutti: int = 0  # how many of the tutti's steps the climax took (composer.patterns.TUTTI_STEPS)


# Where inside each pulse a rhythm grid strikes, as shares of the pulse (composer.patterns.GRIDS):
# simple metres split the pulse in halves and sixteenths, compound ones in thirds (eighths).
PULSE_CELLS = {
    "and": ((0.5,), (1 / 3, 2 / 3)),
    "dotted": ((0.0, 0.75), (0.0, 2 / 3)),
    "gallop": ((0.0, 0.5, 0.75), (0.0, 1 / 3, 2 / 3)),
}
# Figures over a group of pulses: (shares of a pulse where it strikes, pulses in the group), for
# simple and for compound metres. Tresillo: 3 + 3 + 2 eighths over four pulses (it cuts across the
# metre's accents); in a compound metre both pulses and the bar's last eighth, pushed into the next
# (3 + 2 + 1 eighths over two). The hemiola's 2 + 2 + 2 would be the compound form of three even
# strokes, but held through a section it is heard as 3/4, not as 6/8 made restless (a composer's
# reading of held-out 66's stabs); a 6/8 piece keeps its own metre and is unsettled by the push.
# Lilt: long-short, a dotted quarter and an eighth over two pulses, in a compound metre a quarter
# and an eighth in each (the barcarolle's and the siciliano's rocking).
GROUP_CELLS = {
    "tresillo": (((0.0, 1.5, 3.0), 4), ((0.0, 1.0, 5 / 3), 2)),
    "lilt": (((0.0, 1.5), 2), ((0.0, 2 / 3), 1)),
}


def onsets(span: ChordSpan, meter: Meter, grid: str) -> list[int]:
    """Strike positions (absolute ticks) of a grid inside a chord's span."""
    if grid == "span":
        return [span.start]
    bar = meter.bar_ticks
    pulse = meter.pulse_ticks
    if grid == "lead":  # the last pulse, or its last eighth where the bar holds two pulses or three eighths each
        last = span.end - (pulse // 3 if meter.compound else pulse // 2 if meter.pulses <= 2 else pulse)
        return [span.start] + ([last] if last - span.start >= pulse else [])
    if grid == "eighth":
        step = pulse // (3 if meter.compound else 2)
        return list(range(span.start, span.end, step))
    compound = 1 if meter.compound else 0
    if grid in PULSE_CELLS:
        first = span.start - span.start % pulse
        times = [first + k * pulse + round(share * pulse) for k in range((span.end - first) // pulse + 1)
                 for share in PULSE_CELLS[grid][compound]]
        out = sorted(t for t in times if span.start <= t < span.end)
        # a figure that strikes on the pulse restates the chord where it changes
        return out if grid == "and" or span.start in out else [span.start] + out
    if grid in GROUP_CELLS:
        shares, group = GROUP_CELLS[grid][compound]
        length = group * pulse
        first = span.start - (span.start % bar) % length
        times = [first + k * length + round(share * pulse) for k in range((span.end - first) // length + 1)
                 for share in shares]
        out = sorted(t for t in times if span.start <= t < span.end)
        return out if span.start in out else [span.start] + out
    out = []
    for tick in range(span.start, span.end, pulse):
        strength = meter.strength(tick % bar)
        if grid == "weak":
            if strength == 1:
                out.append(tick)
        elif grid == "beat" or tick == span.start or strength >= 2:
            out.append(tick)
    return out


def _strikes(times: list[int], end: int, hold: float) -> list[tuple[int, int]]:
    """(start, duration) for each onset, sounding `hold` of the way to the next one."""
    bounds = times[1:] + [end]
    return [(t, max(MIN_NOTE, int((b - t) * hold))) for t, b in zip(times, bounds) if b - t >= MIN_NOTE]


def _tone_pool(pcs, low: int, high: int) -> list[int]:
    return [p for p in range(low, high + 1) if p % 12 in pcs]


def _tutti_spans(spans, final: ChordSpan, meter: Meter, summit: int | None) -> list[tuple[ChordSpan, bool]]:
    """The spans with the climax's bar cut out as spans of their own, each with whether it is
    the climax's (where every part plays its fullest, composer.patterns.TUTTI_GRIDS): the chord is
    struck afresh on the climax's downbeat, and again after its bar where it still holds."""
    if summit is None:
        return [(s, False) for s in spans]
    lo, hi = summit * meter.bar_ticks, (summit + 1) * meter.bar_ticks
    out = []
    for span in spans:
        if span is final or span.end <= lo or span.start >= hi:
            out.append((span, False))
            continue
        cuts = sorted({span.start, max(span.start, lo), min(span.end, hi), span.end})
        out += [(dataclasses.replace(span, start=a, duration=b - a), lo <= a < hi)
                for a, b in zip(cuts, cuts[1:])]
    return out


def _tutti_hold(hold: float, program: int) -> float:
    """A note's hold at the climax: to the next stroke where the instrument can hold a note
    (a pizzicato or a plucked string keeps its own)."""
    return max(hold, TUTTI_HOLD) if plays(program, "legato") else hold


def _style(plan: Plan, shape: BarShape, bar: int, role: int) -> str:
    """The Harmony's (role 0) or the Bass's (role 1) style in a bar: its phrase's (the section's
    own, or a neighbouring rung where the phrase develops it), one rung up the ladder in a
    phrase's continuation (composer.arrange.phrasing)."""
    if shape.figures is not None:
        return shape.figures[role]
    character = plan.section_at(bar).character
    if shape.kind == CONTINUATION and character.continuation[role]:
        return character.continuation[role]
    return (character.harmony, character.bass)[role]


def _settles(shape: BarShape, tutti: bool, final: bool) -> bool:
    """Whether a span's bar is a cadence bar that settles (the climax's tutti and the final chord
    keep their own)."""
    return shape.kind == CADENCE and shape.settle in (ARRIVE, WALK, BREAK) and not tutti and not final


def _echoes(shape: BarShape, tutti: bool, final: bool) -> bool:
    """Whether a span's bar is a cadence bar whose figure runs through its first half, then holds
    (composer.arrange.phrasing.ECHO)."""
    return shape.kind == CADENCE and shape.settle == ECHO and not tutti and not final


def _echo(times: list[int], span: ChordSpan, meter: Meter) -> list[int]:
    """A figure's strikes in an echoing cadence bar: those in the bar's first half (at least the
    chord's change, where the figure leaves it to the bass); the last of them is held to the
    chord's end."""
    middle = span.start - span.start % meter.bar_ticks + meter.bar_ticks // 2
    return [t for t in times if t < middle] or [span.start]


def _tutti_figure(grid: str, hold: float, program: int, tutti: bool, tutti_steps: int) -> tuple[str, float]:
    """A part's grid and hold in the climax's bar, as far as the tutti's steps go there
    (composer.patterns.TUTTI_STEPS)."""
    if tutti and tutti_steps >= FILL:
        grid = TUTTI_GRIDS.get(grid, grid)
    if tutti and tutti_steps >= HOLD:
        hold = _tutti_hold(hold, program)
    return grid, hold


def _parallel(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Parallel fifths or octaves between any two lines moving from `a` to `b` in one direction."""
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            di, dj = b[i] - a[i], b[j] - a[j]
            if di and dj and (di > 0) == (dj > 0) and (a[j] - a[i]) % 12 == (b[j] - b[i]) % 12 in (0, 7):
                return True
    return False


def _opened(span: ChordSpan, part: PartPlan, sounding: Sounding, before: tuple[int, ...] | None
            ) -> tuple[int, ...]:
    """The span's voicing in open spacing (its top voice an octave up, composer.arrange.phrasing:
    the spacing opens toward the climax or where a phrase is re-voiced), where that stays in the
    range and under the tune and makes no parallel fifth or octave against the lines before it
    (`before`: the bass and the voices as last struck); else as the progression voiced it."""
    top = span.voicing[-1] + 12
    opened = span.voicing[:-1] + (top,)
    tune = sounding.pitches(span.start, span.end, "Harmony")
    if top > part.high or (tune and top >= min(tune)):
        return span.voicing
    if before is not None and _parallel(before, (span.bass,) + opened):
        return span.voicing
    return opened


# A suspension holds one pulse over the chord change (at most half the new chord); the inner
# voice moves halfway through a long chord: a whole bar, or MOVE_PULSES pulses where the bar is
# longer (a voice moving under every half-bar chord of a 4/4 bar would be busy, not alive).
MOVE_PULSES = 3
HELD_GRIDS = ("span", "strong")  # the grids of held chords, whose voices move (MOTIONS)


def _suspension(span: ChordSpan, before: tuple[int, ...] | None, voicing: tuple[int, ...], held_until: int,
                sounding: Sounding, meter: Meter) -> tuple[int, int, int] | None:
    """(voice, pitch held over, end of the hold) for a suspension into `span`: a voice of the
    chord before (`before`, its lines as last struck, sounding up to the change) that falls by a
    step to its tone in this chord and is no tone of this chord (4-3, 7-6, 9-8: Piston), its
    resolution doubled in no other voice, clashing with nothing the tune sings over it; the top
    voice first. None where there is none."""
    if before is None or span.note or held_until < span.start - meter.pulse_ticks // 2:
        return None
    hold = min(meter.pulse_ticks, span.duration // 2)
    if hold < MIN_NOTE:
        return None
    end = span.start + hold
    tune = sounding.pitches(span.start, end, "Harmony")
    for i in reversed(range(len(voicing))):
        held, goal = before[i + 1], voicing[i]
        if not 1 <= held - goal <= 2 or span.chord.contains(held):
            continue
        if any(j != i and v % 12 == goal % 12 for j, v in enumerate(voicing)):
            continue  # its resolution already sounds: the dissonance would resolve into a doubling
        if any((t - held) % 12 in (0, 1, 11) or t % 12 == goal % 12 for t in tune):
            continue  # against the tune's own note, a semitone from it, or its resolution
        if sounding.agrees(held, span.start, end, span.key.tonic, "Harmony"):
            return i, held, end
    return None


def _inner_move(span: ChordSpan, voicing: tuple[int, ...], sounding: Sounding, meter: Meter, part: PartPlan,
                direction: int) -> tuple[int, int, int] | None:
    """(voice, pitch, tick) for an inner voice stepping to another tone of the chord halfway
    through a long held chord, preferably in `direction` (the inner line turns at each move, so
    it rises and falls through the phrase rather than repeating one gesture): to the nearest chord tone that stays between its neighbours,
    keeps every tone of the chord but its fifth sounding (the third and a seventh stay), makes no
    parallel fifth or octave with a bass that moves root to fifth, and agrees with what sounds;
    None where none can."""
    pulses = span.duration // meter.pulse_ticks
    if span.duration < min(meter.bar_ticks, MOVE_PULSES * meter.pulse_ticks):
        return None
    tick = span.start + pulses // 2 * meter.pulse_ticks
    fifth = _fifth(span, part)
    needed = set(span.chord.pcs) - {(span.chord.root + 7) % 12}
    moves = []
    for i in range(1, len(voicing) - 1):
        p = voicing[i]
        for q in range(p - 5, p + 6):
            if q == p or q % 12 == p % 12 or not span.chord.contains(q) or not voicing[i - 1] < q < voicing[i + 1]:
                continue
            if not needed <= {v % 12 for v in voicing[:i] + (q,) + voicing[i + 1:]} | {span.bass % 12}:
                continue  # the move would take the chord's third (or its seventh) away
            if (p - span.bass) % 12 == (q - fifth) % 12 in (0, 7):
                continue  # in fifths or octaves with the bass's move to the fifth
            moves.append(((q - p > 0) != (direction > 0), abs(q - p), i, q))
    for _, _, i, q in sorted(moves):
        if sounding.agrees(q, tick, span.end, span.key.tonic, "Harmony"):
            return i, q, tick
    return None


def _harmony_figure(plan: Plan, part: PartPlan, shape: BarShape, bar: int, tutti: bool, final: bool,
                    tutti_steps: int) -> tuple[str, float]:
    """The Harmony's grid and hold in a bar: its phrase's style, held where a cadence bar settles,
    taken `tutti_steps` steps toward the tutti in the climax's bar."""
    grid, hold = HARMONY_STYLES[_style(plan, shape, bar, 0)]
    if _settles(shape, tutti, final):
        grid, hold = HARMONY_STYLES["sustain"]
    return _tutti_figure(grid, hold, part.instrument.program, tutti, tutti_steps)


def _harmony(plan: Plan, part: PartPlan, spans, final: ChordSpan, end_tick: int, sounding: Sounding,
             summit: int | None, shapes: tuple[BarShape, ...], climax: tuple[str, float]) -> tuple[Note, ...]:
    """The voicings struck on the phrase's grid (a phrase's continuation one rung up, its cadence
    bar held or echoing: composer.arrange.phrasing), in open spacing where the phrase opens it,
    with a suspension into a chord change or an inner voice moving where the phrase's held chords
    move; a voice that would cross-relate with the melody moves to another tone of the chord for
    that strike. `climax`: the grid and hold of the climax's bar (_harmony_figure), the only thing
    the tutti's steps change here."""
    meter = plan.meter
    notes: list[Note] = []
    before: tuple[int, ...] | None = None  # the bass and the voices as last struck
    held_until = -1  # where the last strike's notes stopped sounding
    last_voices: dict[int, int] = {}  # voice -> index in notes of its last struck note
    last_strike: tuple[int, tuple[int, ...]] | None = None  # its planned bass, the pitches struck
    direction = 1  # the way the moving inner voice goes next
    moved = False  # whether a voice moved under the chord before
    for span, tutti in _tutti_spans(spans, final, meter, summit):
        bar = span.start // meter.bar_ticks
        shape = shapes[bar]
        grid, hold = climax if tutti else _harmony_figure(plan, part, shape, bar, False, span is final, 0)
        if span is final:
            grid, hold = "span", 1.0
        stop = end_tick if span is final else span.end
        # evenly repeated chords no closer than a player re-strikes one (faster is a tremolo)
        gap = CHORD_SECONDS * plan.quarter_bpm_at(bar) / 60 * TICKS_PER_BEAT
        struck = onsets(span, meter, grid)
        if grid == "eighth" and meter.compound and any(b - a < gap for a, b in zip(struck, struck[1:])):
            # Too fast to strike every eighth: dropping every other one of a compound bar would
            # strike quarters, a 3/4 against the 6/8 tune (a composer's reading heard a fast 6/8's
            # agitato guitar so in 40 of 48 bars); the chords keep the metre's pulse instead.
            struck = onsets(span, meter, "beat")
        times: list[int] = []
        for t in struck:
            if not times or t - times[-1] >= gap or grid not in EVEN_GRIDS:
                times.append(t)
        echo = _echoes(shape, tutti, span is final)
        if echo:
            times = _echo(times, span, meter)
        if shape.kind == CADENCE and shape.settle == MARK and not tutti and span is not final:
            # the surprising chord struck on its change and held a pulse, then the figure goes on
            times = [span.start] + [t for t in times if t >= span.start + meter.pulse_ticks]
        voicing = _opened(span, part, sounding, before) if shape.open and span is not final else span.voicing
        moving = shape.voices if grid in HELD_GRIDS and not tutti and span is not final else None
        same_section = before is not None and plan.section_at(bar) is plan.section_at((span.start - 1) // meter.bar_ticks)
        suspended = (_suspension(span, before, voicing, held_until, sounding, meter)
                     if moving == SUSPEND and same_section else None)
        if suspended is not None and max(suspended[1], voicing[suspended[0]]) > tune_room.room(
                sounding, span.start, span.end):
            suspended = None  # its tone or its resolution would give way to the tune
        if suspended is not None:
            i, held, until = suspended
            k = last_voices.get(i)
            if k is not None and notes[k].pitch == held:
                n = notes[k]
                notes[k] = Note(n.start, until - n.start, n.pitch, n.velocity)
                sounding.keep(voicing[i] % 12, span.start, until, ("Harmony", "Bass"))
            else:
                suspended = None
        # a phrase of suspensions moves an inner voice where its chord takes no suspension; a
        # voice moves under every other chord at most (moving under each, at one place in each
        # bar, it would become the next formula)
        inner = (_inner_move(span, voicing, sounding, meter, part, direction)
                 if (moving == INNER or (moving == SUSPEND and suspended is None)) and not moved else None)
        if inner is not None:  # the next move turns the other way: the inner line rises and falls
            direction = -1 if inner[1] > voicing[inner[0]] else 1
        moved = inner is not None or suspended is not None
        strikes = _strikes(times, stop, hold)
        if echo and strikes:
            strikes[-1] = (strikes[-1][0], stop - strikes[-1][0])
        last_voices = {}
        floor = practical_range(part.instrument.program)[0]
        for start, length in strikes:
            struck: list[int] = []
            by_voice: dict[int, int] = {}
            first = len(notes)  # this strike's notes from here
            room = tune_room.room(sounding, start, start + length)
            for v, p in enumerate(voicing):
                if inner is not None and v == inner[0] and start >= inner[2]:
                    p = inner[1]
                # the tune sings here: the voice gives way an octave down where it stays over the
                # voices under it, in range and clear of mud, else rests for this strike
                placed = tune_room.give_way(p, room, floor, struck[-1] if struck else span.bass)
                if placed is None:
                    continue
                octave, p = placed - p, placed
                # a voice that would cross-relate with the melody takes the nearest other chord
                # tone not already struck (a doubling), and rests only where none agrees
                near = sorted((q for q in range(p - 7, min(p + 8, room + 1)) if span.chord.contains(q)
                               and q not in struck and q not in voicing or q == p),
                              key=lambda q: (abs(q - p), q))
                chosen = sounding.choose(near, start, start + length, span.key.tonic, "Harmony")
                if chosen is None:
                    continue
                struck.append(chosen)
                at, duration = start, length
                if suspended is not None and v == suspended[0] and start == span.start:
                    at, duration = suspended[2], length - (suspended[2] - start)  # the resolution
                    if duration < MIN_NOTE:
                        continue
                if inner is not None and v == inner[0] and at < inner[2] < at + duration and chosen == p:
                    # held across the move: the voice steps to its new tone halfway
                    notes.append(Note(at, inner[2] - at, chosen, NEUTRAL_VELOCITY))
                    at, duration, chosen = inner[2], at + duration - inner[2], inner[1] + octave
                    given = {q - 12 for q in voicing if q > room}  # the voices that gave way
                    if (chosen > room or chosen < floor or chosen in struck or chosen in given
                            or not sounding.agrees(chosen, at, at + duration, span.key.tonic, "Harmony")):
                        # over the tune, under the instrument (folded up, it would land on
                        # another voice and cut it short), onto another voice, or clashing
                        continue
                by_voice[v] = len(notes)
                notes.append(Note(at, duration, chosen, NEUTRAL_VELOCITY))
            # ... but a chord keeps three tones at least, and the last its root: the tones it gave
            # up come back under the tune, as high as they fit (where no room under the tune is
            # left for them, the voices as voiced); not where the moving voice goes
            def fits(q: int) -> bool:
                return ((inner is None or q not in (inner[1], inner[1] - 12))
                        and sounding.agrees(q, start, start + length, span.key.tonic, "Harmony"))
            for q in tune_room.refill(span, struck, room, floor, fits, final=span is final,
                                      spare=sorted(set(voicing) - set(struck))):
                struck.append(q)
                notes.append(Note(start, length, q, NEUTRAL_VELOCITY))
            # (not under a suspension: its voice leading is its own, held and falling)
            if (start == span.start and last_strike is not None and suspended is None
                    and held_until > start - LINE_REST):
                gone = _part_from_bass(notes, first, start, length, span,
                                       (last_strike[0], span.bass), last_strike[1], sounding,
                                       min(room, part.high), floor, "Harmony")
                by_voice = {v: k - sum(g < k for g in gone) for v, k in by_voice.items()
                            if k not in gone}
                notes[:] = [n for k, n in enumerate(notes) if k not in gone]
            last_strike = (span.bass, tuple(n.pitch for n in notes[first:] if n.start == start))
            last_voices = by_voice
            held_until = start + length
        before = (span.bass,) + tuple(notes[last_voices[v]].pitch if v in last_voices else p
                                      for v, p in enumerate(voicing))
    if final.close and rolls(plan.sections[-1].character.affect, part.instrument.program):
        return roll(notes, final.start)  # a gentle close's last chord rolled (harmony.close)
    return tuple(notes)


# The fewest tones a chord part's strike keeps where a tone rests to part from the bass
# (_part_from_bass): the Harmony's chord three (its contract: a chord's notes start three together),
# a texture's figure two over the bass.
FEWEST_STRUCK = {"Harmony": 3, "Texture": 2}


def _part_from_bass(notes: list[Note], first: int, start: int, length: int, span: ChordSpan,
                    move: tuple[int | None, int | None], before: tuple[int, ...],
                    sounding: Sounding, top: int, floor: int, role: str) -> set[int]:
    """A chord change's strike of a chord part (`notes` from `first`, `role`'s) whose tones,
    paired with the strike before (`before`) as a listener follows them (motion.doubles), move in
    fifths or octaves with the bass's `move` into the change: the tone that does takes the
    nearest other tone of the chord that moves with the bass in none, under `top` (the tune's
    room) and over `floor`, agreeing with what sounds, else rests where the strike keeps
    FEWEST_STRUCK tones and, with the bass, every tone of the triad; kept where neither can.
    Returns the indices into `notes` of the tones that rest (the notes are changed in place,
    the caller removes those). The voicing planned none (composer.harmony.voicing), but a voice
    that gave way to the tune changes the pairs: held-out 71 at seed 1, bars 39-40, the
    Harmony's V7 lost its D4 to the tune's D4, and its A3 went on to VI's Bb3 over the bass's
    D2 -> Eb2 in fifths; the Texture's pad, C3 D3 F#3 A3 -> Bb2 Eb3 G3 Bb3, in octaves and
    fifths."""
    b0, b1 = move
    gone: set[int] = set()
    if b0 is None or b1 is None or b0 == b1 or not before:
        return gone
    mine = [k for k in range(first, len(notes))
            if notes[k].start == start and notes[k].end == start + length]
    after = tuple(notes[k].pitch for k in range(first, len(notes)) if notes[k].start == start)
    if not doubles(b0, b1, before, after):
        return gone

    def nearest(p: int, tones: tuple[int, ...]) -> int:
        return min(tones, key=lambda t: (abs(t - p), t))

    def heard(tones: tuple[int, ...]) -> set[int]:
        # the tones heard moving with the bass: each the other's nearest (a tone the part's
        # voices only reach as the nearest of several, G3 -> A3 beside G3 -> F#3, is not
        # followed so)
        return {q for p, q in paired(before, tones) + semitones(before, tones)
                if parallel(p, q, b0, b1) and nearest(p, tones) == q and nearest(q, before) == p}

    bad = heard(after)
    for k in mine:
        q = notes[k].pitch
        if q not in bad:
            continue
        # another tone of the chord (its octave too), an octave over the bass at least: one not
        # sounding yet in the strike, or its root (a seventh or a leading tone doubled would
        # resolve in octaves of its own)
        others = {p % 12 for p in after if p != q}
        for r in sorted(range(q - 12, q + 13), key=lambda r: (abs(r - q), r)):
            moved = tuple(r if p == q else p for p in after)
            if (r != q and span.chord.contains(r) and max(floor, b1 + 12) <= r <= top
                    and all(n.pitch != r for n in notes[first:])
                    and (r % 12 not in others or r % 12 == span.chord.root)
                    and len(heard(moved)) < len(bad)
                    and sounding.agrees(r, start, start + length, span.key.tonic, role)):
                notes[k] = Note(notes[k].start, notes[k].duration, r, notes[k].velocity)
                after, bad = moved, heard(moved)
                break
        else:
            rest = tuple(p for p in after if p != q)
            # a tone under the instrument's floor is no tone of its own: _in_range folds it up
            # onto another (a random scene's accordion, E3 under its F3: two notes were left)
            if (sum(p >= floor for p in rest) >= FEWEST_STRUCK[role]
                    and {p % 12 for p in rest + (b1,)} >= set(span.chord.pcs[:3])
                    and len(heard(rest)) < len(bad)):
                gone.add(k)
                after, bad = rest, heard(rest)
    return gone


def _fifth(span: ChordSpan, part: PartPlan) -> int:
    """The chord's fifth (the tone a fifth over the root, else the third tone stacked: a
    diminished or suspended chord's own), placed just above the bass note and inside the range."""
    pcs = span.chord.pcs
    root = span.chord.root
    tone = next((p for p in pcs if (p - root) % 12 == 7), pcs[2] if len(pcs) > 2 else span.bass)
    pitch = span.bass + (tone - span.bass) % 12
    return pitch - 12 if pitch > part.high and pitch - 12 >= part.low else pitch


def _walk(plan: Plan, part: PartPlan, span: ChordSpan, following: ChordSpan | None,
          sounding: Sounding) -> list[tuple[int, int]]:
    """(tick, pitch) of the bass's stepwise walk from a half cadence's dominant into the next
    phrase's first bass note, on the last steps of the chord (on the pulse, or in eighths where
    the pulses leave the held dominant less than half the chord), from the chord's own scale (the
    raised sixth rising to the leading tone or the tonic in minor: melodic minor); [] where there
    is no room, the walk would be a leap, or a step would clash with what sounds."""
    meter = plan.meter
    if following is None or following.start != span.end:
        return []
    seconds = 60 / plan.quarter_bpm_at(span.start // meter.bar_ticks) / TICKS_PER_BEAT
    scale = chord_scale(span.chord, span.key)
    tonic = span.key.tonic
    if (span.key.is_minor_family and following.bass > span.bass and (following.bass - tonic) % 12 in (11, 0)
            and (tonic + 8) % 12 not in span.chord.pcs):
        scale = tuple((tonic + 9) % 12 if p == (tonic + 8) % 12 else p for p in scale)
    tones = phrasing.walk(scale, span.bass, following.bass)
    if not tones or not all(part.low <= p <= part.high for p in tones):
        return []
    units = [meter.pulse_ticks // 3] if meter.compound else [meter.pulse_ticks, meter.pulse_ticks // 2]
    unit = next((u for u in units if len(tones) * u * 2 <= span.duration
                 and u * seconds >= phrasing.WALK_STEP_SECONDS), None)
    if unit is None:
        return []
    first = span.end - len(tones) * unit
    steps = [(first + i * unit, p) for i, p in enumerate(tones)]
    if all(sounding.agrees(p, t, t + unit, span.key.tonic, "Bass") for t, p in steps):
        return steps
    return []


def _approach_of(plan: Plan, shapes: tuple[BarShape, ...], span: ChordSpan, following: ChordSpan | None
                 ) -> tuple[str, bool]:
    """How the bass moves from `span` into `following`, as its phrase chose
    (composer.arrange.phrasing.APPROACHES), and whether `following` is the arrival of the
    phrase's cadence (the cadence bar's first chord, in the same phrase)."""
    bar = plan.meter.bar_ticks
    here = span.start // bar
    approach = shapes[here].approach if here < len(shapes) else WALK_IN
    if following is None or following.start % bar:
        return approach, False
    arrival = following.start // bar
    if arrival >= len(shapes) or shapes[arrival].kind != CADENCE or here >= arrival:
        return approach, False
    return approach, plan.phrase_at(here) is plan.phrase_at(arrival)


def _pickup(plan: Plan, span: ChordSpan) -> int:
    """Where a short approach into the next chord starts: on the span's last eighth (the last
    third of a compound pulse, the last half of a simple one) where that is long enough to be
    heard as a step (phrasing.WALK_STEP_SECONDS), else on its last pulse."""
    meter = plan.meter
    short = meter.pulse_ticks // 3 if meter.compound else meter.pulse_ticks // 2
    seconds = 60 / plan.quarter_bpm_at(span.start // meter.bar_ticks) / TICKS_PER_BEAT
    return span.end - (short if short * seconds >= phrasing.WALK_STEP_SECONDS else meter.pulse_ticks)


# A chord's seventh is a dissonance that falls by step (Aldwell & Schachter, *Harmony and Voice
# Leading*, ch. 14-15: in the bass, V4/2 goes to I6), so the bass leaves it only down a semitone or
# a tone, or holds it where the next chord keeps it; a bass leaping from the seventh into the next
# chord (a composer's reading of held-out 79's last cadence: E2 D2 -> A1 under V7 -> I, the fourth
# leap the LEAP approach chose) leaves it unresolved. A cadence's tonic is then approached by the
# dominant's root or by step.
SEVENTH_FALLS = (0, 1, 2)  # semitones down from the bass's seventh to the next bass note


def _resolves(span: ChordSpan, pitch: int, goal: int | None) -> bool:
    """Whether the bass may move from `pitch` under `span` to `goal` (the next chord's bass; None
    where it is not known): anything but the chord's seventh, and that only falling by step."""
    return goal is None or span.chord.seventh != pitch % 12 or pitch - goal in SEVENTH_FALLS


def _clashes(pitch: int, start: int, end: int, sounding: Sounding) -> bool:
    """Whether a pitch would sound a semitone (or a minor ninth) from another part's note: a
    chromatic tone in the bass is a passing colour only where nothing grinds against it."""
    return any((pitch - p) % 12 in (1, 11) for p in sounding.pitches(start, end, "Bass"))


def _approach_tone(part: PartPlan, span: ChordSpan, following: ChordSpan, approach: str, tick: int,
                   sounding: Sounding) -> int | None:
    """The bass's note on the last pulse of `span` (from `tick`) approaching `following`'s bass
    as `approach` asks: LEAP a tone of the chord a fourth or a fifth from the arrival (the
    strongest approach, Piston; never its seventh, which falls: _resolves), else the step into
    it, CHROMATIC the tone a semitone under the arrival (over it where
    that is the chord's own bass: a chromatic neighbour, Aldwell & Schachter), grinding against
    nothing; None for a plain arrival or a held pedal (the figure runs to the change), or where
    no such tone fits the range or what sounds."""
    goal = following.bass
    if approach == LEAP:
        leaps = [p for p in range(goal - 7, goal + 8) if abs(p - goal) in (5, 7) and span.chord.contains(p)
                 and p != span.bass and part.low <= p <= part.high]
        pool = sorted((p for p in leaps if _resolves(span, p, goal)), key=lambda p: (abs(p - span.bass), p))
        step = passing_tone(span, following)
        if len(pool) < len(leaps) and step is not None and part.low <= step <= part.high:
            pool.append(step)  # the chord's seventh may not leap there: the step into the arrival
    elif approach == CHROMATIC:
        pool = [p for p in (goal - 1, goal + 1) if p != span.bass and part.low <= p <= part.high
                and not _clashes(p, tick, span.end, sounding)]
    else:
        return None
    return sounding.choose(pool, tick, span.end, span.key.tonic, "Bass")


def _lead(plan: Plan, part: PartPlan, span: ChordSpan, following: ChordSpan | None, sounding: Sounding,
          approach: str) -> list[tuple[int, int]]:
    """(tick, pitch) of the bass's way from a half cadence's held dominant into the next phrase,
    as the phrase chose (composer.arrange.phrasing.APPROACHES): a walk by step (_walk), a leap of a
    fourth or fifth on the last pulse, a chromatic tone a semitone from the next phrase's first
    bass note, the dominant restruck on every pulse (a pedal drumming into the return), or none
    (the dominant held: it arrives plainly); [] where the way does not fit."""
    if following is None or following.start != span.end:
        return []
    if approach == WALK_IN:
        return _walk(plan, part, span, following, sounding)
    meter = plan.meter
    last = span.end - meter.pulse_ticks
    seconds = 60 / plan.quarter_bpm_at(span.start // meter.bar_ticks) / TICKS_PER_BEAT
    if last <= span.start or meter.pulse_ticks * seconds < phrasing.WALK_STEP_SECONDS:
        return []
    if approach == PEDAL:
        return [(t, span.bass) for t in range(span.start + meter.pulse_ticks, span.end, meter.pulse_ticks)]
    at = _pickup(plan, span) if approach == CHROMATIC else last
    pitch = _approach_tone(part, span, following, approach, at, sounding)
    return [] if pitch is None else [(at, pitch)]


def _apart(tune_at, before: Note | None, tick: int, pitch: int, meter: Meter | None = None) -> bool:
    """Whether the bass moving from `before` (its note before; None where it rests) to `pitch` at
    `tick` makes no parallel fifth or octave with the tune (`tune_at`: the tune's pitch at a tick,
    composer.theory.motion.line_at): the outer voices just before the tick and at it, as the
    evaluation reads them (composer.evaluate.craft.outer_parallels); with the `meter`, nor across
    the strong beats where `before` is held from the strong beat before `tick` to it, a strong beat,
    nor by step from the beat before, `before` held from it while the tune strikes one note
    between (composer.evaluate.craft.frame_parallels)."""
    if before is None or tick - before.end >= LINE_REST:
        return True  # the bass rested a beat or more: it enters, it does not move with the tune
    if parallel(tune_at(tick, before=True), tune_at(tick), before.pitch, pitch):
        return False
    if meter is None:
        return True
    beat = tick - meter.pulse_ticks
    if tick % meter.pulse_ticks == 0 and before.start <= beat and stepped(
            tune_at(beat), tune_at(tick), before.pitch, pitch, True, tune_at.between(beat, tick)):
        return False
    if meter.strength(tick % meter.bar_ticks) < 2:
        return True
    t0 = strong_before(meter, tick)
    return before.start > t0 or t0 - before.end >= LINE_REST or not framed(
        tune_at(t0), tune_at(tick), before.pitch, pitch, True)


def _under_chords(sounding: Sounding, before: Note | None, tick: int, pitch: int) -> bool:
    """Whether the bass moving from `before` (its note before; None where it rests) to `pitch` at
    `tick` moves in no consecutive fifths or octaves with a voice of the chords placed before it
    (the Harmony's: composer.theory.motion.doubles), read over the move as the ear follows them
    (Sounding.chords); as _apart, a bass that rested a beat or more enters."""
    if before is None or tick - before.end >= LINE_REST or before.pitch == pitch:
        return True
    after = sounding.chords(tick, "Bass", True)
    return not any(doubles(before.pitch, pitch, voices, after[role])
                   for role, voices in sounding.chords(tick, "Bass", False).items()
                   if role in after)


def _turned(plan: Plan, part: PartPlan, span: ChordSpan, final: ChordSpan, tune_at,
            sounding: Sounding) -> int | None:
    """A deceptive VI's other position (_other_position: VI6), which it may take in a cadence's
    bar, whose bass is otherwise its root, to part from the tune (where it doubles no voice of the
    chords either: _bass asks _under_chords); None for the piece's close named deceptive, which
    keeps its root (_bass), or where it has none."""
    bar = plan.meter.bar_ticks
    if span is final or (final.close == "deceptive"
                         and span.start >= final.start - DECEPTIVE_BARS * bar):
        return None
    return _other_position(span, part, tune_at(span.start))


def _bass_tone(candidates, spare, start: int, end: int, span: ChordSpan, before: Note | None,
               into: tuple[int, int] | None, tune_at, sounding: Sounding, framing=None,
               voiced: tuple[bool, bool] = (False, False)) -> int | None:
    """The bass's pitch for a note from start to end: the first of `candidates` (an iterable, read
    only as far as the choice needs) that agrees with everything sounding
    (composer.arrange.vertical) and moves with the tune in no parallel fifth or octave, from the
    bass's note `before` and, where the note leads into the next chord (`into`: the tick and bass
    note of its change), into that (Aldwell & Schachter, ch. 7: the outer voices above all) and
    leaving no chord seventh but by its fall (_resolves), nor, on a strong beat, from or to the
    notes on the strong beats either side (`framing`: pitch -> whether it would: _framing), nor
    with a voice of the chords over it where `voiced` asks (from `before`, into `into`:
    _under_chords), nor leaping into the next chord's bass by a move a line does not sing
    (_sings); where none does, the first that keeps every rule but the last, then the first that
    keeps every rule with the tune, then the first that keeps the rule between neighbouring
    notes, then the first of them or of `spare` that agrees (the chord's own bass before a rule
    between two voices); None where nothing agrees."""
    def agrees(p: int | None) -> bool:
        return p is not None and sounding.agrees(p, start, end, span.key.tonic, "Bass")

    def keeps_apart(p: int) -> bool:
        return _apart(tune_at, before, start, p) and (
            into is None or (_apart(tune_at, Note(start, end - start, p, NEUTRAL_VELOCITY), *into)
                             and _resolves(span, p, into[1])))

    def under_chords(p: int) -> bool:
        return (not voiced[0] or _under_chords(sounding, before, start, p)) and (
            into is None or not voiced[1]
            or _under_chords(sounding, Note(start, end - start, p, NEUTRAL_VELOCITY), *into))

    def sings(p: int) -> bool:
        return into is None or _sings(p, into[1], span.key.tonic)

    # the candidates are judged in order and the first that passes every rule is taken at once
    # (most notes: the figure's own tone), the first that passed fewer kept for the fallbacks
    agreeing = apart = unframed = unsung = None
    seen = set()
    for p in candidates:
        if p in seen:
            continue  # a tone offered twice is judged once
        seen.add(p)
        if not agrees(p):
            continue
        agreeing = p if agreeing is None else agreeing
        if not keeps_apart(p):
            continue
        if framing is None or not framing(p):
            if under_chords(p):
                if sings(p):
                    return p
                unsung = p if unsung is None else unsung
            unframed = p if unframed is None else unframed
        apart = p if apart is None else apart
    return next((p for p in (unsung, unframed, apart, agreeing) if p is not None),
                next((p for p in spare if agrees(p)), None))


def _sings(pitch: int, goal: int, tonic: int) -> bool:
    """Whether the bass's last note under a chord, `pitch`, moves into the next chord's bass
    (`goal`) by a move a line sings: not a tritone nor the minor key's augmented second (motion.
    awkward; Aldwell & Schachter, ch. 5 on bass lines), where the chord offers another tone (a
    reading of held-out 83 at seed 3, bars 45-46: the figure's own fifth E2 leapt a tritone to
    the deceptive VI's Bb1, where the chord's root A1 steps a semitone into it)."""
    return not awkward(pitch, goal, tonic)


def _line_from(notes: list[Note], t0: int, t1: int) -> tuple[int | None, bool]:
    """The bass line placed so far read from the strong beat t0 to t1, as the evaluation reads it
    (composer.evaluate.craft.bass_line): its pitch at t0 (the lowest struck at its last onset there
    or before, sounding or stopped less than LINE_REST before; None where it rests) and whether it
    keeps that pitch to t1 (no other pitch struck between). The notes are placed in order of
    onset, so only the last few are read."""
    k = len(notes)
    between = set()
    while k and notes[k - 1].start > t0:
        k -= 1
        if notes[k].start < t1:
            between.add(notes[k].pitch)
    if not k:
        return None, False
    onset = notes[k - 1].start
    struck = [n for n in notes[max(0, k - 4):k] if n.start == onset]
    low = min(struck, key=lambda n: n.pitch)
    if t0 - low.end >= LINE_REST:
        return None, False
    return low.pitch, between <= {low.pitch}


def _framing(meter: Meter, tune_at, notes: list[Note], start: int, later: list[tuple[int, int]],
             next_change: tuple[int, int] | None):
    """For a bass note struck at `start` on a beat: pitch -> whether it would move with the tune
    in consecutive fifths or octaves heard through the notes between, as the evaluation hears them
    (composer.evaluate.craft.frame_parallels): on a strong beat, through a figure from the bass's
    note on the strong beat before (the notes placed so far) or, where the next strong beat brings
    the next chord (`next_change`: its tick and bass note), into that, the tune holding its note
    to it or the bass its own (composer.theory.motion.framed); on any beat, by step through one
    note between, from the beat before or into the next (motion.stepped: the bass's pitch there
    from `later`, the figure's (tick, pitch) after this note, or the next change). None off the
    beats (the rule between neighbouring notes reads them)."""
    pulse = meter.pulse_ticks
    if start % pulse:
        return None
    strong = meter.strength(start % meter.bar_ticks) >= 2
    t0 = strong_before(meter, start)
    b0, held = _line_from(notes, t0, start)
    back = tune_at.holds(t0, start) or held
    t2, goal = next_change if next_change is not None else (None, None)
    if t2 != strong_at_or_after(meter, start + 1):
        t2 = None
    tune_holds = t2 is not None and tune_at.holds(start, t2)
    # the beat before: the bass's pitch there and how many notes it struck since
    s0 = start - pulse
    a0, a_held = _line_from(notes, s0, start)
    struck = len({n.start for n in notes[-8:] if s0 < n.start < start})
    tune_held = tune_at.holds(s0, start)
    a_between = struck if tune_held else (tune_at.between(s0, start) if a_held else 0)
    a_holds = tune_held or a_held
    # the beat after: the bass's pitch there (the figure's, or the next chord's) and the notes between
    s2 = start + pulse
    c2 = next((q for t, q in later if t == s2), goal if next_change is not None and next_change[0] == s2 else None)
    inside = [q for t, q in later if start < t < s2]
    # the last beat before the next change, where this note still sounds (held, or struck again
    # later in its figure) and moves into the change from there
    last = None
    if next_change is not None and next_change[0] - pulse > start \
            and not any(start < t <= next_change[0] - pulse for t, _ in later):
        last = next_change[0] - pulse
    within = [q for t, q in later if last is not None and last < t < next_change[0]]

    def frames(p: int) -> bool:
        if strong and framed(tune_at(t0), tune_at(start), b0, p, back):
            return True
        if strong and t2 is not None and framed(tune_at(start), tune_at(t2), p, goal, tune_holds or all(
                q == p for t, q in later if t < t2)):
            return True
        if stepped(tune_at(s0), tune_at(start), a0, p, a_holds, a_between):
            return True
        if c2 is not None and _steps_into(tune_at, start, s2, p, c2, inside):
            return True
        return last is not None and _steps_into(tune_at, last, next_change[0], p, goal, within)
    return frames


def _steps_into(tune_at, t0: int, t1: int, p: int, goal: int, between: list[int]) -> bool:
    """Whether the bass sounding `p` on the beat t0 and `goal` on the next, t1, striking the
    pitches `between` in between, steps with the tune into consecutive fifths or octaves through
    one note (composer.theory.motion.stepped)."""
    if tune_at.holds(t0, t1):
        return stepped(tune_at(t0), tune_at(t1), p, goal, True, len(between))
    return stepped(tune_at(t0), tune_at(t1), p, goal, all(q == p for q in between), tune_at.between(t0, t1))


def _alternatives(span: ChordSpan, part: PartPlan, pitch: int) -> list[int]:
    """Other tones the bass may take for a figure's note or an approach that would move in
    parallels with the tune: the chord's bass and fifth, their octaves, then its other tones, the
    nearest first, all in the part's range; never the leading tone, which a bass taking it in
    place of another note leaves by a leap (a reading of held-out 71: A1 F#1 B1 under V64)."""
    fifth = _fifth(span, part)
    near = sorted((q for q in range(pitch - 9, pitch + 10) if span.chord.contains(q)
                   and (q - span.key.tonic) % 12 != 11), key=lambda q: (abs(q - pitch), q))
    return [q for q in [span.bass, fifth, span.bass + 12, fifth - 12] + near if part.low <= q <= part.high]


def _figure_tone_first(span: ChordSpan, part: PartPlan, pitch: int):
    """The figure's tone, then its _alternatives, these found only if the figure's tone is not
    kept (most are: the alternatives are asked for only where it would move in parallels)."""
    yield pitch
    yield from _alternatives(span, part, pitch)


def _led_apart(plan: Plan, part: PartPlan, span: ChordSpan, following: ChordSpan | None, goal: int | None,
               times: list[int], pitches: list[int], tune_at, sounding: Sounding,
               offbeat: bool, turn: int | None = None) -> tuple[int, int] | None:
    """(tick, pitch) of a note on the span's last pulse (else, where the phrase's bass may strike
    off the beat, `offbeat`, its last eighth) leading the chord's bass, held to the change, into
    the next chord's bass (`goal`) where it would move there in
    parallel fifths or octaves with the tune: a passing tone, a tone a fourth or a fifth from it (the
    strongest approach, Piston), another tone of the chord; one that moves apart from the tune
    (and into a deceptive VI from the chords' voices: _under_chords) and agrees with what sounds;
    not on a pickup the tune moves on too where the next chord may `turn` to its other position
    (that pitch) and part from it so. None where the bass moves apart already, has no room for a
    step a listener hears, or no tone fits."""
    if following is None or goal is None or following.start != span.end or not times or times[-1] != span.start:
        return None
    held = Note(times[-1], span.end - times[-1], pitches[-1], NEUTRAL_VELOCITY)
    voiced = deceives(span, following)  # the 5-6 doubled by no voice of the chords (_bass)
    if _apart(tune_at, held, following.start, goal, plan.meter) and (
            not voiced or _under_chords(sounding, held, following.start, goal)):
        return None
    meter = plan.meter
    seconds = 60 / plan.quarter_bpm_at(span.start // meter.bar_ticks) / TICKS_PER_BEAT
    leaps = sorted((p for p in range(goal - 7, goal + 8) if abs(p - goal) in (5, 7) and span.chord.contains(p)),
                   key=lambda p: (abs(p - held.pitch), p))
    pool = [q for q in [passing_tone(span, following)] + leaps + _alternatives(span, part, held.pitch)
            if q is not None and q % 12 != held.pitch % 12 and part.low <= q <= part.high
            and _resolves(span, q, goal)
            # a line's leap, not a tritone or augmented second either side (a reading heard
            # held-out 40's F#2 C#3 | G2 leap a tritone into a deceptive VI)
            and not awkward(held.pitch, q, span.key.tonic) and not awkward(q, goal, span.key.tonic)]
    for at in dict.fromkeys((span.end - meter.pulse_ticks,) + ((_pickup(plan, span),) if offbeat else ())):
        if at <= times[-1] or (span.end - at) * seconds < phrasing.WALK_STEP_SECONDS:
            continue
        if (turn is not None and span.end - at < LINE_REST
                and _apart(tune_at, held, following.start, turn, meter)
                and _under_chords(sounding, held, following.start, turn)
                and parallel(tune_at(at), tune_at(following.start), held.pitch, goal)):
            # the tune moves on the pickup from the held note's octave or fifth into the same:
            # a tone shorter than a beat between, the held note goes on in the ear through it,
            # and parts nothing (held-out 3 at seed 3, bar 24: F2 C3 | Gb2 under F5 | Gb5); the
            # next chord turns to its other position instead (_bass: a deceptive VI)
            continue
        before = Note(held.start, at - held.start, held.pitch, NEUTRAL_VELOCITY)
        for q in pool:
            led = Note(at, span.end - at, q, NEUTRAL_VELOCITY)
            if (sounding.agrees(q, at, span.end, span.key.tonic, "Bass") and _apart(tune_at, before, at, q, meter)
                    and _apart(tune_at, led, following.start, goal, meter)
                    and (not voiced or _under_chords(sounding, led, following.start, goal))):
                return at, q
    return None


def _line_end(notes: list[Note]) -> Note | None:
    """The bass line's latest note placed: the lowest struck at the latest onset (a drone's tonic
    under its fifth)."""
    if not notes:
        return None
    last = notes[-1].start
    return min((n for n in notes[-4:] if n.start == last), key=lambda n: n.pitch)


def _drones(plan: Plan, shapes: tuple[BarShape, ...], span: ChordSpan, final: ChordSpan) -> bool:
    """Whether the bass holds the pastorale's drone under `span` (_drone) rather than its bass."""
    bar = span.start // plan.meter.bar_ticks
    return (_style(plan, shapes[bar], bar, 1) == DRONE and span is not final
            and span.key.tonic in span.chord.pcs)


def _drone_tonic(part: PartPlan, span: ChordSpan) -> int:
    """The drone's tonic: the lowest in the bass's range (_drone)."""
    return next(p for p in range(part.low, part.low + 12) if (p - span.key.tonic) % 12 == 0)


# How many bars before the last chord a deceptive close's V -> VI may stand (its VI, then the
# cadence that follows it: the last visit's V7 VI | iv V7 | i).
DECEPTIVE_BARS = 3


def _other_position(span: ChordSpan, part: PartPlan, tune: int | None) -> int | None:
    """The chord's bass in its other position, nearest its planned bass in the bass's range: the
    third under a root-position chord (a sixth chord), the root under a sixth chord; the position
    a bass takes where the planned one would move in parallel octaves or fifths with the tune and
    nothing between them can part them (Aldwell & Schachter, ch. 7: a change of position). Not the
    leading tone (doubled by the chord above it), nor a tone the tune sings there (the outer
    voices on one tone); None for a chord in another position (a six-four, a seventh's last two
    inversions) or without a third."""
    root = span.chord.root
    third = next((q for q in span.chord.pcs if (q - root) % 12 in (3, 4)), None)
    if third is None or span.bass % 12 not in (root, third):
        return None
    other = third if span.bass % 12 == root else root
    if (other - span.key.tonic) % 12 == 11 or (tune is not None and tune % 12 == other):
        return None
    pool = [q for q in range(span.bass - 9, span.bass + 10) if q % 12 == other and part.low <= q <= part.high]
    return min(pool, key=lambda q: (abs(q - span.bass), q), default=None)


def _bass_figure(plan: Plan, part: PartPlan, shape: BarShape, bar: int, tutti_steps: int
                 ) -> tuple[str, tuple[int, ...], float]:
    """The Bass's grid, tones and hold in the climax's bar, taken `tutti_steps` steps toward the
    tutti (a drone's chord without the tonic is held: _bass)."""
    style = _style(plan, shape, bar, 1)
    grid, tones, hold = BASS_STYLES["sustain" if style == DRONE else style]
    grid, hold = _tutti_figure(grid, hold, part.instrument.program, True, tutti_steps)
    return grid, tones, hold


def _bass(plan: Plan, part: PartPlan, spans, final: ChordSpan, end_tick: int, sounding: Sounding,
          summit: int | None, shapes: tuple[BarShape, ...], climax: tuple[str, tuple[int, ...], float],
          melody: tuple[Note, ...] = (), trail: dict | None = None) -> tuple[Note, ...]:
    """The bass line on the phrase's figure; `climax`: the figure of the climax's bar
    (_bass_figure), the only thing the tutti's steps change here. Each note is chosen against the
    `melody` too (_bass_tone): the outer voices move in no parallel fifths or octaves. `trail`
    (one per arrangement: the same plan, chords, tune and climax's bar) keeps the last placing,
    which this one goes on from where what it reads first differs (_resumed)."""
    meter = plan.meter
    tune_at = line_at(sorted(melody, key=lambda n: (n.start, n.pitch)))  # its top line
    walk_ok = meter.pulse_ticks / TICKS_PER_BEAT * 60 / plan.quarter_bpm >= WALK_MIN_SECONDS
    cut = _tutti_spans(spans, final, meter, summit)
    heard = sounding.copy() if trail is not None else None  # what this placing hears, kept as it is now
    begin, notes, carried = _resumed(trail, cut, shapes, climax, heard, summit, meter, 2)
    drones = list(carried[0]) if carried else []
    marks = trail["marks"][:begin] if begin else []
    previous = cut[begin - 1][0] if begin else None
    for (span, tutti), following in zip(cut[begin:], [s for s, _ in cut[begin + 1:]] + [None]):
        marks.append((len(notes), tuple(drones)))  # where a later placing may go on from
        # the piece's close named deceptive (composer.harmony.close) keeps its VI in root position,
        # as a cadence bar's chord does: the bass's 5-6 is the surprise (a tune's line moving by
        # step with it had sent the last visit's close to VI6, and the deceptive close explain
        # named was not the one the notes made); elsewhere VI may still take its first inversion
        # to part from the tune (held-out 57's climax, VI6 under the tune's G6)
        deceived = previous is not None and deceives(previous, span)
        turned = _turned(plan, part, span, final, tune_at, sounding) if deceived else None
        deceptive = (final.close == "deceptive" and deceived
                     and span.start >= final.start - DECEPTIVE_BARS * meter.bar_ticks)
        previous = span
        bar = span.start // meter.bar_ticks
        shape = shapes[bar]
        style = _style(plan, shape, bar, 1)
        if style == DRONE:
            if _drones(plan, shapes, span, final):
                drones.append(span)  # the pastorale's drone, held across its chords (_drone)
                continue
            style = "sustain"  # a chord without the tonic (the dominant's) is its own bass, held
        if drones:  # the drone placed before the chord after it, which moves on from its tonic
            held = _drone(plan, part, drones, sounding)
            low = min((n for n in held if n.end == span.start), key=lambda n: n.pitch, default=None)
            rest = max(LINE_REST, meter.pulse_ticks)
            if low is not None and span.start - rest - low.start >= rest and not _apart(tune_at, low, span.start,
                                                                                         span.bass, meter):
                # its tonic would move into the chord's bass in parallels with the tune: it falls
                # silent a pulse before, the open fifth's upper tone sounding on into the chord
                held = [Note(n.start, span.start - rest - n.start, n.pitch, n.velocity) if n is low else n
                        for n in held]
            notes += held
            drones = []
        grid, tones, hold = climax if tutti else BASS_STYLES[style]
        settles = _settles(shape, tutti, span is final)
        stop = end_tick if span is final else span.end
        if span is final or settles:
            # the arrival note held (a cadence bar settles: composer.arrange.phrasing)
            grid, tones, hold = "span", (0,), 1.0
        leads = following is not None and following.start == span.end
        # the next chord's bass note, which this one moves on to (a drone's tonic under it)
        goal = None if following is None else (
            _drone_tonic(part, following) if _drones(plan, shapes, following, final) else following.bass)
        # a deceptive VI after this chord: the bass's 5-6 into it is doubled by no voice of the
        # chords (Aldwell & Schachter, ch. 10: over the bass's step the voices move against it),
        # and where it may take its other position to part from the tune (place), no pickup
        # hides its 5-6 in octaves with the tune's (_led_apart)
        turns = following is not None and deceives(span, following)
        turn = _turned(plan, part, following, final, tune_at, sounding) if turns else None
        if settles and shape.settle == BREAK:
            if span.start >= shape.lead_in:
                continue  # the melody's upbeat sounds on its own
            stop = min(stop, shape.lead_in)
        choices = (span.bass, _fifth(span, part),
                   span.bass + 12 if span.bass + 12 <= part.high else span.bass)

        def breathe() -> None:
            """A cadence bar's held note (its arrival, or an echo's last), which would move on
            into the next phrase in parallels with the tune, falls silent a pulse (a beat at
            least) before it: the phrase breathes, and the bass enters the next one anew."""
            last = notes[-1] if notes and notes[-1].start >= span.start else None
            rest = max(LINE_REST, meter.pulse_ticks)
            if (leads and last is not None and last.end > following.start - rest
                    and following.start - rest - last.start >= MIN_NOTE
                    and not _apart(tune_at, last, following.start, goal, meter)):
                notes[-1] = Note(last.start, following.start - rest - last.start, last.pitch, last.velocity)

        def place(strikes, pitches) -> None:
            """The strikes as notes, each pitch chosen against what sounds and the tune
            (_bass_tone): the chord's own bass on its change (a cross-relation takes the fifth),
            elsewhere another tone of the chord where the figure's would move in parallels."""
            count = min(len(strikes), len(pitches))
            for k, ((start, length), pitch) in enumerate(zip(strikes, pitches)):
                into = (following.start, goal) if leads and k == count - 1 else None
                if start == span.start:
                    # the chord's own bass on its change, its other position where that cannot
                    # part from the tune (not in a cadence's bar, whose bass is its root; but a
                    # deceptive cadence's VI under a tune rising 5-6 with it takes VI6 rather
                    # than sing the tune's line in octaves, held-out 3 at seed 3, bar 24, where
                    # that doubles no voice of the chords either: _turned); only then, for VI6's
                    # bass after the dominant's is 5-1, heard as V-I (a reading of held-out 54
                    # at seed 2, bar 66: VI6 taken to keep the root from a chord voice's octave
                    # arrived home four bars early)
                    other = (_other_position(span, part, tune_at(start))
                             if shape.kind != CADENCE and span is not final and not deceptive
                             else turned if turned is not None and not _apart(
                                 tune_at, _line_end(notes), start, span.bass, meter)
                             and _under_chords(sounding, _line_end(notes), start, turned)
                             else None)
                    candidates, spare = (pitch, span.bass, other), (_fifth(span, part),)
                else:
                    candidates, spare = _figure_tone_first(span, part, pitch), ()
                framing = _framing(meter, tune_at, notes, start,
                                   [(t, q) for (t, _), q in zip(strikes[k + 1:count], pitches[k + 1:count])],
                                   (following.start, goal) if leads else None)
                # the bass's 5-6 into a deceptive VI doubled by no voice of the chords over it
                voiced = (start == span.start and deceived, into is not None and turns)
                chosen = _bass_tone(candidates, spare, start, start + length, span, _line_end(notes),
                                    into, tune_at, sounding, framing, voiced)
                notes.append(Note(start, length, pitch if chosen is None else chosen, NEUTRAL_VELOCITY))

        times = onsets(span, meter, grid)
        pitches = [choices[tones[i % len(tones)]] for i in range(len(times))]
        if shape.kind == CADENCE and shape.settle == MARK and not tutti and span is not final:
            # the surprising chord's bass struck on its change and held a pulse, then the figure
            kept = [(t, p) for t, p in zip(times, pitches) if t == span.start or t >= span.start + meter.pulse_ticks]
            times, pitches = [t for t, _ in kept], [p for _, p in kept]
        if _echoes(shape, tutti, span is final):
            # the figure through the cadence bar's first half, its last note held to the change
            times = _echo(times, span, meter)
            strikes = _strikes(times, stop, hold)
            if strikes:
                strikes[-1] = (strikes[-1][0], stop - strikes[-1][0])
            place(strikes, pitches)
            breathe()
            continue
        if settles:
            # the walk leads into the next phrase, from the bar's last chord only (a cadence bar
            # of two chords does not walk into its own second one)
            walks = shape.settle == WALK and (following is None or following.start >= (bar + 1) * meter.bar_ticks)
            walked = _lead(plan, part, span, following, sounding, shape.approach) if walks else []
            way = [(times[-1], pitches[-1])] + walked + ([(following.start, goal)] if walked and leads else [])
            if any(not _apart(tune_at, Note(t, u - t, a, NEUTRAL_VELOCITY), u, b, meter)
                   for (t, a), (u, b) in zip(way, way[1:])):
                walked = []  # a step of the walk would move in parallels with the tune
            times += [t for t, _ in walked]
            pitches += [p for _, p in walked]
            place(_strikes(times, stop, hold), pitches)
            breathe()
            continue
        # Where the tempo leaves room, the bass walks into the next chord through a passing
        # tone on the span's last beat (issue 4: a singable bass line), taken from the chord's
        # own scale and kept only where it agrees with everything sounding above it, as its
        # phrase moves (composer.arrange.phrasing.APPROACHES: a walking phrase on the pulse, a
        # chromatic one in a short pickup, a leaping one by a fourth or fifth, a plain one or one
        # over a pedal holding its notes to the change); into the phrase's cadence it approaches
        # as the phrase chose.
        approach, into_cadence = _approach_of(plan, shapes, span, following)
        step, at = None, span.end - meter.pulse_ticks
        if following is not None and grid in WALKING_GRIDS and walk_ok:
            if approach == CHROMATIC:
                at = _pickup(plan, span)
            elif grid == "lead" and len(times) > 1:
                at = times[-1]  # the figure's own lead, on its pickup
            if not into_cadence and approach == LEAP and following.bass != span.bass:
                step = _approach_tone(part, span, following, LEAP, at, sounding)
            elif not into_cadence:
                step = passing_tone(span, following) if approach in (WALK_IN, CHROMATIC) else None
            elif approach == WALK_IN:
                step = passing_tone(span, following)
            elif at > span.start:
                step = _approach_tone(part, span, following, approach, at, sounding)
        if (step is not None and at > span.start and part.low <= step <= part.high
                and sounding.agrees(step, at, span.end, span.key.tonic, "Bass")):
            keep = [i for i, t in enumerate(times) if t < at]
            times = [times[i] for i in keep] + [at]
            pitches = [pitches[i] for i in keep] + [step]
        # a plain figure keeps to the pulse where its phrase states it (a driving one, a phrase's
        # continuation or a chromatic approach strike off the beat as well, and a leading one
        # where its own lead falls on the last eighth: onsets)
        offbeat = (grid not in WALKING_GRIDS or shape.kind == CONTINUATION or approach == CHROMATIC
                   or (grid == "lead" and (meter.compound or meter.pulses <= 2)))
        led = _led_apart(plan, part, span, following, goal, times, pitches, tune_at, sounding,
                         offbeat, turn) if walk_ok else None
        if led is not None:
            times, pitches = times + [led[0]], pitches + [led[1]]
        # a chord tone that would cross-relate with the melody gives way to the chord's bass note
        # or fifth (never silence: the bass carries the harmony)
        place(_strikes(times, stop, hold), pitches)
    if trail is not None:
        trail.update(shapes=shapes, climax=climax, heard=heard, notes=notes, marks=marks)
    return tuple(sorted(notes + _drone(plan, part, drones, sounding), key=lambda n: (n.start, n.pitch)))


def _resumed(trail: dict | None, cut, shapes: tuple[BarShape, ...], climax, heard: Sounding | None,
             summit: int | None, meter: Meter, reach: int) -> tuple[int, list[Note], tuple]:
    """Where a part placed again (a tutti step, another attempt's phrase shapes) goes on from its
    last placing kept in `trail`: (the index into `cut` of the first span placed afresh, the notes
    before it, and what else the part carried into that span). A span's notes read nothing past
    the end of the span `reach` spans on (their shapes, what sounds there, the next chord they
    lead into: the bass reads its own span and the next, the texture its own, each given one more),
    so every span whose reach ends before the first tick where the shapes, the climax's figure or
    what the parts before it play differ (Sounding.differs_from) is placed as it was and keeps its
    notes: the tutti's steps change the climax's bar, an attempt the phrases it levels, and the
    part before them was placed again for nothing (the bass was a third of the 10-minute scene's
    composing)."""
    if not trail:
        return 0, [], ()
    bar = meter.bar_ticks
    ticks = [heard.differs_from(trail["heard"])]
    if trail["climax"] != climax and summit is not None:
        ticks.append(summit * bar)
    if trail["shapes"] != shapes:
        ticks.append(next((b for b, (x, y) in enumerate(zip(trail["shapes"], shapes)) if x != y),
                          min(len(shapes), len(trail["shapes"]))) * bar)
    first = min((t for t in ticks if t is not None), default=None)
    begin = 0
    while begin + reach < len(cut) and begin < len(trail["marks"]) and (
            first is None or cut[begin + reach][0].end <= first):
        begin += 1
    count, *carried = trail["marks"][begin] if begin < len(trail["marks"]) else (0,)
    return begin, trail["notes"][:count], tuple(carried)


def _drone(plan: Plan, part: PartPlan, spans: list[ChordSpan], sounding: Sounding) -> list[Note]:
    """The pastorale's drone (composer.patterns.DRONE) over these spans: the key's tonic, low in
    the bass's range, and its fifth above, struck where a phrase or a key begins and held through
    the chords that keep the tonic (I, IV, vi: the drone is their own tone); a chord without it
    (the dominant's) takes its own bass, held, and the drone sounds again after it, so the tune's
    leading tone and the dominant's seventh never sit on the tonic for a whole beat unexplained.
    An open fifth never cross-relates with anything."""
    bar = plan.meter.bar_ticks
    runs: list[list[ChordSpan]] = []
    for span in spans:
        last = runs[-1][-1] if runs else None
        if (last is not None and last.end == span.start and last.key == span.key
                and plan.phrase_at(last.start // bar) is plan.phrase_at(span.start // bar)):
            runs[-1].append(span)
        else:
            runs.append([span])
    out = []
    for run in runs:
        start, end = run[0].start, run[-1].end
        tonic = next(p for p in range(part.low, part.low + 12) if (p - run[0].key.tonic) % 12 == 0)
        for pitch in (tonic, tonic + 7):
            if pitch <= part.high and sounding.agrees(pitch, start, end, run[0].key.tonic, "Bass"):
                out.append(Note(start, end - start, pitch, NEUTRAL_VELOCITY))
    return out


def _pedal_pitch(span: ChordSpan, low: int, high: int) -> int | None:
    """The tonic pedal under a chord: the highest tonic in range lying more than an octave from
    every chord tone a semitone away from it (the leading tone, a phrygian second), so the pedal
    never grinds against its neighbour in the same octave; None where no octave is clear."""
    tonic = span.key.tonic
    neighbours = [p for p in span.voicing + (span.bass,) if (p - tonic) % 12 in (1, 11)]
    for pitch in sorted(_tone_pool({tonic}, low, high), reverse=True):
        if all(abs(pitch - n) > 12 for n in neighbours):
            return pitch
    return None


# A hand figure takes at most this many tones (the waves' five) and needs at least three.
HAND_TONES = (3, 5)


def _hand(span: ChordSpan, program: int) -> list[int]:
    """The chord tones a keyboard's left hand rolls its arpeggio through: under middle C, within
    a hand's reach and above the bass's note (composer.patterns.HAND_TOP); [] for an instrument
    that is not a keyboard, or where too few tones lie there (the figure keeps its own place)."""
    if idiom(program).family != "keyboard":
        return []
    floor = max(HAND_TOP - HAND_REACH, span.bass + 1, practical_range(program)[0])
    pool = _tone_pool(set(span.chord.pcs), floor, HAND_TOP)[-HAND_TONES[1]:]
    return pool if len(pool) >= HAND_TONES[0] else []


def _texture_figure(character, shape: BarShape, program: int | None = None) -> str:
    """The Texture's figure in a bar: its section's, or the neighbouring rung of its ladder where
    the phrase steps up or down (composer.arrange.phrasing); where the phrase relieves an ostinato
    (BarShape.relief), the rung under it, or where that hammers too the first figure of
    composer.patterns.RELIEF_TEXTURES the instrument (`program`) can play."""
    step = STEPS[shape.development]
    other = character.textures[(step + 1) // 2] if step else None
    figure = other or character.texture
    if shape.relief and figure in OSTINATO_TEXTURES:
        below = character.textures[0]
        if below is not None and below not in OSTINATO_TEXTURES:
            return below
        for relief in RELIEF_TEXTURES if program is not None else ():
            if plays(program, PATTERNS[relief].touch):
                return relief
    return figure


def _texture_pattern(plan: Plan, part: PartPlan, shape: BarShape, bar: int, tutti: bool,
                     tutti_steps: int) -> Pattern:
    """The Texture's figure in a bar, taken `tutti_steps` steps toward the tutti in the climax's."""
    pattern = PATTERNS[_texture_figure(plan.section_at(bar).character, shape, part.instrument.program)]
    if tutti and tutti_steps >= FULL_TEXTURE:
        pattern = PATTERNS[tutti_texture(pattern.name, plan.meter, part.instrument.program)]
    if tutti and tutti_steps >= HOLD:
        pattern = dataclasses.replace(pattern, hold=_tutti_hold(pattern.hold, part.instrument.program))
    return pattern


def _texture(plan: Plan, part: PartPlan, spans, final: ChordSpan, end_tick: int,
             sounding: Sounding, summit: int | None, shapes: tuple[BarShape, ...], climax: Pattern,
             bass: tuple[Note, ...] = (), trail: dict | None = None) -> tuple[Note, ...]:
    """The texture's figure over each chord; `climax`: the figure of the climax's bar
    (_texture_pattern), the only thing the tutti's steps change here. `trail`: as the bass's
    (_resumed); the bass's walks it leaves room for are in what it hears."""
    meter = plan.meter
    cut = _tutti_spans(spans, final, meter, summit)
    heard = sounding.copy() if trail is not None else None
    begin, notes, _ = _resumed(trail, cut, shapes, climax, heard, summit, meter, 1)
    marks = trail["marks"][:begin] if begin else []
    # The beats where the bass walks through a passing tone: the texture leaves them to it (a
    # chord struck on a passing tone turns it into a wrong note instead of a way to the next).
    last_beats = {s.end - meter.pulse_ticks for s in spans}
    walks = {n.start: n.pitch for n in bass if n.start in last_beats}
    walk_ticks = sorted(walks)
    for span, tutti in cut[begin:]:
        marks.append((len(notes),))
        bar = span.start // meter.bar_ticks
        section = plan.section_at(bar)
        pattern = climax if tutti else _texture_pattern(plan, part, shapes[bar], bar, False, 0)
        intensity = plan.intensity_at(bar)
        if texture_waits(section, intensity, pattern) and span is not final and not tutti \
                and not plan.staged("Texture", bar):
            continue
        # Sit above the harmony's lowest voice so the texture never muddies the bass.
        low = max(part.low, span.voicing[0])
        # at a climax the texture climbs an octave (register rises with intensity); a phrase
        # that re-voices its figure takes it to the other octave (composer.arrange.phrasing)
        lift = (intensity >= TEXTURE_LIFT) != (shapes[bar].development == REVOICE and not tutti)
        if lift and low + 12 + 7 <= part.high:
            low += 12
        hand = _hand(span, part.instrument.program) if pattern.hand else []
        if hand:
            pool = hand
        elif pattern.pedal:
            pedal = _pedal_pitch(span, part.low, part.high)
            pool = [pedal] if pedal is not None else _tone_pool({span.chord.root}, low, part.high)[:1]
        else:
            pcs = set(span.chord.pcs)
            pool = _tone_pool(pcs, low, part.high) or _tone_pool(pcs, part.low, part.high)
        if not pool:
            continue
        floor = practical_range(part.instrument.program)[0]
        if span is final:
            chord = [p for p in pool[:3] if sounding.agrees(p, span.start, end_tick, span.key.tonic, "Texture")]
            notes += [Note(span.start, end_tick - span.start, p, NEUTRAL_VELOCITY)
                      for p in _under_tune(chord, span, span.start, end_tick, sounding, floor, True)]
            continue
        steps, figures = pattern.steps_in(meter.compound), pattern.figure_in(meter.compound)
        step = meter.pulse_ticks // steps
        # Thinner when quiet, where a theme is first stated (it establishes, the sections after it
        # add motion: Karlin & Wright), and in the last bar before a new section: the texture
        # breathes out so the next moment enters prepared, not cut in. An interlude's figure carries
        # the music (composer.character.INTERLUDE_TEXTURES): it plays whole however quiet, and
        # breathes out only before the next section.
        before_change = bar + 1 == section.end_bar and section is not plan.sections[-1]
        quiet = intensity < TEXTURE_THIN and section.role != INTERLUDE
        # A phrase's continuation plays the whole figure (it intensifies); a cadence bar that
        # settles plays its first half and lets it ring, or breaks off for the melody's upbeat.
        shape = shapes[bar]
        thin = (quiet or before_change or section.role in THIN_ROLES) and steps > 1 \
            and not tutti and shape.kind != CONTINUATION
        stop = span.end
        if _settles(shape, tutti, False) or _echoes(shape, tutti, False):
            stop = shape.lead_in if shape.settle == BREAK else bar * meter.bar_ticks + meter.bar_ticks // 2
            stop = max(span.start, min(span.end, stop))
        times, tones = [], []
        inside = walk_ticks[bisect_right(walk_ticks, span.start):bisect_left(walk_ticks, span.end)]
        passing = {t for t in inside if not span.chord.contains(walks[t])}
        for i, tick in enumerate(range(span.start, stop, step)):
            figure = figures[i % len(figures)]
            if figure and not (thin and _thinned(i, steps)) and tick not in passing:
                times.append(tick)
                tones.append((wave_index(i, len(pool)),) if hand else figure)
        ends = stop if shape.settle == BREAK and _settles(shape, tutti, False) else span.end
        strikes = _strikes(times, ends, pattern.hold)

        def struck(pool: list[int], figure, start: int, length: int) -> list[int]:
            chord = []
            for index in figure:
                # the figure's tone, else the nearest other chord tone that agrees with the
                # melody and the bass at this moment
                at = min(index, len(pool) - 1)
                pitch = sounding.choose([pool[j] for j in _nearest_first(len(pool), at)], start, start + length,
                                        span.key.tonic, "Texture")
                if pitch is not None:
                    chord.append(pitch)
            return chord

        # the strike before the change, where it sounds into it (a pad's chord, a figure's last)
        before = None
        if notes and span.start - notes[-1].end < LINE_REST:
            before = tuple(n.pitch for n in notes[-8:] if n.start == notes[-1].start)
        if strikes and not hand and not pattern.pedal:
            pool = _led_pool(pool, span, part, notes, sounding,
                             lambda p: struck(p, tones[0], *strikes[0]))
        for (start, length), figure in zip(strikes, tones):
            if pattern.ring and not hand:  # a keyboard's hand figure rings by its pedal (perform)
                length = ends - start
            chord = struck(pool, figure, start, length)
            first = len(notes)
            notes += [Note(start, length, p, NEUTRAL_VELOCITY)
                      for p in _under_tune(chord, span, start, start + length, sounding, floor, not pattern.pedal)]
            if start == span.start and before is not None:
                # the pad's strike on the change moves with the bass line under it in no fifths
                # or octaves a listener hears (its figure led there already: _led_pool)
                move = (sounding.bass_before(start, "Texture"), sounding.bass(start, "Texture"))
                top = min(tune_room.room(sounding, start, start + length), part.high)
                gone = _part_from_bass(notes, first, start, length, span, move, before, sounding,
                                       top, floor, "Texture")
                notes[:] = [n for k, n in enumerate(notes) if k not in gone]
    if trail is not None:
        trail.update(shapes=shapes, climax=climax, heard=heard, notes=notes, marks=marks)
    return tuple(notes)


def _led_pool(pool: list[int], span: ChordSpan, part: PartPlan, notes: list[Note],
              sounding: Sounding, first) -> list[int]:
    """The chord tones a texture's figure reads over a chord, led from its strike before: as
    placed (`pool`, from its floor up), else the figure a chord tone higher or lower, where its
    strike on the chord's change (`first`: pool -> its tones) moves in no consecutive fifths or
    octaves with the bass line under it (composer.theory.motion.doubles: a pad whose lowest tone
    is the root under V -> vi rises 5-6 with the bass in octaves, held-out 3 at seed 3, bar 59:
    C4 E4 G4 -> Db4 F4 Ab4 over C2 -> Db2); of the two, the one its voices move to least."""
    if not notes or span.start - notes[-1].end >= LINE_REST:
        return pool  # the figure enters: it does not move with the bass
    last = notes[-1].start
    before = tuple(n.pitch for n in notes[-8:] if n.start == last)
    b0, b1 = sounding.bass_before(span.start, "Texture"), sounding.bass(span.start, "Texture")
    below = [p for p in range(pool[0] - 1, max(part.low, pool[0] - 12) - 1, -1)
             if span.chord.contains(p)][:1]
    if not doubles(b0, b1, before, tuple(first(pool))):
        return pool
    led = []
    for candidate in (pool[1:], below + pool):
        tones = tuple(first(candidate)) if candidate else ()
        if tones and not doubles(b0, b1, before, tones):
            led.append((sum(abs(q - p) for p, q in paired(before, tones)), candidate))
    return min(led, key=lambda m: m[0])[1] if led else pool


@functools.cache  # asked for every tone of every strike, of a few pool sizes
def _nearest_first(size: int, at: int) -> tuple[int, ...]:
    """The indices of a pool of `size` tones, the nearest to `at` first (of two as near, the lower)."""
    return tuple(sorted(range(size), key=lambda j: abs(j - at)))


def _thinned(i: int, steps: int) -> bool:
    """Whether a thinner texture leaves out the figure's `i`-th step, at `steps` steps a pulse:
    every other one, but of three to a pulse (a compound metre's eighths, triplets) the middle one,
    so the pulse and its last eighth stay (the siciliano's long-short): every other eighth of a 6/8
    bar would strike three even quarters, a hemiola heard as 3/4 (held-out 66's quiet turn)."""
    return i % 3 == 1 if steps == 3 else i % 2 == 1


def texture_waits(section, intensity: float, pattern: Pattern | None = None) -> bool:
    """Whether the texture rests in a bar of this section at this intensity (TEXTURE_ENTRY): a
    still section's quiet bars, where the melody sings, and an aroused one's where its figure
    (`pattern`) only holds (a pad adds no motion to the held chords of a quiet bar)."""
    return (intensity < TEXTURE_ENTRY and section.role not in ACCOMPANIMENT_ONLY
            and (section.character.arousal < AROUSED or (pattern is not None and pattern.once)))


def _under_tune(chord: list[int], span: ChordSpan, start: int, end: int, sounding: Sounding, floor: int,
                refills: bool) -> list[int]:
    """A texture's tones struck from start to end, given way to the tune as the Harmony's are
    (composer.arrange.room): a tone over the room an octave down where that stays in the
    instrument's range (`floor`), over the bass and clear of mud, else resting; a strike left with
    fewer tones than it had (up to CHORD_TONES) takes the chord's tones back under the room where
    it `refills` (a pedal does not: another tone would be no pedal). Under a tune it does not reach,
    the tones as they are."""
    top = tune_room.room(sounding, start, end)
    if all(p <= top for p in chord):
        return chord
    bass = min(sounding.of("Bass", start, end), default=span.bass)  # the bass line it stays over
    lower = sounding.pitches(start, end, "Texture")  # the parts under it (the tune is over the room)
    struck: list[int] = []
    for p in chord:
        q = tune_room.give_way(p, top, floor, bass, lower | set(struck))
        if q is not None and q not in struck:
            struck.append(q)

    def fits(q: int) -> bool:
        return (q > bass and tune_room.clear(q, bass, lower | set(struck))
                and sounding.agrees(q, start, end, span.key.tonic, "Texture"))
    tones = min(tune_room.CHORD_TONES, len(set(chord))) if refills else 0
    return struck + tune_room.refill(span, struck, top, floor, fits, tones=tones)


def _sung(plan: Plan, melody: tuple[Note, ...]) -> list[Note]:
    """The melody where the form gives it the music: in an intro or an interlude the accompaniment
    plays alone, and only a pickup in the phrase's last beat leads the tune in."""
    bar = plan.meter.bar_ticks
    out = []
    for n in melody:
        phrase = plan.phrase_at(n.start // bar)
        if phrase.melody or n.start >= phrase.end_bar * bar - plan.meter.pulse_ticks:
            out.append(n)
    return out


def _intensity(plan: Plan, tick: int) -> float:
    return plan.intensity_at(tick // plan.meter.bar_ticks)



def _drums(plan: Plan, final: ChordSpan, end_tick: int, draw: Streams) -> tuple[Note, ...]:
    """The palette's groove in the phrases intense enough for it, or that a long section's
    growth brings it into (Plan.staged; entering and leaving at phrase boundaries), varied as a drummer varies it (composer.arrange.drums): an answering bar every
    few bars, a fill into each new phrase group and a bigger one into each new section, a cymbal
    on the new section's first downbeat, one soft stroke under the final chord."""
    final_bar = final.start // plan.meter.bar_ticks
    section_starts = {s.start_bar for s in plan.sections[1:]}
    stops = {hit.bar for hit in plan.hits if hit.kind == "stop"}  # a general pause is not filled into
    def plays(phrase) -> bool:
        return plan.section_at(phrase.start_bar).character.drums is not None and (
            plan.staged("Drums", phrase.start_bar) or plan.intensity_at(phrase.start_bar) >= DRUMS_ENTRY)

    playing = [plays(phrase) for phrase in plan.phrases]
    notes = []
    for i, phrase in enumerate(plan.phrases):
        if not playing[i]:
            continue
        style = plan.section_at(phrase.start_bar).character.drums
        bars = min(phrase.end_bar, final_bar) - phrase.start_bar
        following = plan.phrases[i + 1] if i + 1 < len(plan.phrases) else None
        fill = None
        if phrase.end_bar in stops:
            fill = None
        elif phrase.end_bar in section_starts:
            fill = drums.SECTION
        elif following is not None and phrase.role != "antecedent" and bars == phrase.bars \
                and playing[i + 1]:
            # the end of a phrase group (an antecedent's answer follows it), filled into the
            # next phrase where the drums go on: a fill leading into their silence is a false start
            fill = drums.PHRASE
        # a new section's first downbeat is marked, whether the drums led into it or enter there
        cymbal = phrase.start_bar in section_starts
        notes += drums.groove(style, plan.meter, phrase.start_bar, bars, fill, NEUTRAL_VELOCITY,
                              draw("drums", *plan.place_at(phrase.start_bar)), cymbal)
    ending_style = plan.sections[-1].character.drums
    if notes and ending_style is not None:
        notes += drums.ending(ending_style, final.start, NEUTRAL_VELOCITY)
    return tuple(notes)


def _ring(plan: Plan) -> int:
    """How long the final sonority rings past the last bar (a fermata): half a bar, but no more
    than RING_SECONDS however slow or long the bar, and at least an eighth."""
    cap = round(RING_SECONDS * plan.quarter_bpm / 60 * TICKS_PER_BEAT)
    return max(TICKS_PER_BEAT // 2, min(plan.meter.bar_ticks // 2, cap))


def _timpani(plan: Plan, spans, final: ChordSpan, end_tick: int, ending: bool,
             summit: int | None) -> tuple[Note, ...]:
    """Tuned timpani in the sections intense enough for the orchestra's percussion: strokes on the
    drum the chord holds (composer.arrange.timpani), a roll over the last beat into a section that
    rises, a roll through the climax's bar (the tutti), and a roll swelling under the final chord."""
    meter = plan.meter
    bar = meter.bar_ticks
    notes: list[Note] = []
    for span, tutti in _tutti_spans(spans, final, meter, summit):
        section = plan.section_at(span.start // bar)
        if tutti:
            notes += timpani.roll(span, span.start, span.end, NEUTRAL_VELOCITY, climax=True)
            continue
        if span is final:
            if ending and section.character.drums is not None:  # the drum rings on into the fermata
                notes += timpani.roll(span, span.start, span.end, NEUTRAL_VELOCITY)
            continue
        if section.character.drums is None or plan.intensity_at(span.start // bar) < TIMPANI_ENTRY:
            continue
        index = plan.sections.index(section)
        following = plan.sections[index + 1] if index + 1 < len(plan.sections) else None
        into_rise = (following is not None and span.end == following.start_bar * bar
                     and following.character.intensity > section.character.intensity)
        cut = span.end - meter.pulse_ticks if into_rise else span.end
        inside = dataclasses.replace(span, duration=cut - span.start) if cut < span.end else span
        notes += timpani.strokes(inside, meter, section.character.affect, NEUTRAL_VELOCITY)
        if into_rise:
            notes += timpani.roll(span, cut, span.end, NEUTRAL_VELOCITY)
    return tuple(notes)


def _tutti(plan: Plan, part: PartPlan, spans, notes: tuple[Note, ...], sounding: Sounding,
           summit: int | None, melody=(), bass=()) -> tuple[Note, ...]:
    """The counter line around the form and the hit points: it rests where the tune rests for the
    form (intros, interludes) and through the bar before a stop, and joins
    the tutti at the climax: where it is silent on the climax's
    downbeat (it answers the melody in its gaps, and the summit is no gap) it holds a tone of the
    chord under the tune through that bar, chosen against everything sounding."""
    # Where the melody rests for the form (an intro, an interlude) there is nothing to answer:
    # the accompaniment alone carries the music, lighter than where the tune sings.
    bar_ticks = plan.meter.bar_ticks
    notes = tuple(n for n in notes if plan.section_at(n.start // bar_ticks).role not in ACCOMPANIMENT_ONLY)
    # Before a stop (a general pause, composer.hits) the answering line has already fallen
    # silent for a bar: its long notes would ring on in the hall through the pause (and in the
    # pause itself nothing plays).
    for hit in plan.hits:
        if hit.kind == "stop":
            stop = hit.bar * plan.meter.bar_ticks
            notes = tuple(n for n in notes if not (stop - plan.meter.bar_ticks < n.end
                                                   and n.start < stop + plan.meter.bar_ticks))
    if summit is None:
        return notes
    tick = summit * plan.meter.bar_ticks
    if any(n.start <= tick < n.end for n in notes):
        return notes
    span = next((s for s in reversed(spans) if s.start <= tick), None)
    if span is None:
        return notes
    stop = min([span.end, tick + plan.meter.bar_ticks] + [n.start for n in notes if n.start > tick])
    middle = (part.low + part.high) // 2
    pool = sorted(_tone_pool(set(span.chord.pcs), part.low, part.high), key=lambda p: (abs(p - middle), p))
    # the counter's own rules: no doubling of the tune, no parallels from its note before, no
    # move a line does not sing from it or into the note after, no fifths or octaves framed on
    # the strong beats either side
    pool = [p for p in pool if may_enter(p, tick, notes, melody, bass, span.key.tonic, stop,
                                         plan.meter)]
    pitch = sounding.choose(pool, tick, stop, span.key.tonic, "Counter")
    if pitch is None or stop - tick < MIN_NOTE:
        return notes
    return tuple(sorted(notes + (Note(tick, stop - tick, pitch, NEUTRAL_VELOCITY),), key=lambda n: n.start))


# The order parts are placed in: each chooses its notes against everything placed before it.
PLACING = ("Melody", "Harmony", "Bass", "Texture", "Counter", "Timpani", "Drums")


def _in_range(notes, program: int) -> tuple[Note, ...]:
    """Every note folded by octaves into its instrument's practical range (Adler), whatever
    produced it: the last word on register, for every part."""
    low, high = practical_range(program)
    return tuple(n if low <= n.pitch <= high else Note(n.start, n.duration, fold(n.pitch, low, high), n.velocity)
                 for n in notes)


def _climax(plan: Plan, part: PartPlan, summit: int | None, shapes: tuple[BarShape, ...], tutti_steps: int):
    """What a part plays in the climax's bar, `tutti_steps` steps into the tutti: the only way the
    steps reach its notes (None for a part they leave as it is)."""
    if summit is None or summit >= len(shapes):
        return None
    if part.role == "Harmony":
        return _harmony_figure(plan, part, shapes[summit], summit, True, False, tutti_steps)
    if part.role == "Bass":
        return _bass_figure(plan, part, shapes[summit], summit, tutti_steps)
    if part.role == "Texture":
        return _texture_pattern(plan, part, shapes[summit], summit, True, tutti_steps)
    return None


def _placed(plan: Plan, progression: tuple[ChordSpan, ...], melody: tuple[Note, ...], end_tick: int,
            ending: bool, summit: int | None, shapes: tuple[BarShape, ...], tutti_steps: int,
            draw: Streams, memo: dict | None = None, trails: dict | None = None
            ) -> dict[str, tuple[Note, ...]]:
    """Every part's notes, each placed against the parts before it, with the climax's tutti taken
    `tutti_steps` steps (composer.patterns.TUTTI_STEPS).

    `memo` (one per `shapes`) keeps each part as placed, with everything sounding once it is: a
    part depends on the steps only through what it and the parts before it play in the climax's
    bar (_climax), so where those are as at a step already tried, it is that step's part and is
    not placed again (a step often changes one part's figure, or none: a hold that is already
    whole, a grid with no after-beats). `trails` (one per arrangement) keeps the bass's and the
    texture's last placing, which each placed again goes on from (_resumed)."""
    final = progression[-1]
    memo = {} if memo is None else memo
    key: tuple = ()
    sounding: Sounding | None = None
    placed: dict[str, tuple[Note, ...]] = {}
    for role in PLACING:
        part = plan.part(role)
        if part is None:
            continue
        key += ((role, _climax(plan, part, summit, shapes, tutti_steps)),)
        if key in memo:
            placed[role], sounding = memo[key]
            continue
        # a part placed afresh hears the parts before it (a copy: the memo's stays as it was)
        sounding = Sounding() if sounding is None else sounding.copy()
        climax = key[-1][1]
        if role == "Melody":
            notes = _sung(plan, melody)
            # the last note rings with the final chord (one held through a plagal close's amen
            # from before it: composer.melody.amen)
            if notes and (notes[-1].start >= final.start or notes[-1].end >= final.end):
                last = notes[-1]
                notes[-1] = Note(last.start, end_tick - last.start, last.pitch, last.velocity)
        elif role == "Harmony":
            notes = _harmony(plan, part, progression, final, end_tick, sounding, summit, shapes, climax)
        elif role == "Bass":
            notes = _bass(plan, part, progression, final, end_tick, sounding, summit, shapes, climax,
                          placed.get("Melody", ()), None if trails is None else trails.setdefault(role, {}))
        elif role == "Texture":
            notes = _texture(plan, part, progression, final, end_tick, sounding, summit, shapes, climax,
                             placed.get("Bass", ()), None if trails is None else trails.setdefault(role, {}))
        elif role == "Counter":
            notes = counter_line(placed["Melody"], progression, plan.meter, part,
                                 lambda tick: _intensity(plan, tick) >= COUNTER_ENTRY, sounding,
                                 plan=plan, draw=draw)
            # its note in the final chord rings with the tune and the bass (counter._resolved)
            if notes and notes[-1].end == final.end and notes[-1].start < final.end:
                last = notes[-1]
                notes[-1] = Note(last.start, end_tick - last.start, last.pitch, last.velocity)
            notes = _tutti(plan, part, progression, tuple(notes), sounding, summit, placed["Melody"],
                           placed.get("Bass", ()))
        elif role == "Timpani":
            notes = _timpani(plan, progression, final, end_tick, ending, summit)
        else:
            notes = _drums(plan, final, end_tick, draw)
        if role != "Drums":
            notes = _in_range(notes, part.instrument.program)
        sounding.add(role, notes)
        placed[role] = tuple(notes)
        memo[key] = placed[role], sounding
    return placed


def _bar_ticks(notes, bar_ticks: int) -> dict[int, int]:
    """Per bar, how long these notes sound in it, in ticks summed over the notes."""
    out: dict[int, int] = {}
    for n in notes:
        for b in range(n.start // bar_ticks, (n.end - 1) // bar_ticks + 1):
            out[b] = out.get(b, 0) + min(n.end, (b + 1) * bar_ticks) - max(n.start, b * bar_ticks)
    return out


def _fullness(plan: Plan, placed: dict[str, tuple[Note, ...]], measured: dict | None = None) -> dict[int, float]:
    """Per bar, how full it sounds: the sounding time of every pitched note in it, at the loudness
    the performance gives the bar (its base velocity grows with the section's arousal and the
    bar's intensity: composer.character.dynamic), as a listener and the craft table weigh it.
    `measured` keeps each part's _bar_ticks by the part's notes (held there, so their id stays
    theirs): a part a tutti step left as it was is not measured again."""
    bar_ticks = plan.meter.bar_ticks
    out: dict[int, int] = {}
    for role, notes in placed.items():
        if role == "Drums":
            continue
        if measured is None:
            ticks = _bar_ticks(notes, bar_ticks)
        else:
            if id(notes) not in measured:
                measured[id(notes)] = notes, _bar_ticks(notes, bar_ticks)
            ticks = measured[id(notes)][1]
        for b, t in ticks.items():  # whole ticks: the sum is the same in any order
            out[b] = out.get(b, 0) + t
    return {b: ticks * dynamic(plan.section_at(b).character.arousal, plan.intensity_at(b))
            for b, ticks in out.items()}


def arrange(plan: Plan, progression: tuple[ChordSpan, ...], melody: tuple[Note, ...], *,
            ending: bool = True, rng: random.Random | None = None) -> Arrangement:
    """Every part of the band; deterministic from its inputs and `rng`, the arrangement's own
    generator (a stage's, composer.stage_rng), which draws how the parts vary from phrase to phrase
    (None: a fixed one)."""
    final = progression[-1]
    # each part's variations in each phrase draw from a stream of their own (composer.streams), so
    # a change in how one part varies, or in one phrase, never reshuffles another's
    draw = streams(rng or random.Random(0))
    end_tick = final.end + (_ring(plan) if ending else 0)
    # The bar of the melody's summit (the frame's decision): the piece's climax, its fullest bar.
    summit = climax_bar(plan)[1] if plan.phrases else None
    # what the accompaniment does in each bar of each phrase, read from the tune it serves
    # the tutti in proportion to the piece: the fewest steps that make the climax's bar the fullest;
    # where even the whole tutti cannot, because phrases that moved along their ladder outweigh it
    # (a rung up is more motion, a rung down less, and either can be more sound), those phrases
    # keep their section's rung, and at the last attempt all do
    level: frozenset[int] | None = frozenset()
    measured: dict = {}
    trails: dict = {}  # the bass's and texture's last placing, which the next goes on from (_resumed)
    for attempt in range(LEVEL_ATTEMPTS):
        shapes = phrasing.shapes(plan, _sung(plan, melody), summit, draw, level)
        fullest = summit is None
        memo: dict = {}
        for steps in TUTTI_STEPS if summit is not None else TUTTI_STEPS[-1:]:
            placed = _placed(plan, progression, melody, end_tick, ending, summit, shapes, steps, draw,
                             memo, trails)
            if summit is None:
                break
            full = _fullness(plan, placed, measured)
            peak = full.get(summit, 0) / (1 + TUTTI_MARGIN)
            if peak >= max((v for b, v in full.items() if b != summit), default=0):
                fullest = True
                break
        if fullest or level is None:
            break
        louder = {plan.phrase_at(b).start_bar for b, v in full.items() if b != summit and v > peak}
        level = None if attempt + 2 == LEVEL_ATTEMPTS else level | louder
    parts = [Part(part.role, part.instrument.name, part.instrument.program, part.channel,
                  separate_repeats(placed[part.role], MIN_NOTE))
             for part in plan.band if placed.get(part.role)]  # a part with nothing to play is left out
    chords = tuple((s.start, s.chord.figure if s.key == plan.key else f"{s.chord.figure} ({s.key.label})")
                   for s in progression)
    return Arrangement(tuple(parts), end_tick, _styles(plan, parts), chords, summit, shapes,
                       steps if summit is not None else 0)


def splice(plan: Plan, original: Arrangement, new: Arrangement, index: int) -> Arrangement:
    """`original` with section `index` played as `new` plays it: every note struck inside the
    section is new's, every note struck outside it original's (a re-rolled moment)."""
    bar = plan.meter.bar_ticks
    section = plan.sections[index]
    lo, hi = section.start_bar * bar, section.end_bar * bar
    parts = []
    for old, fresh in zip(original.parts, new.parts):
        kept = [n for n in old.notes if not lo <= n.start < hi]
        # A kept note still sounding into the section goes on as it was: a fresh note struck on
        # its pitch while it sounds is taken into it (the tone held on), or begins where it ends
        # (struck again there, its pitch would cut the kept note short).
        held = {n.pitch: n.end for n in kept if n.start < lo < n.end}
        notes = list(kept)
        for n in fresh.notes:
            if not lo <= n.start < hi:
                continue
            end = held.get(n.pitch)
            if end is not None and n.start < end:
                if n.end <= end:
                    continue
                n = Note(end, n.end - end, n.pitch, n.velocity)
            notes.append(n)
        parts.append(Part(old.role, old.instrument, old.program, old.channel,
                          separate_repeats(notes, MIN_NOTE)))
    shapes = tuple(new.shapes[b] if section.start_bar <= b < section.end_bar else original.shapes[b]
                   for b in range(len(original.shapes)))
    return Arrangement(tuple(parts), original.end_tick, _styles(plan, parts), new.chords, original.summit,
                       shapes, original.tutti)


def style_of(role: str, character) -> str:
    """What a part plays in a section of this character, as explain names it."""
    if role == "Harmony":
        return character.harmony
    if role == "Bass":
        return character.bass
    if role == "Texture":
        return f"{character.texture}: {PATTERNS[character.texture].description}"
    if role == "Counter":
        return "answers the melody in its gaps"
    if role == "Timpani":
        return "tonic and dominant drums with the harmony, rolls into rising sections"
    if role == "Drums":
        return character.drums
    return "the tune"


def _styles(plan: Plan, parts: list[Part]) -> tuple[tuple[int, str, str], ...]:
    """Per section and part: its style where it plays there, "rests" where it has no note."""
    bar = plan.meter.bar_ticks
    starts = {part.role: sorted(n.start for n in part.notes) for part in parts}
    out = []
    for i, section in enumerate(plan.sections):
        lo, hi = section.start_bar * bar, section.end_bar * bar
        for part in parts:
            ticks = starts[part.role]
            first = bisect_left(ticks, lo)  # the part's first note from the section's start
            plays = first < len(ticks) and ticks[first] < hi
            out.append((i, part.role, style_of(part.role, section.character) if plays else "rests"))
    return tuple(out)
