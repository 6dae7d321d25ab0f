"""Figures over a set of pieces (issue 12): do different scenes get different music?

- Form plan: per section, in order, its label (the marker without primes or numbers: A, A', A''
  and A4 are one return of A; intro, interlude and coda their own; the labels lettered in order
  of first appearance), its key area (the key sounding at its first bar, as an interval and mode
  above the home tonic), the chord it closes on (its last chord symbol: I, V, vi, I6 tell an
  authentic, half, deceptive or evaded close apart) and its length in bars. Two scenes share a
  form plan when one plan's sections, letters, key areas and closes, are the other's or begin the
  other's (the same form cut to two lengths; the shorter needs at least three sections, and its
  last section's close is not compared, since a cut ends where it is cut), and their lengths stand
  in the same proportions (each section's share of the compared sections within LENGTH_TOLERANCE
  of the other's, the cut last one excepted): one plan stretched or cut is one plan. A scene whose
  markers are only its moments' names has the user's form, not the composer's: its plan is
  reported but not compared (a marker is a form label when it is a capital letter with primes or
  a number, or a word such as intro, interlude, transition or coda).
- Shared melody bars: a melody bar is the notes starting in it (onset in the bar, length, pitch, on
  the written grid), counted when it holds at least two notes (one held note is no tune). For two
  pieces of different scenes with the same seed, the share of the pair's melody bars that the other
  piece holds too: each piece's bars found anywhere in the other, over both pieces' bars (issue 12's
  "no pair ... shares more than 10 % of its melody bars"). Beside it, one piece's view, the larger
  of the two directions' shares (the issue's "84 % of its melody bars in another scene's piece"):
  there a piece of eight bars that meets one stock bar in a long piece shares 12 %, a chance that
  groups of fifty Essen tunes pass at their worst pair in every draw. Literal; the interval variant
  keeps onsets, lengths and the intervals from the bar's first note, so a transposed copy counts
  as shared too (a twin in another key is still a twin).
- Distinct tonics: over the scenes composed with one seed, how many different tonics; the figure
  is the fewest over the seeds.
- Shared accompaniment (issue 13): a piece's accompaniment figures are, for each of its Harmony,
  Bass and Texture parts, the bar rhythm (onsets in the bar) that part plays most, with the share of
  bars it fills. Two scenes of different mood (the MIDI's `mood:` text) play the same figures
  throughout when every part they both have plays the same figure in most of its bars (over half).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from collections import defaultdict
from itertools import combinations

from composer.evaluate.craft import gridded, melody_line
from composer.evaluate.score import Score

MIN_FORM_SECTIONS = 3  # a shorter plan is too little to call a shared form when it is a prefix
# Two plans' sections stand in the same proportions when each one's share of the compared bars
# differs by no more than this (a 16-bar section beside 8-bar ones against 12 beside 8 differs).
LENGTH_TOLERANCE = 0.06
MIN_BAR_NOTES = 2


FORM_WORDS = ("intro", "introduction", "interlude", "transition", "bridge", "episode", "coda",
              "outro", "codetta", "development", "reprise", "refrain", "verse", "chorus", "climax",
              "build", "theme", "variation")


def _base(text: str) -> str:
    return re.sub(r"['’′″\d\s]+$", "", text.strip()) or text.strip()


def is_form_label(text: str) -> bool:
    base = _base(text)
    return bool(re.fullmatch(r"[A-Z]", base)) or base.lower().split(" ")[0] in FORM_WORDS


def composed_form(score: Score) -> bool:
    """Does the piece carry the composer's own form labels (not only the scene's moments)?"""
    return any(is_form_label(text) for _, text in score.sections)


@dataclass(frozen=True)
class PlanSection:
    letter: str  # the label, lettered in order of first appearance
    area: str  # the key area: semitones above the home tonic and the mode, "0 ionian" at home
    close: str  # the section's last chord symbol
    bars: int

    @property
    def shape(self) -> tuple[str, str, str]:
        return self.letter, self.area, self.close


def form_plan(score: Score) -> tuple[PlanSection, ...]:
    labels: dict[str, str] = {}
    plan = []
    bar = score.meter.bar_ticks
    ticks = [t for t, _ in score.sections]
    ends = ticks[1:] + [max(score.end_tick, ticks[-1] + bar) if ticks else 0]
    chord_ticks = [t for t, _ in score.chords]
    home = score.key.tonic
    for (tick, text), end in zip(score.sections, ends):
        base = _base(text)
        if base not in labels:
            labels[base] = _letter(len(labels))
        key = score.key_at(tick)
        i = bisect.bisect_left(chord_ticks, end) - 1
        close = score.chords[i][1] if i >= 0 and chord_ticks[i] >= tick else ""
        plan.append(PlanSection(labels[base], f"{(key.tonic - home) % 12} {key.mode}", close,
                                max(1, round((end - tick) / bar))))
    return tuple(plan)


def _letter(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def same_form(a: tuple[PlanSection, ...], b: tuple[PlanSection, ...]) -> bool:
    short, long_ = sorted((a, b), key=len)
    if not short:
        return not long_
    cut = len(short) < len(long_)
    if cut and len(short) < MIN_FORM_SECTIONS:
        return False
    head = long_[:len(short)]
    if [s.shape for s in short[:-1]] != [s.shape for s in head[:-1]] \
            or short[-1].letter != head[-1].letter or short[-1].area != head[-1].area \
            or (not cut and short[-1].close != head[-1].close):
        return False
    # Proportions, over the sections both plans hold whole (a cut's last one may be shorter).
    whole = len(short) - 1 if cut else len(short)
    x, y = [s.bars for s in short[:whole]], [s.bars for s in head[:whole]]
    if not x:
        return True
    return all(abs(p / sum(x) - q / sum(y)) <= LENGTH_TOLERANCE for p, q in zip(x, y))


def form_figures(scores: dict[str, Score]) -> tuple[int, int, list[tuple[str, str]]]:
    """(distinct form plans, pieces with the composer's form, pairs of scenes that share one)
    over one piece per scene."""
    plans = {name: form_plan(s) for name, s in scores.items() if composed_form(s)}
    pairs = [(a, b) for a, b in combinations(sorted(plans), 2) if same_form(plans[a], plans[b])]
    classes: list[tuple[PlanSection, ...]] = []
    for name in sorted(plans):
        if not any(same_form(plans[name], c) for c in classes):
            classes.append(plans[name])
    return len(classes), len(plans), pairs


def melody_bars(score: Score, intervals: bool = False) -> list[tuple]:
    """The melody's bars of at least MIN_BAR_NOTES notes, as comparable keys."""
    bar = score.meter.bar_ticks
    bars: dict[int, list] = defaultdict(list)
    for n in melody_line(score):
        bars[n.start // bar].append(n)
    out = []
    for notes in bars.values():
        if len(notes) < MIN_BAR_NOTES:
            continue
        base = notes[0].pitch if intervals else 0
        out.append((str(score.meter),) + tuple((n.start % bar, n.duration, n.pitch - base)
                                               for n in notes))
    return out


def _found(a: list[tuple], b: list[tuple]) -> tuple[int, int]:
    """(a's bars found in b, b's bars found in a)."""
    sa, sb = set(a), set(b)
    return sum(x in sb for x in a), sum(x in sa for x in b)


def shared_share(a: list[tuple], b: list[tuple]) -> float:
    """The share of the pair's bars (a's and b's together) that the other piece holds too."""
    if not a or not b:
        return 0.0
    return sum(_found(a, b)) / (len(a) + len(b))


def piece_share(a: list[tuple], b: list[tuple]) -> float:
    """One piece's view: the larger of a's bars found in b and b's found in a, each as a share."""
    if not a or not b:
        return 0.0
    in_b, in_a = _found(a, b)
    return max(in_b / len(a), in_a / len(b))


def shared_bar_figures(pieces: dict[tuple[str, int], Score], intervals: bool = False,
                       share=shared_share) -> tuple[float, float, tuple[str, str, int] | None]:
    """Over every pair of different scenes composed with the same seed: (the largest share of
    melody bars shared, the mean share, the worst pair as (scene, scene, seed)), the share being
    shared_share or piece_share."""
    bars = {k: melody_bars(s, intervals) for k, s in pieces.items()}
    by_seed: dict[int, list[str]] = defaultdict(list)
    for scene, seed in pieces:
        if seed is not None:  # a file that does not say its seed is compared with none
            by_seed[seed].append(scene)
    shares = []
    for seed, scenes in by_seed.items():
        for a, b in combinations(sorted(set(scenes)), 2):
            shares.append((share(bars[(a, seed)], bars[(b, seed)]), (a, b, seed)))
    if not shares:
        return 0.0, 0.0, None
    worst = max(shares)
    return worst[0], sum(s for s, _ in shares) / len(shares), worst[1]


def tonic_figures(pieces: dict[tuple[str, int], Score]) -> tuple[int, int]:
    """(the fewest distinct tonics over the scenes of one seed, scenes per seed)."""
    by_seed: dict[int, dict[str, int]] = defaultdict(dict)
    for (scene, seed), score in pieces.items():
        if seed is not None:
            by_seed[seed][scene] = score.key.tonic
    if not by_seed:
        return 0, 0
    fewest = min(by_seed.values(), key=lambda t: (len(set(t.values())), -len(t)))
    return len(set(fewest.values())), len(fewest)


ACCOMPANIMENT = ("Harmony", "Bass", "Texture")
THROUGHOUT = 0.5  # a figure heard in more than half of a part's bars is that part's texture


VARIED = ("varied",)  # a part that plays but changes its figure: no figure holds throughout


def accompaniment(score: Score) -> dict[str, tuple]:
    """Role -> the bar rhythm the part plays in more than THROUGHOUT of its bars, or VARIED where it
    plays and no figure holds that long (parts that do not play are left out)."""
    bar = score.meter.bar_ticks
    out = {}
    for role in ACCOMPANIMENT:
        part = score.role(role) if any(p.role == role for p in score.pitched) else None
        if part is None or not part.notes:
            continue
        bars: dict[int, set] = defaultdict(set)
        for n in gridded(part.notes):
            bars[n.start // bar].add(n.start % bar)
        counts: dict[tuple, int] = defaultdict(int)
        for onsets in bars.values():
            counts[tuple(sorted(onsets))] += 1
        figure, count = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        out[role] = (str(score.meter),) + figure if count > THROUGHOUT * len(bars) else VARIED
    return out


def shared_accompaniment(scores: dict[str, Score]) -> list[tuple[str, str]]:
    """Pairs of scenes of different mood whose accompaniment plays the same figures throughout:
    the same parts play, and each holds one figure through most of its bars, the same in both (a
    part that varies its figure is not playing the same accompaniment as anything)."""
    figures = {name: accompaniment(s) for name, s in scores.items()}
    moods = {name: s.text("mood") for name, s in scores.items()}
    pairs = []
    for a, b in combinations(sorted(scores), 2):
        if moods[a] == moods[b] or moods[a] is None or moods[b] is None:
            continue
        if figures[a] and figures[a] == figures[b] and VARIED not in figures[a].values():
            pairs.append((a, b))
    return pairs


# The longest stretch of unchanged accompaniment (the composer's reading of issue 12's pieces:
# each section kept one pattern, broken only at cadences): per part, the most consecutive bars
# that part plays with one identical bar rhythm (its onsets in the bar; for the drums, which drum
# on which onset). A bar where the part is silent ends a run; a bar where it only holds what it
# struck before (no onset, still sounding) is a bar of its own rhythm, the held one.
RUN_PARTS = ACCOMPANIMENT + ("Drums",)


def bar_rhythms(score: Score, role: str) -> dict[int, tuple]:
    """Bar -> the part's rhythm there (bars where it sounds)."""
    bar = score.meter.bar_ticks
    if role == "Drums":
        part = next((p for p in score.parts if p.drums and p.notes), None)
    else:
        part = score.role(role) if any(p.role == role for p in score.pitched) else None
    if part is None:
        return {}
    out: dict[int, set] = defaultdict(set)
    for n in gridded(part.notes):
        out[n.start // bar].add((n.start % bar, n.pitch) if role == "Drums" else n.start % bar)
        if role != "Drums":
            for b in range(n.start // bar + 1, (n.end - 1) // bar + 1):
                out.setdefault(b, set())
    return {b: tuple(sorted(v)) for b, v in out.items()}


def longest_same_bars(score: Score) -> dict[str, int]:
    """Role -> the most consecutive bars in which that accompaniment part plays one bar rhythm."""
    out = {}
    for role in RUN_PARTS:
        rhythms = bar_rhythms(score, role)
        best = run = 0
        previous = None
        for b in sorted(rhythms):
            run = run + 1 if previous is not None and previous[0] == b - 1 and previous[1] == rhythms[b] else 1
            best = max(best, run)
            previous = (b, rhythms[b])
        if rhythms:
            out[role] = best
    return out
