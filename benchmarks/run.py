"""Every figure the README quotes, measured: `make bench` (or .venv/bin/python benchmarks/run.py).

Prints a table (median of several runs with min and max) and writes benchmarks/results.json.
Speed and memory are measured here, never asserted in the tests."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CLI = [PY, "-m", "composer.cli"]
SCENE = ROOT / "scenes" / "beach.toml"
RESULTS = ROOT / "benchmarks" / "results.json"


def timed(fn, runs: int):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": runs}


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, **kw)


def scene_text(minutes: float) -> str:
    return (f'title = "bench"\nseed = 3\nlength = {minutes * 60}\nmood = ["tender", "content"]\n'
            f'setting = "beach at dusk"\ntempo = "andante"\n')


def child_peak_rss_mb(code: str) -> float:
    """Peak resident memory of a fresh Python process running `code`: its own memory's high-water
    mark (VmHWM, in KiB). Not ru_maxrss: Linux carries that across the fork and exec from this
    process, so after the engine's hour-long scenes it reported this process's 300 MB."""
    out = subprocess.run([PY, "-c", code + "\nprint(next(line.split()[1] for line in open('/proc/self/status')"
                          " if line.startswith('VmHWM:')))"],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def compiled_env(tmp) -> dict:
    """The environment of a cold start as an installed package has it: a fresh process, but every
    module's bytecode compiled once and cached (pip compiles on install; Python caches on first
    import). Without this, a shell with PYTHONDONTWRITEBYTECODE set, or a work tree whose
    __pycache__ is older than its sources, compiles each of the package's modules on every run, and
    `compose` times the compiler (about 0.1 s) while the floor's numpy, mido and click are read
    compiled from site-packages. The cache goes to a folder of its own, not into the work tree."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def bench_cli(runs, tmp):
    out = Path(tmp) / "cli.mid"
    env = compiled_env(tmp)
    commands = {"compose_s": CLI + ["compose", str(SCENE), "--out", str(out)],
                "floor_s": [PY, "-c", "import numpy, mido, click"]}
    for command in commands.values():
        run(command, env=env)  # compiles and caches what the timed runs import
    result = {name: timed(lambda: run(command, env=env), runs) for name, command in commands.items()}
    return {**result, "ratio": result["compose_s"]["median"] / result["floor_s"]["median"]}


def bench_engine(runs, tmp):
    sys.path.insert(0, str(ROOT))
    from composer import compose
    from composer.scene import parse_scene

    out = {}
    for minutes in (1, 10, 60):
        scene = parse_scene(scene_text(minutes), f"bench-{minutes}.toml")
        t = timed(lambda: compose(scene, 3), max(1, runs if minutes < 60 else 1))
        out[f"{minutes}min"] = {**t, "music_minutes_per_s": minutes / t["median"]}
    for name, text in ENGINE_WORST.items():
        scene = parse_scene(text, "bench-worst.toml")
        t = timed(lambda: compose(scene, 1), 1)
        out[name] = {**t, "music_minutes_per_s": 59 / t["median"]}
    return out


# The worst valid hours for the engine: the densest mood (the scene the render's worst figures
# use), and the shortest bars at the fastest tempo.
ENGINE_WORST = {
    "59-minute 'excited'": 'title = "worst"\nseed = 3\nlength = 3540\nmood = ["excited"]\n',
    "59-minute 1/16 at 300 BPM": 'mood = ["excited"]\nlength = "59:00"\n[tempo]\nbpm = 300\n[music]\nmeter = "1/16"\n',
}


def bench_render(runs, tmp):
    from composer import compose
    from composer.io.midi import write_midi
    from composer.io.soundfont import find_soundfont
    from composer.scene import parse_scene

    piece = compose(parse_scene(scene_text(1), "bench.toml"), 3)
    mid, wav, ref = Path(tmp) / "r.mid", Path(tmp) / "r.wav", Path(tmp) / "ref.wav"
    write_midi(piece, mid)
    sf = find_soundfont(None)
    ours = timed(lambda: run(CLI + ["render", str(mid), "--out", str(wav)]), runs)
    result = {"audio_s": piece.duration_seconds, "soundfont": str(sf), "ours_s": ours,
              "times_real_time": piece.duration_seconds / ours["median"]}
    fluid = shutil.which("fluidsynth")
    if fluid:
        theirs = timed(lambda: run([fluid, "-ni", "-F", str(ref), "-r", "44100", str(sf), str(mid)]), runs)
        result["fluidsynth_cli_s"] = theirs
        result["ratio_to_fluidsynth"] = ours["median"] / theirs["median"]
    else:
        result["fluidsynth_cli_s"] = "not installed (apt-get install fluidsynth)"
    return result


