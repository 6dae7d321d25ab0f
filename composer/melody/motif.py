"""Motifs (a one-bar rhythm cell with a contour in scale steps) and their development.

A motif is made once per piece from the feel; phrases then state it, repeat it, move it in sequence,
invert it, augment or diminish it, or break it into fragments (Schoenberg, "Fundamentals of Musical
Composition": motive, its variation by rhythm and interval, liquidation). Keeping the rhythm and
the intervals of a motif is what makes a tune recognisable, and what the repeated-pattern measure
of the evaluation counts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from composer.melody.fit import flowing_values
from composer.melody.rhythm import EIGHTH, cells_for, combined_for, shortest
from composer.piece import Meter

# Moves in scale steps between the notes of a motif, weighted by mood quadrant (emotion-rules.md,
# "Melodic contour": happiness rising with some leaps; sadness falling, narrow and stepwise;
# tenderness narrow, stepwise and wave-like; anger and fear restless, wider). Steps dominate in
# every row, as in folk song (musicality-targets.md: 70 % steps and unisons in Essen).
MOVES: dict[str, dict[int, float]] = {
    "joy": {0: 1.0, 1: 4.0, -1: 3.0, 2: 2.0, -2: 1.4, 3: 0.6, -3: 0.4, 4: 0.5},
    "tender": {0: 1.0, 1: 3.6, -1: 3.6, 2: 1.6, -2: 1.6, 3: 0.4, -3: 0.4},
    "sad": {0: 1.2, 1: 2.6, -1: 4.6, 2: 0.9, -2: 1.5, -3: 0.4},
    "tense": {0: 1.4, 1: 3.0, -1: 3.0, 2: 1.6, -2: 1.6, 3: 0.6, -3: 0.6, 4: 0.4},
}
# A piece's idea has at least three notes: a bar of two long notes (a held note and its pickup, two
# dotted quarters) stated bar after bar is a dead bar, not an idea. The long values stay where they
# belong: on cadence bars, in a broadened variation, and in the contrasting idea, which may be the
# broader one (CONTRAST_NOTES).
MOTIF_NOTES = 3
CONTRAST_NOTES = 2
# How often a motif's rhythm is drawn from the bars its metre's beat figures combine into
# (rhythm.FIGURES) rather than from the band's and the mood's table cells: the tables hold each
# band's characteristic bars, the combinations give each piece rhythms of its own.
COMBINED = 0.5
# The stillest music sings in its band's broadest bars: where a section's rhythm moves at this
# arousal or under (character.activity), its ideas take only the fewest-note cells they may (the
# idea three notes a bar, the contrast two), as the probability of an onset falls with arousal
# (emotion-rules.md, "Arousal") and a slow tune's line lies in long values over an accompaniment
# that moves (Satie's Gymnopedies, Chopin's E-minor Prelude). Drawn from the whole calm band, the
# quietest sections moved as often as moderate ones (0.71 beats between onsets at arousal under
# -0.6, as at -0.25..0.2), and the 300 circle tunes' average inter-onset intervals spread far less
# than the folk songs' (90th percentile 0.97 beats against Essen's 1.39).
STILL = -0.6
LEAP = 3  # a move of a fourth or more is a leap: the next move steps back the other way
SPAN = 4  # a motif stays within a fifth of where it started
# Step inertia: after a step a line tends to go on the same way (Huron, *Sweet Anticipation*, 2006,
# ch. 5; von Hippel & Huron 2000), and a step straight back to the note it left is a neighbour
# turn, the figure a composer's reading heard circling inside the bars. Drawn at the moves' own
# weights, 20 % of the motifs' three-note windows turned so, where Essen's tunes turn in 9 % (the
# evaluation's neighbour-turn figure); the step back is damped by this factor.
STEP_BACK = 0.4
# A run (a bar of RUN_NOTES notes or more) travels: its notes span up to RUN_SPAN scale steps (a
# fifth) between its lowest and highest, not SPAN either side of its first, which let it wander
# back and forth inside a fourth, and a step turns back far less often. Drawn as any figure, 56 %
# of our bars of six notes or more lay inside a perfect fourth (median span 5 semitones), where
# the first violins of music21's Haydn, Mozart and Beethoven string quartets have 21 % so and a
# median of 8: their runs climb or fall and turn at the end. With the runs' fit (melody.fit_run),
# 49 % (median 6), over the examples and held-out scenes at seeds 1-3.
RUN_NOTES = 6
RUN_SPAN = 4
RUN_STEP_BACK = 0.1
HEAD_MOVES = 3  # a derived run sings fewer moves than this once, as its head (derive)


@dataclass(frozen=True)
class Figure:
    """How a setting's idea opens (scene.settings: a place's or a weather's "figure")."""

    what: str  # what the idea opens with, for explain
    opening: tuple[int, ...] = ()  # the contour's first move, drawn among these (scale steps)
    lilt: bool = False  # a long note then a short one (a cell whose first value is its longest)
    lands: bool = False  # the second note held longer than the first (a call's top note rings)
    dense: bool = False  # the band's busiest cells
    # the leap arrives on the beat, the notes before it struck on one pitch (call(): the call's
    # dotted or repeated pickup, "da-da DAH"), so its top rings on the beat, not on a passing
    # sixteenth after a dotted eighth
    arrives: bool = False


