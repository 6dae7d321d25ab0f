"""What the accompaniment's figure does in each bar of a phrase.

A composer does not hold one bar's figure through a whole section: the figure follows the phrase.
Caplin (*Classical Form*, 1998) names a phrase's functions: its presentation states the idea over
the section's figure; its continuation intensifies it (fragmentation, a faster surface rhythm,
harmonic acceleration); its cadence bar closes. Schoenberg (*Fundamentals of Musical Composition*,
"The accompaniment") asks that the accompaniment mark the cadence as the melody does: its motion
stops or changes where the phrase ends, and it leaves room for the voice where the voice leads in.
So each bar of a phrase gets a shape, read from the plan's phrases and cadences and from the
melody's lead-ins, and the parts (composer.arrange) play it:

- continuation bars take the next rung of the section's own ladder of figures
  (composer.character.FIGURES: one step denser, in the same affect);
- the cadence bar settles by the cadence it carries (SETTLE): the bass's arrival note and a held
  chord under an authentic or plagal close; the dominant held and the bass walking up (or down)
  by step into the next phrase's first bass note after a half cadence (the lead-in a bassist or a
  pianist's left hand plays at a half close); a deceptive or evaded cadence, and an elided one,
  keep the figure going (the music does not stop there: Caplin);
- where the next phrase leads in with an upbeat, the moving figure breaks off under it (the chord
  held): the melody's anacrusis is heard on its own, as a singer's is over a piano that waits
  (Schubert's *Winterreise* songs leave the voice's upbeats bare).

Nor does a composer keep one figure, one spacing and one cadence gesture from phrase to phrase:
Schoenberg (*Fundamentals*, "The accompaniment") asks that the accompaniment's motive be varied
as the melody's is, and Adler (*The Study of Orchestration*, on scoring a repeated melody) re-scores
a restated phrase: the same figure re-voiced or moved to another register, or a neighbouring one.
So each phrase of a section after its first develops (DEVELOPMENTS): it takes the neighbouring rung
of the section's own ladder of figures (the same affect, a step denser or lighter), or keeps the
figure re-voiced (the chords in open spacing, the texture an octave up); the spacing opens too in
the phrases that lead to the piece's climax. Held chords move within the phrase (MOTIONS: a
suspension into a chord change, an inner voice stepping to another chord tone, Piston's *Harmony*
and Adler's pads and organ kept alive), and a cadence bar that settles settles in more than one
way (SETTLES: held at once, or after the figure's first half). Each phrase's choices are drawn
from its own streams of the arrangement's generator (composer.streams: a phrase changed leaves the
others' draws as they were), weighted by the tables, and never the previous phrase's choice twice
running where another is open (a cadence's settle only less likely).

The bass, too, chooses per phrase rather than keeping one device for the piece
(composer.patterns.BASS_OWN and what follows it): its figure from its section's ladder at or under
the phrase's rung, an ostinato giving way where the form does not build on it, and the way it
approaches the phrase's cadence (APPROACHES), each never the previous phrase's where another is
open, so no figure and no approach is heard three phrases running.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from composer.patterns import (BASS_NEAR, BASS_OWN, BASS_RELIEF, BASS_SIBLING, BASS_SIBLINGS, BEAT_LEFT,
                               CONTINUATION_RELIEF, DRONE,
                               HELD_BASSES, OSTINATO_BASSES, OSTINATO_FORM, OSTINATO_ROLES,
                               OSTINATO_TEXTURES)
from composer.plan import Phrase, Plan
from composer.streams import Streams, streams
from composer.piece import Note

PRESENTATION = "presentation"
CONTINUATION = "continuation"
CADENCE = "cadence"

# How a cadence bar settles, by the plan's cadence kind (composer.plan.CADENCES).
ARRIVE = "arrive"  # the bass's arrival note held, the chord held
WALK = "walk"  # the dominant held, then the bass walks by step into the next phrase
DRIVE = "drive"  # the figure goes on: the cadence is not an ending
BREAK = "break"  # the chord held, the moving figure breaks off for the melody's upbeat
ECHO = "echo"  # the figure runs through the bar's first half, then the chord and the bass are held
MARK = "mark"  # the chord struck on its change and held a pulse, then the figure goes on
SETTLE = {"authentic": ARRIVE, "plagal": ARRIVE, "half": WALK, "deceptive": DRIVE, "evaded": DRIVE}
# The ways a cadence bar may settle, by the plan's cadence kind, with weights: the plain settle
# most often, the figure running on into the bar's second half (the arrival heard in the moving
# voices before they stop: the accompanied cadences of Schubert's and Brahms's songs) less. A
# section's own last close always arrives (it truly ends there).
# A deceptive or an evaded cadence goes on, its surprising chord either passed through in the
# figure or marked: struck on its change and held for a pulse before the figure resumes (the
# accompaniment underlines the unexpected harmony, as the melody's rhythm does not stop for it).
SETTLES = {"authentic": ((ARRIVE, 2), (ECHO, 1)), "plagal": ((ARRIVE, 1), (ECHO, 1)),
           "half": ((WALK, 2), (ECHO, 1)), "deceptive": ((DRIVE, 1), (MARK, 1)),
           "evaded": ((DRIVE, 1), (MARK, 1))}

# How a phrase's accompaniment develops from the phrase before it in its section (Schoenberg,
# Adler: above): the section's first phrase states its figure; an answering (consequent) phrase
# most often keeps its figure re-voiced; later phrases move along the ladder, rather up than down.
STATE, UP, DOWN, REVOICE = "state", "up", "down", "revoice"
DEVELOPMENTS = {"first": ((STATE, 1),),
                "consequent": ((REVOICE, 3), (UP, 2), (DOWN, 1)),
                "later": ((UP, 3), (REVOICE, 2), (DOWN, 2))}
STEPS = {STATE: 0, REVOICE: 0, UP: 1, DOWN: -1}
# Stepping up is weighted by 1 + 2 x the section's arousal, stepping down by 1 - 2 x arousal, at
# least this (motion grows with arousal: emotion-rules.md).
LEAST_LEAN = 0.1
# A section that builds or peaks never steps down its ladder inside itself.
NO_DOWN = ("climax", "build")
# ... and the bass of one that introduces or closes never a rung up (it stays lighter).
NO_RISE = ("intro", "coda", "interlude")
# What a held chord's voices do through a phrase (the Harmony held, or struck at most twice a bar):
# PLAIN held; SUSPEND a voice holds over a chord change and falls by step to its tone there
# (Piston, *Harmony*, "The suspension": 4-3, 7-6, 9-8), an inner voice moving where a change
# takes none; INNER an inner voice steps to another tone of the chord halfway through a long
# chord (Adler: sustained strings and organ kept alive).
PLAIN_VOICES, SUSPEND, INNER = "plain", "suspend", "inner"
MOTIONS = ((PLAIN_VOICES, 1), (SUSPEND, 2), (INNER, 2))
# The spacing opens (the chord's top voice an octave higher, under the tune) in the phrase that
# holds the climax and in this many phrases before it (Adler: the full, open orchestra of a climax).
OPEN_BEFORE_CLIMAX = 1

# A continuation needs a presentation before it: phrases of at least this many bars have one
# (Caplin's sentence: 2 + 2 + 4, its continuation from the phrase's second half).
CONTINUATION_FROM_BARS = 4
# A lead-in is at most half a bar (the melody's upbeats: composer.melody.cadence.PICKUPS), and
# each of its notes at most a pulse long.
LEAD_IN_SHARE = 0.5
# The bass's walk: at most this many passing tones, one per step of the walk's pulse, each at
# least WALK_STEP_SECONDS long (faster, it slips rather than walks).
WALK_MOST = 3
WALK_STEP_SECONDS = 0.2

# How the bass approaches a phrase's cadence, on the last pulse of the chord before its arrival,
# and, after a half cadence, how it leads from the held dominant into the next phrase (Piston,
# *Harmony*, and Aldwell & Schachter, *Harmony and Voice Leading*, on bass lines: the bass reaches
# a cadence by step, by the leap of a fourth or fifth, by a chromatic passing or neighbour tone,
# over a held dominant pedal, or simply arrives). A bassist's or a left hand's approach changes
# from cadence to cadence; one walk into every cadence is the device a composer's reading heard
# five times in one piece. Weights: the diatonic walk and the leap commonest.
WALK_IN, LEAP, CHROMATIC, PEDAL, PLAIN_IN = "walk", "leap", "chromatic", "pedal", "plain"
APPROACHES = ((WALK_IN, 2), (LEAP, 2), (CHROMATIC, 1), (PEDAL, 1), (PLAIN_IN, 1))
# The ways that move the bass (a phrase of them connects its other chords too, composer.arrange).
MOVING = (WALK_IN, LEAP, CHROMATIC)


@dataclass(frozen=True)
class BarShape:
    kind: str  # PRESENTATION, CONTINUATION or CADENCE
    settle: str | None = None  # a cadence bar's SETTLE, or BREAK
    lead_in: int | None = None  # where the melody's upbeat into the next phrase starts (a tick)
    figures: tuple[str, str] | None = None  # (Harmony, Bass) styles here; None: the section's own
    development: str = STATE  # how the phrase develops (DEVELOPMENTS)
    open: bool = False  # the Harmony's chords in open spacing
    voices: str = PLAIN_VOICES  # what a held chord's voices do (MOTIONS)
    approach: str = WALK_IN  # how the bass approaches the phrase's cadence (APPROACHES)
    relief: bool = False  # the Texture's ostinato gives way in this phrase (ostinato_belongs)


PLAIN = BarShape(PRESENTATION)


class Line:
    """The melody in order of onset, with what finding a bar's notes needs: the onsets, and how
    far the notes up to each one reach (a phrase's lead-in is found by halving, not by reading
    the whole melody at every phrase)."""

    def __init__(self, melody) -> None:
        self.notes = sorted(melody, key=lambda n: n.start)
        self.starts = [n.start for n in self.notes]
        self.reach = list(accumulate((n.end for n in self.notes), max))

    def last_sounding(self, before: int, after: int) -> Note | None:
        """The last note (in onset order) struck before `before` that sounds past `after`."""
        for i in reversed(range(bisect_left(self.starts, before))):
            if self.reach[i] <= after:
                return None  # neither this note nor any before it sounds past `after`
            if self.notes[i].end > after:
                return self.notes[i]
        return None


def lead_in(plan: Plan, line: Line, phrase: Phrase) -> int | None:
    """Where the melody's upbeat into the phrase after `phrase` starts, inside `phrase`'s last bar:
    the notes that run without a gap into the next downbeat, each at most a pulse long, after a
    rest or a longer note (the cadence tone); None where the next phrase starts on its downbeat."""
    bar = plan.meter.bar_ticks
    end = phrase.end_bar * bar
    inside = line.notes[bisect_right(line.starts, end - bar):bisect_left(line.starts, end)]
    run: list[Note] = []
    for n in reversed(inside):
        follows = run[0].start if run else end
        if n.end != follows or n.duration > plan.meter.pulse_ticks:
            break
        run.insert(0, n)
    if not run or end - run[0].start > LEAD_IN_SHARE * bar:
        return None
    before = line.last_sounding(run[0].start, run[0].start - plan.meter.pulse_ticks)
    if before is not None and before.end == run[0].start and before.duration <= plan.meter.pulse_ticks:
        return None  # the run is the end of a running line, not a lead-in after a breath
    return run[0].start


def _draw(rng: random.Random, options, avoid: str | None = None, damp: bool = False) -> str:
    """One of the weighted options, not `avoid` where another is open (with `damp`, `avoid` at
    half its weight instead)."""
    if damp:
        kept = [(o, w / 2 if o == avoid else w) for o, w in options]
    else:
        kept = [(o, w) for o, w in options if o != avoid] or list(options)
    return rng.choices([o for o, _ in kept], weights=[w for _, w in kept])[0]


def _developments(plan: Plan, draw: Streams, summit: int | None,
                  level: frozenset[int] | None = frozenset()) -> dict[int, str]:
    """Phrase start bar -> how that phrase develops its section's figure (DEVELOPMENTS); the phrase
    that holds the climax steps up where its ladder goes higher, and never down (the climax is
    the fullest bar); the phrases starting at the bars in `level` do not step up,
    and with `level` None none does (composer.arrange asks for that where phrases that stepped up
    would outweigh the climax)."""
    out = {}
    for i, section in enumerate(plan.sections):
        previous = None
        for k, phrase in enumerate(section.phrases):
            c = section.character
            options = DEVELOPMENTS["first" if k == 0 else
                                   "consequent" if phrase.role == "consequent" else "later"]
            # motion grows with arousal (emotion-rules.md): a still section develops rather by
            # re-voicing and lightening, an aroused one rather by stepping up
            lean = {UP: max(LEAST_LEAN, 1 + 2 * c.arousal), DOWN: max(LEAST_LEAN, 1 - 2 * c.arousal)}
            options = [(o, w * lean.get(o, 1)) for o, w in options if c.figures_at(STEPS[o]) is not None
                       and not (o == DOWN and section.role in NO_DOWN)
                       and not (STEPS[o] and (level is None or phrase.start_bar in level))] or [(STATE, 1)]
            previous = out[phrase.start_bar] = _draw(draw("development", i, k), options,
                                                     previous if k else None)
            if summit is not None and phrase.start_bar <= summit < phrase.end_bar:
                if level is not None and c.figures_at(1):
                    previous = out[phrase.start_bar] = UP
                elif previous == DOWN:
                    previous = out[phrase.start_bar] = STATE
    return out


def section_role(plan: Plan, phrase: Phrase) -> str:
    return plan.section_at(phrase.start_bar).role


def ostinato_belongs(plan: Plan, phrase: Phrase) -> bool:
    """Whether an ostinato belongs where this phrase is: in an ostinato form, a build or the
    climax (composer.patterns.OSTINATO_ROLES)."""
    return plan.form == OSTINATO_FORM or plan.section_at(phrase.start_bar).role in OSTINATO_ROLES


def bass_choices(plan: Plan, phrase: Phrase, step: int, harmony: str, hammered: bool = False,
                 rise: bool = True) -> list[tuple[str, float]]:
    """The bass figures a phrase may take, weighted (composer.patterns.BASS_OWN): its rung's on its
    section's ladder, the rungs' either side of it (under it only, without `rise`), figures of like motion in another rhythm
    (composer.patterns.BASS_SIBLINGS), and where its own is an ostinato outside a build, the
    climax or an ostinato form, the figures that relieve it; none that leaves the beat empty under
    a Harmony that leaves it to the bass. Its own alone for a drone (the pastorale is its drone)
    and in an ostinato form (the repetition is the form). `hammered`: whether the phrase before played an ostinato."""
    section = plan.section_at(phrase.start_bar)
    character = section.character
    own = character.figures_at(step)
    if own is None:
        return [(character.bass, 1.0)]
    weights = {own[1]: BASS_OWN}
    if own[1] == DRONE or plan.form == OSTINATO_FORM:
        return list(weights.items())
    belongs = ostinato_belongs(plan, phrase)
    for figure in BASS_SIBLINGS.get(own[1], ()):
        weights.setdefault(figure, BASS_SIBLING)
    # motion grows with arousal (emotion-rules.md): an aroused section's bass rather rises a rung
    # than falls one, a still one rather falls (the lean of the phrases' developments)
    lean = {-1: max(LEAST_LEAN, 1 - 2 * character.arousal), 1: max(LEAST_LEAN, 1 + 2 * character.arousal)}
    for near in (-1, 1) if rise else (-1,):
        figures = character.figures_at(step + near)
        if figures is not None:
            weights.setdefault(figures[1], BASS_NEAR * lean[near])
    if own[1] in OSTINATO_BASSES and not belongs:
        for figure, weight in BASS_RELIEF:
            weights.setdefault(figure, weight)
        if hammered:  # the phrase before hammered it: this one gives way
            weights = {f: w for f, w in weights.items() if f not in OSTINATO_BASSES}
    if harmony in BEAT_LEFT:
        weights = {f: w for f, w in weights.items() if f not in HELD_BASSES} or {own[1]: BASS_OWN}
    return list(weights.items())


def shapes(plan: Plan, melody, summit: int | None = None, draw: Streams | None = None,
           level: frozenset[int] | None = frozenset()) -> tuple[BarShape, ...]:
    """The shape of every bar of the piece; `summit` the climax's bar, `draw` the arrangement's
    streams each phrase's development, motion, settle and bass are drawn from (None: fixed ones);
    the phrases starting at the bars in `level` (all, where None) keep their section's rung (they
    would outweigh the climax)."""
    draw = draw or streams(random.Random(0))
    bass = approach = None
    hammered = False  # whether the phrase before played the Texture's ostinato
    ostinato_before = False  # ... and the Bass's
    out = [PLAIN] * plan.bars
    phrases = plan.phrases
    line = Line(melody)
    developments = _developments(plan, draw, summit, level)
    climax = next((i for i, p in enumerate(phrases) if summit is not None and p.start_bar <= summit < p.end_bar),
                  None)
    last_settle: dict[str, str] = {}
    last_approach: dict[str, str] = {}
    voices = None
    for i, phrase in enumerate(phrases):
        following = phrases[i + 1] if i + 1 < len(phrases) else None
        character = plan.section_at(phrase.start_bar).character
        development = developments[phrase.start_bar]
        step = STEPS[development]
        own = character.figures_at(step)
        more = character.figures_at(step + 1) or own
        opened = development == REVOICE or (climax is not None and climax - OPEN_BEFORE_CLIMAX <= i <= climax)
        place = plan.place_at(phrase.start_bar)
        rng, bass_rng = draw("phrase", *place), draw("bass", *place)
        voices = _draw(rng, MOTIONS, voices)
        # the bass's own figure and approach for the phrase; the climax's phrase keeps its rung's
        # figure (its bar is the fullest)
        holds_climax = summit is not None and phrase.start_bar <= summit < phrase.end_bar
        if own is not None:
            rise = level is not None and phrase.start_bar not in level and section_role(plan, phrase) not in NO_RISE
            # a section's first phrase states its own figure (it establishes, the phrases after
            # it vary: Karlin & Wright), unless it would hammer on an ostinato just hammered
            states = (phrase.start_bar == plan.section_at(phrase.start_bar).start_bar
                      and not (ostinato_before and own[1] in OSTINATO_BASSES and not ostinato_belongs(plan, phrase)))
            choices = ([(own[1], 1.0)] if holds_climax or states
                       else bass_choices(plan, phrase, step, own[0], ostinato_before, rise))
            bass = _draw(bass_rng, choices, bass)
            if more is not None and not holds_climax and more[1] != own[1]:
                # the continuation's next rung, or a figure of like motion in another rhythm; an
                # ostinato where it does not belong gives way to broken chords after a phrase
                # that hammered it
                options = [(more[1], BASS_OWN)] + [(f, BASS_SIBLING) for f in BASS_SIBLINGS.get(more[1], ())
                                                   if f != bass]
                if more[1] in OSTINATO_BASSES and not ostinato_belongs(plan, phrase):
                    options += [(f, w) for f, w in CONTINUATION_RELIEF if f != bass]
                    if ostinato_before or bass in OSTINATO_BASSES:
                        options = [(f, w) for f, w in options if f not in OSTINATO_BASSES]
                more = (more[0], _draw(bass_rng, options or [(more[1], BASS_OWN)], bass))
            ostinato_before = bass in OSTINATO_BASSES or (more is not None and more[1] in OSTINATO_BASSES
                                                          and phrase.bars >= CONTINUATION_FROM_BARS)
            own = (own[0], bass)
        # after a phrase whose bass held (plainly, or over a pedal), one whose bass moves: held
        # through phrase after phrase, a still piece's bass would be every still piece's
        leaning = [(a, w) for a, w in APPROACHES if approach is None or approach in MOVING or a in MOVING]
        # and a cadence of one kind is approached another way than the last one was, where
        # another is open (a reading heard the last visit's bass hold through three half cadences
        # alike)
        leaning = [(a, w) for a, w in leaning if a != last_approach.get(phrase.cadence)] or leaning
        approach = last_approach[phrase.cadence] = _draw(bass_rng, leaning, approach)
        # the Texture's ostinato, where it does not belong, gives way every other phrase
        texture = (character.textures[(step + 1) // 2] if step else None) or character.texture
        ostinato = texture in OSTINATO_TEXTURES and not holds_climax and not ostinato_belongs(plan, phrase)
        relief = ostinato and hammered
        hammered = ostinato and not relief

        def shape(kind: str, figures, settle=None, lead=None) -> BarShape:
            return BarShape(kind, settle, lead, figures, development, opened, voices, approach, relief)

        for b in range(phrase.start_bar, phrase.end_bar):
            out[b] = shape(PRESENTATION, own)
        if phrase.bars >= CONTINUATION_FROM_BARS:
            for b in range(phrase.start_bar + (phrase.bars + 1) // 2, phrase.end_bar - 1):
                out[b] = shape(CONTINUATION, more)
        if phrase.bars < 2 or following is None:
            continue  # a one-bar phrase has no figure to settle; the last bar is the ending's
        if phrase.elided:
            settle = DRIVE
        elif phrase.end_bar == plan.section_at(phrase.start_bar).end_bar:
            settle = SETTLE.get(phrase.cadence, DRIVE)  # a section's own close settles plainly
        else:
            options = SETTLES.get(phrase.cadence, ((DRIVE, 1),))
            settle = _draw(rng, options, last_settle.get(phrase.cadence), damp=True)
            last_settle[phrase.cadence] = settle
        start = lead_in(plan, line, phrase) if settle not in (DRIVE, MARK) else None
        out[phrase.end_bar - 1] = shape(CADENCE, own, BREAK if start is not None else settle, start)
    return tuple(out)


def walk(scale: tuple[int, ...], start: int, goal: int, most: int = WALK_MOST) -> list[int]:
    """The tones of `scale` (pitch classes) strictly between `start` and `goal`, in order from
    `start`: the bass's stepwise walk into the next phrase; [] where the two are a step or less
    apart, or more than `most` passing tones apart (a leap is not walked)."""
    direction = 1 if goal > start else -1
    tones = [p for p in range(start + direction, goal, direction) if p % 12 in scale]
    return tones if 0 < len(tones) <= most else []
