"""`memory-composer explain SCENE [--seed N] [--json]`: every decision and the rule behind it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from composer.cli import path_type


# A part striking in fewer than this share of a section's bars is said to play there in so many
# bars only: a texture that waits for intensity to enter (composer.arrange.TEXTURE_ENTRY) and
# sounds only the final chord does not play its figure through the section.
FEW_BARS = 0.25


def _few_bars(parts, lo: int, hi: int, bar: int, bars: int) -> dict[str, int]:
    """Role -> the bars it strikes in from tick lo to hi, for the parts that strike in some but
    fewer than FEW_BARS of the section's `bars`."""
    out = {}
    for part in parts:
        struck = {n.start // bar for n in part.notes if lo <= n.start < hi}
        if struck and len(struck) < FEW_BARS * bars:
            out[part.role] = len(struck)
    return out


def _figure_in(plan) -> str | None:
    """The name of the section whose idea the setting's figure opens (melody.figured_section)."""
    from composer.melody.motif import figured_section

    section = figured_section(plan.sections, plan.figure)
    return section.name if section is not None else None


def decisions(scene, seed: int, rerolls=()) -> dict:
    """The pipeline's decisions, reported as plain data (with `rerolls`, composer.reroll.Reroll
    each, for the piece with those moments composed afresh)."""
    from composer import compose_stages
    from composer.harmony import describe, readable

    stages = compose_stages(scene, seed, rerolls=rerolls)
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
            "bpm": round(_performed_bpm(stages.piece, s.start_bar * bar, s.end_bar * bar), 2),
            "character": {"mood": s.character.mood, "articulation": s.character.articulation,
                          "rubato": round(s.character.rubato, 3),
                          "colour": {k: round(v, 2) for k, v in vars(s.character.colour).items()},
                          "why": list(s.character.reasons())},
            "plays": {role: style for index, role, style in arrangement.styles if index == i},
            "plays_in_bars": _few_bars(arrangement.parts, s.start_bar * bar, s.end_bar * bar, bar,
                                       s.bars),
            "continuation": {"Harmony": s.character.continuation[0], "Bass": s.character.continuation[1]},
            "phrases": [_phrase(p, arrangement.shapes, s.character, plan) for p in s.phrases],
            "progression": " | ".join(" ".join(f) for _, f in sorted(bars.items())),
            "rerolled": any(r.index == i for r in rerolls),
        })
    palette = feel.palette
    hits = [_hit(h, stages.piece, plan, before) for h, before in zip(plan.hits, (None,) + plan.hits)]
    return {
        "title": scene.title, "seed": seed,
        "rerolls": [{"moment": r.index + 1, "name": r.name, "seed": r.seed, "spec": r.spec}
                    for r in rerolls],
        "mood": {"words": list(feel.words),
                 "valence": round(feel.valence, 2), "arousal": round(feel.arousal, 2),
                 "tension": round(feel.tension, 2), "brightness": round(feel.brightness, 2)},
        "key": plan.key.label, "meter": str(plan.meter), "bpm": plan.bpm,
        "tempo_rule": feel.bpm_source,
        "reasons": list(plan.reasons),
        "instruments": {p.role: p.instrument.name for p in plan.band},
        "setting": {"from": list(palette.sources), "reverb": palette.reverb, "chorus": palette.chorus,
                    "register": palette.register, "tempo_nudge": palette.tempo_nudge,
                    "figure": plan.figure, "figure_in": _figure_in(plan)},
        "notices": list(feel.notes),
        "sections": sections,
        "harmony": list(describe(progression, plan)),
        "close": _close(progression, plan, stages.melody),
        "hits": hits,
        "climax": None if arrangement.summit is None else {
            "bar": arrangement.summit + 1, "tutti_steps": arrangement.tutti,
            "plays": "the tutti, in proportion to the piece (the fewest steps that make it the fullest "
                     "bar): " + "; ".join(TUTTI_SAID[:arrangement.tutti])},
    }


