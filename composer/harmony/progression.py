"""Plan -> chord slots: which chord, in which key, when, with which cadence. Voicing comes after.

Each phrase is an opening (the tonic, or a prolongation of it), a middle drawn from the mode's
grammar (composer.harmony.grammar), and a cadence formula that ends on the planned cadence. The
middle is sampled from the grammar's Markov chain *conditioned* on reaching the cadence's first
chord (a backward pass sums the weight of every path to it), so a phrase never has to be patched
to make its cadence. The chain never puts a chord after one that holds the other form of one of its
degrees (a cross-relation, composer.harmony.relations) unless the grammar names that chromatic line.
After a phrase the plan marks elided, the next phrase starts from that cadence's goal instead of
an opening tonic of its own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from composer.character import Colour
from composer.harmony import grammar
from composer.harmony.close import Close, choose_close, tail_times
from composer.harmony.relations import chromatic_line, spelled
from composer.piece import Meter
from composer.plan import Phrase, Plan, Section
from composer.streams import streams
from composer.theory import Key
from composer.theory.chords import chord_quality, parse_figure, split_figure


@dataclass(frozen=True)
class Slot:
    """One chord to voice: its place in time, key and root-position figure, and what it allows."""

    start: int
    duration: int
    key: Key
    base: str  # root-position figure
    inversions: tuple[int, ...]  # inversions the voicing may choose from, in order of preference
    cadence: str | None = None
    pedal: bool = False  # keeps the previous chord's bass pitch (pedal point, cadential 6/4)
    sus: bool = False  # a suspension: its added 4th must be prepared and fall by step
    note: str = ""  # why this chord is here: 'pivot', 'common tone', 'direct', 'passing', '4-3', '9-8'
    close: str = ""  # on the piece's last chord: the close it ends with (composer.harmony.close)
    amen: str = ""  # ... and an amen's layout and tune (composer.harmony.close.AMENS)


def _weight(base: float, driver: str | None, levels: Colour) -> float:
    return base if driver is None else base * (grammar.COLOUR_FLOOR + levels[driver])


def _choose(rng: random.Random, options: list, weights: list[float]):
    return rng.choices(options, weights=weights)[0]


@dataclass(frozen=True)
class _Entry:
    figure: str
    function: str
    weight: float
    goes_to: tuple[str, ...] | None
    root: int
    letters: tuple[tuple[int, int], ...]  # (letter, pitch class) of each tone: cross-relations


def _entry(figure: str, function: str, weight: float, goes_to: tuple[str, ...] | None, key: Key,
           root: int | None = None) -> _Entry:
    chord = parse_figure(figure, key)
    return _Entry(figure, function, weight, goes_to, chord.root if root is None else root,
                  spelled(chord, key))


def _vocabulary(key: Key, levels: Colour) -> tuple[_Entry, ...]:
    out = [_entry(f, fn, w, None, key) for f, fn, w in grammar.VOCABULARY[key.mode]]
    for f, fn, w, driver, goes in grammar.COLOURS[key.mode]:
        out.append(_entry(f, fn, _weight(w, driver, levels), goes, key))
    return tuple(out)


def _cross_related(a: _Entry, b: _Entry, mode: str) -> bool:
    """`b` sounds a degree of `a` in its other form (bVI then vi) and the pair is not one of the
    grammar's chromatic lines."""
    first = dict(a.letters)
    if all(first.get(letter, pc) == pc for letter, pc in b.letters):
        return False
    return not chromatic_line(mode, split_figure(a.figure)[0], split_figure(b.figure)[0])


def _function_of(figure: str, key: Key) -> str:
    base, _ = split_figure(figure)
    for f, fn, _w in grammar.VOCABULARY[key.mode]:
        if f == base:
            return fn
    for f, fn, *_ in grammar.COLOURS[key.mode]:
        if f == base:
            return fn
    chord = parse_figure(base, key)
    if chord.root == key.tonic:
        return "T"
    return "D" if chord.root == key.degree_pc(4) else "PD"


