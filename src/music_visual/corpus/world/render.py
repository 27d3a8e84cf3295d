"""Render the media of one unit (music video, standalone song or standalone image).

Workers load the shared context (picture bank, compositions, soundfont) once,
then each job draws only from its unit's own seed, so the files are identical
whatever the number of workers.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from music_visual.corpus.assets import load_asset_bank
from music_visual.corpus.world import media_writer, music, visuals
from music_visual.corpus.world.catalog import GENRES


@dataclass(frozen=True)
class RenderSettings:
    out_dir: str
    bank_path: str
    width: int
    height: int
    fps: int
    sample_rate: int
    images_per_song: int
    distractor_rate: float


def media_paths(unit_id: str, kind: str, images_per_song: int) -> dict[str, str]:
    """Relative paths of every file a unit produces."""
    if kind == "image":
        return {"image": f"image/{unit_id}.jpg"}
    paths = {"audio": f"audio/{unit_id}.flac"}
    if kind == "music_video":
        paths["video"] = f"video/{unit_id}.mp4"
        paths.update({f"img{k}": f"image/{unit_id}_{k}.jpg" for k in range(images_per_song)})
    return paths


_CONTEXT: dict = {}


def _init_worker(settings: RenderSettings, pool: list[dict]) -> None:
    _CONTEXT.update(settings=settings, pool=pool, bank=load_asset_bank(Path(settings.bank_path)),
                    soundfont=music.soundfont_path().read_bytes())


def _visual_factors(unit: dict, s: RenderSettings) -> dict:
    return {"grading": unit["x_visual"], "vividness": unit["y_visual"], "motion": unit["m_visual"], "topic": unit["topic"],
            "style": GENRES[unit["style_genre"]]["style"], "distractor_rate": s.distractor_rate,
            "width": s.width, "height": s.height}


def _render_audio(unit: dict, arr: music.Arrangement) -> np.ndarray:
    piece = _CONTEXT["pool"][unit["piece"] % len(_CONTEXT["pool"])]
    return music.render_song(piece, arr, _CONTEXT["settings"].sample_rate, _CONTEXT["soundfont"])


def _keyframe_times(shots, n: int, duration: float) -> list[tuple[float, bool]]:
    """``n`` evenly spaced times and whether the shot shown then is on topic."""
    times = (np.arange(n) + 0.5) * duration / n
    return [(t, next((s for s in shots if s.start <= t < s.end), shots[-1]).on_topic) for t in times]


def render_unit(unit: dict) -> dict:
    """Write one unit's files; returns ``{"unit_id", "error", "on_topic"}`` (error ``""`` if fine)."""
    s: RenderSettings = _CONTEXT["settings"]
    rng = np.random.default_rng(int(unit["seed"]))
    out, paths = Path(s.out_dir), media_paths(unit["unit_id"], unit["unit_kind"], s.images_per_song)
    arr = music.arrangement_for(unit["v_music"], unit["a_music"], unit["genre"], unit["duration"], unit["tonic_pc"])
    try:
        if unit["unit_kind"] == "image":
            shots = visuals.plan_shots(1.0, 1.0, _CONTEXT["bank"], _visual_factors(unit, s), rng, music.section_at)
            media_writer.write_jpg(out / paths["image"], visuals.frame_at(shots, 0.5, s.width, s.height))
            return {"unit_id": unit["unit_id"], "error": "", "on_topic": [shots[0].on_topic]}
        audio = _render_audio(unit, arr)
        media_writer.write_flac(out / paths["audio"], audio, s.sample_rate)
        if unit["unit_kind"] == "song":
            return {"unit_id": unit["unit_id"], "error": "", "on_topic": []}
        shots = visuals.plan_shots(arr.duration, arr.beat_seconds, _CONTEXT["bank"], _visual_factors(unit, s), rng,
                                   music.section_at)
        times = np.arange(int(arr.duration * s.fps)) / s.fps
        frames = (visuals.frame_yuv420p_at(shots, t, s.width, s.height) for t in times)
        media_writer.write_mp4(out / paths["video"], frames, s.fps, audio, s.sample_rate, frame_format="yuv420p")
        keys = _keyframe_times(shots, s.images_per_song, arr.duration)
        for k, (t, _) in enumerate(keys):
            media_writer.write_jpg(out / paths[f"img{k}"], visuals.frame_at(shots, t, s.width, s.height))
        return {"unit_id": unit["unit_id"], "error": "", "on_topic": [o for _, o in keys]}
    except Exception as err:  # noqa: BLE001 - a failed unit is recorded as a skip, never dropped silently
        return {"unit_id": unit["unit_id"], "error": f"{type(err).__name__}: {err}", "on_topic": []}


def render_all(units: list[dict], settings: RenderSettings, pool: list[dict], workers: int = 0) -> list[dict]:
    """Render every unit on ``workers`` processes (0 = all cores) with a progress bar; results in unit order."""
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        _init_worker(settings, pool)
        return [render_unit(u) for u in tqdm(units, desc="rendering", unit="unit")]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_init_worker,
                             initargs=(settings, pool)) as executor:
        results = executor.map(render_unit, units, chunksize=4)
        return list(tqdm(results, total=len(units), desc="rendering", unit="unit"))