# The tune paints the setting as programme music does, in the idea's first move and rhythm; the
# rest of the idea is drawn as the mood's, so two scenes of one place still sing their own tunes:
# - call: a horn call opens on a rising fourth or fifth (the Alpine Symphony's horns, Siegfried's
#   call, the alphorn theme of Brahms's First);
# - lilt: a boat song's long-short rocking (Mendelssohn's Venetian gondola songs, Chopin's
#   Barcarolle, Offenbach's);
# - chime: bells ring down the scale (change ringing's rounds; the Westminster quarters open
#   falling);
# - cuckoo: a falling third (the cuckoo of Beethoven's Pastoral and of Saint-Saens's Carnival);
# - patter: raindrops, one note struck again in even values (Chopin's "Raindrop" prelude).
PLAIN = Figure("the mood's own first move")
FIGURES: dict[str, Figure] = {
    "call": Figure("a horn call, a rising fourth or fifth", opening=(3, 4), lands=True,
                   arrives=True),
    "lilt": Figure("a boat song's long-short lilt", lilt=True),
    "chime": Figure("bells falling down the scale", opening=(-1,)),
    "cuckoo": Figure("a cuckoo's falling third", opening=(-2,)),
    "patter": Figure("raindrops, one note struck again", opening=(0,), dense=True),
}
# Which of the setting's figures a moment's topic (composer.character.TOPICS) lets open its idea.
# The figure goes to the first section whose topic takes it (figured_section); the topic
# keeps its bars and its character, the figure sets the first move and, among the topic's own
# bars, the kind of rhythm. A song takes any figure. A call is the fanfare's own gesture (Monelle:
# the horn's and the trumpet's call) and may open a march (the Marseillaise's "Allons enfants"
# leaps a fourth up to the beat); the broad line holds a call (the alphorn theme of Brahms's
# First), a lilt (its bars open on their long note), bells or a cuckoo in long values. A torrent
# keeps its runs and a strike its blows: a painted opening would only blunt them (a composer's
# reading of the summit heard no horn call on the mountain, the moments' topics having replaced the
# figure everywhere).
TOPIC_FIGURES: dict[str, frozenset[str]] = {
    "fanfare": frozenset({"call"}),
    "march": frozenset({"call"}),
    "broad": frozenset({"call", "lilt", "chime", "cuckoo"}),
    "torrent": frozenset(),
    "strike": frozenset(),
}


def takes_figure(topic: str | None, figure: str | None) -> bool:
    """May a section in this topic open its idea with the setting's figure (TOPIC_FIGURES; a song,
    or a topic the table does not name, takes every figure)?"""
    return figure is not None and figure in TOPIC_FIGURES.get(topic, FIGURES.keys())


def figured_section(sections, figure: str | None):
    """The section (composer.plan.Section) whose idea opens with the setting's figure: the first
    the tune sings in (an intro is the accompaniment's) whose topic takes it (takes_figure; a
    form's sections are songs, so its first sung one); None where there is no figure or no topic
    takes it. Its family's later sections restate that idea; other families develop the piece's
    first idea, as they would any."""
    return next((s for s in sections if takes_figure(getattr(s.character, "topic", None), figure)
                 and any(getattr(p, "melody", True) for p in s.phrases)), None)


def shaped(choices: list, figure: str | None) -> list:
    """The bars (cells) among `choices` whose rhythm has the figure's kind (a lilt's long-short
    opening, a call's held second note, the patter's busiest bars); all of them where none has."""
    shape = FIGURES[figure] if figure is not None else PLAIN
    if shape.lilt:
        choices = [c for c in choices if len(c) > 1 and c[0] == max(c) > c[1]] or choices
    if shape.lands:
        choices = [c for c in choices if len(c) > 1 and c[1] > c[0]] or choices
    if shape.dense and choices:
        choices = [c for c in choices if len(c) == max(map(len, choices))]
    return choices


@dataclass(frozen=True)
class Motif:
    rhythm: tuple[int, ...]  # note lengths in ticks, filling one bar
    contour: tuple[int, ...]  # scale steps from the first note (contour[0] == 0)

    def __post_init__(self):
        assert len(self.rhythm) == len(self.contour) and self.contour[0] == 0


def make_contour(length: int, mood: str, rng: random.Random, opening: tuple[int, ...] = ()
                 ) -> tuple[int, ...]:
    """A contour that moves: a motif may repeat a note, but at most one move in three stays put
    (a figure that only repeats has no shape to remember). `opening` names the moves its first
    may take (a Figure's)."""
    for _ in range(20):
        contour = _draw_contour(length, mood, rng, opening)
        moves = [b - a for a, b in zip(contour, contour[1:])]
        if sum(m == 0 for m in moves) * 3 <= len(moves):
            return contour
    return contour


def _draw_contour(length: int, mood: str, rng: random.Random, opening: tuple[int, ...] = ()
                  ) -> tuple[int, ...]:
    moves, weights = zip(*MOVES[mood].items())
    run = length >= RUN_NOTES
    damp = RUN_STEP_BACK if run else STEP_BACK

    def fits(level: int) -> bool:
        if run:
            return max(out + [level]) - min(out + [level]) <= RUN_SPAN
        return abs(level) <= SPAN

    out = [0]
    last = 0
    for _ in range(length - 1):
        if opening and len(out) == 1:
            move = rng.choice(opening)
        elif abs(last) >= LEAP:
            move = -1 if last > 0 else 1  # a leap is answered by a step the other way
        else:
            back = weights if abs(last) != 1 else [
                w * damp if m == -last else w for m, w in zip(moves, weights)]
            for _ in range(20):
                move = rng.choices(moves, back)[0]
                if fits(out[-1] + move) and not (abs(move) >= LEAP and abs(last) >= 2):
                    break
            else:
                # at the edge of its span: a run turns back by step, a figure steps home
                move = (-last if run and last else -1 if out[-1] > 0 else 1)
        out.append(out[-1] + move)
        last = move
    return tuple(out)


