"""Entry point of the corpus stage: ``build_corpus(source, out_dir, **params)``.

``source`` is ``world`` (the embedded default, generated) or an adapter for real
data (``folder``, ``youtube8m``, ``imac``, ``shuttersong``, ``mrcca_pairs``) that
reads ``source_path``. Every source writes the same schema, ``skipped.csv`` and
``manifest.json``; the build fails with :class:`CorpusError` when nothing usable
remains or when more than ``max_skip_share`` of the inputs were skipped, and the
finished folder is validated before it is returned.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from music_visual.corpus.schema import (
    MANIFEST_FILE, SCHEMA_VERSION, TABLE_FILES, Corpus, CorpusError, load_corpus, save_manifest, save_tables,
)
from music_visual.corpus.skips import check_skip_share
from music_visual.corpus.world.generate import SIZES, WorldParams, build_world
from music_visual.corpus.world.latents import Difficulty
from music_visual.corpus.world.structure import Structure

ADAPTERS = ("folder", "youtube8m", "imac", "shuttersong", "mrcca_pairs")
SOURCES = ("world",) + ADAPTERS


def world_params(size: str = "default", **overrides) -> WorldParams:
    """A size preset (``tiny``/``small``/``default``/``large``) with explicit overrides (any field of
    ``WorldParams``, ``Difficulty`` or ``Structure``); unknown names raise."""
    if size not in SIZES:
        raise ValueError(f"unknown corpus size {size!r}; expected one of {tuple(SIZES)}")
    diff_names = {f.name for f in dataclasses.fields(Difficulty)}
    structure_names = {f.name for f in dataclasses.fields(Structure)}
    fields = {f.name for f in dataclasses.fields(WorldParams)} - {"difficulty", "structure"}
    unknown = set(overrides) - fields - diff_names - structure_names
    if unknown:
        raise TypeError(f"unknown world parameters {sorted(unknown)}")
    chosen = SIZES[size] | {k: v for k, v in overrides.items() if k in fields}
    difficulty = Difficulty(**{k: v for k, v in overrides.items() if k in diff_names})
    structure = Structure(**{k: v for k, v in overrides.items() if k in structure_names})
    return WorldParams(**chosen, difficulty=difficulty, structure=structure)


BUILD_MARKER = ".corpus_build"


def _prepare(out_dir: Path) -> None:
    """Empty ``out_dir``; refuse to wipe a non-empty folder that is neither a corpus nor an
    interrupted build (marked by ``BUILD_MARKER``)."""
    if out_dir.exists():
        ours = any((out_dir / name).is_file() for name in (MANIFEST_FILE, TABLE_FILES["items"], BUILD_MARKER))
        if any(out_dir.iterdir()) and not ours:
            raise CorpusError(f"{out_dir} is not empty and holds no corpus; refusing to overwrite it")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    (out_dir / BUILD_MARKER).write_text("a corpus build started here\n")


def _adapter(source: str):
    from importlib import import_module

    return import_module(f"music_visual.corpus.adapters.{source}").build


def build_corpus(source: str, out_dir, *, seed: int = 0, max_skip_share: float = 0.2, workers: int = 0,
                 asset_cache=None, source_path=None, **params) -> Corpus:
    """Build a corpus folder at ``out_dir`` from ``source`` and return it loaded (and validated).

    World parameters: ``size`` plus any field of ``WorldParams`` / ``Difficulty``.
    Adapter parameters: ``source_path`` plus the adapter's own keywords.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown corpus source {source!r}; expected one of {SOURCES}")
    out_dir = Path(out_dir)
    _prepare(out_dir)
    if source == "world":
        from music_visual.paths import raw_dir

        cache = Path(asset_cache) if asset_cache else raw_dir() / "corpus_assets"
        wp = world_params(**params)
        tables, skips, extras = build_world(out_dir, seed, wp, cache, workers)
        n_inputs = wp.n_videos + wp.n_songs + wp.n_images
    else:
        if source_path is None:
            raise ValueError(f"source {source!r} needs source_path")
        tables, skips, extras = _adapter(source)(out_dir, Path(source_path), seed=seed, **params)
        n_inputs = extras.pop("n_inputs")
    check_skip_share(n_inputs - len(skips), skips, max_skip_share, what=f"{source} inputs")
    save_tables(out_dir, tables)
    skips.write(out_dir)
    manifest = {"source": source, "schema_version": SCHEMA_VERSION, "seed": seed,
                "params": {"max_skip_share": max_skip_share, **params, **({"source_path": str(source_path)}
                                                                          if source_path else {})},
                "counts": _counts(tables, skips), **extras}  # no timings: the same seed rebuilds the same bytes
    save_manifest(out_dir, manifest)
    (out_dir / BUILD_MARKER).unlink()
    return load_corpus(out_dir, validate=True)


def _counts(tables: dict, skips) -> dict:
    items = tables["items"]
    return {"items": {k: int(v) for k, v in items["kind"].value_counts().sort_index().items()},
            "songs": int(items.loc[items["song_id"] != "", "song_id"].nunique()),
            "pairs": {k: int(v) for k, v in tables["pairs"]["role"].value_counts().sort_index().items()}
            if len(tables["pairs"]) else {},
            "annotations": {k: int(v) for k, v in tables["annotations"]["kind"].value_counts().sort_index().items()}
            if len(tables.get("annotations", [])) else {},
            "skipped": skips.counts(), "skipped_total": len(skips)}