def _close(progression, plan, melody=()) -> dict | None:
    """How the piece ends (composer.harmony.close) and what it was drawn from; None for a loop,
    which goes round instead."""
    from composer.harmony.close import BUTTON, CLOSES, amen_of, amen_tune, rolls

    name = progression[-1].close if progression else ""
    if not name:
        return None
    affect = plan.sections[-1].character.affect
    harmony = plan.part("Harmony")
    rolled = harmony is not None and rolls(affect, harmony.instrument.program)
    return {"name": name, "says": CLOSES[name].says,
            "why": f"drawn for the last section's affect ({affect}) and the piece's "
                   f"({plan.character.affect}), "
                   f"the {plan.form} form and the final phrase's {plan.phrases[-1].bars} bars",
            "rolled": rolled,
            "rolled_on": harmony.instrument.name if rolled else None,
            # an amen's layout and the tune the melody sings over it, as scale degrees
            "amen": amen_of(progression[-1])[0].says if amen_of(progression[-1]) else None,
            "tune": amen_tune(progression, melody),
            # how the band plays a button (composer.harmony.close.BUTTON)
            "button": BUTTON.says() if CLOSES[name].button else None}


# The climax's tutti, step by step (composer.patterns.TUTTI_STEPS), said aloud.
TUTTI_SAID = ("every part sounds, a timpani roll where the band has timpani",
              "notes held to the next stroke",
              "after-beat, off-beat and 3+3+2 figures strike the full chord on every pulse",
              "the texture at its fullest")


# How a cadence bar's accompaniment settles (composer.arrange.phrasing.SETTLES), said aloud.
SETTLING = {"arrive": "the bass's arrival note and the chord held",
            "walk": "the dominant held",
            "break": "the chord held, the figure breaking off for the melody's upbeat",
            "echo": "the figure through the bar's first half, then held",
            "mark": "the chord struck on its change and held a pulse, then the figure going on",
            "drive": "the figure going on"}
# How the bass approaches a phrase's cadence, and leads on from a half cadence's dominant
# (composer.arrange.phrasing.APPROACHES), said aloud.
APPROACHING = {"walk": "by a walk", "leap": "by a leap of a fourth or fifth", "chromatic": "by a chromatic step",
               "pedal": "plainly", "plain": "plainly"}
LEADING = {"walk": "then the bass walking by step into the next phrase",
           "leap": "then the bass leaping a fourth or fifth into the next phrase",
           "chromatic": "then the bass stepping chromatically into the next phrase",
           "pedal": "the bass striking it on every pulse into the next phrase",
           "plain": "the next phrase arriving plainly"}
# How a phrase develops its section's figure (composer.arrange.phrasing.DEVELOPMENTS), said aloud.
DEVELOPING = {"state": "states the section's figure", "revoice": "re-voices it",
              "up": "takes the next rung up", "down": "takes the next rung down"}
# What a phrase's held chords do (composer.arrange.phrasing.MOTIONS), said aloud.
MOVING = {"plain": "", "suspend": "held chords with suspensions into their changes",
          "inner": "held chords with an inner voice moving"}


def _phrase(phrase, shapes, character, plan=None) -> dict:
    """A phrase's cadence and what the accompaniment does in it: its figures (Harmony, Bass), how
    it develops the section's, the bars of its continuation and their figures (one rung up), whether
    its chords are spread open, what its held chords' voices do, and how its cadence bar settles."""
    from composer.arrange import _texture_figure
    from composer.arrange.phrasing import CADENCE, CONTINUATION

    bars = range(phrase.start_bar, phrase.end_bar)
    last = shapes[phrase.end_bar - 1] if phrase.end_bar - 1 < len(shapes) else None
    first = shapes[phrase.start_bar] if phrase.start_bar < len(shapes) else None
    more = next((shapes[b] for b in bars if b < len(shapes) and shapes[b].kind == CONTINUATION), first)
    figures = {} if first is None or first.figures is None else dict(zip(("Harmony", "Bass"), first.figures))
    if figures and character.texture is not None:
        texture = plan.part("Texture") if plan is not None else None
        figures["Texture"] = _texture_figure(character, first, texture.instrument.program if texture else None)
    return {"bars": phrase.bars, "cadence": phrase.cadence,
            "plays": figures,
            "develops": first.development if first is not None else "state",
            "continuation": [b + 1 for b in bars if b < len(shapes) and shapes[b].kind == CONTINUATION],
            "continues": {} if more is None or more.figures is None else dict(zip(("Harmony", "Bass"), more.figures)),
            "open": bool(first is not None and first.open),
            "voices": first.voices if first is not None else "plain",
            "settles": last.settle if last is not None and last.kind == CADENCE else None,
            "bass": character.bass, "approach": first.approach if first is not None else None}


