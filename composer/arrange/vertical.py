"""Every part against everything already sounding: the arrangement places its parts one after the
other (melody, harmony, bass, texture, counter) and each note is chosen among candidates so it
makes no chromatic cross-relation with any note of another part it overlaps
(composer.theory.agreement). This is choosing, not repairing: a part asks `agrees` before it keeps
a note, and takes its next candidate (another chord tone, another octave, a rest) when not."""

from __future__ import annotations

from collections import defaultdict

from composer.piece import TICKS_PER_BEAT
from composer.theory.agreement import cross_partner
from composer.theory.motion import LINE_REST

# Overlaps shorter than this are grace: a quarter of a beat (composition-craft.md counts clashes
# that overlap at least this long).
MIN_OVERLAP = TICKS_PER_BEAT // 4
# Index granularity: every note is filed under each bucket it touches.
BUCKET = TICKS_PER_BEAT * 2


def _buckets(start: int, end: int) -> range:
    """The buckets a note or a window from start to end touches (an empty one, its start's)."""
    return range(start // BUCKET, max(start, end - 1) // BUCKET + 1)


class Sounding:
    """The notes placed so far, by part, queried by time window."""

    def __init__(self) -> None:
        self._buckets: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
        # (pitch class, start, end, the roles it is kept for), filed like the notes: a
        # suspension's resolution, which no other part sounds while the suspension holds (Piston:
        # the resolution tone is not heard against the suspension, save in the bass)
        self._kept: dict[int, list[tuple[int, int, int, tuple[str, ...]]]] = defaultdict(list)

    def copy(self) -> Sounding:
        """Another Sounding with the same notes and kept tones, to add to without changing this."""
        other = Sounding()
        other._buckets.update((b, list(items)) for b, items in self._buckets.items())
        other._kept.update((b, list(items)) for b, items in self._kept.items())
        return other

    def differs_from(self, other: Sounding) -> int | None:
        """The earliest tick from which this and `other` may answer a question differently (the
        start of the first bucket whose notes or kept tones differ; a note that differs is filed
        in its onset's bucket, so nothing before that tick overlaps one), None where they hold the
        same. A part placed again after a change hears, before it, what it heard before."""
        first = None
        for mine, theirs in ((self._buckets, other._buckets), (self._kept, other._kept)):
            for b in mine.keys() | theirs.keys():
                if (first is None or b < first) and mine.get(b, []) != theirs.get(b, []):
                    first = b
        return None if first is None else first * BUCKET

    def keep(self, pc: int, start: int, end: int, roles: tuple[str, ...]) -> None:
        """Only `roles` may sound pitch class `pc` between start and end."""
        for b in _buckets(start, end):
            self._kept[b].append((pc, start, end, roles))

    def add(self, role: str, notes) -> None:
        for n in notes:
            for b in _buckets(n.start, n.end):
                self._buckets[b].append((n.start, n.end, n.pitch, role))

    def around(self, start: int, end: int, role: str):
        """(start, end, pitch) of other parts' notes overlapping start..end (a note filed under
        several of the window's buckets is given at the first of them)."""
        first = start // BUCKET
        for b in _buckets(start, end):
            for s, e, p, r in self._buckets.get(b, ()):
                if r != role and s < end and e > start and (b == first or s // BUCKET == b):
                    yield s, e, p

    def agrees(self, pitch: int, start: int, end: int, tonic: int, role: str) -> bool:
        """No cross-relation with another part's note overlapping this one by MIN_OVERLAP or more,
        and no pitch class kept for other parts (keep) at the time."""
        pc = pitch % 12
        for b in _buckets(start, end):
            if any(k == pc and s < end and e > start and role not in roles
                   for k, s, e, roles in self._kept.get(b, ())):
                return False
        partner = cross_partner(pitch % 12, tonic)
        if partner is None:
            return True
        # the notes of `around`, read here bucket by bucket (every part asks this of every note
        # it places): one clash is enough, so a note filed under two buckets may be read twice
        overlap = min(MIN_OVERLAP, end - start)
        for b in _buckets(start, end):
            for s, e, p, r in self._buckets.get(b, ()):
                if (p % 12 == partner and r != role and s < end and e > start
                        and min(e, end) - max(s, start) >= overlap):
                    return False
        return True

    def pitches(self, start: int, end: int, role: str) -> set[int]:
        return {p for _, _, p in self.around(start, end, role)}

    def of(self, role: str, start: int, end: int) -> set[int]:
        """The pitches of `role`'s own notes overlapping start..end."""
        return {p for b in _buckets(start, end) for s, e, p, r in self._buckets.get(b, ())
                if r == role and s < end and e > start}

    def bass(self, tick: int, role: str) -> int | None:
        """The bass at a tick: the Bass part's lowest pitch sounding there, else the lowest any
        part but `role` sounds (a chord voiced under the bass is no bass line: parallels are
        judged against the line the ear hears as the bass)."""
        found = [p for s, e, p, r in self._buckets.get(tick // BUCKET, ())
                 if r == "Bass" and s <= tick < e]
        if found:
            return min(found)
        others = [p for s, e, p, r in self._buckets.get(tick // BUCKET, ())
                  if r != role and s <= tick < e]
        return min(others) if others else None

    def bass_before(self, tick: int, role: str) -> int | None:
        """The bass just before a tick, as the ear follows its line: the Bass part's lowest pitch
        sounding there, else the pitch of its note that stopped latest, less than a beat before
        (motion.LINE_REST: a detached bass note's gap is no rest, and the fifth it made with a
        line above is still heard into the next), else what `bass` finds just before it."""
        found = [(e, p) for b in _buckets(tick - LINE_REST, tick) for s, e, p, r in self._buckets.get(b, ())
                 if r == "Bass" and s < tick and tick - e < LINE_REST]
        if found:
            sounding = [p for e, p in found if e >= tick]
            if sounding:
                return min(sounding)
            latest = max(e for e, _ in found)
            return min(p for e, p in found if e == latest)
        return self.bass(tick - 1, role)

    def chords(self, tick: int, role: str, after: bool) -> dict[str, tuple[int, ...]]:
        """Each other part's pitches at a move into `tick` (not `role`'s, nor the tune's, which
        the parts read as a line of its own), as the ear follows its voices over the move: before
        it (its latest onset's notes, stopped less than motion.LINE_REST before, with every note
        sounding until less than half that before: a chord's voices struck together and held
        through a figure's last notes), or, `after`, from it (its notes sounding at the tick, else
        those of its first onset less than LINE_REST after: chords struck off the beat, held-out 1
        at seed 1, bar 46)."""
        found: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        lo, hi = (tick, tick + LINE_REST) if after else (tick - LINE_REST, tick)
        for b in _buckets(lo, hi):
            for s, e, p, r in self._buckets.get(b, ()):
                if r not in (role, "Melody", "Drums") and s < hi and e > lo - (0 if after else 1):
                    found[r].append((s, e, p))
        out = {}
        for r, notes in found.items():
            if after:
                held = {p for s, e, p in notes if s <= tick < e}
                first = min((s for s, _, _ in notes if s >= tick), default=None)
                pitches = held or {p for s, _, p in notes if s == first}
            else:
                last = max((s for s, e, _ in notes if s < tick and tick - e < LINE_REST),
                           default=None)
                pitches = {p for s, e, p in notes
                           if s < tick and (s == last or tick - e < LINE_REST // 2)}
            if pitches:
                out[r] = tuple(sorted(pitches))
        return out

    def choose(self, candidates, start: int, end: int, tonic: int, role: str) -> int | None:
        """The first candidate pitch that agrees with everything sounding, else None (a rest)."""
        for pitch in candidates:
            if pitch is not None and self.agrees(pitch, start, end, tonic, role):
                return pitch
        return None
