"""Reference melodies from music21's own corpora, reduced to their feature values and cached.

Parsing the Essen folk songs takes minutes, so `build_references()` runs once (the evaluate
command's --rebuild-references) and writes references.json beside this module; everything else
(tests, CI, the evaluate command) reads that file and never touches the corpus. The file holds
per-melody feature values, not the melodies.
"""

from __future__ import annotations

import bisect
import json
import random
import re
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import numpy as np

from composer.evaluate.features import YL_FEATURES, YL_SCALARS, statistics, yang_lerch
from composer.evaluate.melodies import EvalMelody, EvalNote
from composer.evaluate.score import Score, ScorePart
from composer.piece import TICKS_PER_BEAT, Meter, Note
from composer.theory import Key

REFERENCES = Path(__file__).with_name("references.json")

# Essen collections of European (mostly German) folk songs: diatonic tunes in major and minor,
# like the project's own. The Chinese collections (han*) are pentatonic with modal endings and
# would measure another tradition. Up to PER_COLLECTION tunes from each, so no one collection rules.
ESSEN_COLLECTIONS = ("altdeu10", "altdeu20", "ballad10", "ballad20", "ballad30", "ballad40",
                     "ballad50", "ballad60", "ballad70", "ballad80", "boehme10", "boehme20",
                     "dva0", "erk5", "erk10", "erk20", "erk30", "fink0", "kinder0", "zuccal0",
                     "lot", "lux")
PER_COLLECTION = 60
MIN_NOTES = 12
# The distribution comparison draws 100 + 100 reference melodies; the file keeps Yang & Lerch
# features for a fixed sample of this many per set (the statistics for every melody), so it stays
# small enough to commit.
YL_KEEP = 300

# Chord templates (intervals above the root) for judging whether a chorale soprano note on a
# strong beat is a chord tone: the triads and seventh chords of common-practice harmony.
TEMPLATES = ((0, 4, 7), (0, 3, 7), (0, 3, 6), (0, 4, 8), (0, 4, 7, 10), (0, 4, 7, 11),
             (0, 3, 7, 10), (0, 3, 6, 10), (0, 3, 6, 9))


def is_chord_tone(top: int, others: set[int]) -> bool:
    """Is the pitch class `top` part of the sonority it sounds in? Yes when a lower voice doubles it,
    or when the sonority fits a triad or seventh chord that holds its root and third."""
    if top in others:
        return True
    sonority = others | {top}
    for root in sonority:
        for t in TEMPLATES:
            chord = {(root + i) % 12 for i in t}
            if sonority <= chord and (root + t[1]) % 12 in sonority:
                return True
    return False


def _part_notes(part):
    """(onset, duration, midi) in quarter notes for a part, ties joined, rests and grace notes
    dropped, the top note of any chord; plus the pickup length and the first time signature."""
    from music21 import meter as m21meter

    stripped = part.stripTies()
    measures = list(stripped.getElementsByClass("Measure"))
    pickup = float(measures[0].paddingLeft) if measures else 0.0
    sigs = list(stripped.recurse().getElementsByClass(m21meter.TimeSignature))
    ts = (sigs[0].numerator, sigs[0].denominator) if sigs else (4, 4)
    notes = []
    for n in stripped.recurse().notes:
        if n.duration.isGrace or n.quarterLength <= 0:
            continue
        midi = max(p.midi for p in n.pitches)
        notes.append((float(n.getOffsetInHierarchy(stripped)), float(n.quarterLength), midi))
    notes.sort()
    return notes, pickup, ts


def _melody(name: str, notes, pickup: float, ts, key, chord_tones=None) -> EvalMelody:
    """`key`: music21's analysed key (Aarden-Essen profile): its tonic, and for a minor key the
    relative major as the parent signature."""
    meter = Meter(*ts)
    bar = meter.bar_ticks
    out = []
    for i, (onset, duration, midi) in enumerate(notes):
        tick = round((onset + pickup) * TICKS_PER_BEAT)
        strength = meter.strength(tick % bar)
        out.append(EvalNote(onset - notes[0][0], duration, midi, strength,
                            None if chord_tones is None else chord_tones[i]))
    tonic = key.tonic.pitchClass
    parent = (tonic + 3) % 12 if key.mode == "minor" else tonic
    return EvalMelody(name, tonic, f"{ts[0]}/{ts[1]}", tuple(out), parent)