def bench_memory(tmp):
    compose_code = (f"from composer import compose\nfrom composer.scene import parse_scene\n"
                    f"from composer.io.midi import midi_bytes\n"
                    f"p = compose(parse_scene({scene_text(60)!r}, 'm.toml'), 3)\nmidi_bytes(p)")
    render_code = compose_code + (f"\nfrom composer.io.audio import render_midi\n"
                                  f"from composer.io.midi import piece_to_midi\n"
                                  f"render_midi(piece_to_midi(p), {str(Path(tmp) / 'm.wav')!r})")
    return {"compose_60min_peak_mb": child_peak_rss_mb(compose_code),
            "compose_and_render_60min_peak_mb": child_peak_rss_mb(render_code)}


def bench_batch(tmp):
    out = {}
    for jobs in (1, os.cpu_count() or 1):
        start = time.perf_counter()
        run(CLI + ["compose", str(ROOT / "scenes"), "--seeds", "1-4", "--jobs", str(jobs),
                   "--out-dir", str(Path(tmp) / f"batch{jobs}")])
        count = len(list((Path(tmp) / f"batch{jobs}").glob("*.mid")))
        out[f"jobs_{jobs}"] = {"pieces": count, "pieces_per_s": count / (time.perf_counter() - start)}
    return out


def cli_run_peak(args) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one CLI run in its own process. CPU time is
    what to compare on a shared machine: wall time grows with everyone else's load."""
    code = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            f"subprocess.run({CLI + [str(a) for a in args]!r}, check=True, stdout=subprocess.DEVNULL,"
            " stderr=subprocess.DEVNULL)\n"
            "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss)")
    out = subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    seconds, cpu, kib = out.stdout.split()
    return float(seconds), float(cpu), int(kib) / 1024


# The worst valid scenes for rendering: most of an hour (the limit, with room for the ending) of
# the densest feel, and of the typical scene the other figures use.
WORST_SCENES = {
    "59-minute 'excited'": 'title = "worst"\nseed = 3\nlength = 3540\nmood = ["excited"]\n',
    "59-minute typical": scene_text(59),
}


def bench_render_worst(tmp):
    """`render` of whole-hour MIDI files (composed first, rendered in a process of its own), and
    reading a file of 10^6 notes: time and peak memory."""
    from composer import compose
    from composer.io.midi import write_midi
    from composer.scene import parse_scene

    out = {}
    for name, text in WORST_SCENES.items():
        piece = compose(parse_scene(text, "worst.toml"), 3)
        mid = Path(tmp) / "worst.mid"
        write_midi(piece, mid)
        notes = sum(len(p.notes) for p in piece.parts)
        seconds, cpu, peak = cli_run_peak(["render", mid, "--out", Path(tmp) / "worst.wav"])
        out[name] = {"audio_s": piece.duration_seconds, "notes": notes, "render_s": seconds,
                     "cpu_s": cpu, "peak_mb": peak, "times_real_time": piece.duration_seconds / cpu}
        print(f"  {name}: {out[name]}", file=sys.stderr, flush=True)
    million = Path(tmp) / "million.mid"
    million.write_bytes(million_notes_midi())
    code = ("import resource, time\nfrom composer.io.midi import read_midi_file\n"
            "from composer.io.schedule import schedule_raw\nt = time.perf_counter()\n"
            f"s = schedule_raw(read_midi_file({str(million)!r}), 44100, 3600.0)\n"
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    done = subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    seconds, kib = done.stdout.split()
    out["read 10^6 notes"] = {"read_s": float(seconds), "peak_mb": int(kib) / 1024}
    return out


def million_notes_midi() -> bytes:
    """10^6 notes in 52 minutes (a standard MIDI file written byte by byte: mido would take 20 s)."""
    import struct

    rows = b"".join(bytes([3, 0x90, n, 80, 0, n, 0]) for n in range(40, 80))  # on, off by running status
    track = b"\x00\xc0\x00" + rows * 25_000 + b"\x00\xff\x2f\x00"
    return (b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(track)) + track)


