"""Hit points (issue 15): the bar whose downbeat meets each of a scene's [[hits]], the tempo that
puts those downbeats on time, and the phrase and section boundaries each kind of hit needs.

How a film composer fits music to picture (Karlin & Wright, *On the Track*, ch. 7-9: "catching"
hits with a tempo chosen so they fall on bar lines, then bars of changed length or a tempo bent
a little between hits): the piece's tempo is searched near the one the mood chose for the
tempo whose bar lines fall nearest every hit; each stretch between two hits is then played just
fast or slow enough that its last downbeat lands on time (the performance's tempo map does it
exactly, composer.perform), and a stretch that would have to move by more than HIT_NUDGE is not
bent further: that hit is reported as missed, and by how much.

What each kind asks of the music's form (the notes themselves are the melody's and the
performance's to shape):
- cadence: a phrase ends on the hit's bar, with an authentic cadence whose goal chord is on its
  downbeat (the harmony always puts a phrase's goal chord on its last bar's downbeat);
- climax: the melody's summit is on the hit's downbeat (composer.melody.frame), in a phrase of its
  own around it, and the plan's intensity is highest there (the fullest texture, the loudest bar);
- accent: nothing in the form; every pitched part that rests there strikes a short chord tone
  (accent_stabs), and the performance strikes every part there, sforzando;
- stop: the phrase before ends at the hit and the hit's bar is a general pause, every part silent;
- section: a section starts on the hit's bar (the nearest section boundary is moved there, or the
  section under it is split in two).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from composer.errors import SceneError
from composer.limits import MAX_BPM, MIN_BPM
from composer.piece import NEUTRAL_VELOCITY, TICKS_PER_BEAT, Note, Part
from composer.scene.lengths import clock_tenths
from composer.theory.instruments import practical_range

# How far the music between two hits may move from the piece's tempo, either way: within about
# 8 % a tempo change between cues goes unnoticed under picture (Karlin & Wright: variable click
# tracks moving by a frame or two per beat); beyond it the player is audibly pushed or held back.
HIT_NUDGE = 0.08
# How far the piece's tempo itself may move to let the hits fall nearer bar lines, and in what
# steps the search tries tempi.
TEMPO_SEARCH = 0.1
# A tempo change this small between hits is below what a listener notices (about the 2 % JND
# for tempo, Drake & Botte 1993), so the search does not move the piece's tempo to avoid it.
UNHEARD = 0.02
SEARCH_STEPS = 80
# The earliest bar each kind can be met on: a cadence or a stop ends a phrase before it, a climax
# needs a bar to climb from, a new section one to follow.
FIRST_BAR = {"cadence": 1, "climax": 1, "accent": 0, "stop": 1, "section": 2}
# An accent is a stab by the whole band (Karlin & Wright: a "hit" the orchestra plays together):
# a part resting on its downbeat strikes a chord tone this long (an eighth note, or up to its
# next note), short so it is heard as the stab and not as a new line; shorter than STAB_MIN it
# would be a click, and the part rests.
STAB_TICKS = TICKS_PER_BEAT // 2
STAB_MIN = 30


@dataclass(frozen=True)
class HitPlan:
    number: int  # the hit's place in the scene's [[hits]], from 1
    kind: str
    at: float  # the asked time, seconds
    bar: int  # the bar (from 0) whose downbeat meets it
    nudge: float  # the steady tempo over the stretch before it, played this much faster (+) or slower (-)
    how: str  # what the form does there, in words
    met: bool = True  # False: the stretch before it would need more than HIT_NUDGE
    problem: str = ""  # why it cannot be met, when it cannot

    @property
    def label(self) -> str:
        return f"hits[{self.number}] ({self.kind} at {clock_tenths(self.at)})"


def bar_lines(layout, meter, bpm: float, until: float) -> list[float]:
    """Times of the bar lines at `bpm` through the layout's sections (each with its own tempo
    factor), carried on at the last section's pace until `until` seconds are passed."""
    lines = [0.0]
    for block in layout:
        step = meter.pulses * 60 / (bpm * block.tempo)
        for _ in range(block.bars):
            lines.append(lines[-1] + step)
    step = meter.pulses * 60 / (bpm * layout[-1].tempo)
    while lines[-1] <= until + step:
        lines.append(lines[-1] + step)
    return lines