def essen_melodies(per_collection: int = PER_COLLECTION):
    from music21 import corpus

    for collection in ESSEN_COLLECTIONS:
        opus = corpus.parse(f"essenFolksong/{collection}")
        scores = getattr(opus, "scores", None) or [opus]
        taken = 0
        for i, score in enumerate(scores):
            if taken >= per_collection:
                break
            parts = score.parts
            if len(parts) != 1:
                continue
            notes, pickup, ts = _part_notes(parts[0])
            if len(notes) < MIN_NOTES:
                continue
            taken += 1
            yield _melody(f"essen/{collection}/{i}", notes, pickup, ts, score.analyze("key"))


def bach_melodies():
    """Soprano lines of the four-part chorales, each strong-beat note judged against the sonority
    of the lower voices sounding at its onset."""
    import bisect

    from music21 import corpus

    for chorale in corpus.chorales.Iterator(returnType="stream"):
        parts = list(chorale.parts)
        if len(parts) != 4:
            continue
        soprano, pickup, ts = _part_notes(parts[0])
        if len(soprano) < MIN_NOTES:
            continue
        lower = [_part_notes(p)[0] for p in parts[1:]]
        starts = [[n[0] for n in voice] for voice in lower]
        marks = []
        for onset, _, midi in soprano:
            others = set()
            for voice, st in zip(lower, starts):
                j = bisect.bisect_right(st, onset) - 1
                if j >= 0 and voice[j][0] + voice[j][1] > onset:
                    others.add(voice[j][2] % 12)
            marks.append(is_chord_tone(midi % 12, others) if others else None)
        name = str(chorale.metadata.title if chorale.metadata else len(marks))
        yield _melody(f"bach/{name}", soprano, pickup, ts, chorale.analyze("key"), marks)


def _encode(melody: EvalMelody) -> dict:
    stats = statistics(melody)
    yl = yang_lerch(melody.transposed_to_c())
    row = {"name": melody.name, "meter": melody.meter, "minor": melody.minor,
           "stats": {k: (None if v is None else round(v, 3)) for k, v in stats.items()}}
    for k in YL_SCALARS:
        row[k] = round(yl[k], 3)
    for k in YL_FEATURES[5:]:
        flat = yl[k].ravel()
        row[k] = [[int(i), round(float(flat[i]), 3)] for i in np.flatnonzero(flat)]
    return row


def build_references(path: Path = REFERENCES, progress=None) -> dict[str, int]:
    """Parse the corpora (minutes), write the feature file; returns how many melodies per set."""
    import music21

    sets = {}
    for name, source in (("essen", essen_melodies), ("bach", bach_melodies)):
        rows = []
        for melody in source():
            rows.append(_encode(melody))
            if progress and len(rows) % 100 == 0:
                progress(f"{name}: {len(rows)} melodies")
        sets[name] = trim(rows)
    data = {"about": "Per-melody feature values of music21's Essen folk songs and Bach chorale "
                     "soprano lines (composer.evaluate.references.build_references).",
            "music21": music21.__version__, "sets": sets}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)
    load_references.cache_clear()
    sizes = {k: len(v) for k, v in sets.items()}
    build_craft_references(path, progress)
    build_contrast_reference(path, progress)
    return sizes


def trim(rows: list[dict], keep: int = YL_KEEP) -> list[dict]:
    """Keep the Yang & Lerch features of a fixed sample of `keep` rows; the rest keep only their
    statistics."""
    import random

    chosen = set(random.Random(0).sample(range(len(rows)), keep)) if len(rows) > keep else None
    out = []
    for i, row in enumerate(rows):
        if chosen is None or i in chosen:
            out.append(row)
        else:
            out.append({k: row[k] for k in ("name", "meter", "minor", "stats")})
    return out


def _decode(row: dict) -> dict | None:
    if YL_SCALARS[0] not in row:
        return None
    out = {k: row[k] for k in YL_SCALARS}
    out["minor"] = row["minor"]
    for k, size in zip(YL_FEATURES[5:], (12, 144, 12, 144)):
        flat = np.zeros(size)
        for i, v in row[k]:
            flat[i] = v
        out[k] = flat
    return out


