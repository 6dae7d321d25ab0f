"""Tempo words and numbers -> a window of beats (felt pulses) per minute.

Italian markings carry the customary metronome ranges of common tempo tables (the scales printed on
mechanical metronomes since Maelzel, as tabulated in e.g. the "Tempo" article of the English
Wikipedia); the markings overlap in practice and the windows keep the usual overlaps. English words
sit on the same scale. Physical anchors: a resting adult heartbeat is 60-80 beats per minute
(60-100 is the clinical normal range), an everyday walking cadence about 100-120 steps per minute
(pedometry studies such as Tudor-Locke et al. 2018: ~100 steps/min marks moderate walking),
a military march 110-120.
"""

from __future__ import annotations

import difflib
import re

from composer.scene.text import normalise

# word or phrase -> (lowest, highest) BPM
TEMPO_WORDS: dict[str, tuple[float, float]] = {
    # Italian markings, slowest to fastest.
    "grave": (25.0, 45.0),
    "largo": (40.0, 60.0),
    "lento": (45.0, 60.0),
    "larghetto": (60.0, 66.0),
    "adagio": (66.0, 76.0),
    "adagietto": (70.0, 80.0),
    "andante": (76.0, 108.0),
    "andantino": (80.0, 108.0),
    "andante moderato": (92.0, 112.0),
    "moderato": (108.0, 120.0),
    "allegretto": (112.0, 120.0),
    "allegro moderato": (116.0, 120.0),
    "allegro": (120.0, 156.0),
    "vivace": (156.0, 176.0),
    "vivacissimo": (172.0, 176.0),
    "allegrissimo": (172.0, 176.0),
    "presto": (168.0, 200.0),
    "prestissimo": (200.0, 240.0),
    "larghissimo": (20.0, 24.0),
    # common qualified markings (Beethoven's and Schubert's headings among others)
    "adagio sostenuto": (56.0, 66.0),
    "andante con moto": (92.0, 112.0),
    "allegro ma non troppo": (112.0, 132.0),
    "allegro con brio": (132.0, 160.0),
    "allegro vivace": (144.0, 168.0),
    "molto allegro": (144.0, 168.0),
    # English, slowest to fastest.
    "very slow": (40.0, 55.0),
    "extremely slow": (30.0, 45.0),
    "slowly": (55.0, 72.0),
    "slow": (55.0, 72.0),
    "rather slow": (60.0, 76.0),
    "a little slow": (66.0, 80.0),
    "fairly slow": (60.0, 76.0),
    "unhurried": (60.0, 80.0),
    "leisurely": (66.0, 84.0),
    "heartbeat": (60.0, 80.0),
    "resting heartbeat": (60.0, 72.0),
    "calm": (56.0, 72.0),
    "gentle": (60.0, 80.0),
    "gently": (60.0, 80.0),
    "relaxed": (66.0, 88.0),
    "easy": (70.0, 92.0),
    "easygoing": (70.0, 92.0),
    "flowing": (80.0, 100.0),
    "steady": (84.0, 108.0),
    "walking": (100.0, 120.0),
    "walking pace": (100.0, 120.0),
    "strolling": (80.0, 100.0),
    "stroll": (80.0, 100.0),
    "moderate": (96.0, 116.0),
    "moderately": (96.0, 116.0),
    "medium": (96.0, 116.0),
    "medium tempo": (96.0, 116.0),
    "mid tempo": (96.0, 116.0),
    "march": (110.0, 120.0),
    "marching": (110.0, 120.0),
    "brisk": (116.0, 136.0),
    "briskly": (116.0, 136.0),
    "a little fast": (116.0, 132.0),
    "upbeat": (118.0, 140.0),
    "lively": (120.0, 150.0),
    "quick": (128.0, 156.0),
    "quickly": (128.0, 156.0),
    "fast": (132.0, 160.0),
    "rather fast": (126.0, 150.0),
    "fairly fast": (126.0, 150.0),
    "running": (140.0, 170.0),
    "racing": (160.0, 200.0),
    "very fast": (160.0, 200.0),
    "extremely fast": (190.0, 240.0),
    "frantic": (170.0, 220.0),
    "rushing": (150.0, 180.0),
    "dance": (110.0, 130.0),
    # everyday images of pace
    "glacial": (30.0, 45.0),
    "crawling": (40.0, 52.0),
    "languid": (50.0, 64.0),
    "lazy": (60.0, 76.0),
    "lullaby": (60.0, 76.0),
    "rocking": (60.0, 76.0),
    "ballad": (60.0, 80.0),
    "swift": (140.0, 170.0),
    "hurried": (140.0, 165.0),
    "urgent": (150.0, 180.0),
    "pounding heart": (110.0, 140.0),
    "racing heart": (120.0, 160.0),
    "racing heartbeat": (120.0, 160.0),
    "dancing": (110.0, 130.0),
}

# "72", "72 bpm", "72bpm", "72 beats per minute"
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:bpm|beats per minute|beats a minute)?$")
# "60-80", "60 - 80", "60–80", "60—80", "60 to 80", with an optional "bpm"
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*"
                    r"(?:bpm|beats per minute|beats a minute)?$")
# Filler a person may put around a tempo word: "at a walking pace", "rather slowly" is in the table.
_FILLER = ("at a ", "at an ", "a ", "at ", "about ", "around ", "roughly ", "tempo ")


def _normalise(text: str) -> str:
    """The shared word rule, with a "tempo:" label dropped."""
    return normalise(normalise(text).replace("tempo:", " "))


def parse_tempo_text(text: str) -> tuple[float, float] | None:
    """A window (low, high) in BPM from a number, a range or a tempo word; None if not understood.

    Numbers are not range-checked here (the loader refuses anything outside 20..300 BPM).
    """
    if not isinstance(text, str):
        return None
    t = _normalise(text)
    for prefix in _FILLER:
        if t.startswith(prefix) and t[len(prefix):] and t not in TEMPO_WORDS:
            rest = t[len(prefix):]
            if rest in TEMPO_WORDS or _NUMBER.match(rest) or _RANGE.match(rest):
                t = rest
                break
    if t in TEMPO_WORDS:
        return TEMPO_WORDS[t]
    m = _NUMBER.match(t)
    if m:
        bpm = float(m.group(1))
        return (bpm, bpm)
    m = _RANGE.match(t)
    if m:
        a, b = float(m.group(1)), float(m.group(2))
        return (min(a, b), max(a, b))
    return None


def suggest_tempo(text: str) -> str | None:
    """The nearest tempo word, for "did you mean"; None if nothing is close."""
    if not isinstance(text, str) or not _normalise(text):
        return None
    close = difflib.get_close_matches(_normalise(text), list(TEMPO_WORDS), n=1, cutoff=0.7)
    return close[0] if close else None
