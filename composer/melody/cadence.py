"""Where a phrase begins and where it ends: the upbeat that leads into its first strong beat, and
the figure on its cadence bar.

Why (composition-craft.md, "Upbeats and phrase starts"): 83 % of 1,589 Essen folk tunes and 74 % of
120 Bach chorales begin with an upbeat, and every phrase of Schubert's *Lindenbaum* does; a phrase
that starts on the downbeat after a held note and a rest, every four bars, is the clearest mark of a
machine. A phrase's upbeat therefore sits at the end of the previous phrase's cadence bar, after its
cadence tone (which is shorter for it), and the piece's first phrase may open with a bar that rests
under the accompaniment and ends with the pickup (a MIDI file has no partial first bar).

The cadence bar itself carries a figure, not one held note and silence: the tone may be reached
from the step above, struck on the downbeat (an appoggiatura) or held over from the bar before (a
suspension), both resolving down by step (Aldwell & Schachter, "Harmony and Voice Leading": the
accented dissonance of the cadence, the 4-3, 9-8 and 6-5 over the cadence chord).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from composer.melody.rhythm import EIGHTH, band, family
from composer.piece import Meter

# The cadence tone, as preferred scale steps (0 = tonic) of the chord under it: an authentic or
# plagal cadence lands on the tonic or its third, a half cadence on a tone of V (its root, fifth or
# third), a deceptive one on the tonic sounding as the third of vi; an elided cadence reaches its
# chord the way an authentic one would. An evaded cadence withholds the arrival (Caplin, *Classical
# Form*: the dominant goes on to I6 or IV6 instead of the root-position tonic, and the melody
# typically leaps back up to the fifth to begin "one more time"): the tune lands on the fifth,
# else the tonic, never the third, which the evading chord's bass already holds (doubling it in
# the outer voices would sound like the arrival the cadence denies).
CADENCE_DEGREES = {"authentic": (0, 2), "plagal": (0, 2), "half": (4, 1, 6), "deceptive": (0, 2, 5),
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
# calm music a little less often, so some phrases still begin on a breath and a downbeat.
UPBEAT_CHANCE = {"calm": 0.62, "moderate": 0.72, "energetic": 0.75}
# The rest between the cadence tone and the next phrase's upbeat (eighths): calm music ties its
# phrases together, energetic music breathes.
BREATH = {"calm": 0, "moderate": 1, "energetic": 2}
# With no upbeat following, the cadence tone is held to a shorter breath than before (eighths).
BREATH_ALONE = {"calm": 1, "moderate": 1, "energetic": 2}
# How often the cadence tone is reached from the step above (appoggiatura or suspension), by mood
# quadrant: the sigh of tender and sad music, the delay of tense music (emotion-rules.md).
LEANING = {"sad": 0.4, "tender": 0.35, "joy": 0.2, "tense": 0.3}


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
    """How a cadence bar is divided: an optional lean (the step above the cadence tone) on the
    downbeat, the cadence tone, then a breath and the next phrase's upbeat fill the bar."""

    lean: int  # ticks of the appoggiatura or suspension before the cadence tone; 0 for none
    tone: int  # ticks of the cadence tone
    tail: tuple[int, ...] = ()  # the lengths of the tail figure after it (TAILING)


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
    `motif_rhythm(section)` gives the rhythm of the section's motif (MOTIF_UPBEAT)."""
    meter = plan.meter
    phrases = plan.phrases
    out: list[Upbeat | None] = []
    remembered: dict[tuple[str, int], Upbeat | None] = {}
    index = 0
    for section in plan.sections:
        row = PICKUPS[family(meter)][band(section.character.arousal)]
        own = motif_upbeats(motif_rhythm(section), meter.bar_ticks) if motif_rhythm else ()
        chance = UPBEAT_CHANCE[band(section.character.arousal)] * (
            DUET_UPBEAT_SHARE if duet(plan) else 1.0)
        antecedent: Upbeat | None = None
        for k, phrase in enumerate(section.phrases):
            previous = phrases[index - 1] if index else None
            draw = rng.random() < chance
            values = _ticks(rng.choice(row))
            if own and rng.random() < MOTIF_UPBEAT:
                values = rng.choice(own)
            choice = Upbeat(values) if draw else None
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


# How often a piece closes its inner cadences with a tail, by mood quadrant: the arrival, then the
# motif's own last notes (or its first) falling or rising to the next chord tone, the after-beat
# of a folk cadence (Schoenberg, "Fundamentals": the cadence liquidates the motif to its tail).
# The cadence bar then carries the piece's rhythm, not every piece's held note and pickup.
TAILING = {"sad": 0.55, "tender": 0.65, "joy": 0.7, "tense": 0.6}
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


# How often a piece lets its inner cadence tones go after one pulse and breathes before the next
# phrase, where no tail turns them: the rest that ends a sung line (Essen phrases end on a long
# note or a note and a rest alike) rather than the tone held into the upbeat. It is the piece's
# habit, drawn once: one piece holds its cadences, another breathes, as one singer does.
BREATHING = 0.45


def cadence_bar(meter: Meter, arousal: float, following: Upbeat | None, lean: bool,
                tail: tuple[int, ...] | None = None, breathing: bool = False) -> CadenceBar:
    """The cadence bar's division. The tone keeps at least a pulse (or what the bar allows), the
    breath shrinks before it does, and a lean takes one pulse only where the tone keeps one too.
    `tail`, a motif's rhythm: a tail figure made of it follows the tone where the tone keeps a
    pulse (motif_tail). `breathing` (BREATHING): without a tail, the tone (after its lean) keeps
    one pulse and the rest of the bar is breath."""
    bar, pulse = meter.bar_ticks, meter.pulse_ticks
    b = band(arousal)
    room = bar - (following.length if following else 0)
    breath = (BREATH if following else BREATH_ALONE)[b] * EIGHTH
    shortest = min(pulse, room)
    breath = max(0, min(breath, room - shortest))
    sounding = room - breath
    lean_ticks = 0
    if lean:
        lean_ticks = pulse if sounding - pulse >= min(pulse, 2 * EIGHTH) else 0
    figure = motif_tail(tail, sounding - lean_ticks - pulse) if tail else ()
    if breathing and not figure:
        sounding = min(sounding, lean_ticks + pulse)
    return CadenceBar(lean_ticks, sounding - lean_ticks - sum(figure), figure)


def leans(mood: str, rng: random.Random, plan=None) -> bool:
    return rng.random() < LEANING[mood] and not (plan is not None and duet(plan))
