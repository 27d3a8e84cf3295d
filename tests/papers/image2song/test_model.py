"""Image2song's models on hand-set inputs: the attention, the padded BiLSTM, the final recurrence, the exact
pairwise cosine, aligned vs pairwise scores, and a one-batch overfit."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from music_visual.papers.image2song.model import (AttentiveReader, Batch, FinalRecurrence, Image2SongNet, LyricLSTM,
                                                  TagAttention, TagHead, masked_softmax, reverse_within_length)
from music_visual.papers.image2song.objective import mse_loss

pytestmark = pytest.mark.usefixtures("torch_one_thread")


def unit_words(n, dim=50, seed=0):
    g = torch.Generator().manual_seed(seed)
    return F.normalize(torch.randn(n, dim, generator=g), dim=1)


def test_attention_weights_sum_to_one_and_skip_padding():
    att = TagAttention(50, 16)
    x, h = unit_words(7).reshape(1, 7, 50).repeat(2, 1, 1), torch.randn(2, 7, 16)
    mask = torch.tensor([[True] * 7, [True] * 4 + [False] * 3])
    q = unit_words(2, seed=1)
    w = att.aligned(att.keys(x, h), mask, q)
    assert torch.allclose(w.sum(dim=1), torch.ones(2))
    assert torch.all(w[1, 4:] == 0) and torch.all(w[1, :4] > 0)


def test_a_tag_equal_to_a_lyric_word_draws_the_most_weight():
    att = TagAttention(50, 16)  # at initialisation: the word block is the identity, the LSTM block zero
    words = unit_words(9, seed=3)
    x, h = words[None], torch.randn(1, 9, 16)
    mask = torch.ones(1, 9, dtype=torch.bool)
    for k in (0, 4, 8):
        w = att.aligned(att.keys(x, h), mask, words[k][None])
        assert int(w.argmax()) == k
        assert float(w[0, k].detach()) > float(w[0, [i for i in range(9) if i != k]].max().detach())
    pairwise = att.pairwise(att.keys(x, h), mask, words[[2, 5]])
    assert pairwise.shape == (2, 1, 9) and pairwise[0, 0].argmax() == 2 and pairwise[1, 0].argmax() == 5


def test_masked_softmax_of_an_empty_row_is_zero():
    w = masked_softmax(torch.tensor([[1.0, 2.0]]), torch.tensor([[False, False]]))
    assert torch.equal(w, torch.zeros(1, 2))


def test_reverse_within_length():
    x = torch.arange(10.0).reshape(2, 5, 1)
    out = reverse_within_length(x, torch.tensor([5, 3]))
    assert out[0, :, 0].tolist() == [4, 3, 2, 1, 0]
    assert out[1, :, 0].tolist() == [7, 6, 5, 8, 9]  # padding stays in place


def test_padded_bilstm_equals_a_packed_bidirectional_lstm():
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    torch.manual_seed(0)
    emb = torch.randn(20, 50)
    emb[0] = 0
    enc = LyricLSTM(emb, 6)
    ref = torch.nn.LSTM(50, 6, batch_first=True, bidirectional=True)
    with torch.no_grad():
        for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
            getattr(ref, name).copy_(getattr(enc.forward_lstm, name))
            getattr(ref, name + "_reverse").copy_(getattr(enc.backward_lstm, name))
    lengths = torch.tensor([7, 3, 5])
    ids = torch.zeros(3, 7, dtype=torch.long)
    for i, n in enumerate(lengths):
        ids[i, :n] = torch.randint(1, 20, (int(n),))
    x, h, mask = enc(ids, lengths)
    packed = pack_padded_sequence(enc.words(ids), lengths, batch_first=True, enforce_sorted=False)
    expected, _ = pad_packed_sequence(ref(packed)[0], batch_first=True, total_length=7)
    assert torch.allclose(h, expected, atol=1e-6)
    assert torch.all(h[1, 3:] == 0)


def test_final_recurrence_matches_the_loop():
    torch.manual_seed(1)
    rec = FinalRecurrence(4, 3)
    h = torch.randn(1, 5, 4)
    mask = torch.tensor([[True] * 4 + [False]])
    weights = torch.tensor([[0.5, 2.0, 1.0, 0.5, 0.0]])
    z = torch.einsum("btd,bt->bd", rec.contributions(h, mask), weights)
    lam = torch.sigmoid(rec.decay_logit)
    state = torch.zeros(3)
    for t in range(4):
        state = lam * state + weights[0, t] * rec.proj(h[0, t])
    assert torch.allclose(z[0], state, atol=1e-6)
    assert torch.allclose(rec.uniform_scale(torch.full((1, 4), 0.25), mask[:, :4]), torch.ones(1, 4))


def test_pair_cosine_equals_the_explicit_cosine():
    torch.manual_seed(2)
    head = TagHead(6, 5, 11, 0.0)
    a, v = torch.relu(torch.randn(3, 4, 5)), torch.rand(3, 11)
    expected = F.cosine_similarity(head.out(a), v[:, None, :].expand(-1, 4, -1), dim=2)
    assert torch.allclose(head.pair_cosine(a, v), expected, atol=1e-5)


def _songs(n=4, vocab=30, t=6, seed=0):
    g = torch.Generator().manual_seed(seed)
    lengths = torch.randint(2, t + 1, (n,), generator=g)
    ids = torch.zeros(n, t, dtype=torch.long)
    for i, L in enumerate(lengths):
        ids[i, :L] = torch.randint(1, vocab, (int(L),), generator=g)
    return Batch(ids=ids, lengths=lengths, mean=torch.randn(n, 50, generator=g), mood=torch.randn(n, 51, generator=g))


@pytest.mark.parametrize("make", [
    lambda emb: Image2SongNet(emb, 12, 4, 6, 8, 0.0, attention=True, mood=False),
    lambda emb: Image2SongNet(emb, 12, 4, 6, 8, 0.0, attention=False, mood=True),
    lambda emb: Image2SongNet(emb, 12, 4, 6, 8, 0.0, attention=True, mood=True),
    lambda emb: AttentiveReader(emb, 12, 4, 6, 8, 0.0),
])
def test_pairwise_scores_equal_the_aligned_predictions(make):
    torch.manual_seed(3)
    model = make(torch.randn(30, 50)).eval()
    songs, v, q = _songs(), torch.rand(3, 12), torch.randn(3, 50)
    with torch.no_grad():
        scores = model.scores(songs, v, q)
        for i in range(3):
            pred = model.predict(songs, torch.arange(4), q[i].expand(4, -1))
            assert torch.allclose(scores[i], F.cosine_similarity(pred, v[i].expand(4, -1), dim=1), atol=1e-5)


def test_one_batch_overfit():
    torch.manual_seed(4)
    model = Image2SongNet(torch.randn(30, 50), 10, 8, 16, 32, 0.0, attention=True, mood=False)
    songs = _songs(n=6, seed=5)
    v = torch.rand(6, 10) ** 3
    q = torch.randn(6, 50)
    pairs = torch.arange(6)
    opt = torch.optim.RMSprop(model.parameters(), lr=3e-3)
    first = float(mse_loss(model.predict(songs, pairs, q), v))
    for _ in range(400):
        opt.zero_grad()
        loss = mse_loss(model.predict(songs, pairs, q), v)
        loss.backward()
        opt.step()
    assert float(loss) < 0.05 * first
    with torch.no_grad():
        assert np.all(model.scores(songs, v, q).argmax(dim=1).numpy() == np.arange(6))
