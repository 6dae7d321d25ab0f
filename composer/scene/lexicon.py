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
The tables were written by hand from those norms (rounded to 0.05; where the norms disagree, as
NRC-VAD's arousal often runs higher than Warriner's, the entry sits between them); a sample of
anchor words (happy, sad, calm, relaxed, angry, bored, tired, melancholy, tender) was compared
with the published values. Tests walk every entry and check Russell's quadrants and Hevner's
circle order.

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

from composer.scene.text import normalise

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
    "tender": (0.55, -0.4, 0.05),
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
    # --- Russell quadrant I, pleasant and aroused: joy, excitement, elation (NRC-VAD / Warriner:
    #     valence 0.6-0.95, arousal 0.3-0.85)
    "joyful": (0.9, 0.55, 0.05), "elated": (0.9, 0.75, 0.1), "ecstatic": (0.9, 0.85, 0.15),
    "euphoric": (0.9, 0.85, 0.15), "excited": (0.75, 0.8, 0.2), "thrilled": (0.85, 0.8, 0.2),
    "delighted": (0.9, 0.5, 0.05), "glad": (0.75, 0.25, 0.05), "jubilant": (0.9, 0.75, 0.1),
    "overjoyed": (0.95, 0.75, 0.1), "exuberant": (0.85, 0.8, 0.1), "enthusiastic": (0.8, 0.7, 0.1),
    "energetic": (0.6, 0.8, 0.15), "energized": (0.65, 0.75, 0.1), "energised": (0.65, 0.75, 0.1),
    "invigorated": (0.7, 0.65, 0.05), "lively": (0.7, 0.7, 0.1), "festive": (0.8, 0.65, 0.05),
    "celebratory": (0.85, 0.7, 0.05), "alive": (0.75, 0.6, 0.1), "amused": (0.75, 0.4, 0.05),
    "giddy": (0.7, 0.75, 0.15), "bubbly": (0.75, 0.65, 0.05), "radiant": (0.85, 0.5, 0.05),
    "sunny": (0.75, 0.4, 0.0), "optimistic": (0.75, 0.3, 0.05), "proud": (0.7, 0.45, 0.1),
    "confident": (0.65, 0.35, 0.05), "victorious": (0.85, 0.7, 0.15), "inspired": (0.8, 0.55, 0.05),
    "amazed": (0.65, 0.7, 0.2), "adventurous": (0.7, 0.65, 0.2), "eager": (0.6, 0.6, 0.2),
    "curious": (0.5, 0.4, 0.15), "fascinated": (0.65, 0.5, 0.1), "fun": (0.8, 0.55, 0.0),
    "uplifted": (0.8, 0.4, 0.05), "uplifting": (0.8, 0.4, 0.05), "lucky": (0.75, 0.3, 0.05),
    "sparkling": (0.7, 0.55, 0.05), "buoyant": (0.75, 0.45, 0.0), "bouncy": (0.65, 0.6, 0.05),
    "jaunty": (0.65, 0.5, 0.05), "upbeat": (0.75, 0.55, 0.05), "rapturous": (0.9, 0.7, 0.1),
    "glorious": (0.85, 0.55, 0.1), "splendid": (0.8, 0.35, 0.05), "lighthearted": (0.75, 0.3, 0.0),
    "light-hearted": (0.75, 0.3, 0.0), "light hearted": (0.75, 0.3, 0.0),
    "cheery": (0.8, 0.45, 0.0), "jolly": (0.8, 0.5, 0.0), "perky": (0.65, 0.55, 0.05),
    "vibrant": (0.75, 0.65, 0.05), "dancing": (0.75, 0.6, 0.05), "laughing": (0.85, 0.6, 0.0),
    "smiling": (0.8, 0.3, 0.0), "giggly": (0.7, 0.6, 0.05), "spirited": (0.65, 0.65, 0.1),
    "free spirited": (0.75, 0.5, 0.0), "free-spirited": (0.75, 0.5, 0.0), "free": (0.7, 0.35, 0.0),
    "carefree": (0.75, 0.2, 0.0), "hopeful": (0.65, 0.2, 0.1), "wide awake": (0.3, 0.6, 0.15),
    "successful": (0.8, 0.45, 0.05), "accomplished": (0.75, 0.3, 0.05),
    "youthful": (0.65, 0.45, 0.05), "young": (0.5, 0.35, 0.05), "childlike": (0.6, 0.3, 0.0),
    "good": (0.7, 0.1, 0.0), "great": (0.8, 0.4, 0.0), "wonderful": (0.9, 0.4, 0.0),
    "fantastic": (0.9, 0.55, 0.0), "amazing": (0.9, 0.6, 0.05), "awesome": (0.85, 0.6, 0.05),
    "magical": (0.8, 0.35, 0.1), "enchanted": (0.8, 0.25, 0.1),
    # --- Everyday idioms, pleasant (placed by their head word's norms)
    "on top of the world": (0.95, 0.7, 0.05), "over the moon": (0.95, 0.75, 0.05),
    "on cloud nine": (0.95, 0.65, 0.0), "walking on air": (0.9, 0.6, 0.0),
    "in high spirits": (0.85, 0.6, 0.0), "full of joy": (0.9, 0.6, 0.0),
    "full of hope": (0.7, 0.25, 0.05), "full of wonder": (0.7, 0.35, 0.1),
    "fired up": (0.55, 0.85, 0.3), "pumped": (0.65, 0.85, 0.2), "head over heels": (0.85, 0.6, 0.1),
    "starry-eyed": (0.75, 0.35, 0.05), "chilled out": (0.6, -0.65, 0.0), "chill": (0.55, -0.6, 0.0),
    "laid back": (0.55, -0.55, 0.0), "laid-back": (0.55, -0.55, 0.0), "at home": (0.7, -0.4, 0.0),
    "at ease": (0.65, -0.55, 0.0), "at peace": (0.75, -0.7, 0.0), "at rest": (0.6, -0.75, 0.0),
    "in love": (0.9, 0.45, 0.1), "falling in love": (0.85, 0.55, 0.15),
    "first love": (0.85, 0.5, 0.15), "first kiss": (0.85, 0.6, 0.2), "in awe": (0.6, 0.45, 0.25),
    "reunited": (0.85, 0.5, 0.05), "reunion": (0.8, 0.5, 0.05), "butterflies": (0.45, 0.6, 0.35),
    "lost in thought": (0.05, -0.45, 0.15),
    # --- Love, warmth and connection (Hevner 3 neighbours; NRC-VAD valence 0.8-0.95, arousal near
    #     neutral)
    "love": (0.9, 0.3, 0.05), "loving": (0.85, 0.15, 0.0), "loved": (0.85, 0.05, 0.0),
    "romantic": (0.8, 0.3, 0.1), "smitten": (0.75, 0.45, 0.1), "infatuated": (0.6, 0.6, 0.25),
    "flirty": (0.6, 0.55, 0.15), "sensual": (0.6, 0.35, 0.15), "affectionate": (0.8, 0.05, 0.0),
    "adoring": (0.8, 0.25, 0.05), "devoted": (0.75, 0.1, 0.05), "cherished": (0.85, 0.0, 0.0),
    "faithful": (0.65, -0.1, 0.0), "trusting": (0.6, -0.25, 0.0), "together": (0.6, 0.0, 0.0),
    "connected": (0.65, 0.0, 0.0), "belonging": (0.7, -0.15, 0.0), "welcome": (0.7, 0.1, 0.0),
    "welcomed": (0.7, 0.1, 0.0), "intimate": (0.65, -0.05, 0.05), "warmhearted": (0.75, -0.1, 0.0),
    "compassionate": (0.65, -0.15, 0.05), "kind": (0.7, -0.2, 0.0), "caring": (0.7, -0.2, 0.0),
    "nurturing": (0.7, -0.25, 0.0), "protective": (0.45, 0.2, 0.25), "grateful": (0.8, 0.0, 0.0),
    "thankful": (0.8, 0.0, 0.0), "blessed": (0.8, 0.0, 0.0), "gratitude": (0.8, 0.0, 0.0),
    "touched": (0.65, 0.1, 0.05), "moved": (0.5, 0.2, 0.1), "sweet": (0.75, -0.1, 0.0),
    "warm": (0.7, -0.2, 0.0), "warmth": (0.7, -0.15, 0.0), "golden": (0.7, 0.0, 0.0),
    "glowing": (0.75, 0.25, 0.0), "shimmering": (0.55, 0.2, 0.05), "lovely": (0.85, 0.1, 0.0),
    "beautiful": (0.85, 0.15, 0.0), "perfect": (0.85, 0.2, 0.0), "nice": (0.65, 0.0, 0.0),
    "pleasant": (0.7, -0.2, 0.0), "joy": (0.9, 0.55, 0.0), "hope": (0.65, 0.15, 0.1),
    "bliss": (0.9, -0.05, 0.0), "blissful": (0.9, -0.05, 0.0), "heavenly": (0.85, -0.1, 0.0),
    # --- Russell quadrant IV, pleasant and calm: peace, contentment (NRC-VAD / Warriner: arousal -0.3
    #     to -0.85)
    "calm": (0.6, -0.75, 0.0), "peaceful": (0.75, -0.7, 0.0), "peace": (0.75, -0.7, 0.0),
    "relaxed": (0.7, -0.65, 0.0), "content": (0.7, -0.35, 0.0), "contented": (0.7, -0.35, 0.0),
    "comfortable": (0.65, -0.5, 0.0), "cozy": (0.7, -0.5, 0.0), "cosy": (0.7, -0.5, 0.0),
    "comfort": (0.65, -0.45, 0.0), "safe": (0.65, -0.45, 0.0), "secure": (0.6, -0.4, 0.0),
    "gentle": (0.6, -0.5, 0.0), "soft": (0.5, -0.55, 0.0), "mellow": (0.55, -0.5, 0.0),
    "easy": (0.5, -0.4, 0.0), "easygoing": (0.55, -0.35, 0.0), "restful": (0.65, -0.7, 0.0),
    "still": (0.35, -0.75, 0.05), "hushed": (0.2, -0.7, 0.1), "silent": (0.1, -0.75, 0.15),
    "soothed": (0.65, -0.6, 0.0), "comforted": (0.65, -0.35, 0.0), "reassured": (0.6, -0.3, 0.0),
    "relieved": (0.7, -0.3, 0.0), "relief": (0.7, -0.3, 0.0), "satisfied": (0.7, -0.15, 0.0),
    "fulfilled": (0.8, -0.1, 0.0), "refreshed": (0.7, 0.1, 0.0), "innocent": (0.5, -0.3, 0.0),
    "pure": (0.6, -0.35, 0.0), "simple": (0.3, -0.4, 0.0), "harmonious": (0.7, -0.4, 0.0),
    "balanced": (0.55, -0.45, 0.0), "centered": (0.55, -0.5, 0.0), "centred": (0.55, -0.5, 0.0),
    "grounded": (0.5, -0.45, 0.0), "mindful": (0.5, -0.5, 0.0), "zen": (0.6, -0.7, 0.0),
    "serenity": (0.7, -0.7, 0.0), "tranquility": (0.65, -0.75, 0.0),
    "tranquillity": (0.65, -0.75, 0.0), "floating": (0.45, -0.45, 0.05),
    "weightless": (0.5, -0.35, 0.05), "airy": (0.5, -0.1, 0.0), "breezy": (0.6, 0.1, 0.0),
    "idyllic": (0.8, -0.45, 0.0), "pastoral": (0.6, -0.45, 0.0), "homely": (0.6, -0.4, 0.0),
    "patient": (0.4, -0.55, 0.0), "humble": (0.35, -0.45, 0.05), "wise": (0.5, -0.4, 0.05),
    "elegant": (0.65, -0.15, 0.05), "flowing": (0.5, -0.15, 0.0), "swaying": (0.45, -0.1, 0.0),
    "lazy": (0.2, -0.7, 0.0), "languid": (0.2, -0.7, 0.05), "sleepy": (0.05, -0.85, 0.0),
    "drowsy": (0.0, -0.8, 0.0), "drifting": (0.25, -0.6, 0.05), "dreamlike": (0.4, -0.45, 0.1),
    "ethereal": (0.5, -0.45, 0.15), "ok": (0.3, -0.1, 0.05), "okay": (0.3, -0.1, 0.05),
    "fine": (0.35, -0.1, 0.05), "alright": (0.3, -0.1, 0.05),
    # --- Reverent and reflective (Hevner 1 and 4 neighbours: calm, valence mildly positive to
    #     neutral)
    "reverent": (0.5, -0.35, 0.1), "prayerful": (0.45, -0.45, 0.1), "devout": (0.45, -0.3, 0.1),
    "holy": (0.6, -0.2, 0.05), "noble": (0.6, 0.0, 0.1), "stately": (0.45, -0.1, 0.1),
    "regal": (0.55, 0.2, 0.15), "grand": (0.6, 0.4, 0.15), "meditative": (0.45, -0.7, 0.0),
    "contemplative": (0.3, -0.5, 0.1), "reflective": (0.2, -0.45, 0.1), "pensive": (0.0, -0.4, 0.2),
    "thoughtful": (0.35, -0.3, 0.1), "introspective": (0.1, -0.4, 0.15),
    "philosophical": (0.2, -0.3, 0.15), "mystical": (0.35, -0.1, 0.3),
    "otherworldly": (0.3, -0.1, 0.3), "solitary": (-0.05, -0.5, 0.15),
    "solitude": (0.05, -0.55, 0.15), "old": (-0.1, -0.45, 0.1), "austere": (-0.2, -0.35, 0.35),
    "awe": (0.55, 0.45, 0.3), "awestruck": (0.55, 0.55, 0.3), "neutral": (0.0, 0.0, 0.1),
    "meh": (-0.1, -0.4, 0.1), "so-so": (0.0, -0.2, 0.1),
    # --- Bittersweet: nostalgia and longing (nostalgia is mixed but on balance mildly positive,
    #     Sedikides et al. 2008; NRC-VAD wistful/nostalgic near the valence midpoint)
    "wistful": (-0.1, -0.35, 0.2), "nostalgic": (0.2, -0.25, 0.2), "nostalgia": (0.2, -0.25, 0.2),
    "bittersweet": (0.05, -0.2, 0.3), "reminiscent": (0.25, -0.3, 0.15),
    "homesick": (-0.5, -0.15, 0.35), "missing you": (-0.35, -0.1, 0.3),
    "far from home": (-0.45, -0.15, 0.35), "lovesick": (-0.2, 0.3, 0.4),
    "heartsick": (-0.7, -0.2, 0.45), "aching": (-0.55, 0.1, 0.5), "wishful": (0.25, -0.1, 0.15),
    "dreaming": (0.45, -0.5, 0.05), "goodbye": (-0.5, -0.2, 0.35), "farewell": (-0.45, -0.25, 0.3),
    "saying goodbye": (-0.5, -0.2, 0.4), "tearful": (-0.5, 0.0, 0.35),
    "in tears": (-0.65, 0.2, 0.4), "weepy": (-0.5, -0.1, 0.3), "crying": (-0.65, 0.2, 0.4),
    "sobbing": (-0.75, 0.35, 0.5), "fragile": (-0.2, -0.2, 0.4), "vulnerable": (-0.4, 0.1, 0.5),
    "shy": (0.0, -0.2, 0.3), "timid": (-0.15, -0.2, 0.35), "hazy": (0.1, -0.5, 0.15),
    "distant": (-0.25, -0.35, 0.25), "detached": (-0.2, -0.45, 0.2),
    # --- Russell quadrant III, unpleasant and low arousal: sadness, fatigue (NRC-VAD / Warriner:
    #     valence -0.3 to -0.9, arousal below neutral)
    "sorrowful": (-0.75, -0.35, 0.35), "sorrow": (-0.75, -0.35, 0.35), "unhappy": (-0.7, -0.1, 0.4),
    "miserable": (-0.85, -0.1, 0.5), "wretched": (-0.85, 0.0, 0.55), "despairing": (-0.9, 0.0, 0.6),
    "despair": (-0.9, 0.0, 0.6), "hopeless": (-0.85, -0.4, 0.45), "desolate": (-0.8, -0.5, 0.4),
    "forlorn": (-0.7, -0.45, 0.35), "lonely": (-0.7, -0.3, 0.4), "lonesome": (-0.6, -0.35, 0.35),
    "alone": (-0.35, -0.35, 0.25), "isolated": (-0.6, -0.3, 0.45), "abandoned": (-0.8, -0.05, 0.55),
    "rejected": (-0.75, 0.1, 0.55), "left out": (-0.6, -0.1, 0.45), "empty": (-0.55, -0.55, 0.25),
    "numb": (-0.45, -0.65, 0.25), "hollow": (-0.55, -0.5, 0.3), "depressed": (-0.8, -0.5, 0.4),
    "down": (-0.5, -0.4, 0.25), "blue": (-0.5, -0.4, 0.25), "low": (-0.5, -0.45, 0.25),
    "glum": (-0.55, -0.35, 0.25), "downcast": (-0.6, -0.4, 0.25), "dejected": (-0.7, -0.4, 0.3),
    "downhearted": (-0.65, -0.35, 0.3), "disheartened": (-0.65, -0.3, 0.3),
    "heavy-hearted": (-0.7, -0.35, 0.35), "heavy hearted": (-0.7, -0.35, 0.35),
    "heavy heart": (-0.7, -0.35, 0.35), "in low spirits": (-0.6, -0.4, 0.25),
    "down in the dumps": (-0.65, -0.45, 0.25), "disappointed": (-0.6, -0.1, 0.35),
    "discouraged": (-0.6, -0.2, 0.35), "defeated": (-0.7, -0.3, 0.4), "weary": (-0.4, -0.6, 0.25),
    "tired": (-0.35, -0.7, 0.15), "exhausted": (-0.5, -0.6, 0.3), "drained": (-0.5, -0.65, 0.25),
    "worn out": (-0.45, -0.7, 0.2), "burnt out": (-0.6, -0.55, 0.35),
    "burned out": (-0.6, -0.55, 0.35), "bored": (-0.45, -0.6, 0.2), "listless": (-0.4, -0.7, 0.15),
    "apathetic": (-0.35, -0.65, 0.15), "indifferent": (-0.15, -0.5, 0.1),
    "grieving": (-0.8, -0.2, 0.45), "grief": (-0.8, -0.2, 0.45),
    "grief-stricken": (-0.9, 0.0, 0.55), "bereaved": (-0.8, -0.3, 0.4),
    "in mourning": (-0.75, -0.35, 0.4), "loss": (-0.75, -0.2, 0.45),
    "heartbroken": (-0.85, -0.05, 0.55), "broken-hearted": (-0.85, -0.05, 0.55),
    "brokenhearted": (-0.85, -0.05, 0.55), "heartbreak": (-0.8, 0.05, 0.5),
    "crushed": (-0.85, -0.1, 0.5), "somber": (-0.45, -0.45, 0.3), "sombre": (-0.45, -0.45, 0.3),
    "bleak": (-0.7, -0.4, 0.4), "dismal": (-0.7, -0.4, 0.35), "dreary": (-0.55, -0.55, 0.25),
    "grey": (-0.35, -0.5, 0.2), "gray": (-0.35, -0.5, 0.2), "elegiac": (-0.45, -0.45, 0.3),
    "lamenting": (-0.7, -0.2, 0.4), "regretful": (-0.6, -0.1, 0.45), "regret": (-0.6, -0.1, 0.45),
    "remorseful": (-0.65, -0.05, 0.5), "sorry": (-0.5, -0.1, 0.35), "helpless": (-0.75, -0.05, 0.6),
    "sick": (-0.6, -0.1, 0.4), "ill": (-0.6, -0.2, 0.35), "grumpy": (-0.5, 0.1, 0.45),
    "sullen": (-0.5, -0.2, 0.45), "sulky": (-0.45, -0.1, 0.4), "cold": (-0.35, -0.2, 0.3),
    "bad": (-0.7, 0.1, 0.45),
    # --- Russell quadrant II, unpleasant and aroused: fear, anxiety, anger (NRC-VAD / Warriner:
    #     valence -0.4 to -0.9, arousal 0.3-0.9; tension highest here)
    "tense": (-0.45, 0.55, 0.85), "nervous": (-0.5, 0.6, 0.75), "anxious": (-0.6, 0.6, 0.8),
    "anxiety": (-0.6, 0.6, 0.8), "worried": (-0.6, 0.45, 0.7), "uneasy": (-0.5, 0.35, 0.65),
    "apprehensive": (-0.5, 0.45, 0.7), "afraid": (-0.75, 0.6, 0.85), "scared": (-0.75, 0.7, 0.85),
    "frightened": (-0.75, 0.7, 0.85), "fearful": (-0.7, 0.6, 0.85), "fear": (-0.75, 0.65, 0.85),
    "terrified": (-0.9, 0.85, 0.95), "panicked": (-0.8, 0.9, 0.95), "panic": (-0.8, 0.9, 0.95),
    "horrified": (-0.85, 0.75, 0.9), "dread": (-0.75, 0.4, 0.85), "dreadful": (-0.75, 0.3, 0.7),
    "stressed": (-0.65, 0.6, 0.8), "stressed out": (-0.7, 0.65, 0.8),
    "freaked out": (-0.7, 0.8, 0.85), "overwhelmed": (-0.5, 0.6, 0.75), "jittery": (-0.4, 0.7, 0.7),
    "on edge": (-0.55, 0.6, 0.8), "desperate": (-0.75, 0.6, 0.8), "insecure": (-0.5, 0.15, 0.55),
    "embarrassed": (-0.55, 0.45, 0.55), "ashamed": (-0.7, 0.2, 0.6), "shame": (-0.7, 0.2, 0.6),
    "guilty": (-0.7, 0.25, 0.6), "guilt": (-0.7, 0.25, 0.6), "jealous": (-0.6, 0.55, 0.65),
    "envious": (-0.55, 0.4, 0.55), "bitter": (-0.65, 0.3, 0.6), "resentful": (-0.7, 0.4, 0.65),
    "angry": (-0.75, 0.7, 0.9), "anger": (-0.75, 0.75, 0.9), "furious": (-0.85, 0.9, 0.95),
    "fury": (-0.85, 0.9, 0.95), "enraged": (-0.85, 0.9, 0.95), "raging": (-0.8, 0.9, 0.95),
    "rage": (-0.85, 0.9, 0.95), "mad": (-0.65, 0.75, 0.85), "irritated": (-0.55, 0.45, 0.7),
    "annoyed": (-0.55, 0.4, 0.65), "cross": (-0.5, 0.4, 0.6), "fed up": (-0.6, 0.25, 0.55),
    "upset": (-0.65, 0.45, 0.65), "hostile": (-0.8, 0.65, 0.9), "aggressive": (-0.5, 0.8, 0.9),
    "violent": (-0.85, 0.85, 0.95), "vengeful": (-0.75, 0.65, 0.9), "disgusted": (-0.8, 0.4, 0.7),
    "contemptuous": (-0.65, 0.3, 0.65), "outraged": (-0.8, 0.8, 0.9),
    "betrayed": (-0.8, 0.45, 0.75), "hurt": (-0.7, 0.2, 0.55), "devastated": (-0.9, 0.2, 0.6),
    "shattered": (-0.85, 0.15, 0.55), "anguished": (-0.85, 0.45, 0.75),
    "tormented": (-0.85, 0.55, 0.85), "in pain": (-0.75, 0.3, 0.65), "suffering": (-0.8, 0.2, 0.6),
    "awful": (-0.8, 0.3, 0.55), "terrible": (-0.85, 0.35, 0.6), "horrible": (-0.85, 0.4, 0.65),
    "shocked": (-0.45, 0.8, 0.75), "startled": (-0.3, 0.75, 0.65), "frantic": (-0.5, 0.9, 0.85),
    "frenzied": (-0.3, 0.9, 0.75), "feverish": (-0.3, 0.7, 0.6), "hectic": (-0.35, 0.8, 0.7),
    "rushed": (-0.35, 0.7, 0.6), "hurried": (-0.2, 0.7, 0.55), "impatient": (-0.35, 0.6, 0.6),
    "wailing": (-0.75, 0.6, 0.65), "militant": (-0.3, 0.75, 0.75), "sour": (-0.5, 0.1, 0.4),
    # --- Suspense, mystery and conflict (tension carries them more than valence)
    "mysterious": (0.0, 0.2, 0.5), "haunting": (-0.3, 0.0, 0.55), "haunted": (-0.55, 0.35, 0.7),
    "eerie": (-0.45, 0.35, 0.75), "spooky": (-0.3, 0.5, 0.7), "uncanny": (-0.35, 0.3, 0.65),
    "ominous": (-0.6, 0.35, 0.8), "foreboding": (-0.6, 0.3, 0.8), "suspenseful": (-0.2, 0.6, 0.85),
    "lost": (-0.5, 0.05, 0.5), "confused": (-0.4, 0.3, 0.55), "bewildered": (-0.35, 0.45, 0.55),
    "uncertain": (-0.35, 0.15, 0.5), "torn": (-0.45, 0.35, 0.6), "conflicted": (-0.35, 0.35, 0.6),
    "ambivalent": (-0.1, 0.0, 0.4), "mixed feelings": (-0.05, 0.05, 0.4),
    "unsettled": (-0.45, 0.3, 0.6), "disturbed": (-0.6, 0.45, 0.7), "troubled": (-0.6, 0.3, 0.65),
    "brooding": (-0.45, -0.05, 0.55), "moody": (-0.3, 0.1, 0.45), "stormy": (-0.4, 0.7, 0.75),
    "turbulent": (-0.45, 0.75, 0.8), "chaotic": (-0.45, 0.85, 0.85), "grim": (-0.65, -0.05, 0.55),
    "stern": (-0.3, 0.2, 0.5), "severe": (-0.45, 0.35, 0.6), "stark": (-0.3, -0.2, 0.4),
    "cynical": (-0.45, 0.1, 0.4), "at a loss": (-0.4, 0.0, 0.45), "out of place": (-0.45, 0.2, 0.5),
    "stunned": (-0.2, 0.6, 0.55), "astonished": (0.35, 0.75, 0.35), "surprised": (0.3, 0.7, 0.3),
    "expectant": (0.3, 0.45, 0.35), "anticipation": (0.35, 0.5, 0.35),
    "anticipating": (0.35, 0.5, 0.35),
    # --- Strength and drive (Hevner 7-8 neighbours: aroused, valence mixed)
    "heroic": (0.7, 0.7, 0.3), "epic": (0.6, 0.75, 0.35), "cinematic": (0.3, 0.5, 0.35),
    "powerful": (0.5, 0.7, 0.3), "strong": (0.5, 0.45, 0.15), "bold": (0.5, 0.6, 0.25),
    "brave": (0.6, 0.55, 0.3), "courageous": (0.65, 0.55, 0.3), "determined": (0.35, 0.6, 0.35),
    "defiant": (-0.15, 0.65, 0.65), "rebellious": (0.0, 0.7, 0.6), "fierce": (-0.1, 0.8, 0.75),
    "wild": (0.25, 0.85, 0.5), "intense": (0.0, 0.8, 0.65), "hyper": (0.3, 0.9, 0.4),
    "breathless": (0.2, 0.75, 0.45), "dynamic": (0.5, 0.7, 0.2), "busy": (0.0, 0.6, 0.45),
    "alert": (0.3, 0.55, 0.3), "focused": (0.4, 0.35, 0.25), "driven": (0.4, 0.6, 0.35),
    "ambitious": (0.5, 0.55, 0.3), "marching": (0.2, 0.55, 0.35), "triumph": (0.85, 0.7, 0.2),
    "celebration": (0.85, 0.7, 0.05), "party": (0.8, 0.75, 0.05), "excitement": (0.75, 0.8, 0.2),
    "passion": (0.55, 0.75, 0.45), "desire": (0.45, 0.6, 0.35),
    # --- Playful (Hevner 5 neighbours)
    "silly": (0.5, 0.5, 0.05), "mischievous": (0.45, 0.55, 0.2), "cheeky": (0.5, 0.5, 0.15),
    "naughty": (0.25, 0.55, 0.25), "teasing": (0.4, 0.45, 0.2), "quirky": (0.5, 0.35, 0.1),
    "goofy": (0.55, 0.5, 0.05), "dreamy-eyed": (0.55, -0.35, 0.05),
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


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def _core(word: str) -> VAT | None:
    for spelling in (word, word.replace("-", " "), word.replace("-", "")):
        if spelling in MOOD_WORDS:
            return MOOD_WORDS[spelling]
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
    """The nearest known feeling for "did you mean", with its modifiers kept; None if nothing is close.

    Tries the whole phrase after known modifiers ("very hapy" -> "very happy"), then every split
    into a misspelt modifier and a feeling ("vry happy", "a litle wistfull" -> "a little wistful").
    """
    if not isinstance(phrase, str):
        return None
    p = normalise(phrase)
    if not p:
        return None
    mods, rest = _split_modifiers(p)
    close = difflib.get_close_matches(rest, list(MOOD_WORDS), n=1, cutoff=0.75)
    if close:
        return " ".join(mods + (close[0],))
    tokens = p.split()
    for k in range(1, len(tokens)):
        head, tail = " ".join(tokens[:k]), " ".join(tokens[k:])
        modifier = head if head in MODIFIERS else next(
            iter(difflib.get_close_matches(head, list(MODIFIERS), n=1, cutoff=0.75)), None)
        if modifier is None:
            continue
        core = tail if _core(tail) is not None else next(
            iter(difflib.get_close_matches(tail, list(MOOD_WORDS), n=1, cutoff=0.75)), None)
        if core is not None:
            return f"{modifier} {core}"
    return None


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


