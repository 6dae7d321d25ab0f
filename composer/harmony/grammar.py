"""The harmonic grammar as data: functions, vocabularies per mode, colours, cadences, openings.

Figures follow the convention of composer.theory.chords (music21's reading): numerals count the
key's own scale, so the mixolydian subtonic is 'VII', the phrygian flat supertonic is 'II', and
'V' in a minor-family key is the major (harmonic-minor) dominant.

Sources for the weights (as tendencies, not quotations): the tonic -> predominant -> dominant ->
tonic cycle and its usual substitutions (Kostka & Payne, *Tonal Harmony*, ch. 7; Tymoczko, "Root
motion, function, scale-degree: a grammar for elementary tonal harmony", 2003); modal practice
and characteristic chords (Persichetti, *Twentieth-Century Harmony*, ch. 1; Everett, "Making
sense of rock's tonal systems", 2004 for VII-I, VI-VII-i and the double plagal VII-IV-I).
"""

from __future__ import annotations

# Tonal functions: T tonic, PD predominant, D dominant. Row: from, column: to. Forward motion
# around the cycle is common, retrogression (D -> PD) rare; PD -> T is the plagal motion.
FUNCTION_FLOW: dict[str, dict[str, float]] = {
    "T": {"T": 0.6, "PD": 1.0, "D": 0.7},
    "PD": {"T": 0.25, "PD": 0.5, "D": 1.2},
    "D": {"T": 1.3, "PD": 0.08, "D": 0.35},
}

# Root motion in semitones upward (mod 12): falling fifths and falling thirds are the strongest
# progressions (Rameau's basse fondamentale; Piston's table of usual progressions), stepwise
# motion next, the tritone weakest.
ROOT_MOTION: dict[int, float] = {
    0: 0.3, 1: 0.7, 2: 1.0, 3: 0.8, 4: 0.8, 5: 1.6, 6: 0.2,
    7: 0.9, 8: 1.2, 9: 1.2, 10: 0.8, 11: 0.7,
}

# A chord repeated under a new bass is handled by the voicing, not by the grammar.
SAME_CHORD_WEIGHT = 0.02

# Diatonic vocabulary per mode: (figure, function, weight). Each mode's characteristic chord is
# weighted up so it is heard: lydian II (the raised 4th), mixolydian VII (the lowered 7th), dorian
# IV (the raised 6th), phrygian II (the lowered 2nd), aeolian VI and VII.
VOCABULARY: dict[str, tuple[tuple[str, str, float], ...]] = {
    "ionian": (("I", "T", 2.5), ("ii", "PD", 1.4), ("iii", "T", 0.4), ("IV", "PD", 1.8),
               ("V", "D", 2.0), ("vi", "T", 1.4), ("vii°", "D", 0.25)),
    "lydian": (("I", "T", 2.5), ("II", "PD", 2.2), ("iii", "T", 0.4), ("V", "D", 1.2),
               ("vi", "T", 1.3), ("vii", "D", 0.5)),
    "mixolydian": (("I", "T", 2.5), ("ii", "PD", 0.9), ("IV", "PD", 1.7), ("v", "D", 0.8),
                   ("vi", "T", 0.9), ("VII", "PD", 2.0)),
    "dorian": (("i", "T", 2.5), ("ii", "PD", 0.9), ("III", "T", 0.8), ("IV", "PD", 2.0),
               ("v", "D", 0.9), ("VII", "PD", 1.2)),
    "minor": (("i", "T", 2.5), ("ii°", "PD", 0.8), ("III", "T", 0.9), ("iv", "PD", 1.8),
              ("V", "D", 2.0), ("VI", "T", 1.2), ("VII", "PD", 0.5)),
    "aeolian": (("i", "T", 2.5), ("ii°", "PD", 0.3), ("III", "T", 1.0), ("iv", "PD", 1.6),
                ("v", "D", 1.1), ("VI", "PD", 1.8), ("VII", "PD", 1.8)),
    "phrygian": (("i", "T", 2.5), ("II", "D", 1.6), ("III", "T", 0.9), ("iv", "PD", 1.6),
                 ("VI", "PD", 1.1), ("vii", "PD", 0.9)),
}

# Idioms stronger than function and root motion alone predict: multiplies the transition weight.
PAIR_BONUS: dict[str, dict[tuple[str, str], float]] = {
    "ionian": {("vi", "ii"): 1.3, ("IV", "V"): 1.3},
    "lydian": {("I", "II"): 2.0, ("II", "I"): 1.8, ("II", "V"): 1.4, ("vii", "I"): 1.5},
    "mixolydian": {("VII", "I"): 3.0, ("VII", "IV"): 2.0, ("IV", "I"): 1.5, ("I", "VII"): 1.5},
    "dorian": {("IV", "i"): 2.0, ("i", "IV"): 1.5, ("VII", "i"): 2.5, ("ii", "IV"): 1.2},
    "minor": {("VI", "V"): 1.5, ("iv", "V"): 1.3, ("VII", "III"): 1.5},
    "aeolian": {("VI", "VII"): 3.0, ("VII", "i"): 2.5, ("iv", "VII"): 1.3, ("i", "VI"): 1.3},
    "phrygian": {("II", "i"): 3.0, ("i", "II"): 1.5, ("vii", "i"): 1.5, ("iv", "II"): 1.3},
}

