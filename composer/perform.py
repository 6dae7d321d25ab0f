"""Arrangement -> Piece: dynamics, timing, articulation, pedal, space and the ending.

Rules from emotion-rules.md: loudness rises with arousal and intensity (Juslin & Laukka);
sad and tender music slows at the end (ritardando); a player shapes phrases toward their peak
and softens at cadences; small seeded deviations keep it from sounding like a machine."""

from __future__ import annotations

import dataclasses
import math
import random
from bisect import bisect_left
from collections.abc import Sequence

from composer.arrange import MIN_NOTE, Arrangement
from composer.piece import NEUTRAL_VELOCITY, TICKS_PER_BEAT, Control, Marker, Note, Part, Piece, TempoChange, separate_repeats
from composer.balance import level, lift, part_loudness, volumes
from composer.character import dynamic, furious
from composer.hits import HIT_NUDGE
from composer.plan import CLIMAX_AT, Plan
from composer.streams import Streams, streams

# Loudness: a base velocity from arousal and intensity (composer.character.dynamic, which the
# arrangement also weighs its climax by), then offsets per role so the melody sits on top and
# accompaniment underneath.
# Drums sit high: their kits sound far under the band at equal velocity (composer.balance).
ROLE_VELOCITY = {"Melody": 10, "Harmony": -8, "Bass": -2, "Texture": -14, "Counter": -6, "Drums": 8}
# Metric accent by the meter's strength of the onset (3 downbeat .. 0 off-beat).
ACCENT = {3: 6, 2: 3, 1: 1, 0: 0}
# Velocity gained toward the peak of a phrase's arch and of a period's (composer.perform's
# _Arches; Todd 1992: loudness rises and falls with the tempo through each unit of the phrase
# hierarchy). A section's own rise is the plan's intensity curve (Plan.intensity_at).
SWELL = {"period": 4, "phrase": 10}
CADENCE_EASE = 6  # velocity given back on a phrase's last bar
# High-loud (Friberg, Bresin & Sundberg 2006, "Overview of the KTH rule system for musical
# performance": the sound level rises about 3 dB an octave with pitch): a melody note is louder
# by this much velocity per semitone above its phrase's mean pitch (at a melody's usual velocity
# of about 80 one velocity step is about 0.2 dB in composer.balance's 40 log10 law), softer below,
# at most HIGH_LOUD_MOST either way; so the line's high point is its loudest note.
HIGH_LOUD = 1.1
HIGH_LOUD_MOST = 8

# The loudest a note is struck, reached through a soft knee (_limited) from LOUD_KNEE.
LOUD_KNEE = 100
LOUDEST = 120

# Humanisation: standard deviations, small enough to feel and not to hear as errors.
VELOCITY_JITTER = 3.0
TIMING_JITTER = {"Melody": 6.0, "Texture": 5.0, "Counter": 6.0}  # ticks; chords stay together

# GM programs that have a sustain pedal (pianos, electric pianos, harpsichord, clavinet).
PEDALLED = range(0, 8)
# GM programs that sustain and swell with expression (organ, strings, ensemble, choir, brass,
# reeds, pipes, pads).
SWELLING = set(range(16, 24)) | set(range(40, 80)) | set(range(88, 96))

# How far a phrase's last bar broadens, as a share of the feel's rubato, by the cadence that ends
# it: phrase-final lengthening grows with how much the phrase closes (Todd, "A model of expressive
# timing in tonal music", 1985: the slowing at a boundary is proportional to its level in the
# phrase hierarchy). An authentic close breathes fully, a half or deceptive cadence a little, a
# cadence the music runs through (evaded, elided) not at all; so phrase ends no longer all
# slow alike.
CADENCE_BREATH = {"authentic": 1.0, "plagal": 0.8, "half": 0.5, "deceptive": 0.4, "evaded": 0.0,
                  "elided": 0.0}
# ... and by the level of the boundary (Todd again: the deeper the boundary in the phrase
# hierarchy, the more it slows): a section's end fully, a period's (the consequent's cadence)
# less, a phrase inside a period little.
BOUNDARY_BREATH = {"section": 1.0, "period": 0.6, "phrase": 0.3}
# A breath shallower than this share of the tempo is not played: at every phrase end of a calm
# piece it was the slow-down-and-snap-back a reader hears as a formula, not as phrasing.
LEAST_BREATH = 0.015
# A change of tempo between sections larger than this share is prepared over the bar before it.
PREPARED = 0.04
# The closing ritardando. Its length is a span of time, not of bars (Honing, "The final ritard:
# on music, motion, and kinematic models", Computer Music Journal 27/3, 2003: one curve laid over
# the score cannot fit every tempo): about this many seconds, so fast music slows over more bars
# and slow music over fewer (two bars at every tempo were 8 s at 58 bpm and 4 s at 116), at
# least a bar and at most a sixth of the piece or RITARDANDO_MOST_BARS. A close may set it in
# elsewhere (composer.harmony.close.Amen.slowing): an amen that broadens from its arrival, or
# the echo of a twice-sounded amen.
RITARDANDO_SECONDS = 4.5
RITARDANDO_MOST_BARS = 4
# How far it slows, as the final tempo's share, by the quarter-note tempo (interpolated between
# these, held beyond them): music already slow has little left to give (64's 58 slowing to 48
# bpm dragged), quick music slows further. Lighter when excited (arousal above 0).
RITARDANDO_FINAL = ((60, 0.88), (90, 0.83), (120, 0.78))
RITARDANDO_EXCITED = 0.1
# The curve (Friberg & Sundberg, "Does music performance allude to locomotion? A model of final
# ritardandi derived from measurements of stopping runners", JASA 105/3, 1999): the tempo at the
# share x of the ritardando is (1 + (w^q - 1) x)^(1/q) of the tempo, w the final share; q = 2,
# a runner braking evenly, whose tempo holds at first and gives way toward the end.
RITARDANDO_CURVE = 2.0
PEDAL_CATCH = 40  # ticks after a chord change when the pedal goes down again (legato pedalling)

