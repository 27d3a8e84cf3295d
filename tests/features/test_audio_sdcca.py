import numpy as np
import pytest

from music_visual.features.audio_sdcca import (
    chunk_means, sdcca_audio_frames, split_into_equal_chunks, split_into_fixed_chunks,
)  # fmt: skip

from .conftest import BAD_AUDIO, tone


def test_per_second_frames_shape_and_fixed_length():
    frames, flags = sdcca_audio_frames(tone(440.0, 7.6, 22050), 22050)
    assert frames.shape == (7, 128) and frames.dtype == np.float32 and not any(flags.values())
    fixed, _ = sdcca_audio_frames(tone(440.0, 7.6, 22050), 22050, n_seconds=10)
    assert fixed.shape == (10, 128)
    np.testing.assert_allclose(fixed[:6], frames[:6], atol=1e-5)


def test_tone_energy_lands_in_the_right_mel_band():
    import librosa

    frames, _ = sdcca_audio_frames(tone(1000.0, 3.0, 16000), 16000)
    centres = librosa.mel_frequencies(n_mels=66, fmin=125.0, fmax=7500.0, htk=True)[1:-1]
    assert abs(centres[int(np.argmax(frames[1, :64]))] - 1000.0) < 80.0


@pytest.mark.parametrize("n_chunks,length", [(3, 72), (6, 36), (9, 24)])
def test_equal_chunks_of_216_seconds(n_chunks, length):
    frames = np.arange(216 * 2, dtype=np.float32).reshape(216, 2)
    chunks, padded = split_into_equal_chunks(frames, n_chunks)
    assert chunks.shape == (n_chunks, length, 2) and not padded
    np.testing.assert_array_equal(chunks.reshape(-1, 2), frames)


def test_remainders_are_dropped_and_short_sequences_padded():
    frames = np.arange(10, dtype=np.float32)[:, None]
    chunks, _ = split_into_equal_chunks(frames, 3)
    np.testing.assert_array_equal(chunks[:, :, 0], [[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    fixed, padded = split_into_fixed_chunks(frames, 3)
    assert fixed.shape == (3, 3, 1) and not padded
    short, padded = split_into_equal_chunks(frames[:2], 3)
    assert padded and short[:, 0, 0].tolist() == [0, 1, 1]
    np.testing.assert_array_equal(chunk_means(fixed)[:, 0], [1, 4, 7])


@pytest.mark.parametrize("name", sorted(BAD_AUDIO))
def test_bad_audio_finite(name):
    frames, _ = sdcca_audio_frames(BAD_AUDIO[name], 12000)
    assert frames.shape[1] == 128 and frames.shape[0] >= 1 and np.isfinite(frames).all()
