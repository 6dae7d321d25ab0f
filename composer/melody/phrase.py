"""Phrase forms as data: which motif each bar of a phrase states, how it is developed, and where
the bar's first note aims (its anchor, in scale steps above the tonic).

Forms (Caplin, "Classical Form"; Schoenberg, "Fundamentals of Musical Composition"):
- period: an antecedent (basic idea, its answer, a contrasting bar, half cadence) and a consequent
  that echoes the antecedent's opening bars note for note and closes on the tonic;
- sentence: presentation (the idea and its sequence), continuation (fragments of the idea), cadence;
- across sections, same-letter sections (A, A', A'') restate their material: AABA and rondo shapes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from composer.melody.motif import TOPIC_DEVELOPMENTS, VARIATION_WEIGHTS, Motif, develop, vary
from composer.melody.rhythm import EIGHTH
from composer.plan import CLIMAX_AT

# The bars before the cadence bar, per form. Each role names its motif ("a" the piece's idea,
# "b" its contrast) and the developments it may use, weighted.
ROLES: dict[str, tuple[str, tuple[tuple[str, float], ...]]] = {
    "idea": ("a", (("repetition", 1.0),)),
    # The answer to the idea: the same figure, moved in sequence by its anchor, sometimes inverted.
    "answer": ("a", (("repetition", 3.0), ("inversion", 1.0), ("diminution", 0.6))),
    "contrast": ("b", (("repetition", 2.0), ("augmentation", 1.0), ("fragmentation", 0.6))),
    # Closing bars reuse the idea's head to lead into the cadence (liquidation).
    "close": ("a", (("fragmentation", 2.0), ("augmentation", 1.0), ("repetition", 1.0))),
    "continuation": ("a", (("fragmentation", 3.0), ("diminution", 1.0), ("inversion", 0.5))),
}

FORMS: dict[str, tuple[str, ...]] = {
    "antecedent": ("idea", "answer", "contrast", "continuation"),
    "consequent": ("idea", "answer", "close", "continuation"),  # first bars echo the antecedent
    "sentence": ("idea", "answer", "continuation", "close"),
}
# How often a bar of each role is also varied in rhythm (motif.vary): the idea stays as it is, so
# the motif is recognised; the bars that answer and continue it vary, so no two bars need match.
VARY_CHANCE = {"answer": 0.05, "contrast": 0.1, "continuation": 0.05, "close": 0.05}
# A continuation quickens (Caplin, *Classical Form*, ch. 3: fragmentation and an acceleration of
# the surface rhythm). Where neither its idea's head nor its tail divides the bar
# (motif.fragmentation), the fragment fell back to the idea as it was, and a section sang one
# rhythm in most of its bars (a composer's reading: three of six held-out pieces, 15 of 20 bars in
# one rhythm); most such bars (QUICKENING) take one of these variations, which divide or push a
# note of the idea and keep its contour. A piece quickens each idea one way, so the quickened bar
# recurs as the idea does; and not every time, since the idea's rhythm heard again is how it is
# known: drawn afresh each time, or every time, the quickened bars pulled the tunes' repeated
# four-note patterns (Essen 0.28) under their 0.2 and the Yang & Lerch overlap to its 0.85.
ACCELERATES = ("continuation",)
ACCELERATIONS = ("ornamented", "syncopated", "dotted")
QUICKENING = 0.7
# A returning section restates its first statement with this share of its bars varied (the first
# bar, the idea, stays), and a return at another intensity moves a third up or down. A calm
# return varies too (issue 12: returns that vary, literal repetition only where the form means
# it), by an ornament of one of its long notes where one fits (RETURN_ORNAMENTS; Schoenberg,
# *Fundamentals*: the melody ornamented, its rhythm recognisable), else by another of its mood's
# variations, none busier than its band's busiest cell (rhythm.densest).
RETURN_VARY = 0.4
RETURN_ORNAMENTS = ("ornamented",)
RETURN_SHIFT = 2
# A piece's habit: one of its mood's rhythmic variations that it makes its own and hears in about
# this share of its bars (a syncopated push: long-short-short becomes short-long-short): a style
# keeps to its figures (Meyer, "Style and Music": a style is a replication of patterning), where a
# variation drawn afresh for each bar is noise. Two pieces of one key and metre then differ bar by
# bar even where their skeletons meet. Dotted pairs, triplets and ornaments are not habits: made
# that often they pulled the tunes' note lengths away from the folk songs' (the evaluation's Yang
# & Lerch overlap fell from 0.86 to 0.82, where a syncopation only reorders a bar's values), and a
# tune that merges every other pair of notes (broadening) only slows down.
HABITS = ("syncopated",)
HABIT_SHARE = 0.35
# The variations a long section's later periods may sing their motifs in (Themes.developed), by
# the section's lift (its energy against the piece's, character.lift): a long note divided by a
# passing or neighbour note makes a period busier, so a section above the piece's middle takes it,
# one below keeps its note count and only pushes a note off the beat, one at the middle either
# (the later strophes of a variation set run in smaller values). Not the broadened or dotted bars:
# whole periods of them drew the tunes' note lengths away from folk song's (Yang & Lerch note-length
# transitions 0.84 with all of the mood's variations, 0.90 with these two).
PERIOD_VARIATIONS = {-1: ("syncopated",), 0: ("ornamented", "syncopated"), 1: ("ornamented",)}
SEQUENCE_STEPS = (-2, 2)  # scale steps an answer moves from its idea when the arc stands still
ECHO_BARS = 2  # how many opening bars a consequent takes over from its antecedent
# Successive periods of a section start from other steps (a statement, the same a third higher,
# a return, a step lower), so a long section develops instead of circling.
PERIOD_OFFSETS = (0, 2, 0, -1)

def periods(roles: list[str]) -> list[int]:
    """The period each phrase of a section belongs to, from the phrases' roles: a consequent
    completes the period its antecedent began."""
    out: list[int] = []
    for role in roles:
        out.append(out[-1] if out and role == "consequent" else len(set(out)))
    return out


# Where the bars of a phrase start, in scale steps above the tonic, per mood quadrant, as an arc:
# (first bar, high point, last bar before the cadence). Every phrase rises to its high point about
# two thirds of the way through (plan.CLIMAX_AT) and falls toward its cadence (Schoenberg: the
# phrase's curve; Huron, "Sweet Anticipation": the arch is the commonest phrase contour in folk
# song); the mood colours the arc (emotion-rules.md, "Melodic contour"): joy rises and stays high,
# sadness starts high and falls, tenderness waves gently, tension arches widest. Each mood has
# several arcs of its kind, and each section family of a piece takes its own (Themes), so an A and
# its B differ in curve as well as motif, and two tender pieces do not trace one line.
SHAPES: dict[str, tuple[tuple[int, int, int], ...]] = {
    "joy": ((0, 4, 2), (1, 5, 3), (-1, 4, 2), (2, 6, 4)),
    "tender": ((2, 4, 2), (0, 3, 0), (1, 4, 1), (3, 5, 3)),
    "sad": ((4, 7, 2), (5, 6, 1), (3, 6, 0), (4, 5, 1)),
    "tense": ((2, 7, 4), (0, 6, 3), (3, 7, 2), (1, 7, 5)),
}


def arc_anchor(shape: tuple[int, int, int], position: float) -> int:
    """The anchor at `position` (0 = the phrase's first bar, 1 = its cadence bar) on the arc, on
    a step of the tonic triad (folk tunes lean on it: the Aarden-Essen profiles, melody.fit)."""
    start, peak, end = shape
    if position <= CLIMAX_AT:
        level = start + (peak - start) * position / CLIMAX_AT
    else:
        level = peak + (end - peak) * (position - CLIMAX_AT) / (1 - CLIMAX_AT)
    return min((d for d in range(-7, 15) if d % 7 in (0, 2, 4)), key=lambda d: (abs(d - level), d))


@dataclass(frozen=True)
class BarPlan:
    motif: Motif
    anchor: int  # scale steps above the tonic for the bar's first note
    development: str  # how the motif was developed (for explain)


def habit(mood: str, compound: bool, rng: random.Random) -> str | None:
    """The piece's habit (HABITS), drawn by its mood's variation weights."""
    options = [(n, w) for n, w in VARIATION_WEIGHTS[mood]
               if n in HABITS and not (compound and n == "triplet")]
    if not options:
        return None
    return rng.choices([n for n, _ in options], [w for _, w in options])[0]


# A phrase longer than its form (an extended continuation: Caplin, "Classical Form", ch. 3) keeps
# the form's last role for the bar before its cadence and fills the bars between with these in
# turn: fragments of the idea broken by the contrasting figure. Fragments alone, bar after bar,
# became a chain of one three-note cell (a composer's reading of a storm: "bars 5-11 sound like a
# finger exercise").
EXTENSION = ("continuation", "contrast")


def roles_for(role: str, count: int) -> tuple[str, ...]:
    """The role of each of a phrase's `count` bars before its cadence bar (FORMS, stretched by
    EXTENSION where the phrase is longer)."""
    form = FORMS[form_for(role)]
    if count <= len(form):
        return form[:count]
    extra = tuple(EXTENSION[k % len(EXTENSION)] for k in range(count - len(form)))
    return form[:-1] + extra + form[-1:]


def form_for(role: str) -> str:
    """A period's halves keep their roles; a phrase on its own is a sentence."""
    return role if role in FORMS else "sentence"


