"""The room the tune leaves the accompaniment: how high a chord-playing part (the Harmony, the
Texture) may sound while the tune sings, what a voice over it does, and how a chord that gave
way keeps enough tones.

A lead whose range tops out low (a cello, a horn) sings down into the register its chords and
its pads were voiced in; they give way to it there, an octave down or a voice fewer (Adler, The
Study of Orchestration: the accompaniment is kept out of the melody's register so it does not
cover it; Rimsky-Korsakov, Principles of Orchestration, ch. II-III: the melody clear of the
harmony's voices). A lead over its accompaniment never meets the rule."""

from __future__ import annotations

from typing import Callable, Iterable

from composer.arrange.vertical import Sounding
from composer.harmony.span import ChordSpan
from composer.harmony.voicing import mud
from composer.piece import TICKS_PER_BEAT

TUNE = "Melody"  # the part the others make room for
# How far under the tune's lowest note the accompaniment's top stays: a tone, so that no voice
# sounds on, over or a semitone under the melody.
TUNE_CLEARANCE = 2
CHORD_TONES = 3  # the fewest notes a struck chord sounds (tests/contract.py)


# The room reads the tune this far either side of an accompaniment note, so a silence of the tune
# under a beat (a furious stab's dotted eighth of rest) is still its line: the accompaniment does
# not rise into it (a composer's reading of storm at seed 2: the same strings' arpeggio tops rang
# A4 over the tune's stabs on F4 between them, and the tune was lost).
LINE_GAP = TICKS_PER_BEAT // 2


def room(sounding: Sounding, start: int, end: int) -> int:
    """The highest the accompaniment may sound from start to end: TUNE_CLEARANCE under the lowest
    note the tune sings then or within LINE_GAP of it (127 where it is silent longer)."""
    tune = sounding.of(TUNE, start - LINE_GAP, end + LINE_GAP)
    return min(tune) - TUNE_CLEARANCE if tune else 127


def give_way(pitch: int, top: int, floor: int, under: int, lower: Iterable[int] = ()) -> int | None:
    """Where a voice sounds under the room `top` (room): at its pitch where that fits; else an
    octave down where that stays under the room, in its instrument's range (at or over `floor`:
    under it the note would be folded back up, over the tune), over `under` (the voice or the
    bass under it) and clear of mud (composer.harmony.voicing.mud) with the nearest pitch
    sounding under it or on it (`under`, or one of `lower`); else None: it rests there."""
    if pitch <= top:
        return pitch
    q = pitch - 12
    if q > top or q < floor or q <= under:
        return None
    return q if clear(q, under, lower) else None


def clear(pitch: int, under: int, lower: Iterable[int] = ()) -> bool:
    """Whether `pitch` is clear of mud (composer.harmony.voicing.mud) with the nearest pitch
    sounding under it or on it: `under` (the voice or the bass under it), or one of `lower`
    (landing on a pitch that sounds adds no interval)."""
    return not mud(max([p for p in lower if p <= pitch] + [under]), pitch)


def short(span: ChordSpan, struck: list[int], final: bool, lowest: int, tones: int = CHORD_TONES) -> bool:
    """Whether a chord whose voices gave way to the tune sounds too little: fewer than `tones`
    notes at or over `lowest` (the instrument's floor: a note under it is folded up, onto another
    perhaps), or the final chord without its root."""
    return (sum(q >= lowest for q in set(struck)) < tones
            or final and span.chord.root not in {q % 12 for q in struck})


def _under_room(span: ChordSpan, struck: list[int], top: int) -> list[int]:
    """Pitches under `top` and over the bass for a chord that sounds too little: the tones it
    lacks first (its root, third, fifth, in that order), then doublings, each at its highest
    there."""
    have = {q % 12 for q in struck}
    out = []
    for pc in sorted(span.chord.pcs, key=lambda pc: (pc in have, span.chord.pcs.index(pc))):
        q = top - (top - pc) % 12
        while q in struck and q > span.bass:
            q -= 12
        if q > span.bass:
            out.append(q)
    return out


def refill(span: ChordSpan, struck: list[int], top: int, floor: int, fits: Callable[[int], bool], *,
           final: bool = False, tones: int = CHORD_TONES, spare: Iterable[int] = ()) -> list[int]:
    """The pitches a strike whose voices gave way to the tune takes back while it sounds too
    little (short): the tones it gave up, under the room `top` as high as they fit; where `spare`
    ones are offered (the Harmony's voices as voiced) and no room under the tune is left, the
    chord's bass doubled (it adds no interval to what sounds, and stays under the tune), then
    those; each not struck yet, at or over `floor` and where `fits` (agrees with what sounds).
    (Held-out 39 at seed 2: B minor's D3 F#3 under a cello's B3 took its voiced B3 back, on the
    tune, where B2 under them keeps the chord's three tones.)"""
    spare = list(spare)
    unison = [span.bass] if spare and span.bass <= top else []
    added: list[int] = []
    for q in _under_room(span, struck, top) + unison + spare:
        if not short(span, struck + added, final, floor, tones):
            break
        if q not in struck and q not in added and q >= floor and fits(q):
            added.append(q)
    return added