# Colour chords: (figure, function, weight, mood driver, chords it must move to or None).
# A colour's weight is multiplied by how much the section's mood asks for its driver (see
# composer.character.colour_levels), so dissonance appears only where the feel calls for it:
#   bittersweet: modal mixture (iv, bVI, bVII in major; the bright IV in minor);
#   tension:     secondary dominants, half-diminished and diminished sevenths, the Neapolitan;
#   warmth:      added ninths and major sevenths (pleasant, calm, dreamy);
#   energy:      dominant sevenths inside phrases.
COLOURS: dict[str, tuple[tuple[str, str, float, str, tuple[str, ...] | None], ...]] = {
    "ionian": (
        ("iv", "PD", 0.9, "bittersweet", None),
        ("bVI", "PD", 0.8, "bittersweet", None),
        ("bVII", "PD", 0.5, "bittersweet", None),
        ("V7/V", "PD", 0.8, "tension", ("V", "V7")),
        ("V7/vi", "D", 0.5, "tension", ("vi", "vi7")),
        ("V7/ii", "D", 0.4, "tension", ("ii", "ii7")),
        ("V7/IV", "T", 0.5, "tension", ("IV", "IVmaj7", "IV[add9]")),
        ("Imaj7", "T", 0.9, "warmth", None),
        ("I[add9]", "T", 0.9, "warmth", None),
        ("IVmaj7", "PD", 1.0, "warmth", None),
        ("IV[add9]", "PD", 0.6, "warmth", None),
        ("vi7", "T", 0.7, "warmth", None),
        ("ii7", "PD", 0.9, "warmth", None),
        ("V7", "D", 1.2, "energy", None),
    ),
    "lydian": (
        ("II7", "PD", 0.8, "tension", ("V",)),
        ("V7/vi", "D", 0.4, "tension", ("vi", "vi7")),
        ("Imaj7", "T", 1.2, "warmth", None),
        ("I[add9]", "T", 1.0, "warmth", None),
        ("vi7", "T", 0.6, "warmth", None),
        ("iii7", "T", 0.4, "warmth", None),
    ),
    "mixolydian": (
        ("iv", "PD", 0.6, "bittersweet", None),
        ("bVI", "PD", 0.5, "bittersweet", None),
        ("I[add9]", "T", 0.9, "warmth", None),
        ("IV[add9]", "PD", 0.6, "warmth", None),
        ("vi7", "T", 0.5, "warmth", None),
        ("ii7", "PD", 0.6, "warmth", None),
        ("I7", "T", 0.7, "energy", ("IV", "IV[add9]", "ii", "ii7")),
    ),
    "dorian": (
        ("i7", "T", 1.0, "warmth", None),
        ("i[add9]", "T", 0.8, "warmth", None),
        ("ii7", "PD", 0.6, "warmth", None),
        ("IV7", "PD", 0.8, "energy", ("VII", "III", "i", "i7")),
        ("V7", "D", 0.8, "tension", ("i", "i7", "i[add9]")),
    ),
    "minor": (
        ("IV", "PD", 0.4, "bittersweet", ("V", "V7", "i")),
        ("iiø7", "PD", 0.9, "tension", None),
        ("vii°7", "D", 0.7, "tension", ("i", "i[add9]")),
        ("bII", "PD", 0.4, "tension", ("V", "V7")),
        ("V7/iv", "T", 0.5, "tension", ("iv", "iv7")),
        ("V7", "D", 1.2, "energy", None),
        ("i[add9]", "T", 0.8, "warmth", None),
        ("i7", "T", 0.5, "warmth", None),
        ("iv7", "PD", 0.6, "warmth", None),
        ("VImaj7", "T", 0.8, "warmth", None),
    ),
    "aeolian": (
        ("V", "D", 0.6, "tension", ("i", "VI")),
        ("iv7", "PD", 0.6, "warmth", None),
        ("i7", "T", 0.6, "warmth", None),
        ("i[add9]", "T", 0.8, "warmth", None),
        ("VImaj7", "PD", 0.9, "warmth", None),
    ),
    "phrygian": (
        ("V", "D", 0.5, "tension", ("i", "VI")),
        ("IImaj7", "D", 0.6, "warmth", ("i",)),
        ("iv7", "PD", 0.5, "warmth", None),
        ("VImaj7", "PD", 0.6, "warmth", None),
    ),
}