def _transition(a: _Entry, b: _Entry, mode: str) -> float:
    if a.goes_to is not None and b.figure not in a.goes_to:
        return 0.0
    if a.function == "D" and b.figure.endswith("64") and b.root == a.root:
        return 0.0  # V -> cadential 6/4 over the same bass would undo the dominant
    if _cross_related(a, b, mode):
        return 0.0  # a false relation: the altered and natural degree in two voices
    w = grammar.FUNCTION_FLOW[a.function][b.function] * grammar.ROOT_MOTION[(b.root - a.root) % 12]
    w *= b.weight * grammar.PAIR_BONUS[mode].get((a.figure, b.figure), 1.0)
    if a.figure == b.figure:
        w *= grammar.SAME_CHORD_WEIGHT
    return w


def _entry_for(figure: str, key: Key, vocab: tuple[_Entry, ...]) -> _Entry:
    base, inversion = split_figure(figure)
    chord = parse_figure(figure, key)
    if inversion == 2 and chord.root == key.tonic and chord.bass == key.degree_pc(4):
        # The cadential six-four is the dominant in disguise (its bass is the dominant): the
        # chain approaches it as a dominant, from a predominant, never from V itself.
        return _entry(figure, "D", 1.0, None, key, root=chord.bass)
    for e in vocab:
        if e.figure == base:
            return e
    return _entry(base, _function_of(base, key), 1.0, None, key)


def _middle(rng: random.Random, count: int, start: str, goal: str, key: Key,
            vocab: tuple[_Entry, ...], avoid_root: int | None = None) -> list[str]:
    """`count` chords between `start` and `goal`, drawn from the grammar's chain conditioned on
    arriving at `goal` (forward-filtering, backward-sampling in reverse: a backward pass of path
    weights, then forward draws in proportion to weight x paths-to-goal). The first chord never
    has the root `avoid_root` (after an elided cadence, its goal already is the phrase's tonic)."""
    if count == 0:
        return []
    first, last = _entry_for(start, key, vocab), _entry_for(goal, key, vocab)
    n = len(vocab)
    trans = [[_transition(a, b, key.mode) for b in vocab] for a in vocab]
    # beta[t][j]: total weight of completing from state j at middle position t to the goal.
    beta = [[0.0] * n for _ in range(count)]
    beta[-1] = [_transition(e, last, key.mode) for e in vocab]
    for t in range(count - 2, -1, -1):
        nxt = beta[t + 1]
        beta[t] = [sum(trans[i][j] * nxt[j] for j in range(n)) for i in range(n)]
    out = []
    prev = first
    for t in range(count):
        weights = [_transition(prev, vocab[j], key.mode) * beta[t][j] for j in range(n)]
        if t == 0 and avoid_root is not None:
            weights = [0.0 if vocab[j].root == avoid_root else w for j, w in enumerate(weights)]
        if sum(weights) <= 0.0:
            # No grammatical path (a short phrase between two fixed chords): fall back to the
            # plain diatonic vocabulary by weight, which always voices cleanly.
            weights = [e.weight if e.goes_to is None and e.figure != prev.figure
                       and not _cross_related(prev, e, key.mode)
                       and (t or e.root != avoid_root) else 0.0
                       for e in vocab]
        j = _choose(rng, list(range(n)), weights)
        out.append(vocab[j].figure)
        prev = vocab[j]
    return out


# Inversions the voicing may pick for a free chord, by shape. Diminished triads only in first
# inversion (the tritone above the bass is avoided); colour chords (added notes, major sevenths,
# suspensions) in root position so their colour sits over the root.
def _free_inversions(base: str, key: Key) -> tuple[int, ...]:
    chord = parse_figure(base, key)
    if "[" in base or "maj" in base:
        return (0,)
    quality = chord_quality(chord.pcs)
    if len(chord.pcs) == 4:
        if base.startswith("V7") or base.startswith("vii°7"):
            return (0, 1, 2, 3)
        return (0, 1) if quality != "diminished" else (1, 0)
    if quality == "diminished":
        return (1,)
    return (0, 1)