def echoed(count: int, echo: int) -> int:
    """How many of a consequent's `count` bars before its cadence bar take over its antecedent's
    (of `echo`): ECHO_BARS, never all of them, so that past its echo a consequent goes its own way
    to its cadence (Caplin, Classical Form, ch. 4: the basic idea again, then a contrasting idea
    of its own)."""
    return max(0, min(ECHO_BARS, echo, count - 1))


def plan_phrase(role: str, bars: int, motifs: dict[str, Motif], mood: str, bar_ticks: int,
                echo: tuple[BarPlan, ...], rng: random.Random, period: int = 0,
                compound: bool = False, shape: tuple[int, int, int] | None = None,
                habit: str | None = None, shortest: int = 0, topic: str = "song",
                quickened: dict | None = None, most: int = 0) -> tuple[BarPlan, ...]:
    """The bars before the cadence bar of one phrase (bars - 1 of them). `period` counts the
    section's periods: odd ones take the contrasting motif as their idea, and each starts from
    its own step (PERIOD_OFFSETS). `shape` is the phrase's arc (SHAPES; the mood's first when
    not given). `habit` is the piece's own variation (HABIT_SHARE of its bars); no variation
    cuts a value under `shortest`. A section's `topic` (motif.TOPIC_DEVELOPMENTS) adds the
    developments it favours to every role's but the idea's, which states the motif as it is.
    `quickened` holds the piece's quickened continuations (ACCELERATES), motif -> (how, bar).
    `most` is the most notes a developed or varied bar may hold (rhythm.densest; 0: no limit)."""
    quickened = {} if quickened is None else quickened
    if period % 2:
        motifs = {"a": motifs["b"], "b": motifs["a"]}
    offset = PERIOD_OFFSETS[period % len(PERIOD_OFFSETS)]
    count = max(0, bars - 1)
    form = roles_for(role, count)
    shape = shape or SHAPES[mood][0]
    out: list[BarPlan] = []
    for i in range(count):
        if role == "consequent" and i < echoed(count, len(echo)):
            out.append(echo[i])
            continue
        name = form[i]
        source, options = ROLES[name]
        if name != "idea":
            options = options + TOPIC_DEVELOPMENTS.get(topic, ())
        if compound and any(r % (3 * EIGHTH) == 0 for r in motifs[source].rhythm):
            # Halved, a compound metre's dotted beat becomes two dotted eighths: a duplet
            # against the lilt, not the metre's own three eighths.
            options = tuple(o for o in options if o[0] != "diminution")
        development, motif = develop(motifs[source], bar_ticks, options, rng, most,
                                     (3 if compound else 2) * EIGHTH)
        if (name in ACCELERATES and motif.rhythm == motifs[source].rhythm
                and rng.random() < QUICKENING):
            # Nothing broke the idea up here: the continuation still quickens, a long note of
            # the idea divided or pushed, the same way each time this idea continues.
            if motif not in quickened:
                # Calm music (eighths its shortest value) quickens by a passing note only: a
                # pushed note there made calm continuations fussy (a reading of held-out 79).
                among = ACCELERATIONS if shortest < EIGHTH else ("ornamented",)
                quickened[motif] = vary(motif, bar_ticks, mood, rng, compound, shortest,
                                        among=among, most=most)
            variation, motif = quickened[motif]
            development += f", {variation} (quickening)" if variation != "repetition" else ""
        elif rng.random() < VARY_CHANCE.get(name, 0.0):
            variation, motif = vary(motif, bar_ticks, mood, rng, compound, shortest, most=most)
            development += f", {variation}" if variation != "repetition" else ""
        if habit is not None and rng.random() < HABIT_SHARE:
            # A habit cuts no finer than an eighth: sixteenth snaps in a slow tune are fussy.
            variation, motif = vary(motif, bar_ticks, mood, rng, compound, max(shortest, EIGHTH),
                                    only=habit)
            development += f", {variation} (the piece's habit)" if variation != "repetition" else ""
        anchor = arc_anchor(shape, i / count) + offset
        if name == "answer" and out and anchor == out[-1].anchor:
            # An answer is the idea moved in sequence: where the arc would leave it in place
            # (a one-bar loop), it moves a third.
            anchor += rng.choice(SEQUENCE_STEPS)
        out.append(BarPlan(motif, anchor, development))
    return tuple(out)


