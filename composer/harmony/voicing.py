"""Voice leading as a search: the bass line first (a Viterbi pass over inversions and octaves),
then the four Harmony voices (a beam-pruned Viterbi pass over every legal voicing of each chord).

Hard rules (a voicing that breaks them is never chosen while any other exists): no parallel fifths
or octaves/unisons in the same direction between any two of the five lines (bass + four voices),
no crossing (voices strictly ordered, bass below the lowest), at most an octave between upper
neighbours, ranges respected. Soft costs (the numbers below, in semitone-equivalents): total motion,
leaps, the leading tone and chordal sevenths resolved, suspensions prepared and resolved, doubling,
overlap, hidden octaves in the outer voices, fifths or octaves with the bass heard where the
written voices leap (_heard_with_bass), register.

Everything is plain ints; candidates are cached per (chord, bass, ranges), so a ten-minute piece
voices in a few tenths of a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from composer.harmony.progression import Slot
from composer.harmony.relations import cross_relations
from composer.theory.chords import Chord, invert_figure, parse_figure
from composer.theory.motion import parallel, semitones

# Bass leaps by size in semitones: steps and fourths/fifths sing; sixths, sevenths and the tritone
# do not (Fux; Aldwell & Schachter ch. 5 on bass lines). Larger than an octave is not allowed.
BASS_LEAP_COST = {0: 0.6, 1: 0.0, 2: 0.0, 3: 0.3, 4: 0.3, 5: 0.35, 6: 3.0, 7: 0.35, 8: 1.4,
                  9: 1.6, 10: 4.0, 11: 5.0, 12: 0.9}
# Inversion costs: root position is the default; first inversion is cheap (it buys a stepwise
# bass); the six-four only when a formula asks for it (cadential, pedal, passing).
INVERSION_COST = {0: 0.0, 1: 0.15, 2: 0.9, 3: 0.8}
BASS_REGISTER_COST = 0.04  # per semitone from the bass's comfortable middle
ROOM_WANTED = 10  # voicings the Harmony part should have above a bass note to move freely
ROOM_COST = 0.6  # per voicing short of that

MOTION_COST = 1.0  # per semitone moved by an upper voice
LEAP_COST = 0.8  # per semitone beyond a fourth
TENDENCY_COST = 10.0  # a leading tone (outer voice) or chordal seventh left unresolved
INNER_LEADING_TONE_COST = 2.5  # inner voices may let the leading tone fall to the fifth
SUSPENSION_COST = 20.0  # a suspension not prepared, or not resolved down by step
# A degree sounding in two forms in successive chords (IV-iv's 6-b6, a key change's new
# accidental) whose chromatic step is not sung by one voice: a false relation. It outweighs the
# mud (MUD_COST) a path of low chords might save by taking it.
CROSS_RELATION_COST = 15.0
OVERLAP_COST = 1.5  # a voice moving past where its neighbour just was
HIDDEN_OUTER_COST = 2.0  # similar motion into a fifth/octave with a leap in the top voice
DOUBLING_COST = {"root": 0.0, "fifth": 0.3, "third_major": 1.2, "third_minor": 0.5, "other": 0.8}
UNMIRRORED_BASS_COST = 0.8  # the Harmony part's lowest voice not on the bass's pitch class
REGISTER_COST = 0.08  # per semitone of the voicing's centre from the part's comfortable centre
WIDE_COST = 0.15  # per semitone of bass-to-tenor gap over a twelfth
MUD_COST = 0.6  # per semitone a pair of neighbouring lines (the bass and the four voices) stands
# under its interval's lower limit (LOWER_LIMITS): a sixth a tone under it is a blemish, a third
# on G2 is mud
VIOLATION = 1000.0  # taken only if no legal continuation exists at all
# Fifths or octaves with the bass a listener hears where the written voices leap
# (_heard_with_bass): a soft cost, as heavy as a suspension left unprepared, for a pad in a narrow
# range may have no voicing without them (V -> VI in minor over E1 -> F1, the pad between E2 and
# D4, sounds E and F in each of its octaves), and a written parallel is worse.
HEARD_COST = 20.0
BEAM = 14

# Lower interval limits: the lowest MIDI pitch the lower note of each interval (semitones) may
# sound on before the interval turns to mud (the standard arranging table: Lowell & Pullig,
# Arranging for the Large Jazz Ensemble, Berklee Press 2003; Rimsky-Korsakov, Principles of
# Orchestration, ch. III: chords spaced as the harmonic series, wide at the bottom, close at the
# top). A minor second from E3, a third from C3 / Bb2, a fifth from Bb1, a sixth or seventh from
# F2; a tenth from C2 / Bb1. The octave and wider intervals have no limit.
LOWER_LIMITS = {1: 52, 2: 51, 3: 48, 4: 46, 5: 46, 6: 47, 7: 34, 8: 41, 9: 41, 10: 41, 11: 41,
                13: 40, 14: 39, 15: 36, 16: 34}


def mud(lower: int, upper: int) -> int:
    """How many semitones two pitches sounding together lie under their interval's lower limit
    (0: clear)."""
    return max(0, LOWER_LIMITS.get(upper - lower, 0) - lower)


# A slot's voicing fixed in advance: (inversion, bass pitch, the four Harmony voices).
Pin = tuple[int, int, tuple[int, int, int, int]]


@dataclass(frozen=True)
class _Info:
    """What the search needs to know about one chord, precomputed."""

    chord: Chord
    pcs: frozenset[int]
    leading_tone: int | None  # the pitch class that should rise a semitone
    seventh: int | None  # the pitch class that should fall by step
    sus: int | None  # the suspended pitch class
    single: frozenset[int]  # tendency tones: never doubled
    tendencies: bool  # has a leading tone, seventh or suspension to resolve into the next chord
    required: frozenset[int]  # pitch classes the four Harmony voices must sound (a 4-note chord may drop its fifth)
    roles: tuple[tuple[int, str], ...]  # doubling role of each triad tone


def _info(slot: Slot, inversion: int) -> _Info:
    figure = invert_figure(slot.base, inversion)
    chord = parse_figure(figure, slot.key)
    pcs = chord.pcs
    numeral = slot.base.split("/")[0].lstrip("b#")
    root = chord.root
    third_major = (root + 4) % 12 in pcs
    leading = None
    if numeral.startswith("V") and not numeral.startswith("VI") and third_major:
        leading = (root + 4) % 12
    elif numeral.startswith("vii°") or numeral.startswith("viiø"):
        leading = root
    seventh = None
    if len(pcs) >= 4 and "[" not in slot.base and "maj" not in slot.base:
        seventh = pcs[3]
    sus = pcs[-1] if slot.sus else None  # the added 4th of V[no3][add4], the 9th of I[add9]
    added = set(pcs[3:]) if "[add" in slot.base else set()
    single = {p for p in (leading, seventh, sus) if p is not None} | added
    required = set(pcs)
    if len(pcs) >= 4 and "[no5]" not in slot.base and not slot.sus:
        required.discard((root + 7) % 12)  # a complete seventh or add9 chord may drop its fifth
    roles = [(root, "root")]
    if len(pcs) >= 3 and "[no3]" not in slot.base:
        roles.append((pcs[1], "third_major" if third_major else "third_minor"))
    roles.append(((root + 7) % 12, "fifth"))
    return _Info(chord, frozenset(pcs), leading, seventh, sus, frozenset(single),
                 any(t is not None for t in (leading, seventh, sus)),
                 frozenset(required), tuple(roles))


def _bass_states(info_by_inv, blo: int, bhi: int):
    out = []
    for inv, info in info_by_inv:
        pc = info.chord.bass
        for pitch in range(blo, bhi + 1):
            if pitch % 12 == pc:
                out.append((inv, pitch))
    return out


def _room_cost(voicings: int) -> float:
    """A bass note under which the Harmony part has no legal voicing is taken only if nothing
    else is possible (the upper search then widens its range as a last resort)."""
    return VIOLATION if voicings == 0 else ROOM_COST * max(0, ROOM_WANTED - voicings)


def _bass_line(slots: list[Slot], infos: list[dict[int, _Info]], blo: int, bhi: int,
               harmony: tuple[int, int], pins: dict[int, Pin] | None = None) -> list[tuple[int, int]]:
    centre = (blo + bhi) / 2
    layers, room = [], []
    for j, (slot, info) in enumerate(zip(slots, infos)):
        states = _bass_states(sorted(info.items()), blo, bhi)
        if pins and j in pins:
            states = [(pins[j][0], pins[j][1])]
        layers.append(states)
        # A bass that leaves the Harmony voices few voicings above it would corner the upper
        # search; charge for the missing choice.
        room.append([_room_cost(len(_candidates(info[inv], p, *harmony))) for inv, p in states])
    cost = [[INVERSION_COST[inv] + BASS_REGISTER_COST * abs(p - centre) + room[0][k]
             for k, (inv, p) in enumerate(layers[0])]]
    back: list[list[int]] = [[-1] * len(layers[0])]
    for j in range(1, len(slots)):
        prev_slot, slot = slots[j - 1], slots[j]
        cross = cross_relations(next(iter(infos[j - 1].values())).chord, prev_slot.key,
                                next(iter(infos[j].values())).chord, slot.key)
        row, brow = [], []
        for n, (inv, p) in enumerate(layers[j]):
            info = infos[j][inv]
            best, arg = float("inf"), -1
            for k, (pinv, pp) in enumerate(layers[j - 1]):
                pinfo = infos[j - 1][pinv]
                leap = abs(p - pp)
                if leap > 12:
                    continue
                c = cost[j - 1][k] + BASS_LEAP_COST[leap]
                if slot.pedal:
                    c += 0.0 if p == pp else VIOLATION / 10
                elif (slot.note == "passing" or prev_slot.note == "passing") and not 1 <= leap <= 2:
                    c += TENDENCY_COST  # a passing chord's bass steps in and steps out
                elif leap == 0 and pinv != 2:
                    c += 0.0 if slot.base == prev_slot.base else 0.4
                ppc = pp % 12
                if pinfo.leading_tone == ppc and (ppc + 1) % 12 in info.pcs and p - pp != 1:
                    c += TENDENCY_COST
                if pinfo.seventh == ppc and not (slot.pedal or -2 <= p - pp <= -1 or
                                                  (p == pp and ppc in info.pcs)):
                    c += TENDENCY_COST
                for x, y in cross:
                    # the bass takes part in a chromatic step only by singing it itself
                    if (ppc == x or p % 12 == y) and not (ppc == x and p % 12 == y and leap == 1):
                        c += CROSS_RELATION_COST
                if c < best:
                    best, arg = c, k
            row.append(best + INVERSION_COST[inv] * (0 if len(slot.inversions) == 1 else 1)
                       + BASS_REGISTER_COST * abs(p - centre) + room[j][n])
            brow.append(arg)
        cost.append(row)
        back.append(brow)
    j = len(slots) - 1
    k = min(range(len(cost[j])), key=cost[j].__getitem__)
    path = []
    while j >= 0:
        path.append(layers[j][k])
        k = back[j][k]
        j -= 1
    return path[::-1]


@lru_cache(maxsize=8192)
def _candidates(info: _Info, bass: int, hlo: int, hhi: int) -> tuple[tuple[tuple[int, int, int, int], float], ...]:
    """Every legal four-voice voicing of the chord above `bass`, with its static cost."""
    pitches = [p for p in range(max(hlo, bass + 1), hhi + 1) if p % 12 in info.pcs]
    centre = hlo + (hhi - hlo) * 0.45
    bass_pc = bass % 12
    # ... except a tendency tone in the bass (the seventh of a V42, the leading tone of a V6),
    # which must not be doubled.
    required = info.required - (info.single & {bass_pc})
    out = []
    for v in combinations(pitches, 4):
        a, b, c, d = v
        if b - a > 12 or c - b > 12 or d - c > 12:
            continue
        pcs = [bass_pc, a % 12, b % 12, c % 12, d % 12]
        # The Harmony part alone must sound the whole chord (so it reads as the same chord without
        # the bass); the bass may double any of it.
        if not required <= {a % 12, b % 12, c % 12, d % 12}:
            continue
        if any(pcs.count(t) > 1 for t in info.single):
            continue
        cost = 0.0
        for pc, role in info.roles:
            n = pcs.count(pc)
            if n > 1:
                cost += DOUBLING_COST[role] * (n - 1)
        if a % 12 != bass_pc:
            cost += UNMIRRORED_BASS_COST
        cost += REGISTER_COST * abs((a + d) / 2 - centre)
        if a - bass > 19:
            cost += WIDE_COST * (a - bass - 19)
        cost += MUD_COST * (mud(bass, a) + mud(a, b) + mud(b, c) + mud(c, d))
        out.append((v, cost))
    return tuple(out)


def _parallel(p: tuple[int, ...], q: tuple[int, ...]) -> bool:
    """Any same-direction parallel fifth or octave/unison between two of the lines (p -> q)."""
    n = len(p)
    for i in range(n):
        di = q[i] - p[i]
        if di == 0:
            continue
        for j in range(i + 1, n):
            dj = q[j] - p[j]
            if dj == 0 or (di > 0) != (dj > 0):
                continue
            before = (p[j] - p[i]) % 12
            if before in (0, 7) and (q[j] - q[i]) % 12 == before:
                return True
    return False


def _heard_with_bass(pb: int, b: int, pu: tuple[int, ...], u: tuple[int, ...]) -> bool:
    """Whether the upper voices moving `pu` -> `u` over the bass `pb` -> `b` make a parallel
    fifth or octave with it as a listener pairs them where the written voices leap
    (motion.semitones; the rule between the lines as written is _parallel's)."""
    if pb == b or abs(b - pb) % 12 not in (1, 11):
        return False  # a semitone's pair moves with the bass only where the bass moves one
    return any(parallel(p, q, pb, b) for p, q in semitones(pu, u))


def _false_relations(cross: tuple[tuple[int, int], ...], pu, u, pb: int, b: int) -> int:
    """How many of the chromatic steps `cross` (pitch class before, after) no line takes by a
    semitone."""
    missing = 0
    for x, y in cross:
        if not any(p % 12 == x and q % 12 == y and abs(q - p) == 1
                   for p, q in zip((pb,) + tuple(pu), (b,) + tuple(u))):
            missing += 1
    return missing


def _transition(pinfo: _Info, info: _Info, pu, u, pb: int, b: int,
                cross: tuple[tuple[int, int], ...] = ()) -> float:
    """Soft cost of moving the four upper voices from `pu` to `u` (bass `pb` -> `b`)."""
    a0, a1, a2, a3 = pu
    b0, b1, b2, b3 = u
    m0, m1, m2, m3 = abs(b0 - a0), abs(b1 - a1), abs(b2 - a2), abs(b3 - a3)
    cost = MOTION_COST * (m0 + m1 + m2 + m3)
    for m in (m0, m1, m2, m3):
        if m > 5:
            cost += LEAP_COST * (m - 5)
    # Overlap: a voice moving past where its neighbour just was.
    if b0 > a1 or b1 > a2 or b2 > a3 or b1 < a0 or b2 < a1 or b3 < a2:
        cost += OVERLAP_COST * ((b0 > a1) + (b1 > a2) + (b2 > a3) + (b1 < a0) + (b2 < a1) + (b3 < a2))
    if pinfo.tendencies or info.sus is not None:
        cost += _tendency_cost(pinfo, info, pu, u)
    # Hidden fifths/octaves between bass and top voice: similar motion with a leap on top.
    db, ds = b - pb, b3 - a3
    if db and ds and (db > 0) == (ds > 0) and m3 > 2 and (b3 - b) % 12 in (0, 7):
        cost += HIDDEN_OUTER_COST
    if cross:
        cost += CROSS_RELATION_COST * _false_relations(cross, pu, u, pb, b)
    return cost


def _tendency_cost(pinfo: _Info, info: _Info, pu, u) -> float:
    """Leading tones rise, sevenths and suspensions fall by step, suspensions are prepared."""
    cost = 0.0
    for i in range(4):
        x, y = pu[i], u[i]
        xpc = x % 12
        if xpc == pinfo.leading_tone and (xpc + 1) % 12 in info.pcs and y - x != 1:
            if not (xpc in info.pcs and y == x):
                cost += TENDENCY_COST if i == 3 else INNER_LEADING_TONE_COST
        if xpc == pinfo.seventh and not (-2 <= y - x <= -1 or (y == x and xpc in info.pcs)):
            cost += TENDENCY_COST
        if xpc == pinfo.sus and not -2 <= y - x <= -1:
            cost += SUSPENSION_COST
        if info.sus is not None and y % 12 == info.sus and y != x:
            cost += SUSPENSION_COST
    return cost


def voice(slots: list[Slot], harmony: tuple[int, int], bass_range: tuple[int, int],
          pins: dict[int, Pin] | None = None) -> list[tuple[Chord, int, tuple[int, int, int, int]]]:
    """Choose inversion, bass note and four-voice voicing for every slot. `pins` fixes some
    slots (by index) to a given (inversion, bass, voicing): the chords around a re-rolled moment,
    which its own chords must lead out of and into by the same rules."""
    hlo, hhi = harmony
    blo, bhi = bass_range
    bhi = min(bhi, hlo + 4)
    infos = [{inv: _info(s, inv) for inv in s.inversions} for s in slots]
    basses = _bass_line(slots, infos, blo, bhi, harmony, pins)

    # Upper voices: Viterbi over candidates with a beam on the previous layer.
    layers = []
    for j, ((inv, b), info) in enumerate(zip(basses, infos)):
        if pins and j in pins:
            layers.append(((pins[j][2], 0.0),))
            continue
        cands = _candidates(info[inv], b, hlo, hhi)
        if not cands:  # only when every bass note left no room (see _room_cost)
            cands = _candidates(info[inv], b, hlo - 12, hhi + 12)
        layers.append(cands)
    acc = [c for _, c in layers[0]]
    backs: list[list[int]] = [[-1] * len(acc)]
    for j in range(1, len(slots)):
        pinv, pb = basses[j - 1]
        inv, b = basses[j]
        pinfo, info = infos[j - 1][pinv], infos[j][inv]
        cross = cross_relations(pinfo.chord, slots[j - 1].key, info.chord, slots[j].key)
        prev = layers[j - 1]
        order = sorted(range(len(prev)), key=acc.__getitem__)
        beam = order[:BEAM]
        row, brow = [], []

        def path_cost(k: int, u) -> float:
            return acc[k] + _transition(pinfo, info, prev[k][0], u, pb, b, cross) + (
                HEARD_COST if _heard_with_bass(pb, b, prev[k][0], u) else 0.0)

        for u, static in layers[j]:
            scored = sorted((path_cost(k, u), k) for k in beam)
            best, arg = float("inf"), -1
            for c, k in scored:
                if not _parallel((pb,) + prev[k][0], (b,) + u):
                    best, arg = c, k
                    break
            if arg < 0 or _heard_with_bass(pb, b, prev[arg][0], u):
                # Nothing legal from the beam (or only octaves a listener hears): look at the
                # whole previous layer before giving up.
                for k in order[BEAM:]:
                    if not _parallel((pb,) + prev[k][0], (b,) + u):
                        c = path_cost(k, u)
                        if c < best:
                            best, arg = c, k
            if arg < 0:
                best, arg = scored[0][0] + VIOLATION, scored[0][1]
            row.append(best + static)
            brow.append(arg)
        acc = row
        backs.append(brow)
    j = len(slots) - 1
    k = min(range(len(acc)), key=acc.__getitem__)
    chosen = []
    while j >= 0:
        chosen.append(layers[j][k][0])
        k = backs[j][k]
        j -= 1
    chosen.reverse()
    return [(infos[j][basses[j][0]].chord, basses[j][1], chosen[j]) for j in range(len(slots))]
