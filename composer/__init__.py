"""memory-composer: compose music from a moment.

    from composer import load_scene, compose
    piece = compose(load_scene("scenes/beach.toml"), seed=14)

The pipeline (DESIGN.md): Scene -feel-> Feel -plan-> Plan -harmony-> Progression -melody-> notes
-arrange-> Arrangement -perform-> Piece. Each stage is pure and gets its own generator derived
from the seed, so one stage's draws never reshuffle another's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from dataclasses import dataclass

from composer.errors import ComposerError, DeviceError, RenderError, SceneError
from composer.piece import Piece
from composer.scene.model import Scene

__all__ = ["compose", "compose_plan", "compose_stages", "load_scene", "scene_seed", "Piece", "Scene",
           "ComposerError", "SceneError", "RenderError", "DeviceError"]


def load_scene(path):
    from composer.scene import load_scene as _load

    return _load(path)


def stage_rng(seed: int, stage: str, content: str = "") -> random.Random:
    """A generator for one stage of one scene. The scene's content takes part with the seed, so
    two different scenes composed with one seed draw differently (no twins in a batch). String
    seeding hashes with SHA-512: the same on every machine and independent of PYTHONHASHSEED."""
    return random.Random(f"memory-composer:{seed}:{content}:{stage}")


def scene_digest(scene: Scene) -> str:
    """What the scene says, as a stable hash. Its file name and its seed are not content: the
    same scene saved under another name, or composed with another seed, keeps its digest."""
    content = dataclasses.replace(scene, source="", seed=None)
    if scene.music.lead is not None:
        # The lead as its GM name, as it was hashed before the lead was resolved at load: every
        # scene keeps the digest (and so the seed and the music) it had.
        content = dataclasses.replace(content, music=dataclasses.replace(
            scene.music, lead=scene.music.lead.name))
    return hashlib.sha256(repr(content).encode("utf-8")).hexdigest()


def scene_seed(scene: Scene) -> int:
    """The scene's own seed, else one derived from its content (stable across machines)."""
    if scene.seed is not None:
        return scene.seed
    return int(scene_digest(scene)[:8], 16) % 100_000


@dataclass(frozen=True)
class Stages:
    """Every stage's value for one scene and seed (what `explain` reports)."""

    seed: int
    feel: object
    plan: object
    progression: tuple
    melody: tuple
    arrangement: object
    piece: Piece
    rerolls: tuple = ()  # the moments composed afresh (composer.reroll.Reroll), in order


def compose_plan(scene: Scene, seed: int, feel=None):
    from composer.feel import feel_of
    from composer.plan import plan_piece

    try:
        return plan_piece(feel or feel_of(scene), scene.title,
                          stage_rng(seed, "plan", scene_digest(scene)))
    except SceneError as error:
        # The plan finds what no single field shows (a length too short for its tempo and
        # moments); the message still names the scene's file.
        error.file = error.file or scene.source
        raise


def compose_stages(scene: Scene, seed: int | None = None, *, ending: bool = True,
                   rerolls=()) -> Stages:
    """Every stage's value. ending=False leaves the piece open (no closing ritardando, no held
    ring past the last bar) for endless playback, where the next piece follows on the bar line.
    `rerolls` (composer.reroll.Reroll each): those moments composed afresh, one after the other,
    each from its own seed, every note outside them as the scene and seed give it."""
    from composer.arrange import arrange, splice
    from composer.harmony import harmonize, reharmonize
    from composer.melody import Redo, compose_melody
    from composer.perform import perform

    from composer.feel import feel_of

    seed = scene_seed(scene) if seed is None else seed
    # A loop is left open like an endless-playback piece, and its harmony leads back to bar 1.
    loop = scene.music.loop
    ending = ending and not loop
    feel = feel_of(scene)
    plan = compose_plan(scene, seed, feel)
    content = scene_digest(scene)
    progression = harmonize(plan, stage_rng(seed, "harmony", content), loop=loop)
    melody = compose_melody(plan, progression, stage_rng(seed, "melody", content))
    arrangement = arrange(plan, progression, melody, ending=ending, rng=stage_rng(seed, "arrange", content))
    # One performance generator per section, so a section played afresh changes no other.
    players = [stage_rng(seed, f"perform:{i}", content) for i in range(len(plan.sections))]
    slots = None
    if rerolls and (plan.form != "moments" or len(plan.sections) != len(scene.moments)):
        raise SceneError("--reroll needs a scene of two or more moments", file=scene.source)
    for reroll in rerolls:
        k = reroll.index

        def fresh(stage: str) -> random.Random:
            return stage_rng(seed, f"{stage}:moment {k + 1}:reroll {reroll.seed}", content)
        progression, slots = reharmonize(plan, progression, k, stage_rng(seed, "harmony", content),
                                         fresh("harmony"), loop=loop, slots=slots)
        melody = compose_melody(plan, progression, stage_rng(seed, "melody", content),
                                Redo(k, fresh("melody"), melody))
        arrangement = splice(plan, arrangement, arrange(plan, progression, melody, ending=ending,
                                                        rng=fresh("arrange")), k)
        players[k] = fresh("perform")
    if plan.hits:
        from composer.hits import accent_stabs

        arrangement = dataclasses.replace(arrangement, parts=accent_stabs(plan, progression, arrangement.parts))
    from composer.harmony.close import button_at, slowing

    piece = perform(plan, arrangement, seed, players, ending=ending, slowing=slowing(progression),
                    button=button_at(progression))
    piece = dataclasses.replace(piece, metadata=metadata(scene, feel, tuple(rerolls)))
    return Stages(seed, feel, plan, progression, melody, arrangement, piece, tuple(rerolls))


def metadata(scene: Scene, feel, rerolls=()) -> tuple[tuple[str, str], ...]:
    """What the piece is about, for the MIDI file's text events: its scene, mood and setting, and
    each re-rolled moment with its seed (what `--reroll` takes to compose the piece again); a
    scene of moments names their intensities in order, so the evaluation can ask whether the
    music's energy follows them (composer.evaluate.energy)."""
    mood = ", ".join(scene.mood.words) or f"valence {feel.valence:+.2f}, arousal {feel.arousal:+.2f}"
    setting = scene.setting.phrase or ", ".join(
        v for v in (scene.setting.place, scene.setting.time, scene.setting.weather,
                    scene.setting.season) if v)
    return (("scene", scene.source), ("mood", mood)) + ((("setting", setting),) if setting else ()) \
        + ((("loop", "the last bar leads back into bar 1"),) if scene.music.loop else ()) \
        + tuple(("reroll", r.spec) for r in rerolls) \
        + ((("moment intensities", " ".join(f"{m.intensity:.2f}" for m in feel.moments)),)
           if len(feel.moments) > 1 else ())


def compose(scene: Scene, seed: int | None = None, *, ending: bool = True, rerolls=()) -> Piece:
    """The piece for a scene; the same scene and seed (and re-roll) give the same piece on any
    machine."""
    return compose_stages(scene, seed, ending=ending, rerolls=rerolls).piece