def _said(p: dict) -> str:
    """A phrase in explain's text: its length, cadence, figures and how its cadence settles."""
    out = f"{p['bars']} bars -> {p['cadence']}"
    how = [DEVELOPING[p["develops"]]] if p["develops"] != "state" else []
    if p["plays"] and p["develops"] != "state":
        how[-1] += f" (harmony {p['plays']['Harmony']}, bass {p['plays']['Bass']}" + (
            f", texture {p['plays']['Texture']})" if "Texture" in p["plays"] else ")")
    if p["plays"] and p["develops"] == "state" and p["plays"]["Bass"] != p["bass"]:
        how += [f"bass {p['plays']['Bass']}"]
    how += ["chords spread open"] if p["open"] else []
    how += [MOVING[p["voices"]]] if MOVING.get(p["voices"]) else []
    how += [SETTLING[p["settles"]]] if p["settles"] else []
    if p["settles"] and p["approach"]:
        how += ["the bass reaching its cadence " + APPROACHING[p["approach"]] + " where it can"]
    if p["settles"] == "walk" and p["approach"]:
        how += [LEADING[p["approach"]] + (" where it can" if p["approach"] != "plain" else "")]
    return out + (f" ({'; '.join(how)})" if how else "")


def _a(n: int) -> str:
    """The article before a number said aloud: an 8, an 11, an 18; a 5."""
    return "an" if str(n).startswith("8") or n in (11, 18) else "a"


def _hit(hit, piece, plan, before) -> dict:
    """A hit point as met: where it was asked, the downbeat it landed on and when that sounds
    (read from the performed tempo map), and how the music was fitted to it."""
    from composer.perform import HIT_TOLERANCE, _seconds
    from composer.scene.lengths import clock_tenths

    bar = plan.meter.bar_ticks
    performed = _seconds(piece.tempos, hit.bar * bar)
    error = performed - hit.at
    met = abs(error) < HIT_TOLERANCE
    # The tempo over the stretch since the hit before, against the plan's steady tempo there.
    first = before.bar if before is not None else 0
    steady = sum(plan.meter.pulses * 60 / (plan.bpm * plan.section_at(b).tempo) for b in range(first, hit.bar))
    played = performed - _seconds(piece.tempos, first * bar)
    nudge = steady / played - 1 if played > 0 else 0.0
    why = hit.how
    phrase = plan.phrase_at(hit.bar)
    if hit.kind == "cadence" and phrase.end_bar == hit.bar + 1:
        why += f" ({_a(phrase.bars)} {phrase.bars}-bar phrase, bars {phrase.start_bar + 1}-{phrase.end_bar})"
    elif hit.kind == "climax":
        why += f" (in {_a(phrase.bars)} {phrase.bars}-bar phrase, bars {phrase.start_bar + 1}-{phrase.end_bar})"
    if not met:
        why += (f"; could not be met: {hit.problem or 'a hit before it was missed'}; it lands "
                f"{abs(error):.2f} s {'late' if error > 0 else 'early'}")
    return {"number": hit.number, "kind": hit.kind, "asked": round(hit.at, 3),
            "asked_clock": clock_tenths(hit.at), "bar": hit.bar + 1, "beat": 1,
            "performed": round(performed, 4), "error_ms": round(1000 * error, 1),
            "tempo_nudge_percent": round(100 * nudge, 2), "met": met, "how": why}


def _performed_bpm(piece, lo: int, hi: int) -> float:
    """The felt tempo the performance plays the ticks lo..hi at: their pulses over the time they
    last (the phrase arches move a little either side of it, and the performance gives back the
    time its breaths borrow)."""
    return (hi - lo) / piece.meter.pulse_ticks * 60 / (piece.seconds_at(hi) - piece.seconds_at(lo))