@lru_cache(maxsize=2)
def load_references(path: Path = REFERENCES) -> dict[str, tuple[tuple[dict, dict], ...]]:
    """set name -> ((statistics, Yang & Lerch features or None), ...) per melody."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {name: tuple((row["stats"], _decode(row)) for row in rows)
            for name, rows in data["sets"].items()}


# ---- what a composer listens for (composer.evaluate.craft), measured the same way on the corpora ---

CRAFT_BPM = 80.0  # composition-craft.md measured the chorales at 80 quarter notes a minute
CRAFT_FIGURES = {  # set -> the figures that set can show (a folk tune is a single line)
    "essen": ("upbeat_share", "first_phrase_upbeat", "distinct_bar_rhythms", "top3_rhythm_share",
              "one_bar_loops", "bar_copies", "neighbour_turns", "swings", "hammered_arrivals",
              "held_in_place", "ending_formula", "climax_height", "climax_position"),
    "bach": ("upbeat_share", "first_phrase_upbeat", "tonic_cadences_per_minute",
             "distinct_bar_rhythms", "top3_rhythm_share", "one_bar_loops", "bar_copies",
             "neighbour_turns", "swings", "hammered_arrivals", "held_in_place", "ending_formula",
             "climax_height",
             "climax_position",
             "cross_relation_beats_per_minute", "unresolved_dissonances_per_minute",
             "counter_coincidence", "counter_rhythm_share", "bass_rhythm_share",
             "outer_parallels_per_minute", "frame_parallels_per_minute"),
}
_ABC_NOTE = re.compile(r"[_=^]*[A-Ga-g][,']*")


def _abc_tunes(text: str):
    """(header and body text, notes per music line) of each tune in an Essen ABC file: EsAC writes
    one phrase per line, so the line breaks are the tune's phrase ends."""
    for chunk in re.split(r"(?m)^(?=X:)", text):
        if not chunk.startswith("X:"):
            continue
        lines = chunk.strip().splitlines()
        music = [ln for ln in lines if not re.match(r"^[A-Za-z]:", ln) and ln.strip()]
        counts = [len(_ABC_NOTE.findall(ln)) - ln.count("-") for ln in music]
        yield chunk, counts


def _craft_score(name: str, voices, pickup: float, ts, key, phrase_notes=(),
                 roles=("Melody",)) -> Score:
    """A Score of a corpus piece: `voices` of (onset, duration, midi) in quarter notes from the
    first note, bar lines placed by the pickup; phrase marks at the onsets in `phrase_notes`; the
    voices' roles in order (the first sings the melody)."""
    shift = pickup
    parts = []
    for i, notes in enumerate(voices):
        made = [Note(round((o + shift) * TICKS_PER_BEAT), max(1, round(d * TICKS_PER_BEAT)), m, 80)
                for o, d, m in notes]
        ticks = tuple(sorted(made, key=lambda n: (n.start, n.pitch)))
        parts.append(ScorePart(f"voice {i + 1}", roles[i] if i < len(roles) else None, None, False,
                               ticks))
    end = max((n.end for p in parts for n in p.notes), default=0)
    tonic = key.tonic.pitchClass
    home = Key(tonic, "minor" if key.mode == "minor" else "ionian")
    return Score(name, home, Meter(*ts), ((0, CRAFT_BPM),), (), tuple(
        round((o + shift) * TICKS_PER_BEAT) for o in phrase_notes), ((0, home),), tuple(parts), end)


def essen_scores(per_collection: int = PER_COLLECTION):
    """The Essen tunes of the melody references, one Score each, phrase lines as phrase marks.
    Each tune is parsed alone (far quicker than the whole collection)."""
    from music21 import converter
    from music21.corpus import getWork

    for collection in ESSEN_COLLECTIONS:
        text = Path(str(getWork(f"essenFolksong/{collection}"))).read_text(encoding="latin-1")
        taken = 0
        for i, (tune, counts) in enumerate(_abc_tunes(text)):
            if taken >= per_collection:
                break
            if re.search(r"(?m)^M:\s*none", tune):
                continue  # free metre: no bar lines to measure against
            try:
                score = converter.parse(tune, format="abc")
            except Exception:  # music21 rejects a few tunes; the corpus has enough others
                continue
            if len(score.parts) != 1:
                continue
            notes, pickup, ts = _part_notes(score.parts[0])
            if len(notes) < MIN_NOTES:
                continue
            taken += 1
            marks = []
            if sum(counts) == len(notes):
                index = 0
                for c in counts[:-1]:
                    index += c
                    if 0 < index < len(notes):
                        marks.append(notes[index][0])
            yield _craft_score(f"essen/{collection}/{i}", [notes], pickup, ts,
                               score.analyze("key"), marks)


# The chorale's voices as the evaluation reads them: the soprano sings the tune, and the alto,
# the line just under it as the counter lies just under ours, is measured as its second line; the
# bass is the bass (the tenor has no part of ours to stand beside).
CHORALE_ROLES = ("Melody", "Counter", None, "Bass")