# A colour never disappears completely (an occasional surprise is human), but with its driver at
# zero it is rare.
COLOUR_FLOOR = 0.03

# Cadence formulas: the last chords of a phrase, the goal last. Entries: (figures, weight, driver
# or None). A figure with a figured-bass suffix fixes its inversion ('I64' the cadential six-four,
# 'iv6' the phrygian half cadence, 'ii°6'); the cadence's last two chords are otherwise in root
# position. Authentic: dominant (V or V7) to the tonic; half: ends on V; plagal: a predominant
# (IV, iv, or the mode's own: lydian II, phrygian II, mixolydian VII-IV) to the tonic; deceptive:
# V to the submediant (bVI where the mode's sixth degree carries no consonant triad).
CADENCES: dict[str, dict[str, tuple[tuple[tuple[str, ...], float, str | None], ...]]] = {
    "ionian": {
        "authentic": ((("IV", "V", "I"), 2.0, None), (("ii", "V7", "I"), 3.0, None),
                      (("I64", "V7", "I"), 2.0, None), (("IV", "I64", "V", "I"), 1.5, None),
                      (("vi", "ii", "V7", "I"), 1.5, None), (("ii7", "V7", "I"), 1.5, "warmth"),
                      (("iv6", "V7", "I"), 1.0, "bittersweet"), (("V7/V", "V7", "I"), 1.0, "tension")),
        "half": ((("ii", "V"), 2.0, None), (("IV", "V"), 2.0, None), (("I64", "V"), 1.5, None),
                 (("vi", "V"), 1.0, None), (("V7/V", "V"), 1.2, "tension"),
                 (("iv6", "V"), 1.0, "bittersweet")),
        "plagal": ((("IV", "I"), 3.0, None), (("iv", "I"), 1.5, "bittersweet"),
                   (("IV[add9]", "I"), 1.0, "warmth")),
        "deceptive": ((("V", "vi"), 2.0, None), (("ii", "V7", "vi"), 2.0, None),
                      (("IV", "V", "vi"), 1.5, None), (("V7", "bVI"), 1.0, "bittersweet")),
    },
    "lydian": {
        "authentic": ((("II", "V", "I"), 3.0, None), (("vi", "II", "V", "I"), 2.0, None),
                      (("I64", "V", "I"), 1.0, None), (("II7", "V", "I"), 1.0, "tension")),
        "half": ((("II", "V"), 3.0, None), (("vi", "V"), 1.0, None), (("I64", "V"), 1.0, None)),
        "plagal": ((("II", "I"), 3.0, None), (("vii", "II", "I"), 1.0, None)),
        "deceptive": ((("V", "vi"), 2.0, None), (("II", "V", "vi"), 2.0, None)),
    },
    "mixolydian": {
        "authentic": ((("IV", "V7", "I"), 3.0, None), (("ii", "V7", "I"), 2.0, None),
                      (("VII", "IV", "V", "I"), 1.5, None), (("I64", "V7", "I"), 1.0, None)),
        "half": ((("IV", "V"), 2.0, None), (("ii", "V"), 1.5, None), (("VII", "V"), 1.0, None)),
        "plagal": ((("IV", "I"), 2.0, None), (("VII", "IV", "I"), 3.0, None)),
        "deceptive": ((("V", "vi"), 2.0, None), (("IV", "V", "vi"), 1.5, None)),
    },
    "dorian": {
        "authentic": ((("IV", "V", "i"), 3.0, None), (("ii", "V7", "i"), 2.0, None),
                      (("VII", "IV", "V", "i"), 1.0, None), (("i64", "V7", "i"), 1.0, None)),
        "half": ((("IV", "V"), 3.0, None), (("ii", "V"), 1.5, None), (("i64", "V"), 1.0, None)),
        "plagal": ((("IV", "i"), 3.0, None), (("VII", "IV", "i"), 1.5, None)),
        "deceptive": ((("V", "bVI"), 1.0, None), (("IV", "V", "bVI"), 1.0, None)),
    },
    "minor": {
        "authentic": ((("iv", "V", "i"), 3.0, None), (("ii°6", "V7", "i"), 2.0, None),
                      (("i64", "V7", "i"), 2.0, None), (("VI", "iv", "V7", "i"), 1.5, None),
                      (("bII6", "V7", "i"), 1.0, "tension"), (("iiø7", "V7", "i"), 1.0, "tension")),
        "half": ((("iv6", "V"), 3.0, None), (("VI", "V"), 1.5, None), (("ii°6", "V"), 1.5, None),
                 (("i64", "V"), 1.0, None)),
        "plagal": ((("iv", "i"), 3.0, None), (("VI", "iv", "i"), 1.0, None),
                   (("iv7", "i"), 1.0, "warmth")),
        "deceptive": ((("V", "VI"), 2.0, None), (("iv", "V7", "VI"), 2.0, None)),
    },
    "aeolian": {
        "authentic": ((("iv", "V", "i"), 2.0, None), (("VI", "iv", "V", "i"), 2.0, None),
                      (("VI", "V7", "i"), 1.5, None), (("i64", "V", "i"), 1.0, None)),
        "half": ((("iv6", "V"), 2.0, None), (("VI", "V"), 2.0, None)),
        "plagal": ((("iv", "i"), 3.0, None), (("VII", "iv", "i"), 1.0, None)),
        "deceptive": ((("V", "VI"), 2.0, None), (("iv", "V", "VI"), 1.5, None)),
    },
    "phrygian": {
        "authentic": ((("II6", "V", "i"), 3.0, None), (("iv", "V", "i"), 2.0, None),
                      (("VI", "II6", "V7", "i"), 1.0, None)),
        "half": ((("iv6", "V"), 3.0, None), (("II6", "V"), 2.0, None)),
        "plagal": ((("iv", "i"), 2.0, None), (("II", "i"), 3.0, None)),
        "deceptive": ((("V", "VI"), 2.0, None), (("II6", "V", "VI"), 1.5, None)),
    },
}

