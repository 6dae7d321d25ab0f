"""`explain` never says something the notes don't do: what it names for each section (each part's
figure, the tempo, the key, how a new key was entered) is checked against the MIDI file itself,
read back with mido, on every example and on a scene with a calm moment and a racing one."""

import io
from pathlib import Path

import mido
import pytest

from composer import compose, load_scene, scene_seed
from composer.commands.explain import FEW_BARS, decisions
from composer.io.midi import midi_bytes
from composer.arrange import CHORD_SECONDS
from composer.perform import TIMING_JITTER
from composer.piece import TICKS_PER_BEAT, Meter
from composer.scene import parse_scene
from composer.theory import Key, canonical_mode, parse_tonic

ROOT = Path(__file__).resolve().parents[2]
CALM_AND_RACING = '''title = "Still, then running"
seed = 3
[[moments]]
name = "still water"
mood = ["calm", "peaceful"]
length = "40 s"
[[moments]]
name = "the chase"
mood = ["frantic", "excited"]
length = "40 s"
'''
SCENES = [pytest.param(lambda p=p: load_scene(p), id=p.stem) for p in sorted((ROOT / "scenes").glob("*.toml"))]
SCENES.append(pytest.param(lambda: parse_scene(CALM_AND_RACING, "calm-and-racing.toml"), id="calm-and-racing"))
# A fast 6/8 whose tense moment is quiet: the Harmony's agitato is too fast for every eighth, its
# stabs keep the compound metre, and the texture plays though the moment is quiet (a tense moment's
# texture is its motion): held-out scene 66.
CAFE_TURNING = '''title = "Held-out scene 66"
seed = 1
mood = ["playful"]
[setting]
place = "cafe"
time = "golden hour"
[[moments]]
name = "arrival"
length = "0:45"
intensity = 0.4
mood = ["excited"]
[[moments]]
name = "the turn"
length = "0:45"
intensity = 0.2
mood = ["tense"]
'''
SCENES.append(pytest.param(lambda: parse_scene(CAFE_TURNING, "cafe-turning.toml"), id="cafe-turning"))


def _events(midi: mido.MidiFile):
    """(absolute tick, track name, message) for every message."""
    for track in midi.tracks:
        tick = 0
        for msg in track:
            tick += msg.time
            yield tick, track.name, msg


def _mean_bpm(tempos: dict[int, float], lo: int, hi: int) -> float:
    """Quarter notes a minute over the ticks lo..hi through the file's tempo events."""
    ticks = sorted(tempos)
    seconds = 0.0
    for tick, following in zip(ticks, ticks[1:] + [hi]):
        start, stop = max(tick, lo), min(following, hi)
        if stop > start:
            seconds += (stop - start) / TICKS_PER_BEAT * 60 / tempos[tick]
    return (hi - lo) / TICKS_PER_BEAT * 60 / seconds


def _voices(midi, role: str) -> dict[int, int]:
    """Tick -> how many of the part's notes start there."""
    out: dict[int, int] = {}
    for t, name, m in _events(midi):
        if name.startswith(role) and m.type == "note_on" and m.velocity > 0:
            out[t] = out.get(t, 0) + 1
    return out


def _onsets(midi, role: str) -> list[int]:
    return sorted({t for t, name, m in _events(midi)
                   if name.startswith(role) and m.type == "note_on" and m.velocity > 0})


# Where inside each felt pulse a Harmony style strikes, as shares of the pulse (simple metre,
# compound metre), from what the style means in music; None for the styles described by the
# beats themselves. Off-beat styles (after-beats, off-beat chords) leave the change to the bass.
IN_PULSE = {"agitato": ((0, 0.5), (0, 1 / 3, 2 / 3)), "offbeat": ((0.5,), (1 / 3, 2 / 3)),
            "fanfare": ((0, 0.75), (0, 2 / 3))}
OFF_THE_CHANGE = ("afterbeat", "offbeat")
# Basses that strike off the beat: eighths, octave leaps, a gallop, a dotted march, a lilt, 3+3+2.
OFF_BEAT_BASS = ("pulse", "octaves", "gallop", "dotted", "lilt", "tresillo", "broken")
# the bass that leads on from a held note: on the last pulse, or on the last eighth where a
# pulse is half the bar or three eighths
LEAD_BASS = "lead"