def bench_paced(tmp):
    """`play --endless` on the paced virtual card (a PulseAudio null sink, as in the tests), with
    the other core kept busy: what the player reports (blocks not ready, device underflows)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from audio_fixtures import PacedCard, endless_on_card

    (Path(tmp) / "card").mkdir()
    card = PacedCard(Path(tmp) / "card")
    try:
        seconds = float(os.environ.get("LIVE_SECONDS", 300))
        heard = endless_on_card(card, SCENE, seconds, busy=True, cwd=Path(tmp))
    finally:
        card.close()
    heard.pop("stderr")
    return heard


def bench_live(tmp):
    """Callback load and underruns of `play --endless` for a while into the ALSA file device,
    with the other core kept busy."""
    from device_clock import measure_endless

    return measure_endless(SCENE, seconds=float(os.environ.get("LIVE_SECONDS", 300)), busy=True)


def _t(d):
    return f"{d['median']:.3f} s ({d['min']:.3f}-{d['max']:.3f})"


def table(r: dict) -> str:
    """The README's table: figure, measured (median, min-max), goal or reference."""
    rows = []
    if "cli" in r and "error" not in r["cli"]:
        c = r["cli"]
        rows += [("cold `compose` of beach.toml (whole process)", _t(c["compose_s"]), ""),
                 ("floor: python -c 'import numpy, mido, click'", _t(c["floor_s"]), ""),
                 ("cold compose / floor", f"{c['ratio']:.2f}x", "<= 2x")]
    if "engine" in r and "error" not in r["engine"]:
        for k, v in r["engine"].items():
            rows.append((f"engine, {k} scene", f"{_t(v)} = {v['music_minutes_per_s']:.1f} min of music/s",
                         "10 min in <= 1 s" if k == "10min" else "linear in length" if "min" in k[:3] else ""))
    if "render" in r and "error" not in r["render"]:
        v = r["render"]
        rows.append((f"render {v['audio_s']:.0f} s of audio to WAV (CLI, whole process)",
                     f"{_t(v['ours_s'])} = {v['times_real_time']:.0f}x real time", ""))
        if isinstance(v.get("fluidsynth_cli_s"), dict):
            rows += [("fluidsynth CLI, same MIDI and SoundFont", _t(v["fluidsynth_cli_s"]), ""),
                     ("ours / fluidsynth CLI", f"{v['ratio_to_fluidsynth']:.2f}x", "<= 1x")]
    if "memory" in r and "error" not in r["memory"]:
        m = r["memory"]
        rows += [("peak RSS, compose 60-minute scene", f"{m['compose_60min_peak_mb']:.0f} MB", "<= 250 MB"),
                 ("peak RSS, compose + render 60 minutes", f"{m['compose_and_render_60min_peak_mb']:.0f} MB",
                  "<= 250 MB")]
    if "render_worst" in r and "error" not in r["render_worst"]:
        for name, v in r["render_worst"].items():
            if "render_s" in v:
                rows.append((f"render {name} ({v['audio_s'] / 60:.0f} min, {v['notes']} notes): CPU, peak RSS",
                             f"{v['cpu_s']:.0f} s CPU = {v['times_real_time']:.0f}x real time "
                             f"({v['render_s']:.0f} s wall), {v['peak_mb']:.0f} MB", "<= 250 MB"))
            else:
                rows.append((f"{name} (render/play reading): time, peak RSS",
                             f"{v['read_s']:.1f} s, {v['peak_mb']:.0f} MB", ""))
    if "paced" in r and "error" not in r["paced"]:
        v = r["paced"]
        rows.append((f"play --endless on the paced virtual card, other core busy ({v['seconds']} s)",
                     f"{v['underruns']} blocks late, {v['device_underflows']} device underflows", "0"))
    if "batch" in r and "error" not in r["batch"]:
        for k, v in r["batch"].items():
            rows.append((f"batch, {k.replace('_', ' ')}", f"{v['pieces_per_s']:.1f} pieces/s ({v['pieces']} pieces)", ""))
    if "live" in r and "error" not in r["live"]:
        v = r["live"]
        rows += [(f"live --endless {v['seconds']:.0f} s, other core busy: callback p99 / max",
                  f"{100 * v['callback_p99']:.1f} % / {100 * v['callback_max']:.1f} % of a block", "p99 <= 20 %"),
                 ("live underruns", str(v["underruns"]), "0")]
    for name, v in r.items():
        if isinstance(v, dict) and "error" in v:
            rows.append((name, "not measured: " + v["error"], ""))
    width = max(len(a) for a, _, _ in rows)
    lines = [f"{'figure':<{width}}  measured (median, min-max)  goal", "-" * (width + 40)]
    lines += [f"{a:<{width}}  {b}  {c}".rstrip() for a, b, c in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="cli engine render memory render_worst batch live paced")
    args = parser.parse_args()
    sections = {"cli": bench_cli, "engine": bench_engine, "render": bench_render,
                "memory": lambda runs, tmp: bench_memory(tmp),
                "render_worst": lambda runs, tmp: bench_render_worst(tmp),
                "batch": lambda runs, tmp: bench_batch(tmp),
                "live": lambda runs, tmp: bench_live(tmp), "paced": lambda runs, tmp: bench_paced(tmp)}
    results = {"machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
                          f"Python {platform.python_version()}", "date": date.today().isoformat()}
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn in sections.items():
            if args.only and name not in args.only:
                continue
            try:
                results[name] = fn(args.runs, tmp)
            except Exception as error:  # a missing audio library must not hide the other figures
                results[name] = {"error": f"{type(error).__name__}: {error}"}
            print(f"measured {name}", file=sys.stderr, flush=True)
    RESULTS.write_text(json.dumps(results, indent=1, default=str) + "\n")
    print(f"{results['machine']}, {results['date']}")
    print(table(results))
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
