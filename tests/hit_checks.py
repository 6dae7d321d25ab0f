"""Whether each hit point is met where the plan (and explain) says (the judge, not the engine):
shared by the hit-point and the re-roll tests."""

from __future__ import annotations

from composer.arrange.timpani import drum_for
from composer.perform import SFORZANDO_FLOOR, _seconds

# General MIDI drum notes an accent strikes: the kick under a crash.
KICK, CRASH = 36, 49


def hit_faults(stages, hit) -> list[str]:
    """What keeps `hit` (one of stages.plan.hits) from being met as its kind asks."""
    plan, piece = stages.plan, stages.piece
    bar = plan.meter.bar_ticks
    tick = hit.bar * bar
    faults = []
    if hit.met and abs(_seconds(piece.tempos, tick) - hit.at) > 1e-4:
        faults.append(f"bar {hit.bar + 1} sounds at {_seconds(piece.tempos, tick):.4f} s, not {hit.at}")
    check = {"cadence": _cadence, "stop": _stop, "climax": _climax, "accent": _accent,
             "section": _section}[hit.kind]
    return faults + [f"{hit.label}: {fault}" for fault in check(stages, hit, tick)]


def _cadence(stages, hit, tick):
    phrase = stages.plan.phrase_at(hit.bar)
    if not (phrase.end_bar == hit.bar + 1 and phrase.cadence == "authentic" and not phrase.elided):
        yield f"no authentic phrase end on bar {hit.bar + 1}"
    goal = next(c for c in stages.progression if c.start <= tick < c.end)
    if goal.start != tick or goal.cadence != "authentic":
        yield f"the chord on the downbeat is {goal.chord.figure} ({goal.cadence}), not a cadence's goal"
    if not (goal.chord.figure.rstrip("7").lower() in ("i", "i[add9]") or goal.chord.figure in ("I", "i")):
        yield f"the goal is {goal.chord.figure}, not the tonic"
    if (goal.bass - goal.key.tonic) % 12:
        yield "the goal has no tonic in the bass"


def _stop(stages, hit, tick):
    bar = stages.plan.meter.bar_ticks
    for part in stages.piece.parts:
        if [n for n in part.notes if n.start < tick + bar and n.end > tick]:
            yield f"{part.role} sounds in the stop's bar"
        pedal = [c for c in part.controls if c.number == 64 and c.tick <= tick + bar]
        if pedal and max(pedal, key=lambda c: (c.tick, c.value == 0)).value:
            yield f"{part.role}'s pedal is down in the stop's bar"
    if stages.plan.phrase_at(hit.bar - 1).end_bar != hit.bar or stages.plan.phrase_at(hit.bar).elided:
        yield "no phrase ends at the stop"


def _climax(stages, hit, tick):
    plan = stages.plan
    melody = stages.piece.part("Melody").notes
    top = max(n.pitch for n in melody)
    if [n.pitch for n in melody if n.start == tick] != [top] or any(
            n.pitch >= top for n in melody if n.start != tick):
        yield f"the tune's summit ({top}) is not struck once, on the downbeat"
    if plan.intensity_at(hit.bar) != 1.0:
        yield "its bar is not the plan's most intense"
    # The fullest bar, as the craft table weighs bars (velocity times sounding time): the tutti
    # grows until the climax is the fullest (composer.arrange); among the fullest tenth, as a
    # neighbouring bar may weigh about as much. Not every part need sound there.
    weight = _weights(stages)
    if sorted(weight, reverse=True).index(weight[hit.bar]) >= max(1, len(weight) // 10):
        yield "its bar is not among the fullest tenth"


def _weights(stages) -> list[float]:
    """Each bar's velocity times sounding time, summed over every part's notes."""
    bar, bars = stages.plan.meter.bar_ticks, stages.plan.bars
    weight = [0.0] * bars
    for part in stages.piece.parts:
        for n in part.notes:
            for b in range(n.start // bar, min(bars, -(-n.end // bar))):
                weight[b] += n.velocity * (min(n.end, (b + 1) * bar) - max(n.start, b * bar))
    return weight


def _accent(stages, hit, tick):
    span = next(s for s in reversed(stages.progression) if s.start <= tick)
    for part in stages.piece.parts:
        struck = [n for n in part.notes if n.start == tick]
        if part.role == "Timpani" and drum_for(span) is None and not struck:
            continue  # the tuned pair has no drum in this chord
        if not (struck and all(n.velocity >= SFORZANDO_FLOOR for n in struck)):
            yield f"{part.role} does not strike sforzando"
        if part.role == "Drums" and not {KICK, CRASH} <= {n.pitch for n in struck}:
            yield "no kick and crash in the drums"


def _section(stages, hit, tick):
    if hit.bar not in [s.start_bar for s in stages.plan.sections]:
        yield f"no section starts on bar {hit.bar + 1}"