def _expected_harmony(style: str, chords: list[tuple[int, int]], meter: Meter, gap: float) -> set[int]:
    """Where a Harmony part of this style strikes, from what the style means in music: once per
    chord; on the strong beats (downbeat, 4/4's mid-bar) and at each change; on every beat; on
    the after-beats (every beat but the strong ones); on the eighths; off the beat; long-short on
    every beat; 3 + 3 + 2 eighths over four beats (in a compound metre both pulses and the last eighth). Evenly
    repeated chords stay `gap` ticks apart at least (about five strokes a second)."""
    out = set()
    pulse = meter.pulse_ticks
    compound = 1 if meter.compound else 0
    for start, end in chords:
        if style not in OFF_THE_CHANGE:
            out.add(start)
        for tick in range(start - start % pulse, end, pulse):
            strong = tick % meter.bar_ticks in (0, meter.bar_ticks // 2 if meter.pulses == 4 else 0)
            hits = []
            if style in IN_PULSE:
                hits = [tick + round(share * pulse) for share in IN_PULSE[style][compound]]
            elif style == "pulse" or (style == "half" and strong) or (style == "afterbeat" and not strong):
                hits = [tick]
            elif style == "stabs":
                group = (2 if compound else 4) * pulse
                at = (tick % meter.bar_ticks) % group
                shares = (0, 1, 5 / 3) if compound else (0, 1.5, 3)
                hits = [tick - at + round(s * pulse) for s in shares if at <= s * pulse < at + pulse]
            out.update(t for t in hits if start <= t < end)
    if style == "agitato" and compound and any(b - a < gap for a, b in zip(sorted(out), sorted(out)[1:])):
        # too fast for every eighth of a compound bar: on the pulse, which keeps the metre
        return _expected_harmony("pulse", chords, meter, gap)
    if style in ("agitato", "offbeat"):  # evenly repeated chords no faster than a player's
        kept: list[int] = []
        for t in sorted(out):
            if not kept or t - kept[-1] >= gap:
                kept.append(t)
        out = set(kept)
    return out


@pytest.mark.parametrize("make", SCENES)
def test_explain_agrees_with_the_notes(make):
    scene = make()
    seed = scene_seed(scene)
    said = decisions(scene, seed)
    midi = mido.MidiFile(file=io.BytesIO(midi_bytes(compose(scene, seed))))
    meter = Meter(*map(int, said["meter"].split("/")))
    bar = meter.bar_ticks
    events = list(_events(midi))
    chord_ticks = sorted(t for t, _, m in events if m.type == "text" and m.text.startswith("chord: "))
    chord_set = set(chord_ticks)
    tempos = {t: mido.tempo2bpm(m.tempo) for t, _, m in events if m.type == "set_tempo"}
    keys = {t: m.key for t, _, m in events if m.type == "key_signature"}
    harmony = _onsets(midi, "Harmony")
    bass = _onsets(midi, "Bass")
    final_bar = max(s["start_bar"] + s["bars"] - 1 for s in said["sections"]) - 1
    for section in said["sections"]:
        lo, hi = (section["start_bar"] - 1) * bar, min(section["start_bar"] - 1 + section["bars"], final_bar) * bar
        plays = section["plays"]
        end = (section["start_bar"] - 1 + section["bars"]) * bar
        # A part said to rest has no note in the section; a part said to play has one. Humanised
        # timing may anticipate the next section's downbeat by up to twice its jitter.
        early = 2 * max(TIMING_JITTER.values())
        # A hit point's stroke (a crash on an accent) is a moment, not the figure a part plays.
        strokes = {(h["bar"] - 1) * bar for h in said["hits"]}
        paused = {(h["bar"] - 1) * bar for h in said["hits"] if h["kind"] == "stop"}
        for role, style in plays.items():
            sounding = any(lo <= t < end - early and t not in strokes for t in _onsets(midi, role))
            assert sounding == (style != "rests"), (section["name"], role, style)
            # A part said to play in so many bars only strikes in that many (read on the bar a
            # humanised onset belongs to); one not said so strikes in a quarter of them at least.
            struck = {(t + early) // bar for t in _onsets(midi, role) if lo - early <= t < end - early}
            if role in section["plays_in_bars"]:
                assert len(struck) == section["plays_in_bars"][role], (section["name"], role)
            elif sounding:
                assert len(struck) >= FEW_BARS * section["bars"], (section["name"], role)
        # The tempo explain names is the file's over the section (its bars over the time they
        # last), and the key where the section starts.
        quarter_bpm = section["bpm"] * meter.pulse_ticks / TICKS_PER_BEAT
        assert lo in tempos  # a tempo is written where each section starts
        assert _mean_bpm(tempos, lo, end) == pytest.approx(quarter_bpm, abs=0.02), section["name"]
        latest_key = keys[max(t for t in keys if t <= lo)]
        tonic, mode = section["key"].rsplit(" ", 1)
        named = Key(parse_tonic(tonic), canonical_mode(mode), tonic)
        assert latest_key == named.midi_key_signature, (section["name"], latest_key)
        if lo >= hi:
            continue  # the held final bar plays its own ending
        # The Harmony part strikes exactly where its named style strikes: each phrase's own figure
        # (the section's, or the rung it develops to) in the bars that state it, the
        # continuation's where explain says the phrase intensifies, a held chord in a cadence bar
        # it says settles, the figure's first half in one it says echoes. Where explain says a
        # phrase's held chords move (a suspension, an inner voice), a single voice may also move
        # on its own: the chords are read where two or more voices strike together.
        changes = [t for t in chord_ticks if lo <= t < hi]
        spans = list(zip(changes, changes[1:] + [hi]))
        continuation, settling, echoing, marking = set(), set(), set(), set()
        phrase_of: dict[int, dict] = {}
        first = section["start_bar"] - 1
        for phrase in section["phrases"]:
            continuation |= {(b - 1) * bar for b in phrase["continuation"]}
            if phrase["settles"] in ("arrive", "walk", "break"):
                settling.add((first + phrase["bars"] - 1) * bar)
            if phrase["settles"] == "echo":
                echoing.add((first + phrase["bars"] - 1) * bar)
            if phrase["settles"] == "mark":
                marking.add((first + phrase["bars"] - 1) * bar)
            for b in range(first, first + phrase["bars"]):
                phrase_of[b * bar] = phrase
            first += phrase["bars"]

        def style_at(tick: int, role: str) -> str:
            start = tick - tick % bar
            if start in settling and role == "Harmony":
                return "sustain"
            phrase = phrase_of[start]
            if start in continuation:
                return (phrase["continues"] or section["continuation"])[role]
            return (phrase["plays"] or plays)[role]
        if "Harmony" in plays and plays["Harmony"] != "rests":
            # ...but in the climax's bar, where every part plays the tutti explain names there.
            tutti = set() if said["climax"] is None else set(range((said["climax"]["bar"] - 1) * bar,
                                                                    said["climax"]["bar"] * bar))
            voices = _voices(midi, "Harmony")
            got = {t for t in harmony if lo <= t < hi and t not in tutti
                   and (phrase_of[t - t % bar]["voices"] == "plain" or voices[t] >= 2)}
            # ...but in a stop's bar, a general pause (composer.hits), where nothing sounds.
            gap = CHORD_SECONDS * quarter_bpm / 60 * TICKS_PER_BEAT
            expected = set()
            for span in spans:
                hits = _expected_harmony(style_at(span[0], "Harmony"), [span], meter, gap)
                if span[0] - span[0] % bar in echoing:  # the first half's strikes, else the change
                    hits = {t for t in hits if t % bar < bar // 2} or {span[0]}
                if span[0] - span[0] % bar in marking:  # struck on the change, a pulse held
                    hits = {span[0]} | {t for t in hits if t >= span[0] + meter.pulse_ticks}
                expected |= {t for t in hits if not any(p <= t < p + bar for p in paused) and t not in tutti}
            assert got - (strokes - expected) == expected, (section["name"], plays["Harmony"])
        # A driving bass strikes off the beat; sustained, root-fifth and bouncing ones never do
        # (read where the phrase's own figure plays: not in a phrase's continuation, nor in a
        # cadence bar, where a walk may run in eighths).
        if "Bass" in plays and plays["Bass"] != "rests":
            for start in sorted(phrase_of):
                if start in continuation | settling | echoing | marking or not lo <= start < hi:
                    continue
                own = [t for t in bass if start <= t < start + bar]
                style = (phrase_of[start]["plays"] or plays)["Bass"]
                if phrase_of[start]["approach"] == "chromatic" and style not in OFF_BEAT_BASS:
                    # a phrase that approaches chromatically does so in a short pickup into a
                    # chord change, off the beat
                    short = meter.pulse_ticks // (3 if meter.compound else 2)
                    own = [t for t in own if t + short not in chord_set]
                if own:
                    off_beat = any(t % meter.pulse_ticks for t in own)
                    if style == LEAD_BASS:  # on the beat, save its lead where a pulse is long
                        assert not off_beat or meter.compound or meter.pulses <= 2, (section["name"], start // bar + 1)
                    else:
                        assert off_beat == (style in OFF_BEAT_BASS), (section["name"], start // bar + 1, style)


@pytest.mark.parametrize("make", SCENES)
def test_each_named_modulation_is_the_one_the_harmony_made(make):
    """'pivot': the entering chord belongs to both keys; 'common tone': it keeps a tone of the
    chord before; 'direct': neither was possible or chosen."""
    from composer import compose_stages

    scene = make()
    stages = compose_stages(scene, scene_seed(scene))
    said = "\n".join(decisions(scene, stages.seed)["harmony"])
    progression = stages.progression
    for before, after in zip(progression, progression[1:]):
        if before.key == after.key:
            continue
        old = set(before.key.scale) | ({(before.key.tonic - 1) % 12} if before.key.is_minor_family else set())
        how = after.note
        assert f"entered from {before.key.label} by {how or 'direct'}" in said
        if how == "pivot":
            assert set(after.chord.pcs) <= old
        elif how == "common tone":
            assert set(after.chord.pcs) & set(before.chord.pcs)
        else:
            assert how in ("", "direct")


def test_explain_names_the_figure_the_tune_opens_with():
    """The setting's figure (a mountain's horn call), or the one [music] names, or none."""
    mountain = 'seed = 3\nlength = 20\nmood = ["proud"]\nsetting = "mountain"\n'
    said = decisions(parse_scene(mountain, "m.toml"), 3)
    assert said["setting"]["figure"] == "call"
    # ... and the section whose idea it opens: a form's first sung one
    assert said["setting"]["figure_in"] == next(
        s["name"] for s in said["sections"] if s["name"] not in ("intro",))
    chosen = parse_scene(mountain + '[music]\nfigure = "chime"\n', "m.toml")
    assert decisions(chosen, 3)["setting"]["figure"] == "chime"
    plain = parse_scene(mountain + '[music]\nfigure = "none"\n', "m.toml")
    assert decisions(plain, 3)["setting"]["figure"] is None


def _struck(midi, roles: tuple[str, ...], lo: int, hi: int) -> set[int]:
    """Pitch classes the parts strike from tick lo to hi (Harmony and Bass keep the grid)."""
    return {m.note % 12 for t, name, m in _events(midi)
            if name.startswith(roles) and m.type == "note_on" and m.velocity > 0 and lo <= t < hi}


def _heard_before(midi, roles: tuple[str, ...], tick: int, gap: int) -> set[int]:
    """Pitch classes of the roles' notes struck before `tick` and sounding into the last `gap`
    ticks before it (a chord let go a little early is still the one heard going on)."""
    sounding, heard = {}, set()
    for t, name, m in sorted(_events(midi), key=lambda e: e[0]):
        if not name.startswith(roles) or m.type not in ("note_on", "note_off") or t >= tick:
            continue
        if m.type == "note_on" and m.velocity:
            sounding[(name, m.channel, m.note)] = t
        elif sounding.pop((name, m.channel, m.note), None) is not None and t > tick - gap:
            heard.add(m.note % 12)
    return heard | {note % 12 for _, _, note in sounding}


@pytest.mark.parametrize("make", SCENES)
def test_the_named_close_is_the_one_the_notes_make(make):
    """'picardy': the last chord sounds the tonic's major third in a minor key (else the key's own
    third); 'plagal': the subdominant sounds after the arrival, in the penultimate bar (its
    second half, or all of it in a broad amen), with the tonic, and the tune over the amen ends
    on a tone of the last chord; 'codetta': the dominant sounds there; 'deceptive': a dominant goes to
    the submediant in the last three bars."""
    from composer.harmony.close import CLOSES

    from composer import compose_stages

    scene = make()
    seed = scene_seed(scene)
    d = decisions(scene, seed)
    stages = compose_stages(scene, seed)
    midi = mido.MidiFile(file=io.BytesIO(midi_bytes(stages.piece)))
    if scene.music.loop:
        assert d["close"] is None
        return
    close = CLOSES[d["close"]["name"]]
    key, meter = stages.progression[-1].key, stages.piece.meter  # the last section's key
    bar, tonic = meter.bar_ticks, key.tonic
    last_section = d["sections"][-1]
    last = (last_section["start_bar"] - 1 + last_section["bars"] - 1) * bar
    chords = ("Harmony",)
    final = _struck(midi, chords, last, last + bar)
    third = (tonic + (4 if close.picardy or not key.is_minor_family else 3)) % 12
    assert {tonic, third} <= final and (tonic + 7 - (third - tonic) % 12) % 12 not in final, (
        d["close"], sorted(final))
    # 'rolled': the last chord's voices enter one after another, rising; else together
    harmony_starts = sorted((t, m.note) for t, name, m in _events(midi) if name.startswith("Harmony")
                            and m.type == "note_on" and m.velocity > 0 and last <= t < last + bar)
    if d["close"]["rolled"]:
        assert len({t for t, _ in harmony_starts}) == len(harmony_starts) > 1
        assert [p for _, p in harmony_starts] == sorted(p for _, p in harmony_starts)
    else:
        assert len({t for t, _ in harmony_starts}) == 1, harmony_starts
    half = last - bar + bar // 2 if meter.pulses != 3 else last - bar // 3
    after = _struck(midi, ("Harmony", "Bass"), half, last)
    if close.name.startswith("plagal"):
        fourth = (tonic + (2 if key.mode == "lydian" else 5)) % 12  # IV's root (lydian's II)
        after = _struck(midi, ("Harmony", "Bass"), last - bar, last)
        assert fourth in after and tonic in after, (d["close"]["name"], sorted(after))
        if d["close"]["tune"]:
            assert (stages.melody[-1].pitch % 12) in final, (d["close"]["tune"], sorted(final))
    elif close.name == "codetta":
        dominant = {"mixolydian": 10, "aeolian": 10, "phrygian": 1}.get(key.mode, 7)
        assert (tonic + dominant) % 12 in after, sorted(after)
    elif close.name == "deceptive":
        sixth = (tonic + (8 if key.is_minor_family else 9)) % 12
        leading = (tonic + 11) % 12
        onsets = sorted({t for t, name, m in _events(midi) if name.startswith("Bass")
                         and m.type == "note_on" and m.velocity and last - 3 * bar <= t < last})
        # the harmony heard as the bass reaches VI's root holds the leading tone: the bass may
        # walk inside the dominant first (last-visit's A1 E2 | Bb1 under V7 | VI, parting from
        # the tune's E5 F5), so the chord is read where it sounds, not at the bass's last onset
        bass = [_struck(midi, ("Bass",), t, t + 1) for t in onsets]
        heard = [_heard_before(midi, chords, t, bar // 8) for t in onsets]
        assert any(leading in h and sixth in b for h, b in zip(heard, bass)), (bass, heard)
