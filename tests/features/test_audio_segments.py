"""Music-structure segmentation and per-segment MR-CCA features (the dynamic-texture substitute)."""

import numpy as np
import pytest

from music_visual.features.audio_segments import (extract_segment_features, merge_short_segments,
                                                  mrcca_segments_worker, segment_music)

from .conftest import click_track, tone

SR = 22050


def three_part_song() -> np.ndarray:
    """8 s of an A tone, 8 s of a 140 BPM click track, 8 s of a C major triad."""
    triad = tone(261.6, 8.0, SR) + tone(329.6, 8.0, SR) + tone(392.0, 8.0, SR)
    return np.concatenate([tone(440.0, 8.0, SR), 3 * click_track(140, 8.0, SR), triad / 3]).astype(np.float32)


def test_boundaries_of_a_three_part_song_are_found():
    bounds = segment_music(three_part_song(), kernel_s=2.0, min_segment_s=3.0)
    assert bounds.shape == (3, 2)
    np.testing.assert_allclose(bounds[1:, 0], [8.0, 16.0], atol=1.1)
    np.testing.assert_allclose(bounds[:-1, 1], bounds[1:, 0])  # contiguous
    assert bounds[0, 0] == 0.0 and bounds[-1, 1] == pytest.approx(24.0, abs=1e-3)


def test_a_steady_or_short_song_is_one_segment():
    np.testing.assert_allclose(segment_music(tone(440.0, 20.0, SR)), [[0.0, 20.0]], atol=1e-3)
    np.testing.assert_allclose(segment_music(tone(440.0, 5.0, SR), kernel_s=4.0), [[0.0, 5.0]], atol=1e-3)


def test_short_segments_merge_into_their_shorter_neighbour():
    np.testing.assert_allclose(merge_short_segments([0, 1, 6, 7, 20], 3.0), [0, 7, 20])
    np.testing.assert_allclose(merge_short_segments([0, 5, 6, 20], 3.0), [0, 6, 20])
    np.testing.assert_allclose(merge_short_segments([0, 2], 3.0), [0, 2])


def test_features_per_segment():
    values, bounds, flags = extract_segment_features(three_part_song(), SR, kernel_s=2.0)
    assert values.shape == (len(bounds), 133) and values.dtype == np.float32 and np.isfinite(values).all()
    tempo = values[:, 0]
    assert abs(tempo[1] - 140) / 140 < 0.05  # the click-track segment has its own tempo
    assert not flags["nonfinite_output"]


def test_worker_outputs(tmp_path):
    import soundfile as sf

    path = tmp_path / "song.wav"
    sf.write(path, tone(440.0, 4.0, SR), SR)
    outputs, _ = mrcca_segments_worker({"item_id": "song", "path": str(path)})
    assert set(outputs) == {"segments", "bounds"} and outputs["segments"].shape == (1, 133)
    np.testing.assert_allclose(outputs["bounds"], [[0.0, 4.0]], atol=1e-3)
