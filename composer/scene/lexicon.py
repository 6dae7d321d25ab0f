"""The mood lexicon: feeling words and phrases -> (valence, arousal, tension).

Dimensions
- valence  -1 unpleasant .. +1 pleasant   } Russell's circumplex of affect (Russell 1980,
- arousal  -1 calm/sleepy .. +1 excited   }  J. Pers. Soc. Psychol. 39:1161)
- tension   0 relaxed .. 1 tense: how much dissonance and suspense the music may carry. Close to the
  "tension/energy" split of Thayer (1989) and the tension axis of Schimmack & Grob (2000); high for
  fear, anger, anxiety, suspense, low for calm, tender and content states.

Sources of the numbers
- NRC-VAD lexicon (Mohammad 2018, ACL): valence/arousal on 0..1 for 20,000 English words; a value x
  there is 2x-1 here.
- Warriner, Kuperman & Brysbaert 2013 (Behav. Res. Methods 45:1191): valence/arousal norms for
  13,915 lemmas on 1..9; a value x there is (x-5)/4 here.
- ANEW (Bradley & Lang 1999) for the classic affect words.
- Hevner 1936 (Am. J. Psychol. 48:246) adjective circle, all 8 clusters, placed on the circumplex
  following its published circumplex readings (cluster 1 solemn: mildly positive, low arousal;
  2 sad: negative, low; 3 dreamy/tender: positive, low; 4 calm: positive, lowest; 5 playful:
  positive, mid-high; 6 happy: positive, high; 7 passionate/restless: mid valence, high arousal,
  tense; 8 vigorous/majestic: positive, high).
The tables were written by hand from those norms (rounded to 0.05; where the norms disagree the
entry sits between them), then checked against them; tests walk every entry.

Phrases and modifiers
- Multi-word feelings ("in love", "at peace", "homesick") are entries of their own.
- MODIFIERS scale a feeling or turn it over. Intensifiers and downtoners multiply the distance from
  neutral (Kennedy & Inkpen 2006; Taboada et al. 2011, "Lexicon-based methods for sentiment
  analysis", Computational Linguistics 37:267). Negation does not mirror a feeling: "not happy" is
  mildly unhappy, not sad, and "not sad" is mildly positive, not joyful (the "shift" account of
  Taboada et al. 2011; Kiritchenko & Mohammad 2016 measured negated words sitting between neutral and
  the opposite pole). "not very X" is weaker than "not X" (Kiritchenko & Mohammad 2016), so it is
  listed as its own modifier.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Iterable

VAT = tuple[float, float, float]

# word or phrase -> (valence, arousal, tension)
MOOD_WORDS: dict[str, VAT] = {
    # --- Hevner cluster 1: spiritual, dignified, solemn, serious (calm, mildly positive, still)
    "spiritual": (0.45, -0.3, 0.1),
    "lofty": (0.35, 0.05, 0.15),
    "awe-inspiring": (0.55, 0.45, 0.3),
    "dignified": (0.45, -0.15, 0.15),
    "sacred": (0.5, -0.25, 0.1),
    "solemn": (0.05, -0.45, 0.3),
    "sober": (0.0, -0.5, 0.2),
    "serious": (-0.05, -0.1, 0.35),
    # --- Hevner cluster 2: pathetic, doleful, sad, mournful, tragic, melancholy, frustrated,
    #     depressing, gloomy, heavy, dark (negative valence, low arousal)
    "pathetic": (-0.6, -0.2, 0.35),
    "doleful": (-0.65, -0.45, 0.3),
    "sad": (-0.75, -0.4, 0.3),
    "mournful": (-0.75, -0.35, 0.35),
    "tragic": (-0.85, 0.1, 0.55),
    "melancholy": (-0.5, -0.5, 0.25),
    "frustrated": (-0.65, 0.4, 0.65),
    "depressing": (-0.8, -0.4, 0.35),
    "gloomy": (-0.65, -0.45, 0.35),
    "heavy": (-0.35, -0.2, 0.4),
    "dark": (-0.45, -0.1, 0.5),
    # --- Hevner cluster 3: dreamy, yielding, tender, sentimental, longing, yearning, pleading,
    #     plaintive (mildly positive or bittersweet, low arousal)
    "dreamy": (0.45, -0.55, 0.05),
    "yielding": (0.2, -0.5, 0.1),
    "tender": (0.6, -0.4, 0.05),
    "sentimental": (0.3, -0.25, 0.15),
    "longing": (-0.1, 0.0, 0.35),
    "yearning": (-0.05, 0.15, 0.4),
    "pleading": (-0.4, 0.25, 0.5),
    "plaintive": (-0.45, -0.25, 0.3),
    # --- Hevner cluster 4: lyrical, leisurely, satisfying, serene, tranquil, quiet, soothing
    #     (positive, the calmest)
    "lyrical": (0.55, -0.2, 0.05),
    "leisurely": (0.5, -0.6, 0.0),
    "satisfying": (0.7, -0.1, 0.0),
    "serene": (0.7, -0.7, 0.0),
    "tranquil": (0.65, -0.75, 0.0),
    "quiet": (0.3, -0.7, 0.05),
    "soothing": (0.65, -0.65, 0.0),
    # --- Hevner cluster 5: humorous, playful, whimsical, fanciful, quaint, sprightly, delicate,
    #     light, graceful (positive, moderately aroused)
    "humorous": (0.75, 0.35, 0.05),
    "playful": (0.75, 0.45, 0.05),
    "whimsical": (0.55, 0.3, 0.1),
    "fanciful": (0.5, 0.2, 0.05),
    "quaint": (0.4, -0.2, 0.05),
    "sprightly": (0.65, 0.5, 0.05),
    "delicate": (0.4, -0.35, 0.1),
    "light": (0.5, 0.0, 0.0),
    "graceful": (0.65, -0.2, 0.0),
    # --- Hevner cluster 6: merry, joyous, gay, happy, cheerful, bright (positive, aroused)
    "merry": (0.85, 0.55, 0.05),
    "joyous": (0.9, 0.6, 0.05),
    "gay": (0.75, 0.5, 0.05),
    "happy": (0.85, 0.45, 0.05),
    "cheerful": (0.8, 0.45, 0.05),
    "bright": (0.7, 0.35, 0.05),
    # --- Hevner cluster 7: exhilarated, soaring, triumphant, dramatic, passionate, sensational,
    #     agitated, exciting, impetuous, restless (high arousal, tense)
    "exhilarated": (0.8, 0.85, 0.25),
    "soaring": (0.7, 0.6, 0.2),
    "triumphant": (0.85, 0.7, 0.2),
    "dramatic": (0.1, 0.7, 0.6),
    "passionate": (0.55, 0.75, 0.45),
    "sensational": (0.7, 0.75, 0.25),
    "agitated": (-0.55, 0.75, 0.8),
    "exciting": (0.75, 0.8, 0.25),
    "impetuous": (0.0, 0.7, 0.55),
    "restless": (-0.35, 0.55, 0.65),
    # --- Hevner cluster 8: emphatic, exalted, majestic, martial, ponderous, robust, vigorous
    #     (strong, positive-to-neutral, aroused)
    "emphatic": (0.2, 0.55, 0.4),
    "exalted": (0.75, 0.55, 0.15),
    "majestic": (0.65, 0.4, 0.2),
    "martial": (0.0, 0.65, 0.55),
    "ponderous": (-0.2, -0.3, 0.4),
    "robust": (0.5, 0.45, 0.15),
    "vigorous": (0.55, 0.75, 0.25),
}

# modifier -> (valence factor, arousal factor, tension factor), applied to the feeling it precedes.
# Longest modifier first when several could match ("not very" before "not").
MODIFIERS: dict[str, VAT] = {
    # downtoners: about half way to neutral (Taboada et al. 2011 give "slightly" -50 %,
    # "somewhat" -30 %, "a little" -50 %, "rather"/"fairly" -10..-20 %)
    "a little": (0.5, 0.5, 0.5),
    "a little bit": (0.45, 0.45, 0.45),
    "a bit": (0.5, 0.5, 0.5),
    "a tad": (0.5, 0.5, 0.5),
    "slightly": (0.45, 0.45, 0.45),
    "faintly": (0.35, 0.35, 0.35),
    "mildly": (0.5, 0.5, 0.5),
    "somewhat": (0.65, 0.65, 0.65),
    "kind of": (0.65, 0.65, 0.65),
    "sort of": (0.65, 0.65, 0.65),
    "kinda": (0.65, 0.65, 0.65),
    "fairly": (0.8, 0.8, 0.8),
    "rather": (0.85, 0.85, 0.85),
    "quite": (0.95, 0.95, 0.95),
    "pretty": (0.9, 0.9, 0.9),
    # intensifiers (Taboada et al. 2011: "very" +20..30 %, "extremely" +40 %, "deeply"/"utterly" +40..50 %)
    "really": (1.25, 1.2, 1.2),
    "very": (1.3, 1.25, 1.25),
    "so": (1.3, 1.25, 1.25),
    "truly": (1.25, 1.2, 1.2),
    "deeply": (1.4, 1.2, 1.3),
    "terribly": (1.4, 1.35, 1.4),
    "awfully": (1.35, 1.3, 1.35),
    "extremely": (1.5, 1.4, 1.4),
    "incredibly": (1.5, 1.4, 1.4),
    "utterly": (1.5, 1.35, 1.4),
    "completely": (1.4, 1.3, 1.3),
    "totally": (1.4, 1.3, 1.3),
    "profoundly": (1.45, 1.2, 1.3),
    "overwhelmingly": (1.6, 1.5, 1.5),
    "most": (1.3, 1.25, 1.25),
    "too": (1.3, 1.3, 1.4),
    # negators: valence turned toward, not onto, the opposite pole; arousal eased toward neutral
    # and a little past it; tension mostly released (a denied fear is not a calm).
    "not": (-0.45, -0.3, 0.4),
    "never": (-0.45, -0.3, 0.4),
    "no longer": (-0.4, -0.3, 0.45),
    "not at all": (-0.6, -0.4, 0.3),
    "hardly": (-0.3, -0.2, 0.5),
    "barely": (-0.3, -0.2, 0.5),
    "scarcely": (-0.3, -0.2, 0.5),
    "not very": (-0.25, -0.15, 0.55),
    "not so": (-0.25, -0.15, 0.55),
    "not too": (-0.25, -0.15, 0.55),
    "not really": (-0.3, -0.2, 0.5),
    "not quite": (-0.2, -0.15, 0.6),
    "less": (0.6, 0.6, 0.6),
}

# Without any words or numbers the piece is gently pleasant and calm: the centre of Hevner's
# lyrical/tender clusters 3-4, a safe place for a memory to sit.
NEUTRAL: VAT = (0.15, -0.25, 0.15)

# Endings to try when a word is not in the table, as (ending, replacement): "sadness" -> "sad",
# "happily" -> "happy", "calmly" -> "calm". Checked in order; only accepted if the stem is known.
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("iness", "y"), ("ness", ""), ("ily", "y"), ("ly", ""), ("fully", "ful"),
)

_MODIFIERS_LONGEST_FIRST = tuple(sorted(MODIFIERS, key=lambda m: -len(m.split())))


def normalise(phrase: str) -> str:
    """Lower-case, stripped, inner spaces collapsed; curly apostrophes made straight."""
    return " ".join(phrase.lower().replace("\u2019", "'").split())


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def _core(word: str) -> VAT | None:
    if word in MOOD_WORDS:
        return MOOD_WORDS[word]
    for ending, replacement in SUFFIXES:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)] + replacement
            if stem in MOOD_WORDS:
                return MOOD_WORDS[stem]
    return None


def _split_modifiers(phrase: str) -> tuple[tuple[str, ...], str]:
    """Peel modifiers off the front: "not very happy" -> (("not very",), "happy")."""
    mods: list[str] = []
    rest = phrase
    while True:
        for m in _MODIFIERS_LONGEST_FIRST:
            if rest.startswith(m + " ") and rest[len(m) + 1:]:
                mods.append(m)
                rest = rest[len(m) + 1:]
                break
        else:
            return tuple(mods), rest


def apply_modifier(modifier: str, vat: VAT) -> VAT:
    fv, fa, ft = MODIFIERS[modifier]
    v, a, t = vat
    return (round(_clamp(v * fv, -1.0, 1.0), 4), round(_clamp(a * fa, -1.0, 1.0), 4),
            round(_clamp(t * ft, 0.0, 1.0), 4))


def lookup_mood(phrase: str) -> VAT | None:
    """(valence, arousal, tension) for a word or phrase, modifiers included; None if not understood.

    The phrase itself wins if the table has it ("not bad" could be an entry); otherwise leading
    modifiers are peeled off and applied from the innermost outward.
    """
    if not isinstance(phrase, str):
        return None
    p = normalise(phrase)
    if not p:
        return None
    whole = _core(p)
    if whole is not None:
        return whole
    mods, rest = _split_modifiers(p)
    vat = _core(rest)
    if vat is None or not mods:
        return None
    for m in reversed(mods):
        vat = apply_modifier(m, vat)
    return vat


def suggest_mood(phrase: str) -> str | None:
    """The nearest known feeling for "did you mean", with its modifiers kept; None if nothing is close."""
    if not isinstance(phrase, str):
        return None
    p = normalise(phrase)
    if not p:
        return None
    mods, rest = _split_modifiers(p)
    close = difflib.get_close_matches(rest, list(MOOD_WORDS), n=1, cutoff=0.75)
    if not close:
        return None
    return " ".join(mods + (close[0],))


def strength(vat: VAT) -> float:
    """How far a feeling sits from the circumplex centre (0..~1.4)."""
    return math.hypot(vat[0], vat[1])


def blend(terms: Iterable[str | VAT]) -> VAT:
    """Several feelings as one.

    Each term is a phrase (looked up; unknown phrases are skipped) or a (valence, arousal, tension)
    triple. Valence and arousal are a weighted mean, each term weighing 0.25 + its distance from the
    circumplex centre, so "furious" outweighs "a little tired" and conflicting words ("happy",
    "sad") meet in the middle rather than cancelling to silence. Tension is 70 % the weighted mean
    and 30 % the largest single tension: one anxious word colours a calm list. No terms at all:
    NEUTRAL.
    """
    vats: list[VAT] = []
    for term in terms:
        vat = lookup_mood(term) if isinstance(term, str) else tuple(term)
        if vat is not None:
            vats.append(vat)  # type: ignore[arg-type]
    if not vats:
        return NEUTRAL
    weights = [0.25 + strength(x) for x in vats]
    total = sum(weights)
    v = sum(w * x[0] for w, x in zip(weights, vats)) / total
    a = sum(w * x[1] for w, x in zip(weights, vats)) / total
    t_mean = sum(w * x[2] for w, x in zip(weights, vats)) / total
    t = 0.7 * t_mean + 0.3 * max(x[2] for x in vats)
    return (round(_clamp(v, -1, 1), 4), round(_clamp(a, -1, 1), 4), round(_clamp(t, 0, 1), 4))


def words_in(text: str) -> tuple[str, ...]:
    """The feeling phrases found in free text, longest first and with their modifiers, in order.

    For sentences ("content and a little wistful, not happy"): scans word by word, at each position
    taking the longest modifier chain + feeling that the lexicon understands.
    """
    tokens = re.findall(r"[a-z]+(?:[-'][a-z]+)*", normalise(text))
    found: list[str] = []
    i = 0
    longest = max(len(k.split()) for k in MOOD_WORDS) + 4  # room for a few modifiers
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            candidate = " ".join(tokens[i:i + n])
            if lookup_mood(candidate) is not None:
                found.append(candidate)
                i += n
                break
        else:
            i += 1
    return tuple(found)