def _nearest(lines: list[float], t: float) -> int:
    i = bisect.bisect_left(lines, t)
    if i == 0:
        return 0
    if i == len(lines):
        return len(lines) - 1
    return i if lines[i] - t < t - lines[i - 1] else i - 1


def _bars_for(hits, end: float | None, lines: list[float]) -> list[int]:
    """The bar for each hit (and the end, when the length is asked in time): the nearest bar
    line, after the previous one and no earlier than the kind allows."""
    bars: list[int] = []
    for hit in hits:
        b = max(_nearest(lines, hit.at), FIRST_BAR[hit.kind], bars[-1] + 1 if bars else 0)
        bars.append(b)
    if end is not None:
        bars.append(max(_nearest(lines, end), bars[-1] + 1))
    return bars


def nudges(times: list[float], bars: list[int], lines: list[float]) -> list[float]:
    """Per stretch (from the start, or the previous anchor, to each anchor): how much faster (+)
    than the steady tempo it must be played to land on time."""
    out = []
    t0, b0 = 0.0, 0
    for t, b in zip(times, bars):
        out.append((lines[b] - lines[b0]) / (t - t0) - 1 if t > t0 else 0.0)
        t0, b0 = t, b
    return out


def fit_tempo(hits, end: float | None, layout, meter, bpm: float, feel_bpm: float, bend: float,
              total_bars: int) -> tuple[float, list[int]]:
    """The piece's tempo near `bpm` whose bar lines fall nearest the hits (and the asked end),
    and the bar of each (the end's last). Two hits closer than the shortest bar the search allows
    are refused (SceneError naming the later one)."""
    low = max(MIN_BPM, bpm / (1 + TEMPO_SEARCH), feel_bpm / bend)
    high = min(MAX_BPM, bpm * (1 + TEMPO_SEARCH), feel_bpm * bend)
    low, high = min(low, bpm), max(high, bpm)
    fastest = high * max(b.tempo for b in layout) * (1 + HIT_NUDGE)
    shortest = meter.pulses * 60 / fastest
    for before, hit in zip(hits, hits[1:]):
        if hit.at - before.at < shortest:
            raise SceneError(f"{clock_tenths(hit.at)} is {hit.at - before.at:.2f} s after hits[{before.number}] "
                             f"({clock_tenths(before.at)}): too close for a bar between them (a bar of "
                             f"{meter} lasts at least {shortest:.2f} s at this tempo)",
                             field=f"hits[{hit.number}].at")
    times = [h.at for h in hits] + ([end] if end is not None else [])
    until = max(times)
    best = None
    for k in range(SEARCH_STEPS + 1):
        candidate = low + (high - low) * k / SEARCH_STEPS
        lines = bar_lines(layout, meter, candidate, until)
        bars = _bars_for(hits, end, lines)
        worst = max((abs(n) for n in nudges(times, bars, lines)), default=0.0)
        # Whole hundredths of a percent: a tie between two tempi goes to the nearer one, the same
        # on every machine.
        # Nudges under UNHEARD are as good as none: then the tempo nearest the mood's wins.
        score = (round(max(worst, UNHEARD), 4), abs(candidate / bpm - 1))
        if best is None or score < best[0]:
            best = (score, candidate, bars)
    _, chosen, bars = best
    if end is None:
        late = [(h, b) for h, b in zip(hits, bars) if b >= total_bars]
        if late:
            hit, _ = late[0]
            length = bar_lines(layout, meter, chosen, 0)[total_bars]
            raise SceneError(f"{clock_tenths(hit.at)} is past the piece's end: its {total_bars} bars last "
                             f"{clock_tenths(length)}; give the scene a longer length",
                             field=f"hits[{hit.number}].at")
    return chosen, bars