def _slot(start: int, duration: int, key: Key, figure: str, *, fixed_root: bool = False,
          cadence: str | None = None, pedal: bool = False, sus: bool = False, note: str = "") -> Slot:
    base, inversion = split_figure(figure)
    if inversion or figure != base:
        inversions = (inversion,)
    elif fixed_root:
        inversions = (0,)
    else:
        inversions = _free_inversions(base, key)
    return Slot(start, duration, key, base, inversions, cadence, pedal, sus, note)


def _split_bar(meter: Meter) -> int | None:
    """Where a bar divides in two for a second chord: half-bar in duple/compound metres, after
    two beats in triple (the stronger part first); None when it cannot."""
    if meter.pulses >= 2:
        return (meter.pulses + 1) // 2 * meter.pulse_ticks
    return None


# A chord shorter than this many seconds hurries the harmony (pop and folk songs change chords
# every 1.5-4 s): at fast tempi the phrase body moves a chord every two bars instead of every bar.
# The cadence bars keep their rate so the cadence still lands.
MIN_CHORD_SECONDS = 1.2
# A suspension or pedal six-four needs this long per half to be heard as one.
MIN_SPLIT_SECONDS = 0.6


def _seconds(ticks: int, meter: Meter, bpm: float) -> float:
    return ticks / meter.pulse_ticks * 60.0 / bpm


