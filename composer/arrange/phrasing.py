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
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.plan import Phrase, Plan
from composer.piece import Note

PRESENTATION = "presentation"
CONTINUATION = "continuation"
CADENCE = "cadence"

# How a cadence bar settles, by the plan's cadence kind (composer.plan.CADENCES).
ARRIVE = "arrive"  # the bass's arrival note held, the chord held
WALK = "walk"  # the dominant held, then the bass walks by step into the next phrase
DRIVE = "drive"  # the figure goes on: the cadence is not an ending
BREAK = "break"  # the chord held, the moving figure breaks off for the melody's upbeat
SETTLE = {"authentic": ARRIVE, "plagal": ARRIVE, "half": WALK, "deceptive": DRIVE, "evaded": DRIVE}

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


@dataclass(frozen=True)
class BarShape:
    kind: str  # PRESENTATION, CONTINUATION or CADENCE
    settle: str | None = None  # a cadence bar's SETTLE, or BREAK
    lead_in: int | None = None  # where the melody's upbeat into the next phrase starts (a tick)


PLAIN = BarShape(PRESENTATION)


def lead_in(plan: Plan, melody, phrase: Phrase) -> int | None:
    """Where the melody's upbeat into the phrase after `phrase` starts, inside `phrase`'s last bar:
    the notes that run without a gap into the next downbeat, each at most a pulse long, after a
    rest or a longer note (the cadence tone); None where the next phrase starts on its downbeat."""
    bar = plan.meter.bar_ticks
    end = phrase.end_bar * bar
    inside = sorted((n for n in melody if end - bar < n.start < end), key=lambda n: n.start)
    run: list[Note] = []
    for n in reversed(inside):
        follows = run[0].start if run else end
        if n.end != follows or n.duration > plan.meter.pulse_ticks:
            break
        run.insert(0, n)
    if not run or end - run[0].start > LEAD_IN_SHARE * bar:
        return None
    before = [n for n in melody if n.start < run[0].start and n.end > run[0].start - plan.meter.pulse_ticks]
    if before and before[-1].end == run[0].start and before[-1].duration <= plan.meter.pulse_ticks:
        return None  # the run is the end of a running line, not a lead-in after a breath
    return run[0].start


def shapes(plan: Plan, melody) -> tuple[BarShape, ...]:
    """The shape of every bar of the piece."""
    out = [PLAIN] * plan.bars
    phrases = plan.phrases
    melody = sorted(melody, key=lambda n: n.start)
    for i, phrase in enumerate(phrases):
        following = phrases[i + 1] if i + 1 < len(phrases) else None
        if phrase.bars >= CONTINUATION_FROM_BARS:
            for b in range(phrase.start_bar + (phrase.bars + 1) // 2, phrase.end_bar - 1):
                out[b] = BarShape(CONTINUATION)
        if phrase.bars < 2 or following is None:
            continue  # a one-bar phrase has no figure to settle; the last bar is the ending's
        settle = DRIVE if phrase.elided else SETTLE.get(phrase.cadence, DRIVE)
        start = lead_in(plan, melody, phrase) if settle != DRIVE else None
        out[phrase.end_bar - 1] = BarShape(CADENCE, BREAK if start is not None else settle, start)
    return tuple(out)


def walk(scale: tuple[int, ...], start: int, goal: int, most: int = WALK_MOST) -> list[int]:
    """The tones of `scale` (pitch classes) strictly between `start` and `goal`, in order from
    `start`: the bass's stepwise walk into the next phrase; [] where the two are a step or less
    apart, or more than `most` passing tones apart (a leap is not walked)."""
    direction = 1 if goal > start else -1
    tones = [p for p in range(start + direction, goal, direction) if p % 12 in scale]
    return tones if 0 < len(tones) <= most else []
