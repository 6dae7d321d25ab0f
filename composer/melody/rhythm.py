"""Rhythm cells as data: one bar each, in eighth notes, per metre family and arousal band.

Why these values (emotion-rules.md, "Arousal"): the probability of an onset grows with arousal;
calm music keeps simple, long values; energetic music adds eighths, dotted figures and syncopation.
Each bar starts with an onset on the downbeat so the bar's first note can carry the chord.
"""

from __future__ import annotations

from composer.piece import TICKS_PER_BEAT, Meter

EIGHTH = TICKS_PER_BEAT // 2

# Arousal bands: (highest arousal of the band, name).
BANDS = ((-0.25, "calm"), (0.2, "moderate"), (1.01, "energetic"))

# meter -> band -> cells (eighth-note values summing to one bar).
CELLS: dict[str, dict[str, tuple[tuple[float, ...], ...]]] = {
    "4/4": {
        # Halves and quarters; a dotted quarter lilts without hurrying.
        "calm": ((4, 4), (2, 2, 4), (4, 2, 2), (3, 1, 4), (6, 2), (4, 3, 1), (2, 2, 2, 2),
                 (3, 1, 2, 2)),
        # Quarters and pairs of eighths, the folk song's everyday values (the median Essen tune
        # moves at about an onset per dotted eighth, musicality-targets.md), a dotted figure.
        "moderate": ((2, 1, 1, 2, 2), (1, 1, 2, 2, 2), (2, 2, 1, 1, 2), (3, 1, 2, 2),
                     (1, 1, 1, 1, 2, 2), (3, 1, 1, 1, 2)),
        # Eighths and sixteenths, dotted and syncopated figures (the tied-over off-beat).
        "energetic": ((1, 1, 2, 1, 1, 2), (1, 1, 1, 1, 1, 1, 2), (1, 1, 1, 1, 1, 1, 1, 1),
                      (1.5, 0.5, 1, 1, 2, 2), (1, 2, 1, 1, 1, 2), (2, 1, 1, 1, 1, 1, 1)),
    },
    "3/4": {
        # Three even quarters only as the beat figures combine them (FIGURES), not as a stock
        # cell: drawn half the time, they made the plodding bar a reading heard in every waltz.
        "calm": ((4, 2), (3, 1, 2), (2, 1, 1, 2)),
        "moderate": ((2, 1, 1, 2), (1, 1, 2, 2), (3, 1, 2), (2, 2, 1, 1)),
        "energetic": ((1, 1, 1, 1, 2), (1.5, 0.5, 1, 1, 2), (1, 1, 1, 1, 1, 1),
                      (0.5, 0.5, 1, 1, 1, 2)),
    },
    "6/8": {
        # The rocking long-short of the siciliano and the lullaby, the barcarolle's long-held
        # first beat.
        "calm": ((3, 3), (2, 1, 3), (3, 2, 1), (4, 2), (5, 1), (4, 1, 1), (3, 1, 2), (2, 1, 2, 1)),
        "moderate": ((2, 1, 2, 1), (1, 1, 1, 3), (2, 1, 1, 1, 1), (3, 2, 1)),
        "energetic": ((1, 1, 1, 1, 1, 1), (1.5, 0.5, 1, 2, 1), (1, 0.5, 0.5, 1, 2, 1),
                      (2, 1, 1, 1, 1)),
    },
}

# Cells a mood adds to its band's (emotion-rules.md; Juslin & Laukka 2003): joy dotted and
# skipping figures, tenderness the long note that turns at its end, sadness the sarabande's
# weight on the second beat and the sigh, tension the tresillo (3+3+2), syncopation and the
# hemiola. A mood's cell joins a band only with as many notes as the band's own cells have, so
# arousal still sets the density.
MOOD_CELLS: dict[str, dict[str, tuple[tuple[float, ...], ...]]] = {
    "4/4": {
        "joy": ((3, 1, 3, 1), (3, 1, 2, 1, 1), (2, 1, 1, 3, 1), (1, 1, 2, 3, 1),
                (3, 1, 1, 1, 1, 1)),
        "tender": ((3, 1, 2, 2), (4, 1, 1, 2), (2, 4, 2), (6, 1, 1), (2, 1, 1, 4)),
        "sad": ((2, 4, 2), (4, 3, 1), (6, 1, 1), (1, 3, 4), (2, 2, 1, 1, 1, 1)),
        "tense": ((3, 3, 2), (1, 2, 1, 2, 2), (3, 3, 1, 1), (1, 2, 1, 1, 2, 1),
                  (1, 1, 1, 2, 1, 2)),
    },
    "3/4": {
        "joy": ((3, 1, 1, 1), (2, 1, 1, 1, 1), (3, 1, 2)),
        "tender": ((4, 1, 1), (2, 3, 1), (1, 1, 4), (3, 1, 1, 1)),
        "sad": ((2, 4), (5, 1), (4, 1, 1), (2, 3, 1)),
        "tense": ((1, 2, 1, 2), (3, 3), (1, 1, 2, 1, 1), (1, 2, 1, 1, 1)),
    },
    "6/8": {
        "joy": ((3, 1, 1, 1), (1, 1, 1, 2, 1), (2, 1, 3), (3, 2, 1)),
        "tender": ((2, 1, 2, 1), (5, 1), (3, 1, 1, 1), (1, 1, 1, 3)),
        "sad": ((5, 1), (2, 1, 3), (4, 1, 1), (1, 2, 3)),
        "tense": ((2, 2, 2), (1, 2, 1, 2), (1, 1, 1, 1, 2), (2, 2, 1, 1)),
    },
}


