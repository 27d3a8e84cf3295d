"""The family registry: workers resolved by name, setup hooks, and no extractor imported up front."""

import subprocess
import sys

import pytest

from music_visual.features.families import FAMILIES, resolve, stage_imports


def test_every_family_worker_resolves_to_a_module_level_function():
    for family in FAMILIES.values():
        worker = family.worker
        assert callable(worker) and worker.__module__ == family.module
        assert worker.__qualname__ == family.worker_ref.partition(":")[2]


def test_stage_imports_name_the_worker_and_setup_modules():
    assert stage_imports(["vmnet_audio"]) == ["music_visual.features.audio_vmnet"]
    assert stage_imports(["cnn_images"]) == ["music_visual.features.image_tags", "music_visual.features.visual_cnn"]
    assert stage_imports(["musicnn_audio"]) == ["music_visual.features.audio_musicnn"]
    assert stage_imports(["no_such_family"]) == [] and stage_imports([]) == []


def test_worker_params_add_the_setup_hook_values(monkeypatch):
    import music_visual.features.visual_cnn as visual_cnn

    monkeypatch.setattr(visual_cnn, "export_onnx", lambda: "/models/x.onnx")
    assert FAMILIES["cnn_frames"].worker_params({"fps": 0.5}) == {"fps": 0.5, "model_path": "/models/x.onnx",
                                                                    "threads": 1}
    assert FAMILIES["vmnet_audio"].worker_params({"sample_rate": 12000}) == {"sample_rate": 12000}


def test_resolve_rejects_unknown_names():
    with pytest.raises(AttributeError):
        resolve(".audio_vmnet:no_such_worker")


def test_registry_and_corpus_schema_load_no_extractor_and_no_world_generator():
    code = ("import sys, music_visual.features.stage, music_visual.corpus.schema; "
            "print(sorted(m for m in sys.modules if m.startswith('music_visual.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in ("audio_vmnet", "visual_cnn", "visual_handcrafted", "corpus.build", "corpus.world"):
        assert f"music_visual.{'features.' if '.' not in heavy else ''}{heavy}" not in loaded


def test_corpus_package_names_are_still_importable():
    from music_visual.corpus import build_corpus, load_corpus, oracle_similarity, validate_corpus

    assert build_corpus.__module__ == "music_visual.corpus.build"
    assert load_corpus.__module__ == "music_visual.corpus.schema"
    assert callable(oracle_similarity) and callable(validate_corpus)
    import music_visual.corpus as corpus

    with pytest.raises(AttributeError):
        corpus.no_such_name  # noqa: B018