def as_text(d: dict) -> str:
    mood = d["mood"]
    lines = [f"{d['title']} (seed {d['seed']})",
             f"mood words: {', '.join(mood['words']) or 'none'}",
             f"feel: valence {mood['valence']:+.2f}, arousal {mood['arousal']:+.2f}, "
             f"tension {mood['tension']:.2f}, brightness {mood['brightness']:+.2f}",
             f"tempo rule: {d['tempo_rule']}"]
    for r in d["rerolls"]:
        lines.append(f"re-rolled: moment {r['moment']} \"{r['name']}\" with seed {r['seed']} "
                     f"(--reroll '{r['spec']}'); the rest of the piece as seed {d['seed']} gives it")
    lines += [f"- {r}" for r in d["reasons"]]
    lines.append("instruments: " + ", ".join(f"{k} {v}" for k, v in d["instruments"].items()))
    s = d["setting"]
    lines.append(f"setting: from {', '.join(s['from']) or 'defaults'}; reverb {s['reverb']}, "
                 f"chorus {s['chorus']}, register {s['register']:+d}, tempo x{s['tempo_nudge']:g}")
    lines += [f"notice: {n}" for n in d["notices"]]
    for sec in d["sections"]:
        cadences = ", ".join(_said(p) for p in sec["phrases"])
        lines.append(f"[{sec['label']}] {sec['name']}{' (re-rolled)' if sec['rerolled'] else ''}: "
                     f"bars {sec['start_bar']}-"
                     f"{sec['start_bar'] + sec['bars'] - 1} in {sec['key']} at {sec['bpm']:g}, "
                     f"intensity {sec['intensity']:.2f}; phrases: {cadences}")
        few = sec["plays_in_bars"]
        lines.append("    plays: " + "; ".join(
            f"{k} {v}" + (f" (in {few[k]} of its {sec['bars']} bars only)" if k in few else "")
            for k, v in sec["plays"].items()))
        lines += [f"    - {why}" for why in sec["character"]["why"]]
    for h in d["hits"]:
        lines.append(f"hit {h['number']}: {h['kind']} at {h['asked_clock']} -> bar {h['bar']}, beat "
                     f"{h['beat']}, sounds at {h['performed']:.3f} s "
                     + (f"(tempo nudged {h['tempo_nudge_percent']:+.1f} % since the last hit); "
                        if h["met"] else f"(missed by {h['error_ms']:+.0f} ms); ") + h["how"])
    if d["climax"] is not None:
        lines.append(f"climax: bar {d['climax']['bar']}, the melody's summit; {d['climax']['plays']}")
    lines.append("harmony (Roman numerals, '|' between bars, cadence in brackets):")
    lines += [f"  {line}" for line in d["harmony"]]
    if d["close"] is not None:
        c = d["close"]
        rolled = f"; its last chord rolled upward on the {c['rolled_on']}" if c["rolled"] else ""
        lines.append(f"close: {c['name']}: {c['says']}{rolled}; {c['why']}")
        if c["amen"]:
            lines.append(f"  the amen: {c['amen']}; the tune over it sings {c['tune']}")
        if c["button"]:
            lines.append(f"  the button: {c['button']}")
    return "\n".join(lines)


@click.command()
@click.argument("scene_path", metavar="SCENE", type=path_type())
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Seed (default as compose).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--reroll", metavar="MOMENT[:SEED]", multiple=True,
              help="As compose --reroll: that moment composed afresh (repeatable).")
@click.option("--reroll-seed", type=click.IntRange(0, 2**31 - 1), help="The seed for --reroll.")
def explain(scene_path: Path, seed: int | None, as_json: bool, reroll: tuple[str, ...],
            reroll_seed: int | None):
    """Show each decision for SCENE and the rule behind it."""
    from composer import load_scene, scene_seed

    if reroll_seed is not None and not reroll:
        raise click.UsageError("--reroll-seed is the seed of a --reroll: give --reroll MOMENT too")
    scene = load_scene(scene_path)
    again = ()
    if reroll:
        from composer.reroll import parse_rerolls

        again = parse_rerolls(scene, reroll, reroll_seed)
    d = decisions(scene, scene_seed(scene) if seed is None else seed, again)
    click.echo(json.dumps(d, indent=2, ensure_ascii=False) if as_json else as_text(d))
