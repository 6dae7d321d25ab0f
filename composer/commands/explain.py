"""`memory-composer explain SCENE [--seed N] [--json]`: every decision and the rule behind it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from composer.cli import path_type

from composer.piece import TICKS_PER_BEAT


def decisions(scene, seed: int) -> dict:
    """The pipeline's decisions, reported as plain data."""
    from composer import compose_stages
    from composer.harmony import describe, readable

    stages = compose_stages(scene, seed)
    feel, plan, progression = stages.feel, stages.plan, stages.progression
    arrangement = stages.arrangement
    bar = plan.meter.bar_ticks
    sections = []
    for i, s in enumerate(plan.sections):
        spans = [c for c in progression if s.start_bar * bar <= c.start < s.end_bar * bar]
        bars: dict[int, list[str]] = {}
        for c in spans:
            bars.setdefault(c.start // bar + 1, []).append(readable(c.chord.figure))
        sections.append({
            "name": s.name, "label": s.label, "bars": s.bars, "start_bar": s.start_bar + 1,
            "key": s.key.label, "valence": round(s.character.valence, 2),
            "arousal": round(s.character.arousal, 2), "intensity": round(s.character.intensity, 2),
            "bpm": round(_performed_bpm(stages.piece, s.start_bar * bar), 2),
            "character": {"mood": s.character.mood, "articulation": s.character.articulation,
                          "rubato": round(s.character.rubato, 3),
                          "colour": {k: round(v, 2) for k, v in vars(s.character.colour).items()},
                          "why": list(s.character.reasons())},
            "plays": {role: style for index, role, style in arrangement.styles if index == i},
            "phrases": [{"bars": p.bars, "cadence": p.cadence} for p in s.phrases],
            "progression": " | ".join(" ".join(f) for _, f in sorted(bars.items())),
        })
    palette = feel.palette
    return {
        "title": scene.title, "seed": seed,
        "mood": {"words": list(feel.words),
                 "valence": round(feel.valence, 2), "arousal": round(feel.arousal, 2),
                 "tension": round(feel.tension, 2), "brightness": round(feel.brightness, 2)},
        "key": plan.key.label, "meter": str(plan.meter), "bpm": plan.bpm,
        "tempo_rule": feel.bpm_source,
        "reasons": list(plan.reasons),
        "instruments": {p.role: p.instrument.name for p in plan.band},
        "setting": {"from": list(palette.sources), "reverb": palette.reverb, "chorus": palette.chorus,
                    "register": palette.register, "tempo_nudge": palette.tempo_nudge},
        "notices": list(feel.notes),
        "sections": sections,
        "harmony": list(describe(progression, plan)),
    }


def _performed_bpm(piece, tick: int) -> float:
    """The felt tempo the performance plays at a tick (the plan's, as the performance gives back
    the time its breaths borrow)."""
    bpm = next(t.bpm for t in reversed(piece.tempos) if t.tick <= tick)
    return bpm * TICKS_PER_BEAT / piece.meter.pulse_ticks


def as_text(d: dict) -> str:
    mood = d["mood"]
    lines = [f"{d['title']} (seed {d['seed']})",
             f"mood words: {', '.join(mood['words']) or 'none'}",
             f"feel: valence {mood['valence']:+.2f}, arousal {mood['arousal']:+.2f}, "
             f"tension {mood['tension']:.2f}, brightness {mood['brightness']:+.2f}",
             f"tempo rule: {d['tempo_rule']}"]
    lines += [f"- {r}" for r in d["reasons"]]
    lines.append("instruments: " + ", ".join(f"{k} {v}" for k, v in d["instruments"].items()))
    s = d["setting"]
    lines.append(f"setting: from {', '.join(s['from']) or 'defaults'}; reverb {s['reverb']}, "
                 f"chorus {s['chorus']}, register {s['register']:+d}, tempo x{s['tempo_nudge']:g}")
    lines += [f"notice: {n}" for n in d["notices"]]
    for sec in d["sections"]:
        cadences = ", ".join(f"{p['bars']} bars -> {p['cadence']}" for p in sec["phrases"])
        lines.append(f"[{sec['label']}] {sec['name']}: bars {sec['start_bar']}-"
                     f"{sec['start_bar'] + sec['bars'] - 1} in {sec['key']} at {sec['bpm']:g}, "
                     f"intensity {sec['intensity']:.2f}; phrases: {cadences}")
        lines.append("    plays: " + "; ".join(f"{k} {v}" for k, v in sec["plays"].items()))
        lines += [f"    - {why}" for why in sec["character"]["why"]]
    lines.append("harmony (Roman numerals, '|' between bars, cadence in brackets):")
    lines += [f"  {line}" for line in d["harmony"]]
    return "\n".join(lines)


@click.command()
@click.argument("scene_path", metavar="SCENE", type=path_type())
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Seed (default as compose).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def explain(scene_path: Path, seed: int | None, as_json: bool):
    """Show each decision for SCENE and the rule behind it."""
    from composer import load_scene, scene_seed

    scene = load_scene(scene_path)
    d = decisions(scene, scene_seed(scene) if seed is None else seed)
    click.echo(json.dumps(d, indent=2, ensure_ascii=False) if as_json else as_text(d))