# Feeling words that are also everyday description ("the light", "still water", "a warm day",
# "down the road"): in free text they count as feelings only right after a FEELING_CUE or a
# modifier ("felt light", "so blue", "a little down").
PROSE_AMBIGUOUS: frozenset[str] = frozenset({
    "light", "still", "warm", "cold", "down", "blue", "low", "free", "fine", "cross", "old",
    "young", "sweet", "soft", "bright", "dark", "heavy", "simple", "grand", "golden", "good",
    "great", "kind", "sick", "easy", "strong", "bold", "busy", "wild", "pure", "lost",
    "grey", "gray", "mad", "party", "love", "peace", "hope", "fun", "together", "alone", "okay",
    "ok", "alright", "moved", "touched", "sorry", "patient", "glowing", "sunny",
    "flowing", "floating", "drifting", "dancing", "laughing", "smiling", "crying", "marching",
    "dreaming", "desire", "goodbye", "farewell", "loss", "stormy", "hazy", "airy", "breezy",
    "stark", "sour", "bitter", "hollow", "empty", "silent", "quiet", "calm", "gentle", "hushed",
    "dramatic", "serious", "lyrical", "sparkling", "shimmering", "plaintive", "sacred", "holy",
})
FEELING_CUES: frozenset[str] = frozenset({
    "feel", "feels", "felt", "feeling", "am", "was", "were", "is", "are", "be", "been", "being",
    "seemed", "seem", "became", "become", "grew", "stayed", "looked", "sounded", "so", "and",
    "but", "yet", "im", "i'm", "we're", "both", "all",
})


def words_in(text: str) -> tuple[str, ...]:
    """The feeling phrases found in free text, with their modifiers, in order.

    For sentences ("content and a little wistful, not happy"): scans word by word, at each position
    taking the longest modifier chain + feeling the lexicon understands. A PROSE_AMBIGUOUS word on
    its own counts only right after a FEELING_CUE ("we were so light", not "the light goes gold").
    """
    tokens = re.findall(r"[a-z]+(?:[-'][a-z]+)*", normalise(text))
    found: list[str] = []
    i = 0
    longest = max(len(k.split()) for k in MOOD_WORDS) + 4  # room for a few modifiers
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            candidate = " ".join(tokens[i:i + n])
            if lookup_mood(candidate) is None:
                continue
            if candidate in PROSE_AMBIGUOUS and (i == 0 or tokens[i - 1] not in FEELING_CUES):
                continue
            found.append(candidate)
            i += n
            break
        else:
            i += 1
    return tuple(found)
