"""The musicality evaluation: the project's melodies measured beside human melodies (music21's
Essen folk songs and Bach chorale soprano lines) and a random diatonic walk.

    report = evaluate(melodies)          # melodies: EvalMelody values (composer.evaluate.generated)
    print(format_report(report))
    report.failures()                    # the targets missed, empty when all are met

Targets and references: shared research, musicality-targets.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from composer.evaluate.compare import SAMPLE, mode_matched, overlapped_areas, sample
from composer.evaluate.features import YL_FEATURES, statistics, yang_lerch
from composer.evaluate.generated import random_walk
from composer.evaluate.melodies import EvalMelody, excerpts
from composer.evaluate.references import load_references

__all__ = ["evaluate", "format_report", "Report", "TARGETS", "METRICS"]

# metric -> (label, lowest, highest) for the mean over a set; None is open-ended.
# musicality-targets.md: the human bands (Essen mean 0.70 steps, 12.7 semitones of range, 2.48 bits
# of pitch-class entropy, 0.27-0.32 repeated patterns) with room either side.
TARGETS: dict[str, tuple[str, float | None, float | None]] = {
    "steps": ("steps + unisons (<= 2 semitones)", 0.65, 0.88),
    "leaps": ("leaps larger than a fifth", None, 0.05),
    "mean_interval": ("mean interval (semitones)", 1.5, 3.0),
    "range": ("range (semitones)", 7.0, 19.0),
    "pc_entropy": ("pitch-class entropy (bits)", 2.0, 2.9),
    "patterns": ("repeated 4-note patterns", 0.2, None),
    "strong_chord_tones": ("strong-beat chord tones", 0.85, None),
    "ends_on_tonic": ("ends on the tonic", 1.0, None),
}
METRICS = tuple(TARGETS)
OVERLAP_TARGET = 0.85  # lowest overlapped area against Essen, on every Yang & Lerch feature
COLUMNS = ("project", "essen", "bach", "walk")
HEADINGS = {"project": "project", "essen": "Essen folk", "bach": "Bach soprano",
            "walk": "random walk", "project_mix": "project, circle's mode mix"}
OVERLAP_COLUMNS = ("project", "essen", "bach", "walk", "project_mix")


@dataclass(frozen=True)
class Report:
    count: int  # melodies evaluated
    excerpts: int  # folk-song-sized excerpts compared with Yang & Lerch's features
    summary: dict[str, dict[str, tuple[float, float, float] | None]]  # set -> metric -> mean, p5, p95
    all_on_tonic: bool  # every project melody ends on its tonic
    off_tonic: tuple[str, ...]  # names of the melodies that do not
    overlaps: dict[str, dict[str, float]]  # set -> feature -> overlapped area against Essen

    def failures(self) -> tuple[str, ...]:
        out = []
        for metric, (label, lo, hi) in TARGETS.items():
            row = self.summary["project"][metric]
            if row is None:
                out.append(f"{label}: not measured")
                continue
            mean = row[0]
            if metric == "ends_on_tonic":
                if not self.all_on_tonic:
                    out.append(f"{label}: {', '.join(self.off_tonic)} end elsewhere")
            elif (lo is not None and mean < lo) or (hi is not None and mean > hi):
                out.append(f"{label}: {mean:.3f} outside {lo}-{hi}")
        if not self.overlaps["project"]:
            out.append("overlap with Essen: no melody long enough to compare (4 notes)")
        for feature, area in self.overlaps["project"].items():
            if area < OVERLAP_TARGET:
                out.append(f"overlap with Essen, {feature}: {area:.2f} < {OVERLAP_TARGET}")
        return tuple(out)


def _summary(rows: list[dict]) -> dict[str, tuple[float, float, float] | None]:
    out = {}
    for metric in METRICS:
        values = np.array([r[metric] for r in rows if r.get(metric) is not None], dtype=float)
        out[metric] = None if not len(values) else (
            float(values.mean()), float(np.percentile(values, 5)), float(np.percentile(values, 95)))
    return out


def _yl(melodies) -> list[dict]:
    out = []
    for m in melodies:
        for e in excerpts(m):
            features = yang_lerch(e.transposed_to_c())
            features["minor"] = e.minor
            out.append(features)
    return out


@lru_cache(maxsize=1)
def _reference_sets():
    """The fixed Essen sample every set is compared with, its share of minor tunes, and the
    overlaps of the other Essen half and of Bach (the same every run: computed once)."""
    refs = load_references()
    essen = [f for _, f in refs["essen"] if f is not None]
    reference = sample(essen, seed=1)
    chosen = {id(f) for f in reference}
    others = sample([f for f in essen if id(f) not in chosen], seed=2)
    share = float(np.mean([f["minor"] for f in reference]))
    bach = sample([f for _, f in refs["bach"] if f is not None], seed=4)
    return reference, share, {"essen": overlapped_areas(reference, others),
                              "bach": overlapped_areas(reference, bach)}


def evaluate(melodies: tuple[EvalMelody, ...] | list[EvalMelody]) -> Report:
    if not melodies:
        raise ValueError("nothing to evaluate")
    refs = load_references()
    walks = [random_walk(m, seed=i) for i, m in enumerate(melodies)]
    stats = {"project": [statistics(m) for m in melodies],
             "walk": [statistics(w) for w in walks],
             "essen": [s for s, _ in refs["essen"]],
             "bach": [s for s, _ in refs["bach"]]}
    summary = {name: _summary(rows) for name, rows in stats.items()}
    off = tuple(m.name for m, s in zip(melodies, stats["project"]) if s["ends_on_tonic"] < 1)

    reference, share, fixed = _reference_sets()
    project_yl = _yl(melodies)
    sets = {"project": mode_matched(project_yl, share, seed=3),
            "walk": mode_matched(_yl(walks), share, seed=5),
            "project_mix": sample(project_yl, seed=6)}
    # A melody shorter than an excerpt (a note or two) has nothing to compare: its row stays empty.
    overlaps = {name: overlapped_areas(reference, features) if features else {}
                for name, features in sets.items()}
    overlaps.update(fixed)
    return Report(count=len(melodies), excerpts=len(project_yl), summary=summary,
                  all_on_tonic=not off, off_tonic=off, overlaps=overlaps)


def _cell(row, metric: str) -> str:
    if row is None:
        return "n/a"
    mean, lo, hi = row
    if metric == "range":
        return f"{mean:.1f} ({lo:.0f}-{hi:.0f})"
    if metric == "ends_on_tonic":
        return f"{mean:.0%}"
    return f"{mean:.2f} ({lo:.2f}-{hi:.2f})"


def format_report(report: Report) -> str:
    """The table the README quotes: mean (5th-95th percentile) per set, then the overlaps."""
    width = 34
    cols = 20
    lines = [f"{report.count} project melodies ({report.excerpts} folk-song-sized excerpts); "
             f"references: music21 Essen folk songs and Bach chorale soprano lines",
             "", "metric".ljust(width) + "".join(HEADINGS[c].ljust(cols) for c in COLUMNS) + "target"]
    for metric, (label, lo, hi) in TARGETS.items():
        target = (f">= {lo:g}" if hi is None else f"<= {hi:g}" if lo is None else f"{lo:g}-{hi:g}")
        if metric == "ends_on_tonic":
            target = "every piece"
        lines.append(label.ljust(width) + "".join(
            _cell(report.summary[c][metric], metric).ljust(cols) for c in COLUMNS) + target)
    lines += ["", f"Yang & Lerch overlapped area against {SAMPLE} Essen melodies (project and walk "
                  f"sampled in Essen's share of minor keys; the last column in the mood circle's)",
              "feature".ljust(width) + "".join(
                  (f"Essen (other {SAMPLE})" if c == "essen" else HEADINGS[c]).ljust(cols)
                  for c in OVERLAP_COLUMNS[:-1]) + "target".ljust(10) + HEADINGS["project_mix"]]
    def area(name, feature=None):
        values = report.overlaps[name]
        if not values:
            return "n/a"
        return f"{values[feature] if feature else min(values.values()):.2f}"

    for feature in YL_FEATURES:
        lines.append(feature.replace("_", " ").ljust(width) + "".join(
            area(c, feature).ljust(cols) for c in OVERLAP_COLUMNS[:-1])
            + f">= {OVERLAP_TARGET}".ljust(10) + area("project_mix", feature))
    lines.append("lowest".ljust(width) + "".join(area(c).ljust(cols) for c in OVERLAP_COLUMNS[:-1])
                 + "".ljust(10) + area("project_mix"))
    failures = report.failures()
    lines += ["", "all targets met" if not failures else "targets missed: " + "; ".join(failures)]
    return "\n".join(lines)
