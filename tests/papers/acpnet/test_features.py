"""Downsized log-spectrograms, thumbnails, the train-only transforms."""

from __future__ import annotations

import numpy as np
import soundfile as sf
from PIL import Image

from music_visual.papers.acpnet.features import (PCAProjection, Standardiser, _spectrogram_chunk, _thumbnail_chunk,
                                                 crop_bounds, downsized_log_spectrogram, spectrogram_frames)


def test_crop_is_centred_in_the_segment():
    assert crop_bounds(60.0, 120.0, 10.0) == (85.0, 95.0)
    assert crop_bounds(0.0, 6.0, 10.0) == (0.0, 6.0)


def test_spectrogram_shape_and_the_tone_band():
    sr = 22050
    t = np.arange(int(12 * sr)) / sr
    tone = 0.5 * np.sin(2 * np.pi * 440.0 * t).astype(np.float32)
    spec, flags = downsized_log_spectrogram(tone, sr, 9.6, 32, 8)
    assert spec.shape == (spectrogram_frames(9.6, 8), 32) and np.isfinite(spec).all()
    band = int(np.argmax(spec.mean(axis=0)))
    from music_visual.papers.acpnet.features import mel_filterbank
    assert band == int(np.argmax(mel_filterbank(32)[:, 44]))  # 440 Hz is FFT bin 44 at 10 Hz spacing
    assert not any(flags.values())


def test_short_song_is_padded_and_silence_flagged(tmp_path):
    sr = 16000
    sf.write(tmp_path / "quiet.flac", np.zeros(sr * 3, np.float32), sr)
    out = _spectrogram_chunk([{"item_id": "q", "abs_path": str(tmp_path / "quiet.flac"), "start_s": 0.0, "end_s": 3.0},
                              {"item_id": "x", "abs_path": str(tmp_path / "missing.flac"), "start_s": 0.0, "end_s": 3.0}],
                             9.6, 16, 4)
    assert out[0][1].shape == (spectrogram_frames(9.6, 4), 16) and out[0][2]["silent"]
    assert out[1][1] is None and "missing" in out[1][3]  # a named failure, not a silent drop


def test_thumbnail_is_an_area_average(tmp_path):
    img = np.zeros((48, 64, 3), np.uint8)
    img[:, 32:] = 255
    Image.fromarray(img).save(tmp_path / "a.png")
    Image.fromarray(np.full((48, 64, 3), 7, np.uint8)).save(tmp_path / "b.png")
    out = _thumbnail_chunk([{"item_id": "a", "abs_path": str(tmp_path / "a.png")},
                            {"item_id": "b", "abs_path": str(tmp_path / "b.png")}], 4, 3)
    a = out[0][1].reshape(3, 3, 4)
    assert np.allclose(a[:, :, :2], 0.0) and np.allclose(a[:, :, 2:], 1.0)
    assert out[1][2]["blank"] and not out[0][2]["blank"]


def test_standardiser_and_pca_use_the_fitted_statistics():
    rng = np.random.default_rng(0)
    train = rng.normal(5.0, 2.0, (200, 6))
    s = Standardiser.fit(train)
    assert np.allclose(s.transform(train).mean(axis=0), 0, atol=1e-5)
    assert np.allclose(Standardiser.fit(np.ones((4, 2))).transform(np.ones((1, 2))), 0)
    x = rng.normal(size=(300, 2)) @ np.array([[3.0, 0, 0, 0], [0, 0.5, 0, 0]])
    pca = PCAProjection.fit(x, 1)
    assert abs(abs(pca.axes[0, 0]) - 1.0) < 1e-3 and pca.transform(x).shape == (300, 1)
