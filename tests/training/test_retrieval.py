"""Batched embedding and blockwise retrieval against full similarity matrices."""

from __future__ import annotations

import pytest
import torch

from music_visual.training.retrieval import blockwise_top_k, embed, hit_rate_at_k, true_item_ranks, true_item_tie_counts


def naive_ranks(queries, gallery, targets):
    """1 + number of other gallery items at least as similar as the true one (per-pair loop)."""
    q = torch.nn.functional.normalize(queries.double(), dim=1)
    g = torch.nn.functional.normalize(gallery.double(), dim=1)
    ranks = []
    for i, t in enumerate(targets):
        true_sim = float(q[i] @ g[t])
        ranks.append(1 + sum(1 for j in range(len(g)) if j != t and float(q[i] @ g[j]) >= true_sim))
    return ranks


@pytest.mark.parametrize("query_block,gallery_block", [(1, 1), (3, 5), (7, 64), (1024, 16384)])
def test_ranks_match_naive_loop_for_any_block_size(query_block, gallery_block):
    gen = torch.Generator().manual_seed(query_block)
    queries, gallery = torch.randn(11, 4, generator=gen), torch.randn(23, 4, generator=gen)
    targets = torch.randint(0, 23, (11,), generator=gen)
    got = true_item_ranks(queries, gallery, targets, query_block=query_block, gallery_block=gallery_block)
    assert got.tolist() == naive_ranks(queries, gallery, targets.tolist())
    aligned = true_item_ranks(queries, gallery, query_block=query_block, gallery_block=gallery_block)
    assert aligned.tolist() == naive_ranks(queries, gallery, list(range(11)))


def test_ties_count_against_the_true_item():
    queries = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    gallery = torch.tensor([[1.0, 0.0], [1.0, 0.0], [2.0, 0.0], [0.0, 1.0]])
    assert true_item_ranks(queries, gallery, torch.tensor([1, 3])).tolist() == [3, 1]
    greater, tied = true_item_tie_counts(queries, gallery, torch.tensor([1, 3]), gallery_block=3)
    assert greater.tolist() == [0, 0] and tied.tolist() == [3, 1]
    collapsed = torch.randn(1, 512).expand(300, 512)  # every score equal: worst rank, not best
    assert true_item_ranks(collapsed, collapsed, gallery_block=64).tolist() == [300] * 300
    ranks = torch.tensor([1, 2, 10, 11, 300])
    assert hit_rate_at_k(ranks, 10) == pytest.approx(0.6)
    assert hit_rate_at_k(ranks, 1) == pytest.approx(0.2)


def test_tie_counts_with_duplicated_gallery_items():
    gen = torch.Generator().manual_seed(0)
    gallery = torch.randn(50, 64, generator=gen)
    gallery[10:13] = gallery[3]            # item 3 has three exact copies
    queries = torch.randn(4, 64, generator=gen)
    targets = torch.tensor([3, 11, 20, 49])
    greater, tied = true_item_tie_counts(queries, gallery, targets, query_block=3, gallery_block=7)
    naive = naive_ranks(queries, gallery, targets.tolist())
    assert tied.tolist() == [4, 4, 1, 1]
    assert (greater + tied).tolist() == naive


@pytest.mark.parametrize("gallery_block", [1, 4, 9, 100])
def test_blockwise_top_k_matches_full_topk(gallery_block):
    gen = torch.Generator().manual_seed(gallery_block)
    queries, gallery = torch.randn(6, 5, generator=gen), torch.randn(40, 5, generator=gen)
    scores, indices = blockwise_top_k(queries, gallery, 7, query_block=4, gallery_block=gallery_block)
    full = torch.nn.functional.normalize(queries, dim=1) @ torch.nn.functional.normalize(gallery, dim=1).T
    expected_scores, expected_indices = torch.topk(full, 7, dim=1)
    assert torch.equal(indices, expected_indices)
    assert torch.allclose(scores, expected_scores)
    assert blockwise_top_k(queries, gallery[:3], 7)[1].shape == (6, 3)


def test_embed_batches_equal_one_pass_and_restore_the_mode():
    torch.manual_seed(0)
    encoder = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.BatchNorm1d(8), torch.nn.Dropout(0.5))
    encoder.train()
    features = torch.randn(23, 5)
    out = embed(encoder, features, batch_size=4)
    assert encoder.training
    encoder.eval()
    with torch.no_grad():
        assert torch.allclose(out, encoder(features), atol=1e-6)
    assert torch.allclose(embed(encoder, features.numpy(), batch_size=100), out, atol=1e-6)
    with pytest.raises(ValueError):
        embed(encoder, features, batch_size=0)
