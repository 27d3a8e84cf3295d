"""Fixtures shared by the unit tests: one tiny world corpus and one ONNX export per
session, and a factory of tiny real media files (good and broken)."""

import pytest


@pytest.fixture(scope="module")
def torch_one_thread():
    """A shared 2-core machine: one torch thread is faster and keeps timings stable."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture(scope="session")
def asset_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("corpus_assets")


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory, asset_cache):
    from music_visual.corpus import build_corpus

    out = tmp_path_factory.mktemp("tiny") / "corpus"
    return build_corpus("world", out, size="tiny", seed=7, workers=2, asset_cache=asset_cache)


@pytest.fixture(scope="session")
def onnx_model_path(tmp_path_factory):
    from music_visual.features.visual_cnn import export_onnx

    return export_onnx(tmp_path_factory.mktemp("models") / "lite0.onnx")


class MediaFactory:
    """Writes tiny real media files for adapter fixtures."""

    @staticmethod
    def audio(path, seconds=2.0, silent=False, sample_rate=16000):
        import numpy as np
        import soundfile

        t = np.arange(int(seconds * sample_rate)) / sample_rate
        signal = np.zeros_like(t) if silent else 0.2 * np.sin(2 * np.pi * 440 * t)
        path.parent.mkdir(parents=True, exist_ok=True)
        soundfile.write(path, signal.astype("float32"), sample_rate)
        return path

    @staticmethod
    def image(path, colour=(200, 30, 30), size=(16, 12)):
        from PIL import Image

        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, colour).save(path)
        return path

    @staticmethod
    def video(path, seconds=3, with_audio=True, silent=False, fps=4):
        import numpy as np

        from music_visual.corpus.world.media_writer import write_mp4

        sr = 16000
        frames = [np.full((32, 48, 3), (i * 20) % 255, np.uint8) for i in range(seconds * fps)]
        t = np.arange(seconds * sr) / sr
        audio = (np.zeros_like(t) if silent else 0.2 * np.sin(2 * np.pi * 330 * t)).astype("float32")
        write_mp4(path, frames, fps, audio if with_audio else None, sr)
        return path

    @staticmethod
    def corrupt(path, size=2000):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(range(256)) * (size // 256))
        return path


@pytest.fixture
def media():
    return MediaFactory()