# The phrase arch (Todd, "A model of expressive timing in tonal music", 1985, and "The dynamics
# of dynamics", 1992; the KTH rule system's Phrase arch, Friberg 1995; Repp's measurements of
# expressive timing in Schumann's Traumerei, 1992): a player moves a little faster and louder
# toward the middle of each unit of the phrase hierarchy (a phrase, a period, a section) and
# eases toward its end, each arch the larger the higher its level. The arches add up, so the
# deepest boundary slows the most, the tempo changes continuously, and no long section stands
# at one tempo. Each arch peaks where the plan's phrases peak (plan.CLIMAX_AT, where the
# melody's contour climbs to: composer.melody.phrase), so tempo, loudness and line rise together.
# Its size is one decision: the feel's rubato (composer.character), of which ARCH_RUBATO, plus
# ARCH_LEAST even where the feel takes no breath at phrase ends (emotion-rules.md: happy music
# keeps little rubato, not none); each level's share as its boundary breathes (BOUNDARY_BREATH:
# Todd's slowing in proportion to the level). At the section's level this is the arch's swing
# from its ends to its peak: 2 % in a lively section, about 5 % in the saddest.
ARCH_LEAST = 0.02
ARCH_RUBATO = 0.35
# An arch over fewer bars than a four-bar phrase (an interlude of two bars, a phrase of one) swings
# in proportion to its length: the tempo never moves faster than a phrase's full arch would.
ARCH_FULL_BARS = 4
# A tempo that has moved less than this share since the last written change is not written:
# steps of 0.4 % lie far under what a listener hears as a change of tempo (a few percent: Drake &
# Botte, "Tempo sensitivity in auditory sequences", 1993), and the map keeps to about one tempo
# event every other beat (the examples: 23-75 a minute, median 37).
ARCH_STEP = 0.004
# How much a phrase's or a period's arch may be deeper or shallower than its level's (_Arches.size).
ARCH_VARY = 0.35


def _height(position: float) -> float:
    """A smooth arch over 0..1: 0 at both ends, 1 at CLIMAX_AT."""
    position = max(0.0, min(1.0, position))
    return math.sin(math.pi * position ** ARCH_SKEW)


# bends the sine's peak from the middle to CLIMAX_AT
ARCH_SKEW = math.log(0.5) / math.log(CLIMAX_AT)
# an arch's mean height, taken off again so that each arch keeps the tempo on average
ARCH_MEAN = sum(_height((k + 0.5) / 1000) for k in range(1000)) / 1000


