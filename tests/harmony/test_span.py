"""The ChordSpan value: its hash, computed once, is the one its fields give, and stays in its process."""

import dataclasses
import pickle

from composer.harmony.span import ChordSpan
from composer.theory import Key
from composer.theory.chords import Chord


def _span() -> ChordSpan:
    chord = Chord("V7", 4, 7, (7, 11, 2, 5), 7)
    return ChordSpan(960, 1920, chord, Key(0, "major"), (55, 59, 62, 65), 43, cadence="half")


def test_a_spans_hash_is_its_fields_hash_kept_and_not_pickled():
    span = _span()
    fields = tuple(getattr(span, f.name) for f in dataclasses.fields(span))
    assert hash(span) == hash(fields) == hash(span)  # the dataclass's value: sets keep their order
    assert "_hash" in vars(span)  # computed once
    again = pickle.loads(pickle.dumps(span))
    assert again == span and "_hash" not in vars(again) and hash(again) == hash(span)
    moved = dataclasses.replace(span, start=0)
    assert moved != span and "_hash" not in vars(moved)
    assert {span: 1}[_span()] == 1  # an equal span finds it