def resize(layout, bars: int) -> None:
    """The layout grown or shrunk to `bars` bars one bar at a time: the shortest section grows,
    the longest shrinks (none under two bars)."""
    for _ in range(abs(sum(b.bars for b in layout) - bars) + len(layout)):
        total = sum(b.bars for b in layout)
        if total < bars:
            min(layout, key=lambda b: b.bars).bars += 1
        elif total > bars and max(b.bars for b in layout) > 2:
            max(layout, key=lambda b: b.bars).bars -= 1
        else:
            break


def start_sections(layout, hit_bars: list[tuple[object, int]], split) -> dict[int, str]:
    """A section starts on each section hit's bar: the nearest free boundary moves there where
    both its sections keep two bars, else the section under it is split in two (`split(block,
    bars)` makes the second half). Returns per hit number what was done."""
    done: dict[int, str] = {}
    claimed: set[int] = set()
    for hit, bar in hit_bars:
        starts = [sum(b.bars for b in layout[:i]) for i in range(len(layout))]
        if bar in starts:
            claimed.add(bar)
            done[hit.number] = f"section '{layout[starts.index(bar)].name}' starts here"
            continue
        options = []
        for i in range(1, len(layout)):
            if starts[i] in claimed:
                continue
            shift = bar - starts[i]
            if layout[i - 1].bars + shift >= 2 and layout[i].bars - shift >= 2:
                options.append((abs(shift), i, shift))
        if options:
            _, i, shift = min(options)
            layout[i - 1].bars += shift
            layout[i].bars -= shift
            claimed.add(bar)
            done[hit.number] = (f"section '{layout[i].name}' moved {abs(shift)} bar"
                                f"{'s' if abs(shift) != 1 else ''} {'later' if shift > 0 else 'earlier'} "
                                "to start here")
            continue
        i = max(k for k, s in enumerate(starts) if s <= bar)
        inside = bar - starts[i]
        if inside >= 2 and layout[i].bars - inside >= 2:
            second = split(layout[i], layout[i].bars - inside)
            layout[i].bars = inside
            layout.insert(i + 1, second)
            claimed.add(bar)
            done[hit.number] = f"section '{layout[i].name}' split: '{second.name}' starts here"
        else:
            done[hit.number] = "no section can start here (sections need two bars or more on each side)"
    return done


def close_sections(layout, hit_bars: list[tuple[object, int]], claimed: set[int]) -> dict[int, str]:
    """A cadence hit on a section's first bar closes the section before it instead: that
    boundary moves one bar later (where the later section keeps two bars and no section hit holds
    it), so the cadence ends that section's last phrase, its goal on the hit's downbeat, rather
    than a phrase of one bar, whose approach and goal share the bar. Returns per hit number what
    was done."""
    done: dict[int, str] = {}
    for hit, bar in hit_bars:
        starts = [sum(b.bars for b in layout[:i]) for i in range(len(layout))]
        if bar in starts[1:] and bar not in claimed:
            i = starts.index(bar)
            if layout[i].bars - 1 >= 2:
                layout[i - 1].bars += 1
                layout[i].bars -= 1
                done[hit.number] = f"section '{layout[i].name}' moved 1 bar later: this closes '{layout[i - 1].name}'"
    return done


