"""Plain-integer voice-leading checks shared by the harmony tests (the judge, not the engine)."""

from __future__ import annotations


def lines(span) -> tuple[int, ...]:
    """The five lines of a span, low to high: bass, then the four Harmony voices."""
    return (span.bass,) + tuple(span.voicing)


def parallels(a: tuple[int, ...], b: tuple[int, ...]) -> list[tuple[int, int, str]]:
    """Same-direction parallel fifths and octaves/unisons between any two lines, a -> b."""
    found = []
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            di, dj = b[i] - a[i], b[j] - a[j]
            if di == 0 or dj == 0 or (di > 0) != (dj > 0):
                continue
            before, after = (a[j] - a[i]) % 12, (b[j] - b[i]) % 12
            if before == after == 7:
                found.append((i, j, "fifth"))
            elif before == after == 0:
                found.append((i, j, "octave"))
    return found


def crossings(span) -> int:
    ls = lines(span)
    return sum(1 for x, y in zip(ls, ls[1:]) if not x < y)


def wide_spacing(span) -> int:
    v = span.voicing
    return sum(1 for x, y in zip(v, v[1:]) if y - x > 12)


# What each cadence is in each mode, written from the theory (the judge, not read from the
# grammar). Modes keep their colour: only ionian, minor and lydian (whose V is diatonic) close
# with a major V; the others close from their own dominants (mixolydian VII and v, dorian v and
# VII, aeolian v and VII, phrygian II and vii), dorian and mixolydian also from their major IV,
# and take a major V only as a colour the mood's tension asks for.
MODAL = {"mixolydian", "dorian", "aeolian", "phrygian"}
LEADING_TONE_DOMINANTS = {"V", "V7"}
DOMINANTS = {"ionian": {"V", "V7"}, "minor": {"V", "V7"}, "lydian": {"V"},
             "mixolydian": {"VII", "v"}, "dorian": {"v", "VII"}, "aeolian": {"v", "VII"},
             "phrygian": {"II", "vii"}}
AUTHENTIC_APPROACH = {mode: dominants | ({"IV"} if mode in ("mixolydian", "dorian") else set())
                      for mode, dominants in DOMINANTS.items()}
SUBMEDIANTS = {"vi", "VI", "bVI"}
# The predominants a plagal cadence may use: IV/iv, the lydian II, their colours.
PLAGAL_APPROACH = {"IV", "iv", "II", "IV[add9]", "iv7"}
# An evaded cadence's goal: the tonic, but not in root position, or the subdominant over its third.
EVADED_GOALS = {"I6", "i6", "IV6", "iv6"}


def approaches(mode: str, tension: bool = True) -> set[str]:
    """The chords an authentic cadence in `mode` may approach its tonic from."""
    return AUTHENTIC_APPROACH[mode] | (LEADING_TONE_DOMINANTS if tension and mode in MODAL else set())


def dominants(mode: str, tension: bool = True) -> set[str]:
    """The chords a half cadence may stop on and deceptive and evaded cadences move from."""
    return DOMINANTS[mode] | (LEADING_TONE_DOMINANTS if tension and mode in MODAL else set())