def bach_scores():
    """The four-part chorales, a phrase mark after every soprano fermata."""
    from music21 import corpus, expressions

    for chorale in corpus.chorales.Iterator(returnType="stream"):
        parts = list(chorale.parts)
        if len(parts) != 4:
            continue
        voices = [_part_notes(p) for p in parts]
        soprano, pickup, ts = voices[0]
        if len(soprano) < MIN_NOTES:
            continue
        ends = []
        for n in parts[0].stripTies().recurse().notes:
            if any(isinstance(e, expressions.Fermata) for e in n.expressions):
                ends.append(float(n.getOffsetInHierarchy(parts[0])) + float(n.quarterLength))
        onsets = [o for o, _, _ in soprano]
        marks = [onsets[j] for j in (bisect.bisect_left(onsets, e) for e in ends) if j < len(onsets)]
        name = str(chorale.metadata.title if chorale.metadata else len(onsets))
        yield _craft_score(f"bach/{name}", [v[0] for v in voices], pickup, ts,
                           chorale.analyze("key"), marks, CHORALE_ROLES)


def craft_rows(scores, figures) -> list[dict]:
    from composer.evaluate.craft import first_phrase_upbeat, piece_figures

    rows = []
    for score in scores:
        values = piece_figures(score)
        values["first_phrase_upbeat"] = first_phrase_upbeat(score)
        rows.append({k: values[k] for k in figures})
    return rows


def summarise(rows: list[dict], figures) -> dict:
    """figure -> {mean, p5, p95, count, none (share of pieces at 0)}."""
    out = {}
    for k in figures:
        values = np.array([r[k] for r in rows if r.get(k) is not None], dtype=float)
        if not len(values):
            continue
        out[k] = {"mean": round(float(values.mean()), 4),
                  "p5": round(float(np.percentile(values, 5)), 4),
                  "p95": round(float(np.percentile(values, 95)), 4),
                  "count": int(len(values)), "none": round(float((values == 0).mean()), 4)}
    return out


def build_craft_references(path: Path = REFERENCES, progress=None, only=None) -> dict[str, int]:
    """Measure the corpora with composer.evaluate.craft (minutes) and store the summaries under
    "craft" in the reference file, leaving the melody rows as they are (and, with `only`, the
    other sets' summaries)."""
    from composer.evaluate.corpus import melody_bars

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    sets = dict(data.get("craft", {}).get("sets", {})) if only else {}
    shared = dict(data.get("craft", {}).get("shared", {})) if only else {}
    for name, source in (("essen", essen_scores), ("bach", bach_scores)):
        if only and name not in only:
            continue
        rows, bars = [], []
        for score in source():
            rows.append(craft_rows([score], CRAFT_FIGURES[name])[0])
            bars.append(melody_bars(score))
            if progress and len(rows) % 100 == 0:
                progress(f"{name}: {len(rows)} pieces")
        sets[name] = summarise(rows, CRAFT_FIGURES[name])
        shared[name] = shared_bars_reference(bars)
    data["craft"] = {"about": "Summaries of composer.evaluate.craft's figures on the same Essen "
                              "tunes and Bach chorales (build_craft_references); chorales at "
                              f"{CRAFT_BPM:g} quarter notes a minute; shared: the melody bars "
                              f"shared in random groups of {SHARED_GROUP} pieces.",
                     "sets": sets, "shared": shared,
                     "contrast": data.get("craft", {}).get("contrast", {})}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)
    load_references.cache_clear()
    load_craft_references.cache_clear()
    load_craft_shared.cache_clear()
    return {k: len(v) for k, v in sets.items()}


# How much melody different human tunes share, measured as the evaluation measures different
# scenes with one seed: random groups the size of the held-out set, every pair in a group.
SHARED_GROUP = 50
SHARED_GROUPS = 20


