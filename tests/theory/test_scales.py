import mido
import pytest

from composer.theory import MODES, Key, parse_tonic, spell_tonic

SPELLINGS = ["C", "C#", "Db", "D", "D#", "Eb", "E", "F", "F#", "Gb", "G", "G#", "Ab", "A", "A#",
             "Bb", "B", "Cb", "E#", "B#", "Fb"]


@pytest.mark.parametrize("mode", sorted(MODES))
def test_every_key_has_a_signature_a_midi_file_can_carry(mode):
    for pc in range(12):
        for spelling in [None] + [s for s in SPELLINGS if parse_tonic(s) == pc]:
            key = Key(pc, mode, spelling)
            mido.MetaMessage("key_signature", key=key.midi_key_signature)  # raises if invalid
            assert parse_tonic(key.tonic_name) == pc


def test_the_users_spelling_is_kept_and_does_not_change_identity():
    assert Key(6, "ionian", "F#").label == "F# major"
    assert Key(6, "ionian").label == "Gb major"
    assert Key(6, "ionian", "F#") == Key(6, "ionian")
    assert Key(2, "lydian").midi_key_signature == "A"
    assert Key(9, "minor").midi_key_signature == "Am"
    assert spell_tonic(" f# ") == "F#" and spell_tonic("E♭") == "Eb" and spell_tonic("H") is None