def _rhythm(phrase_bars: int, start_bar: int, section: Section, meter: Meter, bpm: float,
            levels: Colour, rng: random.Random, min_slots: int) -> list[tuple[int, int]]:
    """Chord onsets and lengths in one phrase. The plan's chords-per-bar, a faster rate for intense,
    aroused sections, two-bar chords when the tempo is fast, cadential acceleration in the
    penultimate bar, a held opening when calm, and the goal chord always filling the final bar."""
    bar = meter.bar_ticks
    half = _split_bar(meter)
    per_bar = section.chords_per_bar
    if per_bar == 1 and half and section.character.intensity > 0.75 and section.character.arousal > 0.4:
        per_bar = 2
    bar_seconds = meter.pulses * 60.0 / bpm
    broad = per_bar == 1 and bar_seconds < MIN_CHORD_SECONDS
    slots: list[tuple[int, int]] = []
    b = 0
    while b < phrase_bars:
        t = (start_bar + b) * bar
        last = b == phrase_bars - 1
        penultimate = b == phrase_bars - 2
        if b == 0 and phrase_bars >= 4 and per_bar == 1 and rng.random() < 0.6 * levels["calm"]:
            slots.append((t, 2 * bar))  # the opening chord breathes for two bars
            b += 2
            continue
        if broad and b + 2 < phrase_bars - 1:
            slots.append((t, 2 * bar))  # fast tempo: a chord every two bars in the body
            b += 2
            continue
        if last and phrase_bars > 1:
            slots.append((t, bar))
        elif half and (per_bar == 2 or phrase_bars == 1 or
                       (penultimate and not broad and rng.random() < 0.45 + 0.35 * levels["energy"])):
            slots.append((t, half))
            slots.append((t + half, bar - half))
        else:
            slots.append((t, bar))
        b += 1
    while len(slots) < min_slots:
        # Too few chords for an opening and a cadence: halve the longest chord (not the goal),
        # on a pulse where possible.
        i = max(range(max(1, len(slots) - 1)), key=lambda k: slots[k][1])
        t, d = slots[i]
        cut = (half if d == bar and half else
               (d // 2) // meter.pulse_ticks * meter.pulse_ticks or d // 2)
        slots[i:i + 1] = [(t, cut), (t + cut, d - cut)]
    return slots


def _pivot(rng: random.Random, old_key: Key, new_key: Key, previous_pcs: tuple[int, ...],
           levels: Colour) -> tuple[str, str]:
    """The chord that enters a new key, in order of preference:
    a pivot: diatonic in both keys, tonic or predominant in the new one, sharing a tone with the
    chord before (it is heard in the old key and understood in the new);
    else a common-tone entry: a chord of the new key (its dominant seventh preferred, which
    establishes it at once; a colour chord such as a secondary dominant when nothing plainer
    will do) holding a tone of the chord before;
    else (two keys with nothing in common near the junction) the new dominant seventh directly."""
    old_pcs = set(old_key.scale)
    if old_key.is_minor_family:
        old_pcs.add((old_key.tonic - 1) % 12)  # the harmonic-minor leading tone is heard there too
    before = set(previous_pcs)
    options, weights = [], []
    for figure, function, weight in grammar.VOCABULARY[new_key.mode]:
        chord = parse_figure(figure, new_key)
        common = len(set(chord.pcs) & before)
        if function != "D" and set(chord.pcs) <= old_pcs and common:
            options.append(figure)
            weights.append(weight * common)
    if options:
        return _choose(rng, options, weights), "pivot"
    entries = ([(f, fn, w) for f, fn, w in grammar.VOCABULARY[new_key.mode]]
               + list(grammar.COMMON_TONE_ENTRIES)
               + [(f, fn, 0.5 * w) for f, fn, w, _d, _g in grammar.COLOURS[new_key.mode]])
    for figure, function, weight in entries:
        common = len(set(parse_figure(figure, new_key).pcs) & before)
        if common:
            options.append(figure)
            weights.append(weight * common)
    if options:
        return _choose(rng, options, weights), "common tone"
    return "V7", "direct"


def _cadence_formula(rng: random.Random, key: Key, cadence: str, final: bool, room: int,
                     levels: Colour, after: str | None, vocab: tuple[_Entry, ...] = ()
                     ) -> tuple[str, ...]:
    """A cadence formula that fits in `room` chords (a longer one loses its head). `after` is
    the chord it would follow directly when the phrase has no room for a middle: formulas
    repeating its root, or starting on a chord the grammar does not allow after it (a
    cross-relation), are avoided, by a shorter formula that leaves a chord for the middle to
    bridge the two where every formula of the full room would clash."""
    rows = (grammar.FINAL_CADENCES[key.mode] if final and cadence == "authentic"
            else grammar.CADENCES[key.mode][cadence])
    if final and cadence == "half":
        # A loop's last chord is the dominant degree (the mode's v, or V), which leads back to
        # bar 1's tonic; a mode whose v is diminished (phrygian) takes its major V.
        dominant = key.degree_pc(4)
        rows = [r for r in rows if parse_figure(r[0][-1], key).root == dominant] or rows
    weighted = [(f, _weight(w, d, levels)) for f, w, d in rows]

    def fitting(size: int) -> list[tuple[tuple[str, ...], float]]:
        table = [(f, w) for f, w in weighted if len(f) <= size] or weighted
        return [(f[-size:] if len(f) > size else f, w) for f, w in table]

    table = fitting(room)
    if after is not None:
        before = _entry_for(after, key, vocab)

        def follows(figures: tuple[str, ...]) -> bool:
            first = _entry_for(figures[0], key, vocab)
            return (split_figure(figures[0])[0] != split_figure(after)[0]
                    and first.root != before.root and not _cross_related(before, first, key.mode))

        for size in range(room, 1, -1):
            fresh = [(f, w) for f, w in fitting(size) if follows(f)]
            if fresh:
                table = fresh
                break
    return _choose(rng, [f for f, _ in table], [w for _, w in table])


def _opening(rng: random.Random, key: Key, room: int, levels: Colour, pedal_only: bool
             ) -> tuple[tuple[str, ...], bool]:
    options = [(f, _weight(w, d, levels), pedal) for f, w, d, pedal in grammar.OPENINGS[key.mode]
               if len(f) <= room]
    if pedal_only and any(pedal for *_, pedal in options):
        options = [o for o in options if o[2]]
    figures, _, pedal = _choose(rng, options, [w for _, w, _ in options])
    return figures, pedal


# How often a calm phrase's held opening becomes a tonic pedal (scaled by calm).
PEDAL_CHANCE = 0.7
# How often a phrase's opening tonic arrives with a 9-8 suspension held over from the chord
# before, with nothing asking for it; warmth raises it.
NINE_EIGHT_CHANCE = 0.05


def _nine_eight(slot: Slot, previous_pcs: tuple[int, ...], meter: Meter, bpm: float,
                levels: Colour, rng: random.Random) -> list[Slot]:
    """A 9-8 suspension on an opening tonic: the supertonic held from the chord before (the fifth
    of V, the root of ii) over the new tonic, falling to the tonic halfway through. Only over a
    major ninth (not phrygian's minor ninth), and only when it is prepared."""
    key = slot.key
    ninth = key.degree_pc(1)
    if slot.base not in ("I", "i") or (ninth - key.tonic) % 12 != 2 or ninth not in previous_pcs:
        return [slot]
    if slot.duration < 2 * meter.pulse_ticks or _seconds(slot.duration, meter, bpm) < 2 * MIN_SPLIT_SECONDS:
        return [slot]
    if rng.random() >= NINE_EIGHT_CHANCE + 0.3 * levels["warmth"]:
        return [slot]
    first = (slot.duration // 2) // meter.pulse_ticks * meter.pulse_ticks or slot.duration // 2
    sus = Slot(slot.start, first, key, slot.base + "[add9]", (0,), slot.cadence, slot.pedal, True,
               "9-8")
    res = Slot(slot.start + first, slot.duration - first, key, slot.base, (0,), slot.cadence, True,
               False, slot.note)
    return [sus, res]


# How often a cadential dominant is suspended with nothing in the mood asking for it; tension
# (the suspension as delay) and warmth (as sigh) raise it.
SUSPENSION_CHANCE = 0.05


def _suspend(slot: Slot, previous_pcs: tuple[int, ...], meter: Meter, bpm: float,
             levels: Colour, rng: random.Random) -> list[Slot]:
    """A 4-3 suspension over a cadential dominant: the tonic held from the chord before over the
    dominant's root, falling to the leading tone halfway through. Only where tension or warmth ask,
    only when the chord before holds the tonic to prepare it, and only when the chord lasts long
    enough to hear both halves."""
    if slot.base not in ("V", "V7") or slot.inversions != (0,) or slot.key.tonic not in previous_pcs:
        return [slot]
    if slot.duration < 2 * meter.pulse_ticks and slot.duration < meter.bar_ticks:
        return [slot]
    if _seconds(slot.duration, meter, bpm) < 2 * MIN_SPLIT_SECONDS:
        return [slot]  # too quick to hear the suspension and its resolution
    if rng.random() >= SUSPENSION_CHANCE + 0.3 * levels["tension"] + 0.15 * levels["warmth"]:
        return [slot]
    first = (slot.duration // 2) // meter.pulse_ticks * meter.pulse_ticks or slot.duration // 2
    sus = Slot(slot.start, first, slot.key, "V[no3][add4]", (0,), slot.cadence, slot.pedal, True,
               "4-3")
    res = Slot(slot.start + first, slot.duration - first, slot.key, slot.base, (0,), slot.cadence,
               True, False, slot.note)
    return [sus, res]


# How often a consequent phrase restates its antecedent's opening (a parallel period) rather
# than going its own way (a contrasting period), and how often a returning section (A', A'')
# brings back its first appearance's chords.
PARALLEL_PERIOD_CHANCE = 0.7
RETURN_CHANCE = 0.85


@dataclass(frozen=True)
class _Place:
    """Where a phrase stands in the piece: what its chords must reach and what they follow."""

    section: Section
    phrase: Phrase
    key: Key
    cadence: str
    final: bool  # the piece's last phrase
    entering: bool  # the first phrase in this key (the piece's first, or after a key change)
    modulating: bool  # entering from another key: it opens on a pivot
    prev_key: Key | None
    overlapped: bool  # the phrase before elided its cadence into this one
    levels: Colour
    vocab: tuple[_Entry, ...]
    close: Close | None = None  # the piece's close, on its last phrase


@dataclass(frozen=True)
class _PhraseChords:
    """One phrase's chords, remembered so a later phrase can restate them."""

    times: tuple[tuple[int, int], ...]  # relative to the phrase's start
    figures: tuple[str, ...]
    opening: int  # how many of the figures are the opening
    pedal: bool  # the opening holds a pedal
    cadence: str
    final: bool
    # The chords of a deceptive close (its deceived dominant and the cadence after), in root
    # position like any cadence: counted from the end.
    rooted: int = 0


def _restate(rng: random.Random, source: _PhraseChords, key: Key, cadence: str, final: bool,
             levels: Colour, vocab: tuple[_Entry, ...]) -> tuple[list[str], int] | None:
    """The source phrase's chords with this phrase's cadence: the same chords when the cadence is
    the same, else the source's head and a new formula that follows from it grammatically."""
    n = len(source.figures)
    if source.cadence == cadence and source.final == final:
        return list(source.figures), source.opening
    for _ in range(6):
        formula = _cadence_formula(rng, key, cadence, final, max(2, n - 1), levels, None, vocab)
        head = list(source.figures[:n - len(formula)])
        if len(head) < max(1, source.opening):
            continue  # never cut a prolongation (pedal or passing six-four) in half
        if _transition(_entry_for(head[-1], key, vocab), _entry_for(formula[0], key, vocab),
                       key.mode) > 0:
            return head + list(formula), source.opening
    return None


def build_slots(plan: Plan, rng: random.Random, loop: bool = False,
                fresh: tuple[int, random.Random] | None = None) -> list[Slot]:
    """The piece's chord slots, phrase by phrase. `fresh` = (section index, generator): that
    section draws from its own generator and the slots stop at its end (a re-rolled moment: what
    came before it is drawn exactly as the first time, so it starts from the same chords). Each
    phrase draws from a stream of its own, and the close from another (composer.streams): a
    phrase planned another way changes no other phrase's chords."""
    draw = streams(rng)
    meter = plan.meter
    bar = meter.bar_ticks
    slots: list[Slot] = []
    prev_key: Key | None = None
    n_sections = len(plan.sections)
    remembered: dict[tuple, tuple[str, _PhraseChords]] = {}
    elided = False  # the phrase before ended on an elided cadence
    for si, section in enumerate(plan.sections):
        if fresh is not None and si > fresh[0]:
            break
        if fresh is not None and si == fresh[0]:
            draw = streams(fresh[1])
        key = section.key
        levels = section.character.colour
        vocab = _vocabulary(key, levels)
        family = section.family
        previous_phrase: _PhraseChords | None = None
        for pi, phrase in enumerate(section.phrases):
            rng = draw("phrase", si, pi)
            final = si == n_sections - 1 and pi == len(section.phrases) - 1
            close = _close(plan, section, phrase, draw("close")) if final and not loop else None
            reshaped = close is not None and bool(close.after or close.before)
            # A loop's last phrase ends on V, which leads back into bar 1's tonic (every section
            # keeps the home tonic, so V of the last section's mode resolves there too).
            cadence = ("half" if loop else "authentic") if final else phrase.cadence
            entering = pi == 0 and (prev_key is None or prev_key != key)
            modulating = entering and prev_key is not None
            # Elision (Schoenberg, *Fundamentals*, ch. 5): the previous phrase's cadence goal is
            # this phrase's first chord, so the phrase opens on what follows its tonic.
            overlapped, elided = elided and not modulating, phrase.elided
            origin = phrase.start_bar * bar
            # Restatement: a returning section brings back its first appearance's phrase; a
            # consequent may restate its antecedent's opening (a parallel period).
            source = None
            memory_key = (family, key, pi, phrase.bars)
            if not modulating and not overlapped:
                owner = remembered.get(memory_key)
                if owner and owner[0] != section.label and rng.random() < RETURN_CHANCE:
                    source = owner[1]
                elif (phrase.role == "consequent" and pi > 0 and previous_phrase is not None
                      and section.phrases[pi - 1].role == "antecedent"
                      and section.phrases[pi - 1].bars == phrase.bars
                      and rng.random() < PARALLEL_PERIOD_CHANCE):
                    source = previous_phrase
            if reshaped:
                source = None  # the close lays out the last bars itself
            restated = _restate(rng, source, key, cadence, final, levels, vocab) if source else None
            note = ""
            if restated is not None:
                figures, opening_len = restated
                record = _PhraseChords(source.times, tuple(figures), opening_len, source.pedal,
                                       cadence, final)
            else:
                place = _Place(section, phrase, key, cadence, final, entering, modulating, prev_key,
                               overlapped, levels, vocab, close)
                record, note = _new_phrase(rng, plan, place, slots)
            figures, opening_len, pedal_opening = record.figures, record.opening, record.pedal
            times = [(origin + t, d) for t, d in record.times]
            if overlapped:
                previous_phrase = None  # it has no opening of its own to restate
            else:
                remembered.setdefault(memory_key, (section.label, record))
                previous_phrase = record
            after = len(close.after.get(key.mode, ())) if reshaped else 0
            if close is not None and close.picardy and key.is_minor_family:
                figures = tuple(figures[:-1]) + ("I",)  # the Picardy third
            # The cadence: the dominant and its goal, and a close's chords after the goal.
            cad_from = len(figures) - 2 - after
            for i, ((t, d), fig) in enumerate(zip(times, figures)):
                is_cad = i >= cad_from
                prev_base = slots[-1].base if slots else None
                prev_inv = slots[-1].inversions if slots else ()
                # Held bass: the pedal opening's inner chords, the dominant after a cadential 6/4,
                # and an amen's chords over the tonic it arrived on.
                pedal = (pedal_opening and 0 < i < opening_len) or (
                    prev_inv == (2,) and prev_base is not None and is_cad and i > 0
                    and split_figure(fig)[0] in ("V", "V7", "v")) or (
                    close is not None and close.pedal and i >= len(figures) - after)
                # The inner chords of a moving opening (I V64 I6, I vii°6 I6) pass: the bass steps.
                passing = not pedal_opening and 0 < i < opening_len - 1
                s = _slot(t, d, key, fig, fixed_root=is_cad or (i == 0 and not note)
                          or i >= len(figures) - record.rooted,
                          cadence=cadence if is_cad else None, pedal=pedal,
                          note=note if i == 0 else ("passing" if passing else ""))
                if i == 0 and not note and slots and slots[-1].key == key:
                    slots.extend(_nine_eight(s, parse_figure(slots[-1].base, key).pcs, meter,
                                             plan.bpm, levels, rng))
                elif slots and is_cad and (i == cad_from
                                 and cadence in ("authentic", "half", "deceptive", "evaded")
                                 or i == len(figures) - 1 and cadence == "half"):
                    # A suspension into the cadence's goal, or into a half cadence's dominant.
                    slots.extend(_suspend(s, parse_figure(slots[-1].base, slots[-1].key).pcs,
                                          meter, plan.bpm, levels, rng))
                else:
                    slots.append(s)
            if close is not None:
                slots[-1] = replace(slots[-1], close=close.name, amen=close.amen)
        prev_key = key
    return slots


def _close(plan: Plan, section: Section, phrase: Phrase, rng: random.Random) -> Close:
    """The piece's close (composer.harmony.close), by the last section's affect, the form, the
    mode, and whether the last phrase has room and tempo for the chords a close adds."""
    half = _split_bar(plan.meter)
    can_split = half is not None and _seconds(half, plan.meter, plan.bpm) >= MIN_SPLIT_SECONDS
    return choose_close(section.character.affect, plan.form, section.key.mode, phrase.bars,
                        can_split, rng, plan.character.affect)


def _new_phrase(rng: random.Random, plan: Plan, place: _Place, slots: list[Slot]
                ) -> tuple[_PhraseChords, str]:
    """A fresh phrase: its rhythm, opening (tonic, prolongation or pivot), grammatical middle
    and cadence formula; and how its key was entered (the pivot's note, else ""). A phrase the
    one before elided into starts from that cadence's goal, with no opening of its own."""
    phrase, section, key, levels, vocab = place.phrase, place.section, place.key, place.levels, place.vocab
    modulating, overlapped = place.modulating, place.overlapped
    meter = plan.meter
    bar = meter.bar_ticks
    # The piece's first phrase needs room for an opening (the tonic) before its cadence, a
    # modulating phrase for its pivot and a chord to lead on from it, a phrase after an elision
    # room to move off the goal it starts from; any other phrase needs at least two chords.
    wanted = 4 if modulating else 3 if place.entering or overlapped else 2
    # no chord shorter than a pulse, and the goal keeps its bar
    capacity = meter.pulses if phrase.bars == 1 else (phrase.bars - 1) * meter.pulses + 1
    times = _rhythm(phrase.bars, phrase.start_bar, section, meter, plan.bpm, levels, rng,
                    max(2, min(wanted, capacity)))
    close = place.close
    tail = (tail_times(close, phrase.end_bar * bar, bar, _split_bar(meter), phrase.bars)
            if close else [])
    if tail:
        # The close lays out the last bars (composer.harmony.close); the phrase's own chords
        # stop where it begins.
        cut = tail[0][0]
        times = [(t, min(d, cut - t)) for t, d in times if t < cut] + tail
    if place.final:
        # The last chord fills the last bar and ends exactly where the piece ends.
        assert times[-1][0] + times[-1][1] == plan.bars * bar
    half = _split_bar(meter)
    force_pedal = False
    if not modulating and not overlapped and not tail and times[0][1] == 2 * bar and half \
            and _seconds(half, meter, plan.bpm) >= MIN_SPLIT_SECONDS \
            and rng.random() < PEDAL_CHANCE * levels["calm"]:
        # Calm: the held opening becomes a tonic pedal under a neighbouring six-four.
        t0 = times[0][0]
        times[0:1] = [(t0, bar), (t0 + bar, half), (t0 + bar + half, bar - half)]
        force_pedal = True
    n = len(times)
    # Only a tonic opening can meet the formula head-on (n - 1 == formula length).
    tonic = grammar.OPENINGS[key.mode][0][0][0]
    note = ""
    pivot = None
    if modulating:
        # The pivot first, so the cadence can be chosen to follow it (a modulating phrase has
        # at least three chords: the pivot always has room).
        before = parse_figure(slots[-1].base, slots[-1].key).pcs
        pivot, note = _pivot(rng, place.prev_key, key, before, levels)
    # A pedal opening reserves its three chords before the cadence formula is chosen.
    goal = slots[-1].base if overlapped else None
    reserve = 0 if overlapped else 3 if force_pedal else 1
    before = close.before.get(key.mode, ()) if close else ()
    after = close.after.get(key.mode, ()) if close else ()
    if before:
        # The deceived dominant, then the cadence once more in the tail's last three chords.
        formula = before + _cadence_formula(rng, key, place.cadence, place.final, len(tail) - len(before),
                                            levels, before[-1], vocab)
    else:
        formula = _cadence_formula(rng, key, place.cadence, place.final,
                                   max(2, n - reserve - len(after)), levels,
                                   goal or pivot or (tonic if n <= 4 else None), vocab) + after
    room = n - len(formula)
    pedal_opening = False
    if overlapped:
        opening: tuple[str, ...] = ()
    elif pivot is not None:
        opening = (pivot,) if room > 0 else ()
    elif room > 0:
        opening, pedal_opening = _opening(rng, key, room, levels, force_pedal)
    else:
        opening = ()
    middle_count = n - len(opening) - len(formula)
    start_fig = opening[-1] if opening else (slots[-1].base if slots and slots[-1].key == key
                                              else tonic)
    middle = _middle(rng, middle_count, start_fig, formula[0], key, vocab,
                     _entry_for(goal, key, vocab).root if goal else None)
    origin = phrase.start_bar * bar
    return _PhraseChords(tuple((t - origin, d) for t, d in times), tuple(opening) + tuple(middle)
                         + tuple(formula), len(opening), pedal_opening, place.cadence,
                         place.final, len(formula) if before else 0), note
