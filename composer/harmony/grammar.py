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
        # weighted for the chords they may follow: without a cross-relation, iv and bVI come
        # after I, IV (iv) or V only
        ("iv", "PD", 1.8, "bittersweet", None),
        ("bVI", "PD", 1.6, "bittersweet", None),
        ("bVII", "PD", 0.7, "bittersweet", None),
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

# Successions that sound one degree in two forms (a cross-relation, composer.harmony.relations)
# and are still idiomatic, because the chromatic step is one voice's line (the voicing keeps it
# there): the minor plagal IV-iv (6-b6-5), the borrowed bVI after and before the tonic (3-b3,
# b3-3 in an inner voice), V7/V to V7 (the raised fourth falling back to become the seventh), and
# any chord into a secondary dominant (its leading tone raised from the natural degree before
# it: IV-V7/V's 4-#4, I-V7/vi's 5-#5). '*' stands for any chord. Every other cross-relation
# between neighbouring chords is refused by the grammar (Aldwell & Schachter ch. 21: mixture's
# altered tone belongs to one line; ch. 16 on secondary dominants). The Neapolitan is therefore
# not a free colour here: it reaches V through the cadential six-four, the textbook way round
# its b2-2 clash (Kostka & Payne ch. 19).
CHROMATIC_LINES: dict[str, frozenset[tuple[str, str]]] = {
    "ionian": frozenset({("IV", "iv"), ("I", "bVI"), ("bVI", "I"), ("V7/V", "V7"),
                         ("*", "V7/V"), ("*", "V7/vi"), ("*", "V7/ii"), ("*", "V7/IV")}),
    "lydian": frozenset({("*", "V7/vi")}),
    "mixolydian": frozenset({("IV", "iv")}),
    "dorian": frozenset(),
    "minor": frozenset({("*", "V7/iv")}),
    "aeolian": frozenset(),
    "phrygian": frozenset(),
}

# A colour never disappears completely (an occasional surprise is human), but with its driver at
# zero it is rare.
COLOUR_FLOOR = 0.03

# The kinds of phrase ending the grammar can write, each with a formula table in every mode below
# (Caplin, *Classical Form*, ch. 4 and 8): authentic (the dominant to the root-position tonic:
# closes a theme or a section), half (ends on the dominant), plagal (a predominant to the tonic),
# deceptive (the dominant to the submediant instead of the tonic), evaded (the dominant to
# something other than the root-position tonic, here the tonic in first inversion or IV6/iv6, so
# the phrase has to try its cadence again). The plan draws its phrases' cadences from these.
CADENCE_KINDS: tuple[str, ...] = ("authentic", "half", "plagal", "deceptive", "evaded")