def phrase_cuts(hits, start: int, end: int) -> list[int]:
    """The phrase boundaries inside the bars start..end that the hits need: after a cadence
    hit's bar; before a stop's bar and after it (its bar a pause of its own); two bars either
    side of the climax (a phrase that climbs to it and falls from it). A boundary that would
    leave a phrase of one bar is dropped where the kind can spare it (the climax's, the end of
    a pause): one-bar phrases are only the pauses, and a cadence right after a section starts."""
    kept: set[int] = set()
    spare: set[int] = set()
    pauses = {h.bar for h in hits if h.kind == "stop"}
    for h in hits:
        if h.kind == "cadence":
            kept.add(h.bar + 1)
        elif h.kind == "stop":
            kept.add(h.bar)
            spare.add(h.bar + 1)
        elif h.kind == "climax":
            spare.update((h.bar - 2, h.bar + 2))
    cuts = sorted(c for c in kept | spare if start < c < end)
    changed = True
    while changed:
        changed = False
        edges = [start] + cuts + [end]
        for i in range(1, len(edges) - 1):
            c = edges[i]
            short = (c - edges[i - 1] == 1 and edges[i - 1] not in pauses) or \
                (edges[i + 1] - c == 1 and c not in pauses)
            if short and c in spare and c not in kept:
                cuts.remove(c)
                changed = True
                break
    return cuts


def accent_stabs(plan, progression, parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """`parts` with every pitched part that rests on an accent's downbeat striking there (the
    performance then plays every note on that downbeat sforzando, composer.perform): the Harmony
    its chord as voiced, the Bass its bass note, the timpani the drum that agrees with the chord
    (none: they rest, as everywhere), any other part the chord tone nearest the note it last
    played (a tune under its summit), in the part's range and its instrument's."""
    from composer.arrange.timpani import drum_for

    accents = [h.bar * plan.meter.bar_ticks for h in plan.hits if h.kind == "accent"]
    if not accents:
        return parts
    out = []
    for part in parts:
        notes = list(part.notes)
        for tick in accents if part.role != "Drums" else ():
            span = next(s for s in reversed(progression) if s.start <= tick)
            if part.role != "Melody":
                # a tone held over into the accent's chord that it does not hold (a suspension)
                # ends there: struck again, sforzando, it would be a wrong note, not a suspension
                notes = [Note(n.start, tick - n.start, n.pitch, n.velocity)
                         if n.start < tick < n.end and not span.chord.contains(n.pitch) else n
                         for n in notes]
            if any(n.start <= tick < n.end for n in notes):
                continue  # sounding: the performance strikes it again
            length = min([STAB_TICKS] + [n.start - tick for n in notes if n.start > tick])
            if length < STAB_MIN:
                continue
            if part.role == "Harmony":
                pitches = span.voicing
            elif part.role == "Bass":
                pitches = (span.bass,)
            elif part.role == "Timpani":
                pitches = (drum_for(span),) if drum_for(span) is not None else ()
            else:
                pitches = _stab_tone(plan, part, span, notes, tick)
            notes += [Note(tick, length, p, NEUTRAL_VELOCITY) for p in pitches]
        out.append(Part(part.role, part.instrument, part.program, part.channel,
                        tuple(sorted(notes, key=lambda n: (n.start, n.pitch))), part.controls))
    return tuple(out)


def _stab_tone(plan, part: Part, span, notes: list[Note], tick: int) -> tuple[int, ...]:
    """The chord tone a resting line strikes: nearest the note it last played in the section
    (else its next, else the middle of its range), inside its range, a tune's under its summit."""
    low, high = practical_range(part.program)
    planned = plan.part(part.role)
    if planned is not None:
        low, high = max(low, planned.low), min(high, planned.high)
    if part.role == "Melody" and notes:
        high = min(high, max(n.pitch for n in notes) - 1)  # the summit stays the highest note
    # Only its own section's notes: a re-rolled moment beside it leaves the stab as it was.
    section = plan.section_at(tick // plan.meter.bar_ticks)
    lo, hi = section.start_bar * plan.meter.bar_ticks, section.end_bar * plan.meter.bar_ticks
    before = [n for n in notes if lo <= n.start < tick]
    after = [n for n in notes if tick < n.start < hi]
    near = before[-1].pitch if before else after[0].pitch if after else (low + high) // 2
    tones = [p for p in range(low, high + 1) if p % 12 in span.chord.pcs]
    return (min(tones, key=lambda p: (abs(p - near), p)),) if tones else ()