# A bar is also built from its metre's figures: those of a beat, of a half bar in four (two
# beats, which may hold one long note) and of a compound beat: the values a folk tune's beat takes,
# long, halved, dotted, or in its compound metre long-short, short-long and three even (Essen's and
# the chorales' commonest one-beat figures, musicality-targets.md). A 3/4 bar is three beats, or a
# half bar and a beat either way round (the minuet's half note and quarter). Combining them gives
# each band many more bars than its table lists, so two pieces of one key and metre rarely draw
# one motif: tunes differ by their rhythms first.
FIGURES: dict[str, tuple[tuple[float, ...], ...]] = {
    "beat": ((2,), (1, 1), (1.5, 0.5)),
    "half": ((4,), (2, 2), (3, 1), (2, 1, 1), (1, 1, 2), (1, 2, 1), (1, 1, 1, 1), (1.5, 0.5, 2),
             (1.5, 0.5, 1, 1)),
    "compound": ((3,), (2, 1), (1, 2), (1, 1, 1), (1.5, 0.5, 1)),
}
# How each metre family's bar divides into those figures.
GROUPINGS: dict[str, tuple[tuple[str, ...], ...]] = {
    "4/4": (("half", "half"),),
    "3/4": (("beat", "beat", "beat"), ("half", "beat"), ("beat", "half")),
    "6/8": (("compound", "compound"),),
}
# The bands whose developed bars (a fragment of the idea stated in sequence, the idea halved:
# composer.melody.motif.develop) hold no more notes than the band's busiest cell, so arousal sets
# the density of the whole tune and not only of its idea (emotion-rules.md, "Arousal": low arousal
# keeps simple, long values). Calm music does not liquidate into running eighths: over the 300
# circle tunes (seeds 1-300) a calm 3/4 tune's fragmented bars held 5.6 notes of six eighths and
# its halved ones 5.0, where its ideas held 3.4, and calm waltzes moved at 0.82 quarter notes an
# onset, busier than Essen's 3/4 tunes (median 0.85, 90th percentile 1.28; music21's Essen
# collections, composer/evaluate/references.json). Livelier bands quicken as a continuation does
# (Caplin, *Classical Form*, ch. 3: fragmentation accelerates the surface rhythm).
KEEPS_DENSITY = ("calm",)
# The shortest value a band's combined bars may hold (eighths): calm music keeps to eighths and
# longer (emotion-rules.md, "Arousal"); dotted sixteenths begin at moderate arousal.
SHORTEST = {"calm": 1, "moderate": 0.5, "energetic": 0.5}


def combined(name: str) -> tuple[tuple[float, ...], ...]:
    """Every bar of the metre family its figures make (FIGURES, grouped as GROUPINGS says)."""
    bars: dict[tuple[float, ...], None] = {}
    for grouping in GROUPINGS[name]:
        made: list[tuple[float, ...]] = [()]
        for group in grouping:
            made = [b + f for b in made for f in FIGURES[group]]
        bars.update(dict.fromkeys(made))
    return tuple(bars)


def cells_for(meter: Meter, arousal: float, mood: str) -> tuple[tuple[float, ...], ...]:
    """The table's cells a motif may take: its band's, and its mood's that are as dense as the
    band's (so arousal still sets the density)."""
    name, b = family(meter), band(arousal)
    own = CELLS[name][b]
    fewest, most = min(len(c) for c in own), max(len(c) for c in own)
    extra = [c for c in MOOD_CELLS[name].get(mood, ()) if fewest <= len(c) <= most and c not in own]
    return own + tuple(extra)


def densest(meter: Meter, arousal: float, mood: str) -> int:
    """The most notes a developed bar of this arousal may hold (KEEPS_DENSITY): its band's busiest
    cell (its own and its mood's, cells_for), or 0 for no limit."""
    if band(arousal) not in KEEPS_DENSITY:
        return 0
    return max(len(c) for c in cells_for(meter, arousal, mood))


def combined_for(meter: Meter, arousal: float) -> tuple[tuple[float, ...], ...]:
    """The bars the metre's beat figures combine into (FIGURES) that are as dense as the band's own
    cells, with no value shorter than the band's SHORTEST."""
    name, b = family(meter), band(arousal)
    own = CELLS[name][b]
    fewest, most = min(len(c) for c in own), max(len(c) for c in own)
    return tuple(c for c in combined(name) if fewest <= len(c) <= most and min(c) >= SHORTEST[b])


def shortest(arousal: float) -> int:
    """The shortest value (ticks) a bar of this arousal may hold (SHORTEST): a variation that
    would cut finer (a dotted pair of eighths in calm music) is not made."""
    return round(SHORTEST[band(arousal)] * EIGHTH)


def family(meter: Meter) -> str:
    """The table row for a metre: compound metres read as 6/8, triple as 3/4, the rest as 4/4
    (2/4 and 2/2 bars are treated as halves of a 4/4 table bar)."""
    if meter.compound:
        return "6/8"
    if meter.numerator % 3 == 0:
        return "3/4"
    return "4/4"


def band(arousal: float) -> str:
    return next(name for top, name in BANDS if arousal <= top)


def scale_to_bar(values: tuple[float, ...], meter: Meter) -> tuple[int, ...]:
    """Eighth-note values (negative for rests) to ticks that fill one bar of `meter` exactly."""
    ticks = [round(v * EIGHTH) for v in values]
    total = sum(abs(t) for t in ticks)
    if total == meter.bar_ticks:
        return tuple(ticks)
    scaled = [round(t * meter.bar_ticks / total) for t in ticks]
    scaled[-1] += (meter.bar_ticks - sum(abs(s) for s in scaled)) * (1 if scaled[-1] > 0 else -1)
    return tuple(scaled)