def restate(plans: tuple[BarPlan, ...], mood: str, bar_ticks: int, rng: random.Random,
            shift: int = 0, compound: bool = False, memo: dict | None = None, shortest: int = 0,
            most: int = 0) -> tuple[BarPlan, ...]:
    """A returning section's phrase: its first statement's bars, `shift` scale steps higher or
    lower, all but the first varied in rhythm now and then (recognisable, not literal). `memo`
    holds the bars already restated in this return, so a bar the first statement repeated (a
    consequent's echo) is restated the same way again. No variation makes a bar hold more than
    `most` notes (rhythm.densest; 0: no limit) or more than it held."""
    memo = {} if memo is None else memo
    out = []
    for i, bp in enumerate(plans):
        if bp not in memo:
            motif, development = bp.motif, bp.development
            if i and rng.random() < RETURN_VARY:
                among = RETURN_ORNAMENTS if most else None
                variation, motif = vary(motif, bar_ticks, mood, rng, compound, shortest,
                                        among=among, most=most)
                if most and variation == "repetition":
                    variation, motif = vary(motif, bar_ticks, mood, rng, compound, shortest,
                                            most=most, redraw=True)
                development += f", {variation} on its return"
            memo[bp] = BarPlan(motif, bp.anchor + shift, development)
        out.append(memo[bp])
    return tuple(out)