def shared_bars_reference(bars: list[list[tuple]]) -> dict:
    """Over SHARED_GROUPS random groups of SHARED_GROUP pieces (a fixed draw), for the pair's share
    of melody bars ("pair", the target's measure) and one piece's view ("piece"): the worst pair's
    share (median, lowest and highest over the groups) and the mean share over every pair."""
    from composer.evaluate.corpus import piece_share, shared_share

    draw = random.Random(0)
    groups = [draw.sample(range(len(bars)), min(SHARED_GROUP, len(bars)))
              for _ in range(SHARED_GROUPS)]
    out: dict = {"group": SHARED_GROUP}
    for name, share in (("pair", shared_share), ("piece", piece_share)):
        worst, means = [], []
        for group in groups:
            shares = [share(bars[a], bars[b]) for a, b in combinations(group, 2)]
            worst.append(max(shares))
            means.append(sum(shares) / len(shares))
        worst.sort()
        out[name] = {"worst_median": worst[len(worst) // 2], "worst_low": worst[0],
                     "worst_high": worst[-1], "mean": sum(means) / len(means)}
    return out


# Multi-movement works in music21's corpus whose first violin carries the tune: string quartets
# of Haydn, Mozart and Beethoven. Their movements are what a composer sets apart in kind (an
# allegro's runs, an adagio's long lines, a minuet's dance), the human reference for a scene's
# moments; each movement's halves, its own drift.
QUARTETS = ("beethoven/opus18no1", "haydn/opus1no1", "haydn/opus74no1", "mozart/k155",
            "mozart/k156", "mozart/k458", "mozart/k80")


def quartet_violins(work: str) -> list:
    """Each movement's first-violin part (music21, ties joined)."""
    from music21 import corpus

    composer, opus = work.split("/")
    paths = sorted(str(p) for p in corpus.getComposer(composer)
                   if f"/{opus}/" in str(p) and str(p).endswith(".mxl"))
    return [corpus.parse(path).parts[0].stripTies() for path in paths]


def violin_notes(part) -> list[tuple[float, float]]:
    """A first violin's notes (onset, duration) in quarter notes."""
    return sorted((float(n.getOffsetInHierarchy(part)), float(n.quarterLength))
                  for n in part.recurse().notes if not n.duration.isGrace and n.quarterLength > 0)


def violin_bars(part) -> list[tuple[int, list[int]]]:
    """A first violin's bars as (measure number, the pitches beginning in it: a chord's top)."""
    return [(m.number, [max(p.midi for p in n.pitches) for n in m.recurse().notes
                        if not n.duration.isGrace and n.quarterLength > 0])
            for m in part.getElementsByClass("Measure")]


def build_contrast_reference(path: Path = REFERENCES, progress=None) -> dict[str, float]:
    """The rhythm contrast between the adjacent movements of QUARTETS and the drift between each
    movement's halves (composer.evaluate.energy.contrast), how often a run keeps the span of the
    run before it (composer.evaluate.craft.same_spans) and how many four-bar groups are held in
    place (craft.held_groups), stored under craft/contrast."""
    from composer.evaluate.craft import held_groups, same_spans
    from composer.evaluate.energy import profile_distance, rhythm_profile

    between, within, spans, held = [], [], [], []
    for work in QUARTETS:
        parts = quartet_violins(work)
        movements = [violin_notes(part) for part in parts]
        bars = [violin_bars(part) for part in parts]
        spans += [x for x in (same_spans(b) for b in bars) if x is not None]
        held += [x for x in (held_groups(b) for b in bars) if x is not None]
        between += [profile_distance(rhythm_profile(a), rhythm_profile(b))
                    for a, b in zip(movements, movements[1:])]
        within += [profile_distance(rhythm_profile(m[:len(m) // 2 + 1]),
                                    rhythm_profile(m[len(m) // 2:])) for m in movements]
        if progress:
            progress(f"{work}: {len(movements)} movements")
    out = {"between": round(float(np.mean(between)), 4),
           "between_p5": round(float(np.percentile(between, 5)), 4),
           "within": round(float(np.mean(within)), 4), "pairs": len(between),
           "movements": len(within), "works": list(QUARTETS),
           # craft.same_spans per movement with two runs or more: their mean and how many
           "run_spans": round(float(np.mean(spans)), 4), "run_movements": len(spans),
           # craft.held_groups per movement: their mean
           "held": round(float(np.mean(held)), 4)}
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.setdefault("craft", {})["contrast"] = out
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)
    load_craft_contrast.cache_clear()
    return out


@lru_cache(maxsize=2)
def load_craft_contrast(path: Path = REFERENCES) -> dict:
    """build_contrast_reference's figures; empty before the first build."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data.get("craft", {}).get("contrast", {})


@lru_cache(maxsize=2)
def load_craft_shared(path: Path = REFERENCES) -> dict[str, dict]:
    """set name -> shared_bars_reference's figures; empty before the first build."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data.get("craft", {}).get("shared", {})


@lru_cache(maxsize=2)
def load_craft_references(path: Path = REFERENCES) -> dict[str, dict]:
    """set name -> figure -> {mean, p5, p95, count, none}; empty before the first build."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data.get("craft", {}).get("sets", {})


if __name__ == "__main__":  # python -m composer.evaluate.references [--craft | --contrast]
    import sys

    def say(text):
        print(text, file=sys.stderr)

    if "--contrast" in sys.argv:  # only the quartets' contrast between movements
        print(build_contrast_reference(progress=say))
    elif "--craft" in sys.argv:  # [--craft [essen] [bach]]: only the craft summaries
        only = [a for a in sys.argv[sys.argv.index("--craft") + 1:] if a in CRAFT_FIGURES]
        print(build_craft_references(progress=say, only=only or None))
    else:
        print(build_references(progress=say))
