"""What makes a composed loop go round (the judge, not the engine): shared by the loop and the
re-roll tests."""

from __future__ import annotations

from composer.theory.chords import parse_figure


def seam_faults(stages) -> list[str]:
    """What breaks the seam of a loop's stages, from its last bar back into bar 1: the last
    phrase must stop on a half cadence, on the dominant of the home key, bar 1 must start on the
    home tonic, and the tune's last note must be a tone of that dominant (not the tonic held over
    it)."""
    first, last = stages.progression[0], stages.progression[-1]
    home = stages.plan.key
    faults = []
    if last.cadence != "half":
        faults.append(f"the last cadence is {last.cadence}, not half")
    if parse_figure(last.chord.figure.split("[")[0], last.key).root != (home.tonic + 7) % 12 \
            or last.key.tonic != home.tonic:
        faults.append(f"the last chord {last.chord.figure} ({last.key.label}) is not the home dominant")
    if first.chord.root != home.tonic or first.start != 0:
        faults.append(f"bar 1 starts on {first.chord.figure}, not the home tonic")
    melody = max(stages.piece.part("Melody").notes, key=lambda n: n.start)
    if melody.pitch % 12 not in last.chord.pcs:
        faults.append(f"the tune ends on {melody.pitch}, outside {last.chord.figure}")
    return faults


def wrap_faults(stages) -> list[str]:
    """What breaks the join from the last chord back into bar 1 as a join inside the piece is
    judged (tests/test_reroll.py): parallel fifths or octaves between any two of the five lines,
    a voice or the bass moving more than an octave, the tune leaping more than a sixth."""
    from harmony.harmony_checks import lines, parallels

    first, last = stages.progression[0], stages.progression[-1]
    faults = [f"parallel {kind}s between lines {i} and {j} across the wrap"
              for i, j, kind in parallels(lines(last), lines(first))]
    if any(abs(a - b) > 12 for a, b in zip(lines(last), lines(first))):
        faults.append(f"a line leaps more than an octave across the wrap: {lines(last)} -> {lines(first)}")
    tune = sorted(stages.piece.part("Melody").notes, key=lambda n: n.start)
    if abs(tune[-1].pitch - tune[0].pitch) > 9:
        faults.append(f"the tune leaps {tune[-1].pitch} -> {tune[0].pitch} across the wrap")
    return faults
