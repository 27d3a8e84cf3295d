"""The feature-family stage end to end on a tiny generated corpus (synchronous scheduler)."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from music_visual.features.store import load_feature_table

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """A throw-away repository root + workspace holding a tiny corpus with one corrupt audio file."""
    import os

    from music_visual.corpus import build_corpus

    root = tmp_path_factory.mktemp("repo")
    shutil.copy(ROOT / "dvc.yaml", root / "dvc.yaml")
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    params["corpus"]["corpus_name"] = "tiny"
    params["features"] |= {"scheduler": "synchronous", "max_failure_share": 0.2}
    (root / "params.yaml").write_text(yaml.safe_dump(params))
    old = {k: os.environ.get(k) for k in ("MUSIC_VISUAL_ROOT", "MUSIC_VISUAL_WORKSPACE")}
    os.environ["MUSIC_VISUAL_ROOT"] = os.environ["MUSIC_VISUAL_WORKSPACE"] = str(root)
    corpus = build_corpus("world", root / "data/processed/corpus/tiny", seed=0, size="tiny")
    broken = corpus.of_kind("audio").iloc[0]
    corpus.path_of(broken["item_id"]).write_bytes(b"not audio at all")
    yield root, broken["item_id"], corpus
    for k, v in old.items():
        os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


def test_vmnet_audio_stage_counts_and_names_the_broken_item(study):
    from music_visual.features.stage import main

    root, broken, corpus = study
    assert main(["vmnet_audio"]) == 0
    table = load_feature_table(root / "data/processed/features/vmnet_audio/music")
    n_audio = int((corpus.items["kind"] == "audio").sum())
    assert table.dim == 1140 and len(table.ids) == n_audio - 1 and broken not in table.ids
    assert table.failures["item_id"].tolist() == [broken]
    assert np.isfinite(table.values).all()
    report = json.loads((root / "reports/features/vmnet_audio.json").read_text())
    assert report["n_failed"] == 1 and report["n_ok"] == n_audio - 1


def test_too_many_failures_fail_the_stage(study, capsys):
    from music_visual.features.stage import main

    root, _, _ = study
    params = yaml.safe_load((root / "params.yaml").read_text())
    params["features"]["max_failure_share"] = 0.0
    (root / "params.yaml").write_text(yaml.safe_dump(params))
    try:
        assert main(["sdcca_audio"]) == 2
        assert "1 of" in capsys.readouterr().err
    finally:
        params["features"]["max_failure_share"] = 0.2
        (root / "params.yaml").write_text(yaml.safe_dump(params))


def test_image_family_outputs_and_unknown_family(study, capsys):
    from music_visual.features.stage import main

    root, _, corpus = study
    assert main(["handcrafted_images"]) == 0
    table = load_feature_table(root / "data/processed/features/handcrafted_images/handcrafted")
    assert table.dim == 2596 and len(table.ids) == int((corpus.items["kind"] == "image").sum())
    assert main(["nope"]) == 2 and "unknown feature family" in capsys.readouterr().err


def test_musicnn_stage_stores_tag_names_and_counts_the_broken_item(study):
    from music_visual.features.audio_musicnn import musicnn_tag_names
    from music_visual.features.stage import main

    root, broken, corpus = study
    assert main(["musicnn_audio"]) == 0
    folder = root / "data/processed/features/musicnn_audio"
    tags, patches = load_feature_table(folder / "tag_mean"), load_feature_table(folder / "penultimate")
    n_audio = int((corpus.items["kind"] == "audio").sum())
    assert tags.dim == 50 and len(tags.ids) == n_audio - 1 and broken not in tags.ids
    assert tags.meta["tag_names"] == list(musicnn_tag_names("MSD_musicnn")) and tags.meta["model"] == "MSD_musicnn"
    assert np.all((tags.values >= 0) & (tags.values <= 1))
    assert patches.dim == 200 and len(patches.values) > len(patches.ids)  # several 3 s patches per song
    report = json.loads((root / "reports/features/musicnn_audio.json").read_text())
    assert report["n_failed"] == 1 and report["failures"][0]["item_id"] == broken
