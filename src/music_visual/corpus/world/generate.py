"""Build the embedded default corpus: sample the world, render it, write the tables.

``SIZES`` holds the named presets (``tiny`` for tests and notebook defaults,
``small`` for sweeps on 2 cores, ``default`` for the main run, ``large`` for paper scale); :func:`build_world`
takes every parameter explicitly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.corpus.assets import build_asset_bank, image_catalog
from music_visual.corpus.schema import ANNOTATION_COLUMNS, ITEM_COLUMNS, LATENT_COLUMNS, PAIR_COLUMNS
from music_visual.corpus.skips import SkipLog
from music_visual.corpus.world import text
from music_visual.corpus.world.compositions import load_composition_pool
from music_visual.corpus.world.latents import Difficulty, sample_units
from music_visual.corpus.world.render import RenderSettings, media_paths, render_all
from music_visual.corpus.world.structure import Structure
from music_visual.corpus.world.visuals import canvas_size

LABELS = ("affect3", "emotion8", "emotion10", "genre", "topic")


@dataclass(frozen=True)
class WorldParams:
    n_videos: int = 2000
    n_songs: int = 200
    n_images: int = 400
    song_seconds: float = 30.0
    long_song_share: float = 0.1
    long_song_seconds: float = 72.0
    images_per_song: int = 5
    n_compositions: int = 120
    use_debian_assets: bool = True
    width: int = 192
    height: int = 144
    fps: int = 6
    sample_rate: int = 22050
    preference_agreement: float = 0.892
    annotators_per_pair: int = 3
    mood_share: float = 0.186
    difficulty: Difficulty = field(default_factory=Difficulty)
    structure: Structure = field(default_factory=Structure)


SIZES = {
    "tiny": dict(n_videos=12, n_songs=4, n_images=6, song_seconds=6.0, long_song_share=0.25, long_song_seconds=12.0,
                 n_compositions=6, use_debian_assets=False),
    "small": dict(n_videos=500, n_songs=50, n_images=100, n_compositions=60),
    "default": {},
    "large": dict(n_videos=20000, n_songs=2000, n_images=5000, n_compositions=400),
}


def _item(uid, suffix, kind, fmt, path, unit, duration=np.nan, song_id=None):
    row = {"item_id": f"{uid}_{suffix}", "kind": kind, "format": fmt, "path": path, "duration": duration,
           "split": unit["split"], "song_id": uid if song_id is None else song_id, "source": "world"}
    return row | {k: unit[k] for k in LABELS}


def _latent(item_id, song_id, modality, coords, genre, topic, noise, fidelity):
    v, a, m = coords
    return {"item_id": item_id, "song_id": song_id, "modality": modality, "valence": v, "arousal": a, "motion": m,
            "genre": genre, "topic": topic, "noise": noise, "genre_fidelity": fidelity}


def _unit_rows(unit: dict, on_topic: list[bool], p: WorldParams, out: Path, rng) -> tuple[list, list, list]:
    uid, kind, d = unit["unit_id"], unit["unit_kind"], p.difficulty
    paths = media_paths(uid, kind, p.images_per_song)
    visual = ("visual", (unit["x_visual"], unit["y_visual"], unit["m_visual"]), unit["style_genre"])
    if kind == "image":
        items = [_item(uid, "image", "image", "jpg", paths["image"], unit, song_id="")]
        return items, [], [_latent(items[0]["item_id"], "", *visual, unit["topic"] if on_topic[0] else "",
                                   d.visual_noise, d.style_fidelity)]
    items = [_item(uid, "audio", "audio", "flac", paths["audio"], unit, unit["duration"])]
    latents = [_latent(f"{uid}_audio", uid, "music", (unit["v_music"], unit["a_music"], np.nan), unit["genre"], "",
                       d.music_noise, 1.0)]
    if kind == "song":
        return items, [], latents
    lyric_path = out / "lyric" / f"{uid}.txt"
    lyric_path.parent.mkdir(parents=True, exist_ok=True)
    lyric_path.write_text(text.make_lyric(unit["topic"], unit["affect3"], rng))
    items += [_item(uid, "video", "video", "mp4", paths["video"], unit, unit["duration"]),
              _item(uid, "lyric", "lyric", "txt", f"lyric/{uid}.txt", unit)]
    items += [_item(uid, f"img{k}", "image", "jpg", paths[f"img{k}"], unit) for k in range(len(on_topic))]
    latents += [_latent(f"{uid}_video", uid, *visual, unit["topic"], d.visual_noise, d.style_fidelity),
                _latent(f"{uid}_lyric", uid, "text", (np.nan, np.nan, np.nan), "", unit["topic"], np.nan, np.nan)]
    latents += [_latent(f"{uid}_img{k}", uid, *visual, unit["topic"] if flag else "", d.visual_noise, d.style_fidelity)
                for k, flag in enumerate(on_topic)]
    pairs = [{"left_id": f"{uid}_audio", "right_id": f"{uid}_{r}", "role": role, "song_id": uid, "split": unit["split"]}
             for r, role in [("video", "music_video"), ("lyric", "song_lyric")]
             + [(f"img{k}", "song_image") for k in range(len(on_topic))]]
    return items, pairs, latents


def _annotations(units: pd.DataFrame, on_topic: dict, p: WorldParams, rng) -> pd.DataFrame:
    videos = units[units["unit_kind"] == "music_video"]
    songs = units[units["unit_kind"] != "image"]
    rows = (text.preference_rows(videos, p.preference_agreement, p.annotators_per_pair, rng, p.structure)
            + text.favourite_rows({u: on_topic[u] for u in videos["unit_id"]}, rng)
            + text.mood_rows(songs, p.mood_share, rng) + text.section_rows(songs))
    return pd.DataFrame(rows, columns=list(ANNOTATION_COLUMNS))


def build_world(out_dir: Path, seed: int, params: WorldParams, asset_cache: Path, workers: int = 0):
    """Generate the world into ``out_dir``: returns (tables, skips, manifest extras)."""
    rng = np.random.default_rng(seed)
    d = params.difficulty
    units = sample_units(params.n_videos, params.n_songs, params.n_images, params.song_seconds,
                         params.long_song_share, params.long_song_seconds, params.n_compositions, d, rng,
                         params.structure)
    catalog, versions, warnings = image_catalog(asset_cache, params.use_debian_assets)
    canvas = canvas_size(params.width, params.height)
    bank = build_asset_bank(catalog, canvas, min(canvas), asset_cache)
    pool = load_composition_pool(params.n_compositions, asset_cache)
    settings = RenderSettings(str(out_dir), str(bank), params.width, params.height, params.fps, params.sample_rate,
                              params.images_per_song, d.distractor_rate)
    results = render_all(units.to_dict("records"), settings, pool, workers)
    skips, on_topic, rows = SkipLog(), {}, ([], [], [])
    for unit, res in zip(units.to_dict("records"), results):
        if res["error"]:
            skips.add(unit["unit_id"], "render_failed", res["error"])
            continue
        on_topic[unit["unit_id"]] = res["on_topic"]
        for acc, part in zip(rows, _unit_rows(unit, res["on_topic"], params, Path(out_dir), rng)):
            acc.extend(part)
    kept = units[units["unit_id"].isin(on_topic)]
    tables = {"items": pd.DataFrame(rows[0], columns=list(ITEM_COLUMNS)),
              "pairs": pd.DataFrame(rows[1], columns=list(PAIR_COLUMNS)),
              "latents": pd.DataFrame(rows[2], columns=list(LATENT_COLUMNS)),
              "annotations": _annotations(kept, on_topic, params, rng)}
    extras = {"asset_versions": versions | _music_versions(), "asset_warnings": warnings,
              "n_pictures": catalog["role"].value_counts().to_dict(),
              "compositions": [piece["ref"] for piece in pool], "world_params": asdict(params),
              "audio_seconds": float(kept.loc[kept["unit_kind"] != "image", "duration"].sum())}
    return tables, skips, extras


def _music_versions() -> dict:
    import importlib.metadata as md

    return {name: md.version(name) for name in ("music21", "pretty_midi", "tinysoundfont", "av")}
