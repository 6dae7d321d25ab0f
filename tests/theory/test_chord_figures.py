"""Roman-numeral figures on plain ints, against music21's reading of the same figure."""

from __future__ import annotations

import pytest

from composer.harmony import grammar
from composer.theory import MODES, Key
from composer.theory.chords import chord_quality, invert_figure, parse_figure, split_figure

music21 = pytest.importorskip("music21")
from music21 import key as m21key  # noqa: E402
from music21 import roman  # noqa: E402

# Figures that mean the same in every mode (triads by case, dominant sevenths, secondaries,
# inversions). Sevenths on chords foreign to a mode are left to the mode's own tables below:
# music21 builds those from the triad's quality rather than the scale.
FIGURES = ("I", "ii", "iii", "IV", "V", "vi", "vii°", "i", "II", "III", "iv", "v", "VI", "VII",
           "bII", "bIII", "bVI", "bVII", "V7", "vii°7", "iiø7", "I[add9]", "V[no3][add4]", "V7/V",
           "V7/vi", "V7/ii", "V7/IV", "V/V", "V7/iv", "vii°7/V", "V65", "V43", "V42", "I6", "I64",
           "ii6", "iv6", "ii°6", "bII6", "V65/V", "iiø65", "vii°6")


def _grammar_figures(mode: str) -> set[str]:
    """Every figure the grammar tables can emit in a mode, in every inversion the voicing may pick."""
    out = {f for f, _, _ in grammar.VOCABULARY[mode]} | {c[0] for c in grammar.COLOURS[mode]}
    for rows in grammar.CADENCES[mode].values():
        out |= {f for figures, _, _ in rows for f in figures}
    out |= {f for figures, _, _ in grammar.FINAL_CADENCES[mode] for f in figures}
    out |= {f for figures, *_ in grammar.OPENINGS[mode] for f in figures}
    out |= {f for f, _, _ in grammar.COMMON_TONE_ENTRIES}
    out.add("V[no3][add4]")
    inverted = set()
    for f in out:
        base, inversion = split_figure(f)
        if inversion == 0 and "[" not in base and "maj" not in base:
            top = 4 if len(parse_figure(base, Key(0, mode)).pcs) == 4 else 3
            inverted |= {invert_figure(base, i) for i in range(top)}
    return out | inverted


def _m21(k: Key):
    name = k.tonic_name.replace("b", "-") if len(k.tonic_name) > 1 else k.tonic_name
    return m21key.Key(name, {"ionian": "major"}.get(k.mode, k.mode))


@pytest.mark.parametrize("mode", sorted(MODES))
def test_figures_read_the_same_in_music21(mode):
    for tonic in (0, 2, 3, 6, 9, 10):
        k = Key(tonic, mode)
        mk = _m21(k)
        for figure in sorted(set(FIGURES) | _grammar_figures(mode)):
            ours = parse_figure(figure, k)
            theirs = roman.RomanNumeral(figure, mk)
            assert {p.pitchClass for p in theirs.pitches} == set(ours.pcs), (k, figure)
            assert theirs.root().pitchClass == ours.root, (k, figure)
            assert theirs.bass().pitchClass == ours.bass, (k, figure)
            if "[" not in figure:
                assert theirs.quality == ours.quality, (k, figure)


def test_minor_reads_the_sixth_and_seventh_degrees_by_case():
    a = Key(9, "minor")
    assert parse_figure("vii°7", a).root == 8  # G-sharp: the leading-tone chord
    assert parse_figure("VII", a).root == 7  # G: the subtonic
    assert parse_figure("V7", a).pcs == (4, 8, 11, 2)
    # the named modes keep their own scale: the aeolian vii° stands on G
    assert parse_figure("vii°", Key(9, "aeolian")).root == 7


def test_split_and_invert_are_inverse():
    for figure in ("V65/V", "ii6", "V42", "I64", "vii°6", "iiø65", "V7", "I[add9]", "bVI"):
        base, inversion = split_figure(figure)
        assert invert_figure(base, inversion) == figure
    assert split_figure("V43") == ("V7", 2)


def test_bad_figures_are_refused():
    for bad in ("X", "V9", "Imaj", "IV[add9]6"):
        with pytest.raises(ValueError):
            parse_figure(bad, Key(0, "ionian"))


def test_quality_names():
    assert chord_quality((0, 4, 7)) == "major"
    assert chord_quality((9, 0, 4)) == "minor"
    assert chord_quality((11, 2, 5)) == "diminished"
    assert chord_quality((7, 0, 2)) == "other"