# Chords that may open a new key when no pivot is diatonic to both keys: the new dominant
# seventh (establishes the key at once) and the chromatic-mediant and mixture chords through which
# common-tone modulations pass (Kostka & Payne ch. 19; Aldwell & Schachter ch. 29). Each is used
# only when it holds a tone of the chord before.
COMMON_TONE_ENTRIES: tuple[tuple[str, str, float], ...] = (
    ("V7", "D", 3.0), ("bVI", "PD", 1.0), ("bIII", "T", 0.8), ("bII", "PD", 0.8),
    ("iv", "PD", 1.0), ("IV", "PD", 1.0),
)

# The piece's last cadence: always dominant to tonic in root position (the final chord is the
# plain tonic triad). Per mode, so that the characteristic chord still leads in.
FINAL_CADENCES: dict[str, tuple[tuple[tuple[str, ...], float], ...]] = {
    "ionian": ((("ii", "V7", "I"), 2.0), (("IV", "I64", "V7", "I"), 2.0), (("ii7", "V7", "I"), 1.0)),
    "lydian": ((("II", "V", "I"), 3.0), (("II", "I64", "V", "I"), 2.0)),
    "mixolydian": ((("VII", "IV", "V7", "I"), 2.0), (("IV", "V7", "I"), 2.0)),
    "dorian": ((("IV", "V7", "i"), 3.0), (("ii", "V7", "i"), 1.0)),
    "minor": ((("iv", "V7", "i"), 2.0), (("ii°6", "i64", "V7", "i"), 2.0), (("VI", "iv", "V7", "i"), 1.0)),
    "aeolian": ((("VI", "iv", "V7", "i"), 2.0), (("iv", "V7", "i"), 2.0)),
    "phrygian": ((("II6", "V7", "i"), 3.0), (("iv", "V7", "i"), 1.0)),
}

# Phrase openings: the first chords of a phrase. The tonic alone, or a prolongation of it: a pedal
# six-four over the held tonic bass (calm), or a passing six-four / passing vii°6 under a bass
# rising 1-2-3 (energy). Entries: (figures, weight, driver or None, holds the bass as a pedal).
OPENINGS: dict[str, tuple[tuple[tuple[str, ...], float, str | None, bool], ...]] = {
    "ionian": ((("I",), 3.0, None, False), (("I", "IV64", "I"), 1.0, "calm", True),
               (("I", "V64", "I6"), 0.8, "energy", False), (("I", "vii°6", "I6"), 0.5, "energy", False)),
    "lydian": ((("I",), 3.0, None, False), (("I", "II42", "I"), 1.2, "calm", True),
               (("I", "V64", "I6"), 0.6, "energy", False)),
    "mixolydian": ((("I",), 3.0, None, False), (("I", "IV64", "I"), 1.0, "calm", True)),
    "dorian": ((("i",), 3.0, None, False), (("i", "IV64", "i"), 1.2, "calm", True)),
    "minor": ((("i",), 3.0, None, False), (("i", "iv64", "i"), 1.0, "calm", True),
              (("i", "V64", "i6"), 0.8, "energy", False), (("i", "vii°6", "i6"), 0.5, "energy", False)),
    "aeolian": ((("i",), 3.0, None, False), (("i", "iv64", "i"), 1.0, "calm", True)),
    "phrygian": ((("i",), 3.0, None, False), (("i", "iv64", "i"), 1.0, "calm", True)),
}