def make_motif(meter: Meter, arousal: float, mood: str, rng: random.Random,
               avoid: tuple[int, ...] | None = None, fewest: int = MOTIF_NOTES,
               figure: str | None = None) -> Motif:
    """A motif for the feel: a cell of the metre's arousal band, of at least `fewest` notes, and
    a contour of the mood. `avoid` names a rhythm to differ from (the contrasting motif of a B
    section); `figure` the setting's (FIGURES), which opens the idea."""
    from composer.melody.rhythm import scale_to_bar

    table = cells_for(meter, arousal, mood)
    if rng.random() < COMBINED:
        table = combined_for(meter, arousal) or table
    cells = [c for c in table if len(c) >= fewest] or list(table)
    if arousal <= STILL:
        cells = [c for c in cells if len(c) == min(map(len, cells))]
    # No value under the band's shortest once the cell is fitted to the bar: a 2/4 bar is half a
    # table bar, and the energetic dotted pair halved made a sixteenth and a 32nd in every bar of
    # the kitchen's chase (a composer's reading: a 32nd-note slide in 17 bars).
    cells = [c for c in cells if min(scale_to_bar(c, meter)) >= shortest(arousal)] or cells
    choices = [c for c in cells if scale_to_bar(c, meter) != avoid] or cells
    rhythm = scale_to_bar(rng.choice(shaped(choices, figure)), meter)
    return Motif(rhythm, make_contour(len(rhythm), mood, rng, opening(figure)))


def opening(figure: str | None) -> tuple[int, ...]:
    """The moves (scale steps) the figure's idea may open with; () for the mood's own."""
    return FIGURES[figure].opening if figure is not None else ()


# --- development: each takes a motif, the bar length and an rng; returns a one-bar motif or None
# when the operation does not fit this motif (the caller then falls back to the next choice).

def repetition(m: Motif, bar: int, rng: random.Random) -> Motif:
    return m


def inversion(m: Motif, bar: int, rng: random.Random) -> Motif:
    return Motif(m.rhythm, tuple(-c for c in m.contour))


def _prefix(m: Motif, length: int) -> Motif | None:
    """The notes that exactly fill the first `length` ticks, if a note boundary falls there."""
    total = 0
    for i, r in enumerate(m.rhythm):
        total += r
        if total == length:
            return Motif(m.rhythm[:i + 1], m.contour[:i + 1])
        if total > length:
            return None
    return None


