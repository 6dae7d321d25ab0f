"""The composer's table: every craft figure of a set of pieces beside the human reference (music21's
Essen tunes and Bach chorales, measured by the same code) and a target, with pass or fail.

    pieces = compose_pieces(scenes, seeds=(1, 2, 3))     # {(scene name, seed): Score}
    report = craft_report(pieces)
    print(format_craft(report)); report.failures()

Targets come from issues 12 and 13 where they give one; the others are argued beside them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from composer.evaluate.corpus import (form_figures, longest_same_bars, piece_share,
                                     shared_accompaniment, shared_bar_figures, tonic_figures)
from composer.evaluate.craft import piece_figures
from composer.evaluate.energy import energy_figures
from composer.evaluate.references import (load_craft_contrast, load_craft_references,
                                          load_craft_shared)
from composer.evaluate.score import Score, read_score

# figure -> (label, lowest, highest, why). The mean over the pieces must lie inside.
CRAFT_TARGETS: dict[str, tuple[str, float | None, float | None, str]] = {
    "upbeat_share": ("phrase starts on an upbeat", 0.35, None, "issue 12"),
    "tonic_cadences_per_minute": (
        "tonic authentic cadences / min", None, 2.0,
        "a full close only where a section ends (Caplin): sections of 30 s or more"),
    "distinct_bar_rhythms": ("distinct bar rhythms per piece", 8.0, None,
                             "at least the Essen tunes' own, over a longer piece"),
    "top3_rhythm_share": ("bars in the 3 commonest rhythms", None, 0.7,
                          "below the issue's 58-92 %: motifs varied, not looped"),
    "one_bar_loops": ("bars that repeat the bar before", None, 0.01,
                      "a composer's reading: one-bar loops (Essen 0.7 %)"),
    "bar_copies": ("bars that copy an earlier bar", None, 0.25,
                   "returns, not loops: about the corpora's (Essen 14 %, Bach 10 % a piece)"),
    "neighbour_turns": ("bars opening with a turn X Y X", None, 0.15,
                        "a composer's reading: lines circling a hub (corpora 7-9 %), heard still "
                        "at 16-18 %, which the first target (20 %) let pass"),
    "swings": ("swings X Y X, within a third", None, 0.15,
               "a composer's reading: sections swaying between two notes (held-out 38: A4 F#4 A4 "
               "F#4, B4 G4 B4 G4); at most a quarter over the folk tunes' own"),
    "hammered_arrivals": ("phrase ends hammering their arrival", None, 0.25,
                          "a composer's reading: arrivals struck again and again into the cadence "
                          "and as the next pickup (held-out 12: Ab5 Ab5 Gb5 Bb5 Ab5 | Ab5); the "
                          "arrival 3 times in the phrase's last 5 notes and the next one's first: "
                          "Essen's tunes 22 %, at most a sixth over"),
    "run_spans": ("runs over the span of the run before", None, 0.1,
                  "a composer's reading heard one run's span in bar after bar (held-out 71's turn "
                  "sang E5 down to G4 in 17, 18, 19, 21 and 22); string quartets' first violins "
                  "5 % a movement; at most twice theirs, as the neighbour turns against the "
                  "corpora's"),
    "held_in_place": ("four-bar groups held in place", None, 0.35,
                      "a composer's reading heard sections of 16-28 bars stuck in one place, "
                      "every phrase peaking on one note (h40's memory on D#5); the folk tunes "
                      "and chorales, sung in one voice's range, hold a third of theirs (the "
                      "longer Essen tunes 43 %), string quartets' first violins 9 %: at most "
                      "the songs'"),
    "ending_formula": ("arrival bars in the commonest ending", None, 0.4,
                       "a composer's reading found one held note and rest in 9 of 10; the "
                       "corpora's tunes have 3-7 phrase ends (a share of a third at least), ours "
                       "10-15, where one ending in under two of five leaves the form its repeats"),
    "climax_height": ("climax over the usual ceiling (st)", 5.0, None,
                      "issue 12: 3-5 semitones is too small"),
    "climax_position": ("climax position (0..1)", 0.5, 0.85,
                        "placed by the form in the second half (plan.CLIMAX_AT 0.66)"),
    "climax_at_fullest": ("climax at a fullest bar", 0.8, None,
                          "issue 12: highest note, fullest texture, strongest dynamic together"),
    "energy_pitch": ("moments: intensity ~ melody pitch", 0.6, None,
                     "a scene's most intense moment sings highest (Spearman over its moments; "
                     "composer.evaluate.energy)"),
    "energy_notes": ("moments: intensity ~ melody notes/s", 0.3, None,
                     "... and moves fastest, where arousal does not say otherwise"),
    "energy_accompaniment": ("moments: intensity ~ accomp. notes/s", 0.5, None,
                             "... over its busiest accompaniment"),
    "climax_in_peak": ("climax in the most intense moment", 0.9, None,
                       "the form's climax is the scene's (a composer's reading: the storm)"),
    "moment_contrast": (
        "moments: rhythm contrast, adjacent", 0.3, None,
        "a scene's moments differ in kind, not only in height (a composer's reading: a sunrise "
        "sang its ridge's rhythm a third higher); string quartets' adjacent movements 0.47 (p5 "
        "0.16), a movement's halves 0.20: a moment stands half as far again from its neighbour "
        "as a movement drifts from itself (composer.evaluate.energy)"),
    "moment_drift": ("moments: drift within a moment", None, None,
                     "shown beside the contrast: how far a moment's own halves differ"),
    "cross_relation_beats_per_minute": ("cross-relation beats / min", None, 0.1, "issue 13"),
    "unresolved_dissonances_per_minute": ("unresolved dissonances / min", None, 1.0,
                                          "issue 13: every non-chord tone explained"),
    "out_of_range_share": ("notes outside the practical range", None, 0.0, "issue 13: none"),
    "counter_coincidence": (
        "counter onsets with a tune onset", None, 0.6,
        "complementary rhythm (Piston): freer than a chorale's alto, the hymn's harmony, which "
        "strikes with most of its notes by design (Bach 75 %); about its freest tenth's (57 %)"),
    "counter_rhythm_share": (
        "counter bars in its commonest rhythm", None, 0.3,
        "a composer's reading found one neighbour-then-hold figure in a third of a counter's "
        "bars; a chorale's alto, mostly in quarters, has 28 % (its most repetitive twentieth 50 %)"),
    "bass_rhythm_share": (
        "bass bars in its commonest rhythm", None, 0.5,
        "a composer's reading heard one device per piece in the bass (a sixteenth-note ostinato "
        "from the first bar to the last, one walk into every cadence); a chorale's bass, moving in "
        "quarters and eighths, has 30 % (its most repetitive twentieth 61 %); a bass under a "
        "song's accompaniment keeps its figure longer: half its bars at most"),
    "outer_parallels_per_minute": (
        "outer-voice parallels / min", None, 0.1,
        "melody against bass, no consecutive fifths or octaves (Aldwell & Schachter, ch. 7): a "
        "composer's reading found them into the half cadences, the bass walking down under the "
        "tune's 2-1; Bach's chorales, soprano against bass, have about none"),
    "frame_parallels_per_minute": (
        "parallels across strong beats / min", None, 0.25,
        "the same fifths or octaves on consecutive strong beats, heard through a figure between "
        "them (second species: Grove's Dictionary; Lehmann): a composer's reading heard held-out "
        "57's climax frame octaves, G6/G2 -> F#6/F#2 over the bass's octave figure; Bach's "
        "chorales 0.15, nine in ten of them none; ours may stand a little above, where the tune "
        "sings 5-1 over a cadence's 5-1 the bass cannot leave"),
    "tune_covered": (
        "tune covered by chords or texture", None, 0.01,
        "the accompaniment kept out of the melody's register (Adler; Rimsky-Korsakov): a composer's "
        "reading found the summit's strings over its horn at a third of its notes"),
}
FIGURES = tuple(CRAFT_TARGETS)
PERCENT = {"upbeat_share", "top3_rhythm_share", "climax_at_fullest", "out_of_range_share",
           "climax_in_peak",
           "one_bar_loops", "bar_copies", "neighbour_turns", "swings", "hammered_arrivals",
           "run_spans", "held_in_place",
           "counter_coincidence",
           "counter_rhythm_share", "bass_rhythm_share", "tune_covered",
           "ending_formula"}
SHARED_BARS_TARGET = 0.10  # issue 12: no pair of scenes with one seed shares more of its bars
# The longest run of bars in which one accompaniment part plays one bar rhythm, on average over
# the pieces: under ten bars, so that no part keeps its bar through two phrases (they run 3 to 8
# bars here, most of them 4 or 5: composer.plan) and the cadence between them; issue 12's reading
# found one pattern held through whole sections of 12 to 16 bars, the drums through 45.
UNCHANGED_TARGET = 10.0
TONICS_TARGET = 6  # issue 12: at least 6 distinct tonics over 12 scenes with one seed


def tonics_target(scenes: int) -> int:
    """Distinct tonics asked of `scenes` scenes with one seed: 6 of 12 (issue 12), half of fewer."""
    return min(TONICS_TARGET, (scenes + 1) // 2)


def compose_pieces(scenes, seeds=None, progress=None) -> dict[tuple[str, int], Score]:
    """Compose each scene at each seed (its own seed when `seeds` is None) and read the MIDI back:
    the figures are measured on exactly what `compose` writes."""
    from composer import compose, scene_seed
    from composer.io.midi import piece_to_midi

    out = {}
    for scene in scenes:
        name = scene.source
        while any(key[0] == name for key in out):  # two files of one name in different folders
            name += "'"
        for seed in seeds or (scene_seed(scene),):
            piece = compose(scene, seed)
            out[(name, seed)] = read_score(piece_to_midi(piece), f"{name}#{seed}")
            if progress:
                progress(len(out))
    return out


@dataclass(frozen=True)
class CraftReport:
    pieces: int
    scenes: int
    seeds: int
    summary: dict[str, tuple[float, float, float] | None]  # figure -> mean, p5, p95
    references: dict[str, dict]  # set -> figure -> {mean, p5, p95, count, none}
    forms: int  # distinct form plans over one piece per scene
    formed: int  # scenes whose markers carry the composer's form (not only the scene's moments)
    form_pairs: list[tuple[str, str]]  # scenes sharing a form
    shared: float  # largest share of a pair's melody bars shared by two scenes with one seed
    shared_mean: float
    shared_pair: tuple[str, str, int] | None
    shared_intervals: float  # the same, transposition-invariant
    shared_piece: float  # one piece's view: the largest share of one piece's bars in the other
    shared_piece_pair: tuple[str, str, int] | None
    tonics: int  # fewest distinct tonics over the scenes of one seed
    tonic_scenes: int  # scenes per seed
    worst: dict[str, tuple[str, float]] = field(default_factory=dict)  # figure -> worst piece
    rows: dict[str, dict] = field(default_factory=dict)  # piece -> its figures
    same_accompaniment: list[tuple[str, str]] = field(default_factory=list)  # different moods
    unchanged: float = 0.0  # mean over the pieces of the longest unchanged accompaniment (bars)
    unchanged_worst: tuple[str, str, int] | None = None  # (piece, part, bars)

    def failures(self) -> tuple[str, ...]:
        out = []
        for figure, (label, lo, hi, _) in CRAFT_TARGETS.items():
            row = self.summary.get(figure)
            if row is None:
                continue
            mean = row[0]
            if (lo is not None and mean < lo) or (hi is not None and mean > hi + 1e-12):
                out.append(f"{label}: {_value(figure, mean)}")
        if self.form_pairs:
            out.append(f"{len(self.form_pairs)} pairs of scenes share a form")
        if self.same_accompaniment:
            out.append(f"{len(self.same_accompaniment)} pairs of scenes of different mood share "
                       f"their accompaniment")
        if self.unchanged > UNCHANGED_TARGET:
            out.append(f"longest unchanged accompaniment: {self.unchanged:.1f} bars")
        if self.shared > SHARED_BARS_TARGET:
            out.append(f"shared melody bars: {self.shared:.0%}")
        if self.shared_pair is not None and self.tonics < tonics_target(self.tonic_scenes):
            out.append(f"distinct tonics with one seed: {self.tonics}")
        return tuple(out)


def _summary(rows: list[dict]) -> dict[str, tuple[float, float, float] | None]:
    out = {}
    for figure in FIGURES:
        values = np.array([r[figure] for r in rows if r.get(figure) is not None], dtype=float)
        out[figure] = None if not len(values) else (
            float(values.mean()), float(np.percentile(values, 5)), float(np.percentile(values, 95)))
    return out


def craft_report(pieces: dict[tuple[str, int], Score]) -> CraftReport:
    if not pieces:
        raise ValueError("nothing to evaluate")
    rows = {key: {**piece_figures(score), **energy_figures(score)} for key, score in pieces.items()}
    worst = {}
    for figure, (_, lo, hi, _) in CRAFT_TARGETS.items():
        judged = [(v[figure], k) for k, v in rows.items() if v[figure] is not None]
        if judged:
            value, key = (min if lo is not None else max)(judged)
            worst[figure] = (f"{key[0]}#{key[1]}", value)
    scenes = sorted({scene for scene, _ in pieces})
    seeds = {seed for _, seed in pieces}
    # Forms and accompaniments compared among the pieces composed with one seed, at every seed
    # (a seed is where two scenes could fall into one plan); the seed with the most repeats speaks.
    by_seed: dict = defaultdict(dict)
    for (scene, seed), score in pieces.items():
        by_seed[seed][scene] = score
    forms, formed, _ = min((form_figures(group) for group in by_seed.values()),
                           key=lambda figures: figures[0] - figures[1])
    form_pairs = sorted({pair for group in by_seed.values() for pair in form_figures(group)[2]})
    same_accompaniment = sorted({pair for group in by_seed.values()
                                 for pair in shared_accompaniment(group)})
    # Seed-matched figures only where several scenes share a seed.
    shared, shared_mean, pair = shared_bar_figures(pieces)
    shared_iv, _, _ = shared_bar_figures(pieces, intervals=True)
    shared_one, _, pair_one = shared_bar_figures(pieces, share=piece_share)
    tonics, per_seed = tonic_figures(pieces)
    runs = {f"{k[0]}#{k[1]}": longest_same_bars(score) for k, score in pieces.items()}
    longest = [(max(r.values()), name, max(r, key=r.get)) for name, r in runs.items() if r]
    unchanged = float(np.mean([bars for bars, _, _ in longest])) if longest else 0.0
    top = max(longest, default=None)
    return CraftReport(len(pieces), len(scenes), len(seeds), _summary(list(rows.values())),
                       load_craft_references(), forms, formed, form_pairs, shared, shared_mean, pair,
                       shared_iv, shared_one, pair_one, tonics, per_seed, worst,
                       {f"{k[0]}#{k[1]}": v for k, v in rows.items()}, same_accompaniment,
                       unchanged, None if top is None else (top[1], top[2], top[0]))


def _value(figure: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if figure in PERCENT:
        return f"{value:.0%}" if figure != "out_of_range_share" else f"{value:.2%}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def _target(figure: str) -> str:
    _, lo, hi, _ = CRAFT_TARGETS[figure]
    if lo is None and hi is None:
        return "(shown)"
    if lo is not None and hi is not None:
        return f"{_value(figure, lo)}-{_value(figure, hi)}"
    return f">= {_value(figure, lo)}" if lo is not None else f"<= {_value(figure, hi)}"


def _reference(report: CraftReport, name: str, figure: str) -> str:
    ref = report.references.get(name, {}).get(figure)
    return "—" if ref is None else _value(figure, ref["mean"])


SHORT = {"upbeat_share": "upbeat", "tonic_cadences_per_minute": "cad/min",
         "distinct_bar_rhythms": "rhythms", "top3_rhythm_share": "top3", "one_bar_loops": "loops",
         "bar_copies": "copies", "neighbour_turns": "turns", "swings": "swings",
         "hammered_arrivals": "hammered",
         "run_spans": "runs", "held_in_place": "held",
         "ending_formula": "endings",
         "climax_height": "climax",
         "climax_position": "at", "climax_at_fullest": "full", "energy_pitch": "e~pitch",
         "energy_notes": "e~notes", "energy_accompaniment": "e~accomp",
         "climax_in_peak": "in peak", "moment_contrast": "contrast", "moment_drift": "drift",
         "cross_relation_beats_per_minute":
         "cross/min", "unresolved_dissonances_per_minute": "diss/min",
         "out_of_range_share": "range", "counter_coincidence": "with tune",
         "counter_rhythm_share": "c.rhythm", "bass_rhythm_share": "b.rhythm", "tune_covered": "covered",
         "outer_parallels_per_minute": "outer//", "frame_parallels_per_minute": "frame//"}


def format_pieces(report: CraftReport) -> str:
    """One line per piece: where to look when a figure fails."""
    width = max((len(k) for k in report.rows), default=5) + 2
    lines = ["piece".ljust(width) + "".join(SHORT[f].rjust(10) for f in FIGURES)]
    for name, row in sorted(report.rows.items()):
        lines.append(name.ljust(width) + "".join(_value(f, row[f]).rjust(10) for f in FIGURES))
    return "\n".join(lines)


def format_craft(report: CraftReport) -> str:
    """The table the README quotes: the mean over the pieces (5th-95th percentile), the references'
    means, the target, pass or fail; then the figures over the set."""
    width, cols = 38, 16
    refs = report.references
    sizes = {name: max((f["count"] for f in refs.get(name, {}).values()), default=0)
             for name in ("essen", "bach")}
    per_scene = report.pieces / max(report.scenes, 1)
    lines = [f"{report.pieces} pieces ({report.scenes} scenes x {per_scene:g} seeds); references: "
             f"{sizes['essen']} Essen folk tunes, {sizes['bach']} Bach chorales (music21), "
             f"measured by the same code",
             "", "figure".ljust(width) + "ours (p5-p95)".ljust(cols + 8) + "Essen".ljust(10)
             + "Bach".ljust(10) + "target".ljust(cols) + "result"]
    failed = set(report.failures())
    for figure, (label, lo, hi, _) in CRAFT_TARGETS.items():
        row = report.summary.get(figure)
        if row is None:
            ours, verdict = "n/a", "—"
        else:
            ours = f"{_value(figure, row[0])} ({_value(figure, row[1])}-{_value(figure, row[2])})"
            bad = any(f.startswith(label + ":") for f in failed)
            verdict = "FAIL" if bad else "pass"
        lines.append(label.ljust(width) + ours.ljust(cols + 8)
                     + _reference(report, "essen", figure).ljust(10)
                     + _reference(report, "bach", figure).ljust(10) + _target(figure).ljust(cols)
                     + verdict)
    for figure, (label, _, _, _) in CRAFT_TARGETS.items():
        if any(f.startswith(label + ":") for f in failed) and figure in report.worst:
            piece, value = report.worst[figure]
            lines.append(f"  worst {label}: {piece} ({_value(figure, value)})")
    bach_cross = refs.get("bach", {}).get("cross_relation_beats_per_minute")
    if bach_cross:
        lines.append(f"  (Bach: {bach_cross['none']:.0%} of the chorales have no cross-relation)")
    quartets = load_craft_contrast()
    if quartets:
        lines.append(f"  (moments' contrast and drift beside {len(quartets['works'])} string "
                     f"quartets' first violin: adjacent movements {quartets['between']:.2f}, "
                     f"a movement's halves {quartets['within']:.2f}; runs over the span of the run "
                     f"before {quartets['run_spans']:.0%} a movement"
                     + (f"; four-bar groups held in place {quartets['held']:.0%}"
                        if "held" in quartets else "") + ")")
    lines += ["", "over the set".ljust(width) + "ours".ljust(cols + 8) + "target".ljust(cols)
              + "result"]

    def add(label, ours, target, ok):
        lines.append(label.ljust(width) + ours.ljust(cols + 8) + target.ljust(cols)
                     + ("pass" if ok else "FAIL"))

    if report.formed:
        add("distinct form plans", f"{report.forms} of {report.formed}", "no shared form",
            not report.form_pairs)
    else:
        lines.append("distinct form plans".ljust(width) + "n/a: no piece carries form labels")
    if report.formed < report.scenes:
        lines.append(f"  ({report.scenes - report.formed} scenes marked only by their moments: "
                     f"the user's form, not compared)")
    if report.scenes > 1:
        add("same accompaniment, different moods", f"{len(report.same_accompaniment)} pairs",
            "none", not report.same_accompaniment)
    if report.unchanged_worst is not None:
        add("longest unchanged accompaniment", f"{report.unchanged:.1f} bars (worst {report.unchanged_worst[2]})",
            f"<= {UNCHANGED_TARGET:g} bars", report.unchanged <= UNCHANGED_TARGET)
        lines.append(f"  (one part, one bar rhythm, bars in a row; worst: {report.unchanged_worst[0]}, "
                     f"{report.unchanged_worst[1]})")
    if report.shared_pair is None:
        lines.append("melody bars shared, tonics per seed".ljust(width)
                     + "n/a: no two scenes composed with one seed (use --seeds)")
    else:
        add("melody bars shared, worst pair", f"{report.shared:.0%} (mean {report.shared_mean:.2%})",
            f"<= {SHARED_BARS_TARGET:.0%}", report.shared <= SHARED_BARS_TARGET)
        lines.append("  transposed copies counted too".ljust(width)
                     + f"{report.shared_intervals:.0%}".ljust(cols + 8) + "(shown)")
        lines.append("  one piece's view (its own bars)".ljust(width)
                     + f"{report.shared_piece:.0%}".ljust(cols + 8) + "(shown)")
        for name, label in (("essen", "Essen tunes"), ("bach", "Bach chorales")):
            ref = load_craft_shared().get(name)
            if not ref:
                continue
            for view, text in (("pair", f"  {label}, groups of {ref['group']}"),
                               ("piece", "    one piece's view")):
                row = ref[view]
                lines.append(text.ljust(width)
                             + f"{row['worst_median']:.0%} ({row['worst_low']:.0%}-"
                               f"{row['worst_high']:.0%})".ljust(cols + 8)
                             + "(reference)")
        need = tonics_target(report.tonic_scenes)
        add("distinct tonics, one seed (fewest)", f"{report.tonics} of {report.tonic_scenes}",
            f">= {need}", report.tonics >= need)
    if report.shared_pair and report.shared_piece > 0:
        a, b, seed = report.shared_pair
        c, d, other = report.shared_piece_pair
        lines.append(f"  worst pair: {a} and {b}, seed {seed}; in one piece's view: {c} and {d}, "
                     f"seed {other}")
    if report.same_accompaniment:
        lines.append("  same accompaniment: " + ", ".join(
            f"{a}/{b}" for a, b in report.same_accompaniment[:6])
            + (" ..." if len(report.same_accompaniment) > 6 else ""))
    if report.form_pairs:
        lines.append("  shared forms: " + ", ".join(f"{a}/{b}" for a, b in report.form_pairs[:6])
                     + (" ..." if len(report.form_pairs) > 6 else ""))
    failures = report.failures()
    lines += ["", "all craft targets met" if not failures
              else f"craft targets missed ({len(failures)}): " + "; ".join(failures)]
    return "\n".join(lines)


def craft_json(report: CraftReport) -> dict:
    """The report as plain data (for `evaluate --json`): diff two runs to see what moved."""
    return {
        "pieces": report.pieces, "scenes": report.scenes,
        "figures": {f: None if row is None else {"mean": row[0], "p5": row[1], "p95": row[2]}
                    for f, row in report.summary.items()},
        "targets": {f: {"label": label, "low": lo, "high": hi, "why": why}
                    for f, (label, lo, hi, why) in CRAFT_TARGETS.items()},
        "references": report.references,
        "forms": {"distinct": report.forms, "compared": report.formed,
                  "shared": [list(p) for p in report.form_pairs]},
        "same_accompaniment": [list(p) for p in report.same_accompaniment],
        "unchanged_accompaniment": {"mean": report.unchanged, "worst": None if report.unchanged_worst is None
                                    else list(report.unchanged_worst)},
        "shared_melody_bars": {"worst": report.shared, "mean": report.shared_mean,
                               "worst_pair": None if report.shared_pair is None
                               else list(report.shared_pair),
                               "transposed_worst": report.shared_intervals,
                               "one_piece_worst": report.shared_piece,
                               "one_piece_worst_pair": None if report.shared_piece_pair is None
                               else list(report.shared_piece_pair),
                               "references": load_craft_shared()},
        "distinct_tonics": {"fewest": report.tonics, "scenes_per_seed": report.tonic_scenes},
        "per_piece": report.rows,
        "failures": list(report.failures()),
    }
