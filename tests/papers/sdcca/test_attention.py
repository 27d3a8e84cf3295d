"""The emotion attention model (Eq. 6-7): weights sum to one, padding is ignored, the signal chunk wins."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from music_visual.papers.sdcca.attention import AttentionConfig, EmotionAttention, pad_sequences


def test_weights_sum_to_one_and_padding_gets_none(torch_one_thread):
    model = EmotionAttention(AttentionConfig(input_dim=3, hidden=4, attention_dim=4, n_classes=2), seed=0)
    x, lengths = pad_sequences([np.random.default_rng(0).normal(size=(n, 3)) for n in (5, 2, 4)])
    out = model.eval()(x, lengths)
    torch.testing.assert_close(out.weights.sum(dim=1), torch.ones(3))
    assert (out.weights[1, 2:] == 0).all() and (out.weights[2, 4:] == 0).all()
    assert out.logits.shape == (3, 2) and out.context.shape == (3, 8)


def test_a_padded_song_scores_as_it_does_alone(torch_one_thread):
    model = EmotionAttention(AttentionConfig(input_dim=3, hidden=4, attention_dim=4, n_classes=2), seed=1).eval()
    songs = [np.random.default_rng(s).normal(size=(n, 3)) for s, n in ((0, 6), (1, 3))]
    together = model(*pad_sequences(songs))
    alone = model(*pad_sequences(songs[1:]))
    torch.testing.assert_close(together.weights[1, :3], alone.weights[0], rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(together.context[1], alone.context[0], rtol=1e-5, atol=1e-6)


def test_initialisation_is_seeded_and_leaves_the_global_rng_alone():
    torch.manual_seed(5)
    before = torch.rand(1)
    torch.manual_seed(5)
    a = EmotionAttention(AttentionConfig(input_dim=2, hidden=3), seed=7)
    after = torch.rand(1)
    b = EmotionAttention(AttentionConfig(input_dim=2, hidden=3), seed=7)
    assert torch.equal(before, after)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


def test_bad_lengths_are_errors():
    model = EmotionAttention(AttentionConfig(input_dim=2, hidden=2, attention_dim=2, n_classes=2))
    with pytest.raises(ValueError, match="lengths"):
        model(torch.zeros(2, 3, 2), torch.tensor([4, 1]))


def test_the_chunk_carrying_the_class_gets_the_most_weight(torch_one_thread):
    """Toy: 8 chunks of noise per sequence; one chunk at a random position carries the class."""
    rng = np.random.default_rng(0)

    def toy(n):
        x = rng.normal(size=(n, 8, 6)).astype(np.float32)
        labels, where = rng.integers(0, 3, size=n), rng.integers(0, 8, size=n)
        x[np.arange(n), where, labels] += 4.0
        x[np.arange(n), where, 5] += 4.0  # a marker shared by every signal chunk
        return torch.tensor(x), torch.tensor(labels), where

    x, y, _ = toy(600)
    lengths = torch.full((600,), 8)
    torch.manual_seed(0)
    model = EmotionAttention(AttentionConfig(input_dim=6, hidden=16, attention_dim=16, n_classes=3, dropout=0.0), seed=0)
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(250):
        index = torch.randint(0, 600, (64,))
        loss = F.cross_entropy(model(x[index], lengths[index]).logits, y[index])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    xt, yt, where = toy(200)
    out = model.eval()(xt, torch.full((200,), 8))
    assert float((out.logits.argmax(dim=1) == yt).float().mean()) > 0.9
    assert float(np.mean(out.weights.argmax(dim=1).numpy() == where)) > 0.9
