"""General MIDI instrument names and the everyday words people use for them.

GM_INSTRUMENTS is the General MIDI Level 1 sound set (MIDI Manufacturers Association, "General MIDI
System Level 1", 1991), program numbers 0..127 in order. ALIASES maps the words a person writes
("piano", "nylon guitar", "strings") to one of those programs. Matching ignores case, spaces and
punctuation, so "acoustic guitar (nylon)", "Acoustic Guitar Nylon" and "acoustic-guitar-nylon" are
the same name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Instrument:
    name: str  # General MIDI name, e.g. "Acoustic Grand Piano"
    program: int  # GM program 0..127

# The 128 GM program names, index = program number (0-based).
GM_INSTRUMENTS: tuple[str, ...] = (
    # Piano 0-7
    "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
    "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
    # Chromatic percussion 8-15
    "Celesta", "Glockenspiel", "Music Box", "Vibraphone",
    "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
    # Organ 16-23
    "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ",
    "Reed Organ", "Accordion", "Harmonica", "Tango Accordion",
    # Guitar 24-31
    "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)",
    "Electric Guitar (clean)", "Electric Guitar (muted)", "Overdriven Guitar",
    "Distortion Guitar", "Guitar Harmonics",
    # Bass 32-39
    "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass",
    "Slap Bass 1", "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
    # Strings 40-47
    "Violin", "Viola", "Cello", "Contrabass",
    "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp", "Timpani",
    # Ensemble 48-55
    "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2",
    "Choir Aahs", "Voice Oohs", "Synth Voice", "Orchestra Hit",
    # Brass 56-63
    "Trumpet", "Trombone", "Tuba", "Muted Trumpet",
    "French Horn", "Brass Section", "Synth Brass 1", "Synth Brass 2",
    # Reed 64-71
    "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax",
    "Oboe", "English Horn", "Bassoon", "Clarinet",
    # Pipe 72-79
    "Piccolo", "Flute", "Recorder", "Pan Flute",
    "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
    # Synth lead 80-87
    "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)",
    "Lead 5 (charang)", "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
    # Synth pad 88-95
    "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)",
    "Pad 5 (bowed)", "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
    # Synth effects 96-103
    "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)",
    "FX 5 (brightness)", "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
    # Ethnic 104-111
    "Sitar", "Banjo", "Shamisen", "Koto",
    "Kalimba", "Bag pipe", "Fiddle", "Shanai",
    # Percussive 112-119
    "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock",
    "Taiko Drum", "Melodic Tom", "Synth Drum", "Reverse Cymbal",
    # Sound effects 120-127
    "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet",
    "Telephone Ring", "Helicopter", "Applause", "Gunshot",
)

# Everyday words -> GM name. Where a word names a family, the alias picks the member that sounds
# most like what people mean by it (e.g. "guitar" is the nylon-string classical guitar, the
# gentler and more common sound in reflective music; "strings" is the full string ensemble).
ALIASES: dict[str, str] = {
    # keyboards
    "piano": "Acoustic Grand Piano",
    "grand piano": "Acoustic Grand Piano",
    "acoustic piano": "Acoustic Grand Piano",
    "upright piano": "Acoustic Grand Piano",
    "bright piano": "Bright Acoustic Piano",
    "honky tonk": "Honky-tonk Piano",
    "saloon piano": "Honky-tonk Piano",
    "electric piano": "Electric Piano 1",
    "rhodes": "Electric Piano 1",
    "fender rhodes": "Electric Piano 1",
    "wurlitzer": "Electric Piano 2",
    "dx piano": "Electric Piano 2",
    "clavichord": "Clavinet",
    "clav": "Clavinet",
    "keys": "Acoustic Grand Piano",
    # chromatic percussion
    "celeste": "Celesta",
    "glock": "Glockenspiel",
    "bells": "Tubular Bells",
    "chimes": "Tubular Bells",
    "church bells": "Tubular Bells",
    "vibes": "Vibraphone",
    "hammered dulcimer": "Dulcimer",
    # organs
    "organ": "Church Organ",
    "pipe organ": "Church Organ",
    "hammond": "Drawbar Organ",
    "hammond organ": "Drawbar Organ",
    "jazz organ": "Drawbar Organ",
    "harmonium": "Reed Organ",
    "squeezebox": "Accordion",
    "bandoneon": "Tango Accordion",
    "mouth organ": "Harmonica",
    # guitars
    "guitar": "Acoustic Guitar (nylon)",
    "nylon guitar": "Acoustic Guitar (nylon)",
    "classical guitar": "Acoustic Guitar (nylon)",
    "spanish guitar": "Acoustic Guitar (nylon)",
    "acoustic guitar": "Acoustic Guitar (steel)",
    "steel guitar": "Acoustic Guitar (steel)",
    "folk guitar": "Acoustic Guitar (steel)",
    "jazz guitar": "Electric Guitar (jazz)",
    "electric guitar": "Electric Guitar (clean)",
    "clean guitar": "Electric Guitar (clean)",
    "muted guitar": "Electric Guitar (muted)",
    "overdrive guitar": "Overdriven Guitar",
    "distorted guitar": "Distortion Guitar",
    # basses
    "bass": "Acoustic Bass",
    "upright bass": "Acoustic Bass",
    "double bass": "Acoustic Bass",
    "string bass": "Acoustic Bass",
    "jazz bass": "Acoustic Bass",
    "bass guitar": "Electric Bass (finger)",
    "electric bass": "Electric Bass (finger)",
    "finger bass": "Electric Bass (finger)",
    "pick bass": "Electric Bass (pick)",
    "synth bass": "Synth Bass 1",
    # strings
    "strings": "String Ensemble 1",
    "string ensemble": "String Ensemble 1",
    "string orchestra": "String Ensemble 1",
    "orchestra": "String Ensemble 1",
    "slow strings": "String Ensemble 2",
    "string quartet": "String Ensemble 1",
    "pizzicato": "Pizzicato Strings",
    "pizz": "Pizzicato Strings",
    "tremolo": "Tremolo Strings",
    "violoncello": "Cello",
    "harp": "Orchestral Harp",
    "kettle drums": "Timpani",
    "kettledrums": "Timpani",
    "synth strings": "Synth Strings 1",
    # voices
    "choir": "Choir Aahs",
    "chorus": "Choir Aahs",
    "voices": "Choir Aahs",
    "voice": "Voice Oohs",
    "oohs": "Voice Oohs",
    "aahs": "Choir Aahs",
    "humming": "Voice Oohs",
    "synth choir": "Synth Voice",
    # brass
    "horn": "French Horn",
    "horns": "French Horn",
    "brass": "Brass Section",
    "muted trumpet": "Muted Trumpet",
    "cornet": "Trumpet",
    "flugelhorn": "Trumpet",
    "synth brass": "Synth Brass 1",
    # reeds
    "sax": "Alto Sax",
    "saxophone": "Alto Sax",
    "alto saxophone": "Alto Sax",
    "tenor saxophone": "Tenor Sax",
    "soprano saxophone": "Soprano Sax",
    "baritone saxophone": "Baritone Sax",
    "cor anglais": "English Horn",
    # pipes
    "pan pipes": "Pan Flute",
    "panpipes": "Pan Flute",
    "whistling": "Whistle",
    "tin whistle": "Whistle",
    "penny whistle": "Whistle",
    # synths
    "pad": "Pad 2 (warm)",
    "warm pad": "Pad 2 (warm)",
    "synth pad": "Pad 2 (warm)",
    "new age pad": "Pad 1 (new age)",
    "halo pad": "Pad 7 (halo)",
    "bowed pad": "Pad 5 (bowed)",
    "synth": "Lead 2 (sawtooth)",
    "synth lead": "Lead 2 (sawtooth)",
    "square lead": "Lead 1 (square)",
    "chiptune": "Lead 1 (square)",
    "calliope": "Lead 3 (calliope)",
    "atmosphere": "FX 4 (atmosphere)",
    "soundtrack": "FX 2 (soundtrack)",
    "crystal": "FX 3 (crystal)",
    # world and percussion
    "bagpipe": "Bag pipe",
    "bagpipes": "Bag pipe",
    "mbira": "Kalimba",
    "thumb piano": "Kalimba",
    "steel drum": "Steel Drums",
    "steelpan": "Steel Drums",
    "steel pan": "Steel Drums",
    "taiko": "Taiko Drum",
    "shehnai": "Shanai",
    "wood block": "Woodblock",
    "bell": "Tinkle Bell",
    "waves": "Seashore",
    "ocean": "Seashore",
    "birds": "Bird Tweet",
    "birdsong": "Bird Tweet",
}


def _key(name: str) -> str:
    """Compare names ignoring case, spaces and punctuation ("Honky-tonk" == "honky tonk")."""
    return " ".join(re.findall(r"[a-z0-9+]+", name.lower()))


# Lookup index built from the tables above: normalised name -> GM program.
_PROGRAM_BY_KEY: dict[str, int] = {_key(n): i for i, n in enumerate(GM_INSTRUMENTS)}
_PROGRAM_BY_KEY.update({_key(a): GM_INSTRUMENTS.index(n) for a, n in ALIASES.items()
                        if _key(a) not in _PROGRAM_BY_KEY})
# What a suggestion shows: the spelling from the tables, keyed by its normalised form.
_SPELLING: dict[str, str] = {_key(n): n for n in GM_INSTRUMENTS}
_SPELLING.update({_key(a): a for a in ALIASES if _key(a) not in _SPELLING})


def instrument(program: int) -> Instrument:
    """The GM instrument with this 0-based program number."""
    return Instrument(GM_INSTRUMENTS[program], program)


def resolve_instrument(name: str) -> Instrument | None:
    """A GM name or an alias, ignoring case, spaces and punctuation; None if unknown."""
    if not isinstance(name, str):
        return None
    program = _PROGRAM_BY_KEY.get(_key(name))
    return None if program is None else instrument(program)


def suggest_instrument(name: str) -> str | None:
    """The nearest known instrument name or alias, for "did you mean"; None if nothing is close."""
    if not isinstance(name, str) or not _key(name):
        return None
    close = difflib.get_close_matches(_key(name), list(_SPELLING), n=1, cutoff=0.7)
    return _SPELLING[close[0]] if close else None