def augmentation(m: Motif, bar: int, rng: random.Random) -> Motif | None:
    """The first half of the motif at twice the length: the same gesture, broadened. Only a head of
    MOTIF_NOTES or more: two notes broadened fill the bar with two long values, a bar any tune in
    the key might hold, where three still carry the motif's turn."""
    head = _prefix(m, bar // 2)
    if head is None or len(head.rhythm) < MOTIF_NOTES:
        return None
    return Motif(tuple(2 * r for r in head.rhythm), head.contour)


def diminution(m: Motif, bar: int, rng: random.Random) -> Motif | None:
    """The motif at half the length, stated twice, the second time a step away (a sequence).
    Only where no value falls below an eighth, so calm music does not start to chatter."""
    if any(r // 2 < EIGHTH for r in m.rhythm) or any(r % 2 for r in m.rhythm):
        return None
    shift = rng.choice((-1, 1))
    contour = m.contour + tuple(c + m.contour[-1] + shift for c in m.contour)
    if max(abs(c) for c in contour) > SPAN + 1:
        contour = m.contour + tuple(c + shift for c in m.contour)
    return Motif(tuple(r // 2 for r in m.rhythm) * 2, contour)


def _suffix(m: Motif, length: int) -> Motif | None:
    """The notes that exactly fill the last `length` ticks, if a note boundary falls there; its
    contour from its own first note."""
    total = 0
    for i in range(len(m.rhythm) - 1, -1, -1):
        total += m.rhythm[i]
        if total == length:
            return Motif(m.rhythm[i:], tuple(c - m.contour[i] for c in m.contour[i:]))
        if total > length:
            return None
    return None


def fragmentation(m: Motif, bar: int, rng: random.Random, most: int = 0, pulse: int = 0
                  ) -> Motif | None:
    """The motif's head, repeated in sequence to fill the bar (liquidation, in a continuation);
    where no head divides the bar, its tail (Schoenberg, *Fundamentals*: the motif reduced to a
    characteristic remnant, its beginning or its end: a long note and two short ones breaks off
    its two short ones). Where `most` is given (a calm band's busiest bar, rhythm.densest), the
    liquidation runs no further than that many notes (or the motif's) before it arrives on the
    bar's last beat of `pulse` ticks and holds (landed); where it would run further, the remnant
    is stated only as often as the bar holds that many notes (and at least twice), its last
    statement arriving on the beat (arrived). A calm waltz's two eighths stated three times ran
    six eighths to the bar; now they run four and arrive on the third beat (eighth x4, quarter),
    and in 6/8 three eighths arrive on the second beat's dotted quarter."""
    limit = max(most, len(m.rhythm))
    for cut in (_prefix, _suffix):
        for parts in (2, 3):
            piece = cut(m, bar // parts) if bar % parts == 0 else None
            if piece is None or len(piece.rhythm) < 2:
                continue
            full = piece.rhythm * parts
            if most and len(full) > limit:
                held = landed(full, bar, pulse)
                if held is not None and len(held) <= limit + 1:
                    return Motif(held, sequenced(piece.contour, parts, rng)[:len(held)])
            times = min(parts, limit // len(piece.rhythm)) if most else parts
            if times < 2:
                continue
            contour = sequenced(piece.contour, times, rng)
            if times == parts:
                return Motif(full, contour)
            return Motif(arrived(piece.rhythm, times, bar, pulse), contour)
    return None


def landed(rhythm: tuple[int, ...], bar: int, pulse: int) -> tuple[int, ...] | None:
    """The bar's `rhythm` up to its last beat (`pulse` ticks before its end), the note struck
    there held to the end: a run arriving. None where no note is struck on that beat."""
    starts = [sum(rhythm[:i]) for i in range(len(rhythm))]
    if not pulse or bar - pulse not in starts:
        return None
    k = starts.index(bar - pulse)
    return rhythm[:k] + (pulse,)


def arrived(cell: tuple[int, ...], times: int, bar: int, pulse: int) -> tuple[int, ...]:
    """`cell` stated `times` times, the last statement filling what is left of the bar: broadened
    (its values multiplied) where every note of it then starts on a beat of `pulse` ticks, else
    its last note held to the bar's end, so the arrival is not pushed off the beat."""
    head = cell * (times - 1)
    rest = bar - sum(head)
    if rest % sum(cell) == 0:
        broad = tuple(v * (rest // sum(cell)) for v in cell)
        starts = [sum(head) + sum(broad[:i]) for i in range(len(broad))]
        if pulse and all(t % pulse == 0 for t in starts):
            return head + broad
    held = head + cell
    return held[:-1] + (held[-1] + bar - sum(held),)


def sequenced(cell: tuple[int, ...], parts: int, rng: random.Random) -> tuple[int, ...]:
    """The cell stated `parts` times in sequence: each statement a step from the one before. A run
    (RUN_NOTES or more in all) is sequenced on from where the cell ended, a step further the way
    it moves, so the bar travels (a rising head of three climbs a sixth, a falling pair runs down
    the scale), as far as RUN_SPAN allows, and turns back there (turned). Sequenced
    each a step from where the last began, whatever the cell's way, fragments circled: a falling
    pair a step up, D C D C, and most such bars lay inside a fourth."""
    shift = rng.choice((-1, 1))
    if parts * len(cell) >= RUN_NOTES:
        # a cell that comes back to its first note (a neighbour's turn) goes on a third
        way = _sign(cell[-1] - cell[0]) or 2 * shift
        on = tuple(c + k * (cell[-1] + way) for k in range(parts) for c in cell)
        if way > 0:  # turning at the far end of its span (its first note inside it)
            return _turned(on, min(on), max(0, min(on) + RUN_SPAN))
        return _turned(on, min(0, max(on) - RUN_SPAN), max(on))
    return tuple(c + k * shift for k in range(parts) for c in cell)


DEVELOPMENTS = {
    "repetition": repetition,
    "inversion": inversion,
    "augmentation": augmentation,
    "diminution": diminution,
    "fragmentation": fragmentation,
}


def develop(m: Motif, bar: int, options: tuple[tuple[str, float], ...], rng: random.Random,
            most: int = 0, pulse: int = 0) -> tuple[str, Motif]:
    """Apply one development drawn from weighted `options`; those that don't fit fall away. Where
    `most` is given (rhythm.densest: a calm band's busiest bar), the development makes the bar no
    busier than that or the motif itself: a fragment runs no further than that before it arrives
    on a beat of `pulse` ticks (fragmentation), and a development that would still run faster
    (the idea halved and stated twice) gives way to the idea stated again, in sequence by its
    anchor."""
    table = DEVELOPMENTS if not most else dict(
        DEVELOPMENTS, fragmentation=lambda m, bar, rng: fragmentation(m, bar, rng, most, pulse))
    name, out = _drawn(table, options, m, bar, rng)
    if name != "fragmentation" and busier(out, m, most):
        return "repetition", m
    return name, out


def busier(out: Motif, m: Motif, most: int) -> bool:
    """Whether `out`, made from `m`, holds more notes than `most` (rhythm.densest; 0: no limit)
    and than `m` held: a bar busier than its calm band allows."""
    return bool(most) and len(out.rhythm) > max(most, len(m.rhythm))


def _drawn(table, options: tuple[tuple[str, float], ...] | list, m: Motif, bar: int,
           rng: random.Random, shortest: int = 0, most: int = 0, redraw: bool = False
           ) -> tuple[str, Motif]:
    """(name, motif) of the first of `table`'s transformations, drawn by the weights in `options`,
    that fits the motif with no value under `shortest` (one that does not falls away and the draw
    is made again); 'repetition' and the motif itself when none fits. Where `most` is given
    (rhythm.densest), one that makes the bar hold more notes than that or the motif is not taken:
    the motif stays as it is (a calm bar already full takes no passing note), or, where it must
    change (`redraw`: a return, which would otherwise come back literally), the draw is made
    again."""
    names = [n for n, _ in options]
    weights = [w for _, w in options]
    while names:
        name = rng.choices(names, weights)[0]
        out = table[name](m, bar, rng)
        if out is not None and min(out.rhythm) >= shortest:
            if not busier(out, m, most):
                return name, out
            if not redraw:
                return "repetition", m
        i = names.index(name)
        del names[i], weights[i]
    return "repetition", m


def turned(m: Motif, lowest: int, highest: int) -> Motif:
    """A run kept between `lowest` and `highest` scale steps from its first note by turning where
    it would cross one: the moves past the edge mirrored back, so a run that meets its window's
    ceiling peaks there and descends by step, one that meets the floor turns and climbs, as a
    whole. Moved down as a whole under the ceiling instead, a wide run sank (a storm's furious
    lightning sang lower than before its runs widened); left to the fit, the notes over the edge
    folded back one at a time, by leaps (E5 A4 G4 where a rising sequence met its ceiling)."""
    return Motif(m.rhythm, _turned(m.contour, lowest, highest))


def flowing(m: Motif) -> Motif:
    """The figure with each note it strikes again straight away where its line flows (a move of 0
    that flowed: restruck) made a step on the way the line goes there (the next move's way, else
    the last one's): a run passes, it does not stand still. A composer's reading heard notes
    struck again inside bars of running notes (held-out 71's C5 C5 inside a falling run of
    eighths) and inside the eighth-and-quarter figures between them (held-out 79's A4 B4 C#5 C#5,
    E4 F#4 E4 E4) where the figure, drawn or derived from a motif with a repeated note, planned
    them; the run's turns and its span are left to fit_run."""
    moves = [b - a for a, b in zip(m.contour, m.contour[1:])]
    spots = [i for i in range(len(moves)) if restruck(m, moves, i)]
    if not spots or not any(moves):
        return m
    out = list(moves)
    run = len(m.contour) >= RUN_NOTES
    for i in spots:
        ahead = next((_sign(x) for x in moves[i + 1:] if x), 0)
        behind = next((_sign(x) for x in reversed(out[:i]) if x), 0)
        if run:
            out[i] = ahead or behind
            continue
        # a figure's re-strike passes on without turning straight back (X Y X: the neighbour
        # turn is as much a circling as the re-strike); where either way would turn (the
        # repeated note is the figure's peak or trough between steps), it stays
        ways = [w for w in dict.fromkeys((ahead, behind)) if w and not any(
            0 <= k < len(out) and out[k] == -w for k in (i - 1, i + 1))]
        if ways:
            out[i] = ways[0]
    contour = [0]
    for move in out:
        contour.append(contour[-1] + move)
    return Motif(m.rhythm, tuple(contour))


def restruck(m: Motif, moves: list[int], i: int) -> bool:
    """Does the figure strike its note again at move `i` where its line flows: anywhere in a run
    (RUN_NOTES or more), else between two notes of a flowing figure (fit.flowing_values: no longer
    than a quarter, one shorter) with a step into the first or out of the second? A longer note's
    echo, two quarters of a tread, a pickup struck again before a leap are figures of their own."""
    if moves[i]:
        return False
    if len(m.contour) >= RUN_NOTES:
        return True
    return (flowing_values(m.rhythm[i], m.rhythm[i + 1])
            and any(0 <= k < len(moves) and abs(moves[k]) == 1 for k in (i - 1, i + 1)))


def _turned(contour: tuple[int, ...], lowest: int, highest: int) -> tuple[int, ...]:
    if highest <= lowest:
        return contour
    out = []
    for c in contour:
        while not lowest <= c <= highest:
            c = 2 * highest - c if c > highest else 2 * lowest - c
        out.append(c)
    return tuple(out)


def summit(m: Motif, least: int) -> Motif:
    """The climax bar's figure: the motif's first note held for at least `least` ticks (it takes
    over the notes it covers), then the motif's tail falling from the summit, each move down by
    the size the motif moved (a step or a third), so the line descends from the peak."""
    head, i = m.rhythm[0], 1
    while head < least and i < len(m.rhythm):
        head += m.rhythm[i]
        i += 1
    contour, level = [0], 0
    for a, b in zip(m.contour[i - 1:], m.contour[i:]):
        level -= max(1, min(2, abs(b - a)))
        contour.append(level)
    return Motif((head,) + m.rhythm[i:], tuple(contour))


# --- rhythmic variation: the motif's contour kept (its notes in order, a passing or neighbour
# note added or a note absorbed), its rhythm changed the way the mood asks (emotion-rules.md:
# dotted and syncopated figures for joy and tension, long values for tenderness and sadness,
# triplet figures in calm music; Schoenberg: variation changes the rhythm and keeps the shape).

def dotted(m: Motif, bar: int, rng: random.Random) -> Motif | None:
    """A pair of equal notes becomes long-short (dotted)."""
    pairs = [i for i in range(len(m.rhythm) - 1)
             if m.rhythm[i] == m.rhythm[i + 1] and m.rhythm[i] >= 2 * EIGHTH // 2
             and m.rhythm[i] % 2 == 0 and (m.rhythm[i] // 2) % (EIGHTH // 2) == 0]
    if not pairs:
        return None
    i = rng.choice(pairs)
    r = m.rhythm[i]
    return Motif(m.rhythm[:i] + (r + r // 2, r // 2) + m.rhythm[i + 2:], m.contour)


def syncopated(m: Motif, bar: int, rng: random.Random) -> Motif | None:
    """Short-long-short where the motif had long-short-short: the long value moves off the beat."""
    spots = [i for i in range(len(m.rhythm) - 2)
             if m.rhythm[i] == 2 * m.rhythm[i + 1] == 2 * m.rhythm[i + 2]]
    if not spots:
        return None
    i = rng.choice(spots)
    short, long = m.rhythm[i + 1], m.rhythm[i]
    return Motif(m.rhythm[:i] + (short, long, short) + m.rhythm[i + 3:], m.contour)


def ornamented(m: Motif, bar: int, rng: random.Random) -> Motif | None:
    """A long note split in two, the second a step toward the next note (a passing tone) or away
    and back (a neighbour)."""
    spots = [i for i, r in enumerate(m.rhythm) if r >= 2 * EIGHTH and r % EIGHTH == 0]
    if not spots:
        return None
    i = rng.choice(spots)
    r, c = m.rhythm[i], m.contour[i]
    # A dotted value divides long-short (the compound beat's quarter-eighth), others in halves on
    # the eighth-note grid: five eighths are three and two, never two notes of five sixteenths
    # (which cut across a 6/8 beat and engrave as ties over it).
    if r % (3 * EIGHTH) == 0:
        first = r * 2 // 3
    else:
        first = -(-(r // 2) // EIGHTH) * EIGHTH
    nxt = m.contour[i + 1] if i + 1 < len(m.contour) else c
    step = (1 if nxt > c else -1) if nxt != c else rng.choice((-1, 1))
    return Motif(m.rhythm[:i] + (first, r - first) + m.rhythm[i + 1:],
                 m.contour[:i + 1] + (c + step,) + m.contour[i + 1:])


def broadened(m: Motif, bar: int, rng: random.Random) -> Motif | None:
    """Two notes become one long one (the second absorbed): the figure slows and sighs."""
    if len(m.rhythm) < 3:
        return None
    # Only where the notes either side of the absorbed one differ: a long note struck twice at
    # one pitch is a dead bar, not a sigh.
    spots = [i for i in range(1, len(m.rhythm) - 1)
             if i + 2 >= len(m.contour) or m.contour[i] != m.contour[i + 2]]
    if not spots:
        return None
    i = rng.choice(spots)
    return Motif(m.rhythm[:i] + (m.rhythm[i] + m.rhythm[i + 1],) + m.rhythm[i + 2:],
                 m.contour[:i + 1] + m.contour[i + 2:])


def triplet(m: Motif, bar: int, rng: random.Random) -> Motif | None:
    """A beat's note becomes three triplet notes turning around it (in simple metres only: a
    compound metre's beat already divides in three)."""
    beat = 2 * EIGHTH
    spots = [i for i, r in enumerate(m.rhythm) if r == beat]
    if not spots:
        return None
    i = rng.choice(spots)
    c = m.contour[i]
    nxt = m.contour[i + 1] if i + 1 < len(m.contour) else c
    step = 1 if nxt >= c else -1
    third = beat // 3
    return Motif(m.rhythm[:i] + (third, third, beat - 2 * third) + m.rhythm[i + 1:],
                 m.contour[:i + 1] + (c + step, c + 2 * step if nxt != c else c) + m.contour[i + 1:])


VARIATIONS = {"dotted": dotted, "syncopated": syncopated, "ornamented": ornamented,
              "broadened": broadened, "triplet": triplet}
# Which variations each mood uses, weighted.
VARIATION_WEIGHTS: dict[str, tuple[tuple[str, float], ...]] = {
    "joy": (("dotted", 2.0), ("syncopated", 1.5), ("ornamented", 0.4)),
    "tense": (("syncopated", 2.0), ("dotted", 1.5), ("ornamented", 0.3)),
    "tender": (("broadened", 1.2), ("dotted", 0.8), ("triplet", 0.6), ("ornamented", 0.4)),
    "sad": (("broadened", 2.0), ("triplet", 0.4), ("ornamented", 0.3)),
}


def vary(m: Motif, bar: int, mood: str, rng: random.Random, compound: bool = False,
         shortest: int = 0, only: str | None = None, among: tuple[str, ...] | None = None,
         most: int = 0, redraw: bool = False) -> tuple[str, Motif]:
    """The motif with one rhythmic variation its mood asks for ('repetition' if none fits), `only`
    that one where given, or one of `among`; no triplets where the metre's beat already divides in
    three, and no value under `shortest`; where `most` is given (rhythm.densest), none that makes
    the bar busier than that or the motif (_drawn: the bar stays as it is, or, `redraw`, another
    variation is drawn)."""
    options = [o for o in VARIATION_WEIGHTS[mood] if not (compound and o[0] == "triplet")
               and (only is None or o[0] == only) and (among is None or o[0] in among)]
    return _drawn(VARIATIONS, options, m, bar, rng, shortest, most, redraw)


def derive(m: Motif, rhythm: tuple[int, ...], how: str) -> Motif:
    """A new section's motif made from the piece's first: the first motif's moves (inverted, or as
    they were) on the new section's own rhythm, so a B section is heard to come from A."""
    moves = [b - a for a, b in zip(m.contour, m.contour[1:])] or [1]
    if how == "inversion":
        moves = [-x for x in moves]
    # A run (RUN_NOTES or more) whose moves come back where they began goes on a step each time
    # it states them again (sequenced), and keeps within RUN_SPAN as a run does; stated over and
    # over from one note, they circled it.
    run = len(rhythm) >= RUN_NOTES
    way = _sign(moves[0]) or 1
    # A short idea's moves (fewer than HEAD_MOVES, a three-note idea's two) stated again and
    # again through a run zig-zag inside a fourth (moon-lake at seed 3, once its still opening
    # idea had three notes: D5-G5 in bar after bar of six); the run sings them once, as its head,
    # and goes on by step the way they ended, turning at its span's edge.
    head = run and len(moves) < HEAD_MOVES
    going = _sign(moves[-1]) or way
    contour = [0]
    for k in range(len(rhythm) - 1):
        onward = head and k >= len(moves)
        step = going if onward else moves[k % len(moves)]
        if run and not onward and k and k % len(moves) == 0 and not sum(moves):
            step += way
        level = contour[-1] + step
        if (max(contour + [level]) - min(contour + [level]) > RUN_SPAN if run
                else abs(level) > SPAN):
            step = -step
            if onward:
                going = -going
        contour.append(contour[-1] + step)
    return Motif(rhythm, tuple(contour))


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


# --- topics: the kind of figure a section's tune is made of (composer.character.TOPICS: Ratner's
# topics, Monelle's calls and marches, Juslin & Laukka's anger cues). Each topic brings the bars its
# idea and contrast are drawn from (in eighths, per metre family, as composer.melody.rhythm.CELLS),
# the developments its phrases favour besides their roles' own (composer.melody.phrase.ROLES), and
# the rhythmic variation it makes its habit in place of the piece's (phrase.HABITS).
TOPIC_CELLS: dict[str, dict[str, tuple[tuple[float, ...], ...]]] = {
    # The call: long notes on the beat reached by a dotted or short pickup (the horn's and the
    # trumpet's fanfare: "da-da DAH"), three to five notes a bar however excited the moment.
    "fanfare": {
        "4/4": ((3, 1, 4), (1.5, 0.5, 2, 4), (3, 1, 3, 1), (1.5, 0.5, 1.5, 0.5, 4),
                (2, 1.5, 0.5, 4), (3, 1, 2, 2)),
        "3/4": ((3, 1, 2), (1.5, 0.5, 4), (2, 1.5, 0.5, 2), (4, 1, 1)),
        "6/8": ((3, 2, 1), (2, 1, 3), (1.5, 0.5, 1, 3), (4, 1, 1)),
    },
    # The march: an even tread in quarters, a dotted pair now and then, no runs.
    "march": {
        "4/4": ((2, 2, 3, 1), (3, 1, 2, 2), (2, 1, 1, 2, 2), (2, 2, 2, 1, 1), (2, 2, 1, 1, 2)),
        "3/4": ((2, 1, 1, 2), (3, 1, 2), (2, 2, 1, 1)),
        "6/8": ((2, 1, 2, 1), (3, 2, 1), (2, 1, 3)),
    },
    # The torrent: runs of eighths and sixteenths (the storm's rushing scales), broken once a bar
    # by a quarter (TORRENT_BREAKS), a wave cresting, where the counter enters.
    "torrent": {
        "4/4": ((1, 1, 1, 1, 2, 1, 1), (0.5, 0.5, 0.5, 0.5, 1, 1, 2, 1, 1),
                (1, 1, 2, 0.5, 0.5, 0.5, 0.5, 1, 1), (2, 1, 1, 0.5, 0.5, 0.5, 0.5, 1, 1)),
        "3/4": ((1, 1, 2, 1, 1), (0.5, 0.5, 0.5, 0.5, 2, 1, 1)),
        # a compound metre runs on in its eighths (the gigue's, the tarantella's), unbroken
        "6/8": ((1, 1, 1, 1, 1, 1), (0.5, 0.5, 1, 1, 1, 1, 1)),
    },
    # The strike: short groups hammered onto a quarter that is cut off (STABS: an eighth and an
    # eighth's rest), the next group after the silence.
    "strike": {
        "4/4": ((1, 1, 2, 1, 1, 2), (2, 1, 1, 2, 2), (1, 1, 2, 2, 2), (2, 2, 1, 1, 2)),
        "3/4": ((1, 1, 2, 2), (2, 1, 1, 2)),
        "6/8": ((2, 1, 2, 1), (1, 1, 1, 2, 1)),
    },
    # The broad line: long values turning at their ends (a release slows its tune).
    "broad": {
        "4/4": ((4, 2, 2), (3, 1, 4), (6, 1, 1), (4, 3, 1)),
        "3/4": ((4, 1, 1), (3, 1, 2)),
        "6/8": ((3, 2, 1), (4, 1, 1)),
    },
}
# Besides its own bars, a topic takes every bar its metre's beat figures combine into
# (rhythm.FIGURES) that has its kind: (fewest and most notes per eighth of the bar, shortest value,
# longest value at least, longest value at most, in eighths; a dotted pair required (True),
# forbidden (False) or either (None); the bar opening on its long value). So two pieces
# in one topic still draw from dozens of bars, not the same handful (a pair of held-out scenes in
# one topic shared 17 % of their melody bars when the topics had only their own).
TOPIC_KINDS: dict[str, tuple[float, float, float, float, float, bool | None, bool]] = {
    "fanfare": (0.375, 0.625, 0.5, 3, 8, True, False),  # a held note and a dotted pickup
    "march": (0.5, 0.75, 0.5, 2, 3, None, False),  # quarters and pairs, no held note
    # runs, six notes a 4/4 bar or more, one quarter among them but not the last (even runs
    # alone, the plainest scale figures, were the bars two held-out storms in one key shared:
    # 12 %; runs through every chord left the counter, which answers the tune in its gaps, silent
    # under two in three; a run landing on a quarter at the bar's end made most of the phrases'
    # arrivals short, the cadence bar taking the motif's last value)
    "torrent": (0.75, 1.25, 0.5, 2, 2, None, False),
    "strike": (0.5, 0.75, 1, 2, 2, None, False),  # eighths and quarters (stabbed)
    # a dotted quarter or longer, three or four notes: two long notes are a dead bar (MOTIF_NOTES),
    # and the commonest bar two tender tunes in 6/8 share; the line broadens from the bar line
    # (two quarters and a half, any tune's bar, was the one a sad moment shared with another scene)
    "broad": (0.375, 0.5, 1, 3, 8, None, True),
}
TORRENT_BREAKS = ("torrent",)  # topics whose bars break their run once, with one quarter
TOPIC_DEVELOPMENTS: dict[str, tuple[tuple[str, float], ...]] = {
    "fanfare": (("augmentation", 2.0),),  # the motif broadened into the call
    "march": (("repetition", 1.0),),  # the tread keeps its figure
    "torrent": (("diminution", 2.0), ("fragmentation", 1.0)),  # runs in sequence
    "strike": (("fragmentation", 2.0),),  # the idea's head hammered again
    "broad": (("augmentation", 2.0),),
}
# The call's dotted snap; the march none (a syncopated push makes it lilt; its own bars snapped
# again drew the held-out tunes' shared bars past their target); the strike, the torrent and the
# broad line keep the piece's habit.
TOPIC_HABITS: dict[str, str | None] = {"fanfare": "dotted", "march": None}
# Scale steps a topic's arcs stand above or below the section's own (its lift), so that where two
# moments share one window (a horn's, whose top the summit keeps) each sings where its kind does:
# a call from the top of the instrument, the strikes of a furious storm high, a march in the
# middle of the voice (the summit's ridge and sunrise shared F4-D5, and the sunrise's calls, which
# leap up from their pickups, sang lower on average than the ridge's tread).
TOPIC_STEPS: dict[str, int] = {"fanfare": 1, "strike": 1, "march": -1}
# Topics whose quarter notes are struck short, an eighth and an eighth's rest (composer.melody).
STABS = frozenset({"strike"})
CALL_LEAPS = (3, 4)  # scale steps a call leaps up from its first note: a fourth or a fifth
CALL_SPAN = SPAN  # and stays within a fifth of its first note, as any motif
CALL_FALL = 2  # after the leap, within a third under its top


def topic_rhythm(topic: str, meter: Meter, arousal: float, rng: random.Random,
                 avoid: tuple[int, ...] | None = None, fewest: int = CONTRAST_NOTES,
                 figure: str | None = None) -> tuple[int, ...] | None:
    """A bar of the topic's (TOPIC_CELLS) fitted to the metre, of at least `fewest` notes and no
    value under the arousal's shortest, other than `avoid`, of the setting's `figure`'s kind where
    the topic has such bars (shaped); None where the topic has none."""
    from composer.melody.rhythm import family, scale_to_bar

    table = TOPIC_CELLS.get(topic, {}).get(family(meter))
    if not table:
        return None
    bars = list(dict.fromkeys(scale_to_bar(c, meter) for c in table + topic_bars(topic, meter)))
    bars = [b for b in bars if len(b) >= fewest and min(b) >= shortest(arousal)]
    choices = shaped([b for b in bars if b != avoid] or bars, figure)
    return rng.choice(choices) if choices else None


def call(m: Motif, rng: random.Random, pulse: int = 2 * EIGHTH) -> Motif:
    """The motif as a call (Monelle: the fanfare's leap of a fourth or a fifth up to the beat):
    the notes before its first on a beat (`pulse` ticks) struck on one pitch, the trumpet's
    repeated pickup, that note leaping up a fourth or a fifth, and the motif's later moves after
    it, kept near the height it leapt to (within CALL_FALL steps under it and the call's span):
    the call sounds from its top, and a figure that fell back to its pickup after the leap sang
    a triumphant peak lower on average than the march before it."""
    onsets = [sum(m.rhythm[:i]) for i in range(len(m.rhythm))]
    if len(onsets) < 2:
        return m
    arrival = next((i for i in range(1, len(onsets)) if onsets[i] % pulse == 0), 1)
    moves = [b - a for a, b in zip(m.contour, m.contour[1:])]
    leap = rng.choice(CALL_LEAPS)
    contour = [0] * arrival + [leap]
    for move in moves[arrival:]:
        if not leap - CALL_FALL <= contour[-1] + move <= CALL_SPAN:
            move = -move
        if not leap - CALL_FALL <= contour[-1] + move <= CALL_SPAN:
            move = 0
        contour.append(contour[-1] + move)
    return Motif(m.rhythm, tuple(contour))


def topic_bars(topic: str, meter: Meter) -> tuple[tuple[float, ...], ...]:
    """The bars (eighths) the metre's beat figures combine into that have the topic's kind
    (TOPIC_KINDS)."""
    from composer.melody.rhythm import combined, family

    if topic not in TOPIC_KINDS:
        return ()
    fewest, most, short, long_least, long_most, dotted_, opens_long = TOPIC_KINDS[topic]
    return tuple(c for c in combined(family(meter))
                 if fewest <= len(c) / sum(c) <= most and min(c) >= short and on_beat(c)
                 and long_least <= max(c) <= long_most
                 and dotted_ in (None, any(a == 3 * b for a, b in zip(c, c[1:])))
                 and (not opens_long or c[0] == max(c))
                 and (topic not in TORRENT_BREAKS or broken(c, meter)))


def call_arrival(m: Motif) -> int | None:
    """The index of a call's leap (call()): the first note after the repeated pickup, where the
    motif leaps a CALL_LEAPS up from it; None for a motif that does not call."""
    k = next((i for i, c in enumerate(m.contour) if c != 0), None)
    return k if k is not None and m.contour[k] in CALL_LEAPS else None


# A call stated again where the form does not mean it literally is varied as a horn's or a
# trumpet's call is, its head kept (the repeated pickup and the leap to the beat are what is heard
# as the call: Monelle, *The Musical Topic*, ch. 3): its arrival answered, split long-short as an
# ornament divides it (ornamented) and falling a third, from the fifth it reached to the chord's
# third (a call 1-5 answered 5-3; a fourth's arrival, the root, has no third under it in its
# chord); its pickup's values turned long-short (an eighth and a quarter in 6/8 become the
# metre's own lilt, a quarter and an eighth); or its pickup struck once, held into the leap. The
# first keeps most of the call as it was heard, the last least. A composer's reading of held-out
# 54 at seed 2 heard the horn's call, C4 C4 G4., note for note in six phrases.
CALL_REPRISES = ("arrival answered", "pickup lilted", "pickup once")
ANSWER_FALL = 2  # scale steps the answered arrival falls: the fifth to the third
FIFTH = 4  # scale steps of a call's leap of a fifth


def recalled(m: Motif, how: str) -> Motif | None:
    """The call `m` varied `how` (CALL_REPRISES), its pickup and leap kept; None where it does not
    call or that way does not fit it."""
    k = call_arrival(m)
    if k is None:
        return None
    if how == "pickup once":
        if k < 2:
            return None
        return Motif((sum(m.rhythm[:k]),) + m.rhythm[k:], (0,) + m.contour[k:])
    if how == "pickup lilted":
        pickup = m.rhythm[:k]
        if k != 2 or pickup[0] >= pickup[1]:
            return None
        return Motif(pickup[::-1] + m.rhythm[k:], m.contour)
    if how == "arrival answered":
        r = m.rhythm[k]
        if m.contour[k] != FIFTH or r < 2 * EIGHTH or r % EIGHTH:
            return None
        first = r * 2 // 3 if r % (3 * EIGHTH) == 0 else -(-(r // 2) // EIGHTH) * EIGHTH
        return Motif(m.rhythm[:k] + (first, r - first) + m.rhythm[k + 1:],
                     m.contour[:k + 1] + (FIFTH - ANSWER_FALL,) + m.contour[k + 1:])
    raise ValueError(how)


def struck_figure(m: Motif, stab: int = 2 * EIGHTH) -> Motif:
    """The motif as a strike's figure: each note struck short (a `stab`-long value, STABS) is the
    crest of the short notes before it, a step over the highest of them (anger's accents fall on
    the loudest, highest notes: Juslin & Laukka 2003), within the motif's span."""
    contour, group = list(m.contour), []
    for i, value in enumerate(m.rhythm):
        if value == stab and group and i:
            contour[i] = min(SPAN, max(contour[j] for j in group) + 1)
            group = []
        else:
            group.append(i)
    contour = [c - contour[0] for c in contour]
    return Motif(m.rhythm, tuple(contour))


def on_beat(cell: tuple[float, ...]) -> bool:
    """Does every value of a quarter or longer start on a quarter (eighths: an even offset)? A
    topic's figure keeps its long notes on the beat: the march treads, the call lands, the strike
    hits; the piece's own habit (a syncopated push) may still move one now and then."""
    onset = 0.0
    for value in cell:
        if value >= 2 and onset % 2:
            return False
        onset += value
    return True


def broken(cell: tuple[float, ...], meter: Meter) -> bool:
    """A torrent's bar (TORRENT_BREAKS): in a simple metre one quarter among its short notes, not
    the last; in a compound metre, whose beat is a dotted quarter, no quarter at all."""
    if meter.compound:
        return max(cell) < 2
    return cell.count(2) == 1 and cell[-1] < 2 and max(cell) == 2
