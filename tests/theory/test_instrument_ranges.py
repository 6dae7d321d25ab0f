"""The orchestration table: every GM program covered, Adler's practical ranges as the research
note gives them, strong registers inside them, and octave folding that always lands in range."""

from hypothesis import given, strategies as st

from composer.theory.instruments import (ARTICULATIONS, IDIOMS, fold, idiom, practical_range,
                                         strong_register, window)

# composition-craft.md, from Adler: (program, low, high).
ADLER = ((40, 55, 100), (41, 48, 88), (42, 36, 76), (43, 28, 60), (56, 54, 82), (57, 40, 72),
         (58, 28, 58), (60, 34, 77), (68, 58, 91), (69, 52, 81), (70, 34, 72), (71, 50, 91),
         (73, 60, 96), (72, 74, 105), (24, 40, 84), (25, 40, 84), (32, 28, 67), (37, 28, 67),
         (46, 24, 103), (52, 40, 81), (53, 40, 81), (11, 53, 89), (12, 48, 96), (9, 72, 108))


def test_every_program_has_a_sane_idiom():
    assert len(IDIOMS) == 128
    for i in IDIOMS:
        assert 0 <= i.low <= i.strong_low < i.strong_high <= i.high <= 127
        assert i.articulation in ARTICULATIONS


def test_adler_ranges_as_the_research_note_gives_them():
    for program, low, high in ADLER:
        assert practical_range(program) == (low, high), program


def test_registers_and_articulations_that_matter():
    assert strong_register(73)[0] == 67  # flute weak below G4
    assert strong_register(60) == (53, 72)  # horn best F3-C5
    assert idiom(44).long_only and not idiom(44).short_only  # tremolo strings sustain
    assert idiom(45).short_only  # pizzicato
    assert idiom(89).long_only and idiom(52).long_only  # pads and choir hold
    assert idiom(0).articulation == "struck" and not idiom(0).sustains


@given(st.integers(0, 127), st.integers(0, 127), st.integers(0, 40))
def test_fold_lands_in_range_keeping_the_pitch_class(pitch, low, width):
    high = min(127, low + width)
    out = fold(pitch, low, high)
    assert low <= out <= high
    if high - low >= 11:
        assert out % 12 == pitch % 12


def test_window_keeps_a_role_inside_the_instrument():
    assert window(33, 55, 58) == (33, 55)  # a tuba bass
    assert window(65, 89, 60) == (65, 77)  # a horn lead stops at F5
    assert window(67, 91, 60) == (65, 77)  # and reaches down for an octave's room
    assert window(55, 79, 72) == (74, 86)  # a piccolo counter-line reaches up
    for program in range(128):
        low, high = window(45, 70, program)
        assert practical_range(program)[0] <= low <= high <= practical_range(program)[1]
