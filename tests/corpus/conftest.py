"""Shared fixtures of the corpus tests: one tiny world corpus built once per session."""

from __future__ import annotations

import pytest

from music_visual.corpus import build_corpus


@pytest.fixture(scope="session")
def asset_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("corpus_assets")


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory, asset_cache):
    out = tmp_path_factory.mktemp("tiny") / "corpus"
    return build_corpus("world", out, size="tiny", seed=7, workers=2, asset_cache=asset_cache)


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
