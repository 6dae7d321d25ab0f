"""The form's own version per piece: lengths, key areas and verse closes drawn around the form."""

import random

from composer.form import AREAS_BY_MOOD, FORMS, KEY_AREAS, STRETCH, rows_for


def test_each_piece_draws_its_own_version_of_a_form():
    versions = {tuple((r.letter, r.weight, r.area, r.close) for r in
                      rows_for(FORMS["ternary"], 150, 64, random.Random(i), "tender"))
                for i in range(40)}
    assert len(versions) >= 20  # forty pieces, hardly a twin among them
    for version in versions:
        letters = [v[0] for v in version]
        assert letters.count("A") >= 2  # still a ternary: its theme returns
        assert version[-1][3] == "authentic"  # the last section closes


def test_returns_stay_home_and_areas_are_related_keys():
    for i in range(60):
        for row in rows_for(FORMS["episodes"], 240, 120, random.Random(i), "joy"):
            assert row.area in KEY_AREAS and row.area != "mediant"
            if row.role == "return":
                assert row.area == "home"
    assert all(set(areas) <= set(KEY_AREAS) - {"home"} for areas in AREAS_BY_MOOD.values())
    assert all(any(f == 1.0 for f, _ in factors) for factors in STRETCH.values())


def test_a_short_piece_keeps_its_form_in_miniature():
    rows = rows_for(FORMS["ternary"], 40, 16, random.Random(3), "tender")
    assert [r.letter for r in rows if r.role not in ("intro", "coda", "interlude")] == ["A", "B", "A"]