# Cadence formulas: the last chords of a phrase, the goal last. Entries: (figures, weight, driver
# or None). A figure with a figured-bass suffix fixes its inversion ('I64' the cadential six-four,
# 'iv6' the phrygian half cadence, 'ii°6', the evaded cadence's 'I6'); the cadence's last two
# chords are otherwise in root position.
#
# Modes keep their colour at the cadence: only ionian and minor (and lydian, whose V is diatonic)
# approach the tonic from a major V with the leading tone. The others use their own dominants
# (Persichetti ch. 1; Everett 2004; Biamonte, "Triadic modal and pentatonic patterns in rock
# music", 2010): mixolydian VII-I, v-I and the double plagal VII-IV-I; dorian v-i, VII-i and its
# bright IV-i; aeolian v-i and VI-VII-i; phrygian II-i (the flat supertonic falling a semitone),
# vii-i and the Andalusian iv-III-II-i. A major V in those modes is a colour the mood asks for
# (the "tension" driver), never the default. Half cadences in the modes stop on the mode's own
# dominant (v or VII; phrygian II or vii), deceptive ones move it to the submediant (VI; bVI in
# dorian, whose sixth degree carries a diminished triad), evaded ones to the tonic's first
# inversion.
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
        "evaded": ((("ii", "V7", "I6"), 2.0, None), (("IV", "V", "I6"), 1.5, None),
                   (("I64", "V7", "I6"), 1.0, None), (("ii", "V7", "IV6"), 1.0, None)),
    },
    "lydian": {
        "authentic": ((("II", "V", "I"), 3.0, None), (("vi", "II", "V", "I"), 2.0, None),
                      (("I64", "V", "I"), 1.0, None), (("II7", "V", "I"), 1.0, "tension")),
        "half": ((("II", "V"), 3.0, None), (("vi", "V"), 1.0, None), (("I64", "V"), 1.0, None)),
        "plagal": ((("II", "I"), 3.0, None), (("vii", "II", "I"), 1.0, None)),
        "deceptive": ((("V", "vi"), 2.0, None), (("II", "V", "vi"), 2.0, None)),
        "evaded": ((("II", "V", "I6"), 2.0, None), (("vi", "II", "V", "I6"), 1.0, None)),
    },
    "mixolydian": {
        "authentic": ((("IV", "VII", "I"), 3.0, None), (("ii", "v", "I"), 2.0, None),
                      (("IV", "v", "I"), 2.0, None), (("VII", "IV", "I"), 1.5, None),
                      (("vi", "VII", "I"), 1.0, None),
                      (("IV", "V7", "I"), 3.0, "tension"), (("ii", "V7", "I"), 2.4, "tension")),
        "half": ((("IV", "v"), 2.0, None), (("ii", "v"), 1.5, None), (("IV", "VII"), 1.5, None),
                 (("vi", "VII"), 1.0, None), (("IV", "V"), 4.5, "tension"),
                 (("ii", "V"), 3.0, "tension")),
        "plagal": ((("IV", "I"), 2.0, None), (("VII", "IV", "I"), 3.0, None)),
        "deceptive": ((("v", "vi"), 2.0, None), (("IV", "v", "vi"), 1.5, None),
                      (("IV", "V", "vi"), 3.0, "tension")),
        "evaded": ((("IV", "v", "I6"), 2.0, None), (("IV", "VII", "I6"), 1.5, None),
                   (("ii", "V7", "I6"), 2.4, "tension")),
    },
    "dorian": {
        "authentic": ((("IV", "v", "i"), 3.0, None), (("ii", "v", "i"), 2.0, None),
                      (("IV", "VII", "i"), 2.0, None), (("VII", "IV", "i"), 1.0, None),
                      (("i64", "v", "i"), 0.8, None),
                      (("IV", "V7", "i"), 3.6, "tension"), (("ii", "V7", "i"), 2.4, "tension")),
        "half": ((("IV", "v"), 3.0, None), (("ii", "v"), 1.5, None), (("IV", "VII"), 1.0, None),
                 (("i64", "v"), 0.8, None), (("IV", "V"), 4.5, "tension")),
        "plagal": ((("IV", "i"), 3.0, None), (("VII", "IV", "i"), 1.5, None)),
        "deceptive": ((("v", "bVI"), 1.5, None), (("IV", "v", "bVI"), 1.0, None),
                      (("IV", "V", "bVI"), 2.4, "tension")),
        "evaded": ((("IV", "v", "i6"), 2.0, None), (("ii", "v", "IV6"), 1.0, None),
                   (("IV", "VII", "i6"), 1.0, None), (("IV", "V7", "i6"), 2.4, "tension")),
    },
    "minor": {
        "authentic": ((("iv", "V", "i"), 3.0, None), (("ii°6", "V7", "i"), 2.0, None),
                      (("i64", "V7", "i"), 2.0, None), (("VI", "iv", "V7", "i"), 1.5, None),
                      (("bII6", "i64", "V7", "i"), 1.0, "tension"),
                      (("iiø7", "V7", "i"), 1.0, "tension")),
        "half": ((("iv6", "V"), 3.0, None), (("VI", "V"), 1.5, None), (("ii°6", "V"), 1.5, None),
                 (("i64", "V"), 1.0, None)),
        "plagal": ((("iv", "i"), 3.0, None), (("VI", "iv", "i"), 1.0, None),
                   (("iv7", "i"), 1.0, "warmth")),
        "deceptive": ((("V", "VI"), 2.0, None), (("iv", "V7", "VI"), 2.0, None)),
        "evaded": ((("iv", "V7", "i6"), 2.0, None), (("ii°6", "V7", "i6"), 1.5, None),
                   (("i64", "V7", "i6"), 1.0, None), (("iv", "V", "iv6"), 1.0, None)),
    },
    "aeolian": {
        "authentic": ((("VI", "VII", "i"), 3.0, None), (("iv", "v", "i"), 2.5, None),
                      (("iv", "VII", "i"), 1.5, None), (("VI", "iv", "v", "i"), 1.0, None),
                      (("iv", "V", "i"), 3.0, "tension"), (("VI", "V7", "i"), 2.4, "tension")),
        "half": ((("iv", "v"), 2.0, None), (("VI", "v"), 1.5, None), (("VI", "VII"), 1.5, None),
                 (("iv6", "V"), 4.5, "tension"), (("VI", "V"), 3.0, "tension")),
        "plagal": ((("iv", "i"), 3.0, None), (("VII", "iv", "i"), 1.0, None)),
        "deceptive": ((("v", "VI"), 2.0, None), (("iv", "v", "VI"), 1.5, None),
                      (("iv", "V", "VI"), 2.4, "tension")),
        "evaded": ((("iv", "v", "i6"), 2.0, None), (("VI", "VII", "i6"), 1.5, None),
                   (("VI", "v", "iv6"), 1.0, None), (("iv", "V", "i6"), 2.4, "tension")),
    },
    "phrygian": {
        "authentic": ((("iv", "II", "i"), 3.0, None), (("iv", "III", "II", "i"), 2.0, None),
                      (("iv", "vii", "i"), 2.0, None), (("VI", "II", "i"), 1.0, None),
                      (("iv", "V", "i"), 3.0, "tension"), (("II6", "i64", "V7", "i"), 2.4, "tension")),
        "half": ((("iv", "II"), 2.0, None), (("iv", "vii"), 1.5, None), (("VI", "vii"), 1.0, None),
                 (("iv6", "V"), 6.0, "tension"), (("II6", "i64", "V"), 3.0, "tension")),
        "plagal": ((("iv", "i"), 3.0, None), (("VI", "iv", "i"), 1.0, None),
                   (("iv7", "i"), 1.0, "warmth")),
        "deceptive": ((("iv", "II", "VI"), 1.5, None), (("iv", "vii", "VI"), 1.0, None),
                      (("iv", "V", "VI"), 2.4, "tension")),
        "evaded": ((("iv", "II", "i6"), 2.0, None), (("iv", "vii", "i6"), 1.5, None),
                   (("iv", "V", "i6"), 2.4, "tension")),
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

# The piece's last cadence: the mode's own authentic close, ending on the plain root-position tonic
# triad, so that the characteristic chord still leads in. Entries as in CADENCES.
FINAL_CADENCES: dict[str, tuple[tuple[tuple[str, ...], float, str | None], ...]] = {
    "ionian": ((("ii", "V7", "I"), 2.0, None), (("IV", "I64", "V7", "I"), 2.0, None),
               (("ii7", "V7", "I"), 1.0, None)),
    "lydian": ((("II", "V", "I"), 3.0, None), (("II", "I64", "V", "I"), 2.0, None)),
    "mixolydian": ((("IV", "VII", "I"), 3.0, None), (("VII", "IV", "I"), 2.0, None),
                   (("ii", "v", "I"), 1.0, None), (("VII", "IV", "V7", "I"), 3.0, "tension")),
    "dorian": ((("IV", "v", "i"), 3.0, None), (("IV", "VII", "i"), 1.5, None),
               (("ii", "v", "i"), 1.0, None), (("IV", "V7", "i"), 3.0, "tension")),
    "minor": ((("iv", "V7", "i"), 2.0, None), (("ii°6", "i64", "V7", "i"), 2.0, None),
              (("VI", "iv", "V7", "i"), 1.0, None)),
    "aeolian": ((("VI", "VII", "i"), 3.0, None), (("iv", "v", "i"), 1.5, None),
                (("VI", "iv", "V7", "i"), 3.0, "tension")),
    "phrygian": ((("iv", "II", "i"), 3.0, None), (("iv", "III", "II", "i"), 1.5, None),
                 (("iv", "vii", "i"), 1.0, None), (("II6", "i64", "V7", "i"), 3.0, "tension")),
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
