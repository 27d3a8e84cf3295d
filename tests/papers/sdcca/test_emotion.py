"""Training the emotion attention model on labelled songs and scoring songs with it."""

import numpy as np
import pytest

from music_visual.corpus.labels import EMOTION10
from music_visual.papers.sdcca.attention import AttentionConfig
from music_visual.papers.sdcca.emotion import (SongBatch, emotion_batches, frame_scaler, label_indices, score_songs,
                                               song_sequences, train_emotion_model)
from music_visual.papers.sdcca.trainer import LoopSettings


def songs(n, seed):
    """Per-second frames whose class shows in a 3-second stretch at a random place."""
    rng = np.random.default_rng(seed)
    labels = rng.choice(EMOTION10[:3], size=n)
    frames = []
    for label in labels:
        f = rng.normal(size=(12, 4))
        start = 3 * rng.integers(0, 4)
        f[start:start + 3, EMOTION10.index(label)] += 3.0
        frames.append(f)
    return frames, labels


def test_labels_outside_the_ten_categories_are_an_error():
    assert label_indices(["bright", "warm"]).tolist() == [0, 9]
    with pytest.raises(ValueError, match="outside"):
        label_indices(["joyful"])


def test_the_model_learns_the_labels_and_scores_every_song(torch_one_thread):
    frames, labels = songs(300, 0)
    scaler = frame_scaler(frames[:240])
    sequences = song_sequences(frames, scaler, 3)
    assert sequences[0].shape == (4, 4)
    train, val = SongBatch.of(sequences[:240], labels[:240]), SongBatch.of(sequences[240:], labels[240:])
    config = AttentionConfig(input_dim=4, hidden=8, attention_dim=8, n_classes=10, dropout=0.0)
    model, result = train_emotion_model(config, train, val, LoopSettings(64, 300, 20, 100, 0.0, 1, 0), 0.01)
    assert result.best_criterion > 0.8 and result.history[0]["val_criterion"] < 0.6
    weights, contexts, probs = score_songs(model, sequences[:5] + [sequences[5][:2]])
    assert [len(w) for w in weights] == [4, 4, 4, 4, 4, 2] and contexts.shape == (6, 16)
    np.testing.assert_allclose([w.sum() for w in weights], 1.0, rtol=1e-6)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)


def test_emotion_batches_follow_the_split_column():
    import pandas as pd

    frames, labels = songs(6, 1)
    table = pd.DataFrame({"emotion10": labels, "split": ["train"] * 4 + ["val"] * 2})
    batches = emotion_batches(table, frames, frame_scaler(frames), 3)
    assert len(batches["train"].x) == 4 and len(batches["val"].x) == 2