class _Arches:
    """The arches of the plan's phrase hierarchy at any tick: for the tempo (a factor around 1)
    and for the dynamics (velocity gained). A period is an antecedent and the consequent that
    answers it; a phrase standing alone is its own period (so every boundary between phrases
    ends an arch at each level up to the one it closes, and the tempo runs on across it)."""

    def __init__(self, plan: Plan, seed: int | None = None):
        self.plan = plan
        self.seed = seed
        bar = plan.meter.bar_ticks
        self.periods: dict[int, tuple[int, int]] = {}
        for section in plan.sections:
            for first, second in zip(section.phrases, section.phrases[1:]):
                if first.role == "antecedent" and second.role == "consequent":
                    span = (first.start_bar * bar, second.end_bar * bar)
                    self.periods[first.start_bar] = self.periods[second.start_bar] = span
        self._sizes: dict[tuple[str, int], float] = {}  # each unit's depth, drawn once (size)
        self._spans: dict[int, dict[str, tuple[int, int]]] = {}  # per bar, read at every note (spans)

    def spans(self, tick: int) -> dict[str, tuple[int, int]]:
        """The ticks each level's unit under `tick` spans."""
        plan, bar = self.plan, self.plan.meter.bar_ticks
        at = min(tick // bar, plan.bars - 1)
        if at not in self._spans:
            section, phrase = plan.section_at(at), plan.phrase_at(at)
            spans = {"section": (section.start_bar * bar, section.end_bar * bar),
                     "phrase": (phrase.start_bar * bar, phrase.end_bar * bar)}
            spans["period"] = self.periods.get(phrase.start_bar, spans["phrase"])
            self._spans[at] = spans
        return self._spans[at]

    def size(self, level: str, start: int) -> float:
        """How fully the unit of `level` starting at `start` arches: a performer shapes a
        phrase afresh each time it comes round (Repp 1992: pianists' timing of a repeated phrase
        follows one profile at varying depth), so each phrase and period draws its own depth
        within ARCH_VARY of the level's, from the seed and where it starts (the same piece plays
        the same way; a section played afresh keeps the others' depths). Sections arch fully."""
        if level == "section" or self.seed is None:
            return 1.0
        if (level, start) not in self._sizes:  # asked at every note: a generator seeded once a unit
            draw = random.Random(f"{self.seed}:{level}:{start}").random()
            self._sizes[level, start] = 1 + ARCH_VARY * (2 * draw - 1)
        return self._sizes[level, start]

    def heights(self, tick: int) -> dict[str, float]:
        """Each level's arch height (0..1) at `tick`."""
        return {level: _height((tick - lo) / (hi - lo)) for level, (lo, hi) in self.spans(tick).items()}

    def tempo(self, tick: int) -> float:
        """The tempo at `tick` as a factor of the section's: each arch's height by its level's
        share of the section's give, less what the full arches give on average (so a section of
        full arches keeps its tempo on average, and every boundary in it is as slow as its level
        makes it, whatever the units' lengths). An arch shorter than ARCH_FULL_BARS swings in
        proportion to its length."""
        full = ARCH_FULL_BARS * self.plan.meter.bar_ticks
        bar = min(tick // self.plan.meter.bar_ticks, self.plan.bars - 1)
        give = ARCH_LEAST + ARCH_RUBATO * self.plan.section_at(bar).character.rubato
        return 1 + give * sum(BOUNDARY_BREATH[level] * self.size(level, lo)
                              * (min(1.0, (hi - lo) / full) * _height((tick - lo) / (hi - lo))
                                 - ARCH_MEAN)
                              for level, (lo, hi) in self.spans(tick).items())

    def swell(self, tick: int) -> float:
        """Velocity gained at `tick` (SWELL)."""
        spans = self.spans(tick)
        return sum(SWELL[level] * self.size(level, spans[level][0]) * h
                   for level, h in self.heights(tick).items() if level in SWELL)


def _velocity(plan: Plan, arches: _Arches, role: str, note: Note, rng: random.Random,
              height: float = 0.0) -> int:
    bar_ticks = plan.meter.bar_ticks
    bar = min(note.start // bar_ticks, plan.bars - 1)
    section = plan.section_at(bar)
    phrase = plan.phrase_at(bar)
    v = (dynamic(section.character.arousal, plan.intensity_at(bar))
         + ROLE_VELOCITY.get(role, 0) + ACCENT[plan.meter.strength(note.start % bar_ticks)]
         + arches.swell(note.start) + height
         - (CADENCE_EASE if bar == phrase.end_bar - 1 else 0)
         + rng.gauss(0, VELOCITY_JITTER))
    return max(20, round(_limited(v)))


def _limited(v: float) -> float:
    """The velocity under a soft knee: up to LOUD_KNEE as it is, above it bent toward LOUDEST and
    never past it, so the loudest notes keep their order (a phrase's peak over its neighbours, a
    high note over a low one) instead of all standing on one ceiling: a hard limit at 120 flattened
    73 of storm's 353 melody notes onto it."""
    if v <= LOUD_KNEE:
        return v
    room = LOUDEST - LOUD_KNEE
    return LOUD_KNEE + room * math.tanh((v - LOUD_KNEE) / room)


def _high_loud(plan: Plan, notes) -> list[float]:
    """Each melody note's velocity offset for its height in its phrase (HIGH_LOUD)."""
    bar = plan.meter.bar_ticks
    by_phrase: dict[int, list[int]] = {}
    for n in notes:
        by_phrase.setdefault(plan.phrase_at(n.start // bar).start_bar, []).append(n.pitch)
    mean = {start: sum(pitches) / len(pitches) for start, pitches in by_phrase.items()}
    return [max(-HIGH_LOUD_MOST, min(HIGH_LOUD_MOST,
                                     HIGH_LOUD * (n.pitch - mean[plan.phrase_at(n.start // bar).start_bar])))
            for n in notes]


# A lively melody is played detached (character.DETACHED), but not its cadences' arrivals: the
# tone a phrase comes to rest on sounds its written length, as the appoggiatura that leans into
# it (the slur of 6-5 or 4-3 is one gesture), or the arrival written to the half bar
# (melody.cadence.held_pulses) is a staccato crotchet and a beat more of silence. A composer's
# reading of s15 heard held-out 11 at seed 3 (bars 6, 12, 24: Bb4 struck as a half bar and
# sounding 1.1 beats) and held-out 5 (bar 7: B4) clip their cadences so. The notes struck from
# the cadence bar's downbeat (or sounding into it) to its first written rest, up to its middle,
# are the arrival; an upbeat after the breath is the next phrase's and detached as the rest. A
# furious moment (character.furious) strikes its arrivals short, as all its notes.


def _arrivals(plan: Plan, notes) -> frozenset[int]:
    """The indices of the melody notes that make a phrase's arrival (see above): for every
    phrase the tune sings that is not elided (an elided cadence is the next phrase's first
    note) and not furious."""
    from composer.melody.cadence import held_pulses

    bar = plan.meter.bar_ticks
    middle = held_pulses(plan.meter) * plan.meter.pulse_ticks
    order = sorted(range(len(notes)), key=lambda i: notes[i].start)
    starts = [notes[i].start for i in order]
    out = set()
    for phrase in plan.phrases:
        if not getattr(phrase, "melody", True) or phrase.elided \
                or furious(plan.section_at(phrase.start_bar).character):
            continue
        downbeat = (phrase.end_bar - 1) * bar
        k = bisect_left(starts, downbeat)
        if k > 0 and notes[order[k - 1]].end > downbeat:
            k -= 1  # the tone struck before the bar line and sounding into it (an anticipation)
        end = None
        while k < len(order):
            n = notes[order[k]]
            if n.start > downbeat + middle or (end is not None and n.start > end):
                break  # past the middle, or after a rest: the next phrase's upbeat
            out.add(order[k])
            end = max(end or n.end, n.end)
            k += 1
    return frozenset(out)


def _articulate(plan: Plan, arches: _Arches, role: str, notes, draws: Sequence[Streams],
                on_time: frozenset[int] = frozenset()) -> tuple[Note, ...]:
    """Velocities for every note (the melody's also by its height in its phrase); seeded timing
    nudges for the lines (not the first note, not the last, never past a neighbour, never a note on
    a hit point's downbeat in `on_time`, never out of its section), and a detached touch for
    lively melodies but their cadences' arrivals (_arrivals). Each part's notes in each phrase draw
    from a stream of their section's generator (`draws`), so a section played afresh leaves every
    other one as it was, and a phrase or part played otherwise the other phrases and parts."""
    jitter = TIMING_JITTER.get(role, 0.0)
    bar_ticks = plan.meter.bar_ticks
    phrases: dict[tuple[int, int], random.Random] = {}  # each going on where its last note left it
    heights = _high_loud(plan, notes) if role == "Melody" else [0.0] * len(notes)
    arrivals = _arrivals(plan, notes) if role == "Melody" else frozenset()
    out = []
    for i, n in enumerate(notes):
        section = plan.section_at(n.start // bar_ticks)
        place = plan.place_at(n.start // bar_ticks)
        if place not in phrases:
            phrases[place] = draws[place[0]](role, place[1])
        rng = phrases[place]
        start, duration = n.start, n.duration
        if jitter and 0 < i < len(notes) - 1 and start > 0:
            shift = round(max(-2 * jitter, min(2 * jitter, rng.gauss(0, jitter))))
            shift = 0 if start in on_time else shift
            # never out of its section: a moment starts together, and ends where it ends
            shift = max(section.start_bar * bar_ticks - start,
                        min(section.end_bar * bar_ticks - 1 - start, shift))
            start += shift
            duration -= shift
        detach = plan.section_at(n.start // bar_ticks).character.articulation if role == "Melody" else 1.0
        if detach < 1.0 and i < len(notes) - 1 and i not in arrivals:
            duration = max(30, round(duration * detach))
        # The arrangement's own accents (a groove's hi-hat under its kick) scale the dynamics.
        velocity = _velocity(plan, arches, role, n, rng, heights[i]) * n.velocity / NEUTRAL_VELOCITY
        out.append(Note(start, duration, n.pitch, max(1, min(127, round(velocity)))))
    return tuple(out)


def _pedal(spans_starts, end_tick: int) -> tuple[Control, ...]:
    """Legato pedalling: lift exactly at each chord change, catch again just after."""
    controls = [Control(0, 64, 0)]
    for tick in spans_starts:
        if tick > 0:
            controls.append(Control(tick, 64, 0))
        controls.append(Control(tick + PEDAL_CATCH, 64, 127))
    controls.append(Control(end_tick, 64, 0))
    return tuple(controls)


# Expression (CC11) of a sustaining instrument at the foot of the arches and at their summed peak.
EXPRESSION = (84, 112)


def _swells(plan: Plan, arches: _Arches, end_tick: int) -> tuple[Control, ...]:
    """Expression (CC11) following the arches the velocities follow (SWELL): rising toward each
    phrase's peak and easing into its cadence, six steps a phrase."""
    bar = plan.meter.bar_ticks
    low, high = EXPRESSION
    out = []
    for phrase in plan.phrases:
        start, length = phrase.start_bar * bar, phrase.bars * bar
        for k in range(6):
            tick = start + length * k // 6
            out.append(Control(tick, 11, round(low + (high - low) * arches.swell(tick) / sum(SWELL.values()))))
    out.append(Control(end_tick - bar // 2 if end_tick > bar else 0, 11, 80))
    return tuple(sorted(set(out), key=lambda c: c.tick))


def _volumes(plan: Plan, parts: list[Part]) -> tuple[list[Part], dict[str, list[Control]]]:
    """Channel volume (CC7) for each part at each section's start: the band brought to the
    section's level for its arousal and intensity, each part to its role's place in the balance,
    from how loud its own notes there sound (composer.balance), so loudness follows the feel
    whatever the instruments, the figures and the number of parts. Where the band cannot reach
    the level at full volume, the parts already there play harder (balance.lift). Returns the
    parts with those velocities, and the controls."""
    bar = plan.meter.bar_ticks
    out: dict[str, list[Control]] = {p.role: [] for p in parts}
    notes: dict[str, list[Note]] = {p.role: [] for p in parts}
    # Each part's notes by start, to take a section's notes by bisection (an hour has thousands of
    # sections' worth of notes), kept in the part's own order.
    by_start = {p.role: sorted(range(len(p.notes)), key=lambda i, p=p: p.notes[i].start) for p in parts}
    starts = {p.role: [p.notes[i].start for i in by_start[p.role]] for p in parts}

    def notes_in(part: Part, lo: int, hi: int) -> list[Note]:
        ticks, order = starts[part.role], by_start[part.role]
        picked = sorted(order[bisect_left(ticks, lo):bisect_left(ticks, hi)])
        return [part.notes[i] for i in picked]

    for section in plan.sections:
        lo, hi = section.start_bar * bar, section.end_bar * bar
        if section is plan.sections[-1]:
            hi = max([hi] + [n.end for p in parts for n in p.notes])
        seconds_per_tick = 60 / (plan.quarter_bpm_at(section.start_bar) * TICKS_PER_BEAT)
        span = (section.end_bar - section.start_bar) * bar * seconds_per_tick
        kit = section.character.drums
        inside = {p.role: notes_in(p, lo, hi) for p in parts}
        programs = {p.role: p.program for p in parts}

        def predict() -> dict[str, float | None]:
            # What sounds inside the section: a note held on past its end (a roll into the next
            # section) counts up to the end, so the section's level does not hang on how the
            # next one begins (a re-rolled moment cuts that roll where it strikes the drum).
            return {role: part_loudness(programs[role], [n if n.end <= hi else Note(
                n.start, hi - n.start, n.pitch, n.velocity) for n in inside[role]],
                seconds_per_tick, span, kit if role == "Drums" else None) for role in inside}

        target = level(section.character.arousal, section.character.intensity, plan.character.arousal)
        predicted = predict()
        levels = volumes(predicted, target)
        factor = lift(predicted, levels, target)
        if factor > 1.0:
            for role, cc in levels.items():
                if cc == 127:
                    inside[role] = [Note(n.start, n.duration, n.pitch, min(127, round(n.velocity * factor)))
                                    for n in inside[role]]
            levels = volumes(predict(), target)
        for role, cc in levels.items():
            out[role].append(Control(lo, 7, cc))
            notes[role] += inside[role]
    return [dataclasses.replace(p, notes=tuple(notes[p.role])) for p in parts], out


# Hit points (composer.hits): a sforzando lifts a note by this much velocity, to at least the
# floor; the climax's downbeat is lifted by CLIMAX_GAIN; notes cut short by a stop shorter than
# MIN_NOTE are dropped rather than left as clicks.
SFORZANDO_GAIN = 24
SFORZANDO_FLOOR = 100
# A climax's or a cadence hit's downbeat is leaned on rather than struck: the arrival is heard
# (where a phrase's last bar otherwise eases, CADENCE_EASE).
ARRIVAL_GAIN = {"climax": 12, "cadence": 10}
# A stop is damped, as players stop a note dead (a bow lifted, a hand on the strings): each
# part's volume falls to nothing over DAMP_TICKS from the hit and returns with the next bar,
# where a released note would otherwise ring on for a quarter of a second.
DAMP_TICKS = 8
CRASH, KICK = 49, 36  # GM percussion: a cymbal and a bass drum on an accent or the climax


def _hit_notes(plan: Plan, role: str, notes: tuple[Note, ...]) -> tuple[Note, ...]:
    """The notes as the hit points need them: an accent strikes every part on its downbeat
    (sounding notes struck again there, sforzando; a crash and a kick in the drums); the climax's
    downbeat is the loudest; a stop silences every part for its bar (notes sounding into it end
    on its downbeat, notes in it are left out)."""
    bar = plan.meter.bar_ticks
    out = list(notes)
    for hit in plan.hits:
        tick = hit.bar * bar
        if hit.kind == "stop":
            # The music plays up to the cut: a note ending in the beat before it is held to it
            # (where its pitch is not struck again), so every part stops together, on the hit.
            beat = plan.meter.pulse_ticks
            later = {}
            for n in out:
                if n.start < tick:
                    later[n.pitch] = max(later.get(n.pitch, -1), n.start)
            kept = []
            for n in out:
                if tick <= n.start < tick + bar:
                    continue
                if n.start < tick < n.end:
                    if tick - n.start < MIN_NOTE:
                        continue
                    n = Note(n.start, tick - n.start, n.pitch, n.velocity)
                elif role != "Drums" and tick - beat <= n.end < tick and later[n.pitch] == n.start:
                    n = Note(n.start, tick - n.start, n.pitch, n.velocity)
                kept.append(n)
            out = kept
        elif hit.kind in ("accent", "climax", "cadence"):
            gain = (lambda v: min(127, max(v + SFORZANDO_GAIN, SFORZANDO_FLOOR))) if hit.kind == "accent" \
                else (lambda v, g=ARRIVAL_GAIN[hit.kind]: min(127, v + g))
            struck = []
            for n in out:
                if n.start == tick:
                    n = Note(n.start, n.duration, n.pitch, gain(n.velocity))
                elif hit.kind == "accent" and n.start < tick < n.end and tick - n.start >= MIN_NOTE:
                    struck.append(Note(tick, n.end - tick, n.pitch, gain(n.velocity)))
                    n = Note(n.start, tick - n.start, n.pitch, n.velocity)
                struck.append(n)
            if role == "Drums" and hit.kind != "cadence":
                struck += [Note(tick, MIN_NOTE * 4, CRASH, 118), Note(tick, MIN_NOTE * 4, KICK, 110)]
            out = struck
    return tuple(sorted(out, key=lambda n: (n.start, n.pitch)))


def _damped(plan: Plan, volumes: list[Control]) -> list[Control]:
    """Channel volume (CC7) through each stop: down to nothing over DAMP_TICKS from the hit, back
    to the volume in force at the end of its bar."""
    bar = plan.meter.bar_ticks
    out = []
    for hit in plan.hits:
        if hit.kind != "stop":
            continue
        tick = hit.bar * bar
        before = [c.value for c in volumes if c.tick <= tick] or [100]
        after = [c.value for c in volumes if c.tick <= tick + bar] or [100]
        out += [Control(tick + k, 7, round(before[-1] * (1 - (k + 1) / DAMP_TICKS)))
                for k in range(DAMP_TICKS)]
        out.append(Control(tick + bar, 7, after[-1]))
    return out


def _buttoned(role: str, notes: tuple[Note, ...], tick: int, pcs) -> tuple[Note, ...]:
    """The notes as a button close needs them (composer.harmony.close.BUTTON): every part strikes
    the last chord (pitch classes `pcs`) on its downbeat `tick`, sforzando as an accent is (a
    note of the chord sounding into it struck again there; any other stops there), for the
    button's length; nothing sounds after it (the drums' stroke on it rings as a cymbal rings)."""
    from composer.harmony.close import BUTTON

    def accent(v: int) -> int:
        return min(127, max(v + SFORZANDO_GAIN, SFORZANDO_FLOOR))

    out = []
    for n in notes:
        if n.start < tick < n.end:
            if tick - n.start >= MIN_NOTE:
                out.append(Note(n.start, tick - n.start, n.pitch, n.velocity))
            if role == "Drums" or n.pitch % 12 in pcs:
                out.append(Note(tick, BUTTON.length, n.pitch, accent(n.velocity)))
        elif n.start == tick:
            length = n.duration if role == "Drums" else BUTTON.length
            out.append(Note(tick, length, n.pitch, accent(n.velocity)))
        elif n.start < tick:
            out.append(n)
    return tuple(sorted(out, key=lambda n: (n.start, n.pitch)))


def _pedal_stops(plan: Plan, controls: list[Control]) -> list[Control]:
    """The sustain pedal lifted through a stop's bar, or it would keep the pause sounding."""
    bar = plan.meter.bar_ticks
    for hit in plan.hits:
        if hit.kind == "stop":
            tick = hit.bar * bar
            controls = [c for c in controls if not (c.number == 64 and tick <= c.tick < tick + bar)]
            controls.append(Control(tick, 64, 0))
    return controls


def _anchored(tempo_map: tuple[TempoChange, ...], anchors: list[tuple[int, float, float]]
              ) -> tuple[TempoChange, ...]:
    """The tempo map scaled piecewise so each anchor's tick sounds at its asked time: every
    stretch from one anchor to the next played faster or slower as a whole (its rubato kept),
    by at most `limit` either way (an anchor that needs more is missed by the difference). After
    the last anchor the map is left as it is. Anchors: (tick, seconds, limit)."""
    changes = {c.tick: c.bpm for c in tempo_map}
    for tick, _, _ in anchors:  # the tempo in force at each anchor, so each stretch scales alone
        if tick not in changes:
            changes[tick] = next(c.bpm for c in reversed(tempo_map) if c.tick <= tick)
    ticks = sorted(changes)
    out: dict[int, float] = {}
    start_tick, start_time = 0, 0.0
    for tick, seconds, limit in anchors:
        inside = [t for t in ticks if start_tick <= t < tick]
        nominal = _seconds(tuple(TempoChange(t, changes[t]) for t in inside), tick)
        want = seconds - start_time
        factor = nominal / want if want > 0 else 1.0
        if limit is not None:
            factor = max(1 - limit, min(1 + limit, factor))
        for t in inside:
            out[t] = round(changes[t] * factor, 4)
        start_time += _seconds(tuple(TempoChange(t, out[t]) for t in inside), tick)
        start_tick = tick
    for t in ticks:
        if t >= start_tick:
            out[t] = changes[t]
    return tuple(TempoChange(t, out[t]) for t in sorted(out))


def _ritardando(plan: Plan, ending: bool, slowing: tuple[str, int] | None = None
                ) -> tuple[int, float]:
    """Where the closing ritardando sets in (a tick on the pulse) and the final tempo's share; in
    an open piece (ending=False), (the end, 1.0): none. `slowing` is the close's word on where
    it sets in (composer.harmony.close.slowing); by default a span of time before the end."""
    meter, bar = plan.meter, plan.meter.bar_ticks
    end = plan.bars * bar
    if not ending:
        return end, 1.0
    last = plan.sections[-1]
    bpm = plan.quarter_bpm_at(plan.bars - 1)
    kind, tick = slowing or ("time", end)
    if kind == "none":  # a close played in tempo to its end (composer.harmony.close.BUTTON)
        return end, 1.0
    if kind == "time":
        per_pulse = meter.pulse_ticks / TICKS_PER_BEAT * 60 / bpm
        most = max(1, min(RITARDANDO_MOST_BARS, plan.bars // 6)) * meter.pulses
        pulses = max(meter.pulses, min(most, round(RITARDANDO_SECONDS / per_pulse)))
        tick = end - pulses * meter.pulse_ticks
    (lo_bpm, lo), (hi_bpm, hi) = next(
        ((a, b) for a, b in zip(RITARDANDO_FINAL, RITARDANDO_FINAL[1:]) if bpm <= b[0]),
        RITARDANDO_FINAL[-2:])
    final = lo + (hi - lo) * max(0.0, min(1.0, (bpm - lo_bpm) / (hi_bpm - lo_bpm)))
    final += RITARDANDO_EXCITED * max(0.0, last.character.arousal)
    return tick // meter.pulse_ticks * meter.pulse_ticks, min(1.0, final)


def _tempo_map(plan: Plan, ending: bool = True, seed: int | None = None,
               slowing: tuple[str, int] | None = None) -> tuple[TempoChange, ...]:
    """Each section's tempo (moments may move faster or slower) shaped pulse by pulse by the
    phrase arches (_Arches); a breath at each phrase end (rubato: a broadening into the cadence,
    then a tempo), deeper the calmer the feel (sad and tender music carries strong rubato, happy
    music little); and a ritardando through the last bars, deeper when sad or tender (low
    arousal), lighter when excited. An open piece (a loop, a piece of endless playback) keeps
    its bars' steady length, so it goes round or hands on in time."""
    meter = plan.meter
    bar, pulse = meter.bar_ticks, meter.pulse_ticks
    rit_tick, depth = _ritardando(plan, ending, slowing)
    section_starts = {s.start_bar for s in plan.sections}
    arches = _Arches(plan, seed)

    def shaped(tick: int) -> float:  # a pulse at the arches' tempo at its middle
        return plan.quarter_bpm_at(tick // bar) * arches.tempo(tick + pulse // 2)

    # Pulses whose tempo is led somewhere, written pulse by pulse like the pulse after them: a
    # preparation (from the tempo before it to the new section's first pulse: `toward`), a breath
    # and the ritardando (a share of the tempo: `share`, from the tempo at its start: `held`).
    toward: dict[int, float] = {}
    share: dict[int, float] = {}
    held: dict[int, float] = {}
    for phrase in plan.phrases:
        last = phrase.end_bar - 1
        if phrase.end_bar * bar > rit_tick or last == 0:
            continue
        bpm, after = plan.quarter_bpm_at(last), plan.quarter_bpm_at(phrase.end_bar)
        if phrase.end_bar in section_starts and abs(after / bpm - 1) > PREPARED:
            # A new section at another tempo is led into, pulse by pulse over the bar before it
            # (poco accelerando, poco ritardando), rather than jumped to on its downbeat.
            start, goal = shaped(last * bar - pulse), shaped(phrase.end_bar * bar)
            for j in range(1, meter.pulses + 1):
                toward[last * bar + (j - 1) * pulse] = start + (goal - start) * j / (meter.pulses + 1)
            continue
        level = ("section" if phrase.end_bar in section_starts else
                 "period" if phrase.role == "consequent" else "phrase")
        breath = 0.0 if phrase.elided else plan.section_at(phrase.start_bar).character.rubato \
            * CADENCE_BREATH.get(phrase.cadence, 1.0) * BOUNDARY_BREATH[level]
        if breath < LEAST_BREATH:
            continue
        # Into the cadence pulse by pulse, and out of it as gently: the next phrase's first pulses
        # take the tempo up again (a phrase begins slower too, as the arches do: Repp), so the
        # breath is a dip in the tempo, not a slow-down and a snap back. A later phrase's own
        # breath or the ritardando wins over the way out.
        for j in range(meter.pulses):
            share[last * bar + j * pulse] = 1 - breath * (j + 1) / meter.pulses
        for j in range(meter.pulses - 1):
            share[phrase.end_bar * bar + j * pulse] = 1 - breath * (meter.pulses - 1 - j) / meter.pulses
    # The ending belongs to the last section: its mood and tempo decide how far the music slows
    # (_ritardando), the close where it sets in.
    steps = (plan.bars * bar - rit_tick) // pulse
    q = RITARDANDO_CURVE
    for k in range(1, steps + 1):
        tick = rit_tick + (k - 1) * pulse
        held[tick] = plan.quarter_bpm_at(rit_tick // bar) * arches.tempo(tick + pulse // 2)
        share[tick] = (1 + (depth ** q - 1) * k / steps) ** (1 / q)  # over a breath: the later word wins
    changes, written = [], None
    led = toward.keys() | share.keys()
    for tick in range(0, plan.bars * bar, pulse):
        bpm = toward[tick] if tick in toward else held.get(tick, shaped(tick)) * share.get(tick, 1.0)
        if (written is None or tick in led or tick - pulse in led
                or (tick % bar == 0 and tick // bar in section_starts)
                or abs(bpm / written - 1) >= ARCH_STEP):
            changes.append(TempoChange(tick, bpm))
            written = bpm
    tempo_map = tuple(changes)
    if plan.hits:
        # Hit points: each stretch between them played to land its downbeat on the asked time (a
        # hit the plan could not meet moves the tempo by no more than the plan allows), and the
        # last stretch to end on the asked length.
        anchors = [(h.bar * bar, h.at, None if h.met else HIT_NUDGE) for h in plan.hits if h.bar > 0]
        if plan.seconds is not None:
            anchors.append((plan.bars * bar, plan.seconds, None))
        return _anchored(tuple(TempoChange(c.tick, round(c.bpm, 2)) for c in tempo_map), anchors)
    if plan.seconds is None and ending:
        return tuple(TempoChange(c.tick, round(c.bpm, 2)) for c in tempo_map)
    # The breaths and the ritardando borrow time the length did not allow: a player would take it
    # back by moving on a little, so the whole map is scaled to end the last bar on the asked time
    # (or, for an open piece, on its bars' steady length).
    end = plan.bars * bar
    steady = _seconds(tuple(TempoChange(s.start_bar * bar, plan.quarter_bpm * s.tempo)
                            for s in plan.sections), end)
    factor = _seconds(tempo_map, end) / steady
    scaled = [TempoChange(c.tick, round(c.bpm * factor, 2)) for c in tempo_map]
    # What rounding the tempos to hundredths left over, the last change takes up: a loop's bars
    # then last exactly their length (to the sample) however many changes the arches wrote.
    last = scaled[-1]
    before = _seconds(tuple(scaled[:-1]), last.tick)
    scaled[-1] = TempoChange(last.tick, (end - last.tick) / TICKS_PER_BEAT * 60 / (steady - before))
    return tuple(scaled)


def _seconds(tempo_map, end: int) -> float:
    """How long the ticks up to `end` last through a tempo map (quarter notes per minute)."""
    total = 0.0
    for change, following in zip(tempo_map, tempo_map[1:] + (None,)):
        stop = min(end, following.tick if following else end)
        total += max(0, stop - change.tick) / TICKS_PER_BEAT * 60 / change.bpm
    return total


def hit_times(plan: Plan, piece: Piece) -> tuple[tuple[object, float], ...]:
    """Each hit point with the time its downbeat sounds at through the performed tempo map."""
    bar = plan.meter.bar_ticks
    return tuple((h, _seconds(piece.tempos, h.bar * bar)) for h in plan.hits)


def hit_warnings(plan: Plan, piece: Piece) -> tuple[str, ...]:
    """One line for each hit point the music could not meet, saying by how much and why."""
    out = []
    for hit, sounds in hit_times(plan, piece):
        error = sounds - hit.at
        if abs(error) >= HIT_TOLERANCE:
            out.append(f"{hit.label} cannot be met: {hit.problem or 'a hit before it was missed'}; "
                       f"its downbeat (bar {hit.bar + 1}) sounds {abs(error):.2f} s "
                       f"{'late' if error > 0 else 'early'}, at {sounds:.2f} s")
    return tuple(out)


# A hit whose downbeat sounds further than this from its time is reported as missed (the tempo
# map puts a met one there to well under a millisecond).
HIT_TOLERANCE = 0.0005


def perform(plan: Plan, arrangement: Arrangement, seed: int, rngs: Sequence[random.Random], *,
            ending: bool = True, slowing: tuple[str, int] | None = None,
            button=None) -> Piece:
    """The arrangement played: dynamics, timing, pedal, expression and the tempo map, drawing
    from one generator per section (`rngs`: composer.streams); a closed piece (`ending`) whose
    close is a button strikes its last chord (`button`, the ChordSpan:
    composer.harmony.close.button_at) short on its downbeat (_buttoned). What the piece is about
    (its scene, mood and setting) is the caller's to add as metadata."""
    from composer.harmony.close import BUTTON

    final = button if ending else None
    button = final.start if final is not None else None
    chord_ticks = [tick for tick, _ in arrangement.chords]
    on_time = frozenset(h.bar * plan.meter.bar_ticks for h in plan.hits) | (
        {button} if button is not None else set())
    arches = _Arches(plan, seed)
    draws = [streams(rng) for rng in rngs]
    played = {}
    for part in arrangement.parts:
        notes = _articulate(plan, arches, part.role, part.notes, draws, on_time)
        if plan.hits:
            notes = _hit_notes(plan, part.role, notes)
        if button is not None:
            notes = _buttoned(part.role, notes, button, final.chord.pcs)
        played[part.role] = separate_repeats(notes, MIN_NOTE)
    lifted, volume = _volumes(plan, [dataclasses.replace(p, notes=played[p.role]) for p in arrangement.parts])
    played = {p.role: p.notes for p in lifted}
    parts = []
    for part in arrangement.parts:
        notes = played[part.role]
        controls = [Control(0, 91, plan.reverb), Control(0, 93, plan.chorus)]
        if part.program in PEDALLED and part.role != "Drums":
            # a button's pedal comes up with its chord, or it would ring through the silence
            controls += _pedal(chord_ticks, arrangement.end_tick if button is None
                               else button + BUTTON.length)
            if plan.hits:
                controls = _pedal_stops(plan, controls)
        if part.program in SWELLING and part.role != "Drums":
            controls += _swells(plan, arches, arrangement.end_tick)
        controls += volume[part.role]
        if plan.hits:
            controls += _damped(plan, volume[part.role])
        parts.append(Part(part.role, part.instrument, part.program, part.channel, notes,
                          tuple(controls)))
    bar = plan.meter.bar_ticks
    tempos = _tempo_map(plan, ending, seed, slowing)
    # The opening tempo: the first section's bars over the time they last, short of the ritardando.
    first = min(plan.sections[0].end_bar * bar, _ritardando(plan, ending, slowing)[0])
    return Piece(
        title=plan.title,
        key=plan.key,
        meter=plan.meter,
        tempos=tempos,
        steady_bpm=round(first / TICKS_PER_BEAT * 60 / _seconds(tempos, first), 2) if first > 0 else None,
        sections=tuple(Marker(s.start_bar * bar, s.name) for s in plan.sections),
        # No chord is named in a stop's bar: nothing sounds there.
        chords=tuple(Marker(tick, figure) for tick, figure in arrangement.chords
                     if not any(h.kind == "stop" and h.bar * bar <= tick < (h.bar + 1) * bar for h in plan.hits)),
        modulations=tuple((s.start_bar * bar, s.key) for before, s in zip(plan.sections, plan.sections[1:])
                          if s.key != before.key),
        parts=tuple(parts),
        end_tick=arrangement.end_tick,
        seed=seed,
        cadences=tuple(Marker((p.end_bar - 1) * bar, p.cadence) for p in plan.phrases
                       if getattr(p, "melody", True)),
    )
