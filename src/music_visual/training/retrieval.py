"""Embedding in batches and blockwise cross-modal retrieval over large galleries.

These helpers hold one ``query_block x (gallery_block + query_block)`` block of
similarities at a time (besides a normalised copy of the inputs), so 1,000
queries against a 200,000-item gallery (a 200M-entry matrix, 800 MB in
float32) need about 70 MB of scores. Similarity is cosine
(inputs are L2-normalised here), i.e. the ranking by ``d = -cos`` of the losses.

The study's metrics live in :mod:`music_visual.metrics`; this module holds only
what the training loop needs (the rank of each query's true item, for
validation Recall@K), the tie counts that let the metrics module rank a
200,000-item gallery under its own tie convention, and the blockwise top-K
used for retrieval at test time.

Rank convention (1-based, *pessimistic on ties*)::

    rank_q = 1 + #{ j != t_q : cos(q, g_j) >= cos(q, g_{t_q}) }

so a collapsed embedding (all items equal) gets the worst rank, not the best.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

DEFAULT_QUERY_BLOCK = 1024
DEFAULT_GALLERY_BLOCK = 16384


@torch.no_grad()
def embed(encoder: nn.Module, features: Tensor | np.ndarray, batch_size: int = 4096,
          device: torch.device | str | None = None) -> Tensor:
    """Run ``encoder`` (e.g. ``model.video``) over ``features`` in eval mode, batch by batch.

    The result stays on ``device`` (default: the encoder's device); the encoder's
    train/eval mode is restored afterwards.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    device = torch.device(device) if device is not None else next(encoder.parameters()).device
    was_training = encoder.training
    encoder.eval()
    try:
        chunks = [
            encoder(torch.as_tensor(features[start:start + batch_size], dtype=torch.float32, device=device))
            for start in range(0, len(features), batch_size)
        ]
    finally:
        encoder.train(was_training)
    return torch.cat(chunks) if chunks else torch.empty(0, device=device)


def _aligned_targets(queries: Tensor, gallery: Tensor, true_index: Tensor | None) -> Tensor:
    if true_index is None:
        if len(queries) > len(gallery):
            raise ValueError("without true_index, query i's true item is gallery[i]: need len(gallery) >= len(queries)")
        return torch.arange(len(queries), device=queries.device)
    true_index = torch.as_tensor(true_index, device=queries.device, dtype=torch.long)
    if true_index.shape != (len(queries),):
        raise ValueError(f"true_index must have shape ({len(queries)},), got {tuple(true_index.shape)}")
    return true_index


def _block_and_true_similarities(q: Tensor, block: Tensor, true_items: Tensor) -> tuple[Tensor, Tensor]:
    """``q @ block.T`` and each query's true similarity, from one matrix product.

    Taking both from the same product makes equal vectors give bit-equal scores,
    so exact ties (e.g. a collapsed embedding) are seen as ties, not as rounding noise.
    """
    sims = q @ torch.cat([block, true_items]).T
    true_sim = sims[:, len(block):].diagonal().unsqueeze(1)
    return sims[:, :len(block)], true_sim


NEAR_TIE = 1e-5  # |s - s_true| below this is re-decided with the exact per-pair product


def _exact_order(sims: Tensor, true_sim: Tensor, q: Tensor, block: Tensor, true_items: Tensor) -> tuple[Tensor, Tensor]:
    """``(sims > true_sim, sims == true_sim)``, with near ties re-decided pair by pair.

    A matrix product may round the same dot product differently in different output
    positions (SIMD edge tiles, seen on some CPUs), so an exact copy of the true item can
    land a rounding error above or below it. Near ties are recomputed as an elementwise
    product summed over the same-length row, which gives equal vectors bit-equal scores.
    """
    above, same = sims > true_sim, sims == true_sim
    near = (sims - true_sim).abs() <= NEAR_TIE
    if bool(near.any()):
        rows, cols = near.nonzero(as_tuple=True)
        exact = (q[rows] * block[cols]).sum(dim=1)
        exact_true = (q[rows] * true_items[rows]).sum(dim=1)
        above[rows, cols], same[rows, cols] = exact > exact_true, exact == exact_true
    return above, same


def _uncount_true_item(ahead: Tensor, local_target: Tensor) -> None:
    """Set ``ahead[q, local_target[q]] = False`` where the target lies in this block (no host sync)."""
    inside = (local_target >= 0) & (local_target < ahead.shape[1])
    column = local_target.clamp(0, ahead.shape[1] - 1).unsqueeze(1)
    ahead.scatter_(1, column, ahead.gather(1, column) & ~inside.unsqueeze(1))


@torch.no_grad()
def true_item_tie_counts(queries: Tensor, gallery: Tensor, true_index: Tensor | None = None, *,
                         query_block: int = DEFAULT_QUERY_BLOCK,
                         gallery_block: int = DEFAULT_GALLERY_BLOCK) -> tuple[Tensor, Tensor]:
    """Per query, blockwise: ``(n_greater, n_tied)`` around its true gallery item.

    ``n_greater`` counts items strictly more similar than the true item,
    ``n_tied`` items exactly as similar *including the true item* (so >= 1): the
    counts that :mod:`music_visual.metrics`' tie-aware ranks take, with one
    relevant item (``n_relevant_tied = 1``). ``true_index[q]`` is the gallery row
    matching query ``q`` (default: ``q``, for aligned pairs).
    """
    queries, gallery = F.normalize(queries.float(), dim=1), F.normalize(gallery.float(), dim=1)
    targets = _aligned_targets(queries, gallery, true_index)
    greater = torch.zeros(len(queries), dtype=torch.long, device=queries.device)
    tied = torch.ones(len(queries), dtype=torch.long, device=queries.device)
    for q0 in range(0, len(queries), query_block):
        q, t = queries[q0:q0 + query_block], targets[q0:q0 + query_block]
        true_items = gallery[t]
        for g0 in range(0, len(gallery), gallery_block):
            block = gallery[g0:g0 + gallery_block]
            sims, true_sim = _block_and_true_similarities(q, block, true_items)
            above, same = _exact_order(sims, true_sim, q, block, true_items)
            _uncount_true_item(above, t - g0)
            _uncount_true_item(same, t - g0)
            greater[q0:q0 + query_block] += above.sum(dim=1)
            tied[q0:q0 + query_block] += same.sum(dim=1)
    return greater, tied


def true_item_ranks(queries: Tensor, gallery: Tensor, true_index: Tensor | None = None, *,
                    query_block: int = DEFAULT_QUERY_BLOCK,
                    gallery_block: int = DEFAULT_GALLERY_BLOCK) -> Tensor:
    """1-based rank of each query's true gallery item, ties counted against it (``long``, one per query)."""
    greater, tied = true_item_tie_counts(queries, gallery, true_index,
                                         query_block=query_block, gallery_block=gallery_block)
    return greater + tied


@torch.no_grad()
def blockwise_top_k(queries: Tensor, gallery: Tensor, k: int, *,
                    query_block: int = DEFAULT_QUERY_BLOCK,
                    gallery_block: int = DEFAULT_GALLERY_BLOCK) -> tuple[Tensor, Tensor]:
    """Cosine similarities and gallery indices of each query's ``k`` nearest items, best first."""
    queries, gallery = F.normalize(queries.float(), dim=1), F.normalize(gallery.float(), dim=1)
    k = min(int(k), len(gallery))
    all_scores, all_indices = [], []
    for q0 in range(0, len(queries), query_block):
        q = queries[q0:q0 + query_block]
        best_scores = torch.empty(len(q), 0, device=q.device)
        best_indices = torch.empty(len(q), 0, dtype=torch.long, device=q.device)
        for g0 in range(0, len(gallery), gallery_block):
            scores = q @ gallery[g0:g0 + gallery_block].T
            block_scores, block_indices = torch.topk(scores, min(k, scores.shape[1]), dim=1)
            merged_scores = torch.cat([best_scores, block_scores], dim=1)
            merged_indices = torch.cat([best_indices, block_indices + g0], dim=1)
            best_scores, order = torch.topk(merged_scores, min(k, merged_scores.shape[1]), dim=1)
            best_indices = merged_indices.gather(1, order)
        all_scores.append(best_scores)
        all_indices.append(best_indices)
    return torch.cat(all_scores), torch.cat(all_indices)


def hit_rate_at_k(ranks: Tensor, k: int) -> float:
    """Share of queries whose true item is within the top ``k`` (the papers' Recall@K)."""
    return float((ranks <= k).float().mean()) if len(ranks) else float("nan")
