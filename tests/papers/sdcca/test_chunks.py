"""S-DCCA's chunks: sub-chunk max pooling, per-second and per-chunk scores, top-k, queries, intensity."""

import numpy as np
import pandas as pd
import pytest

from music_visual.papers.sdcca.chunks import (build_queries, chunk_bounds, chunk_scores, chunking_problems,
                                              query_configs, second_scores, section_intensity, selected_mean,
                                              sub_chunks, top_k)


def test_sub_chunks_max_pool_each_complete_sub_chunk():
    frames = np.arange(14, dtype=float).reshape(7, 2)  # 7 s: two 3-second sub-chunks, 1 s dropped
    np.testing.assert_array_equal(sub_chunks(frames, 3), [[4, 5], [10, 11]])
    with pytest.raises(ValueError, match="no complete 3-second"):
        sub_chunks(frames[:2], 3)


def test_seconds_share_their_sub_chunk_score_and_chunks_take_the_max():
    per_second = second_scores(np.array([0.1, 0.7, 0.2]), 10, 3)
    np.testing.assert_allclose(per_second, [0.1] * 3 + [0.7] * 3 + [0.2] * 4)  # trailing second: the last score
    np.testing.assert_array_equal(chunk_bounds(10, 3), [[0, 3], [3, 6], [6, 9]])
    np.testing.assert_allclose(chunk_scores(per_second, 3), [0.1, 0.7, 0.2])
    # 8-second chunks over 3-second scores (72 s / 9): a chunk spanning two sub-chunks takes the larger
    weights = np.arange(24) / 100.0
    scores = chunk_scores(second_scores(weights, 72, 3), 9)
    assert scores[0] == weights[2]  # seconds 0..7 -> sub-chunks 0, 1, 2
    with pytest.raises(ValueError, match="cannot be cut"):
        chunk_bounds(2, 3)


def test_top_k_breaks_ties_by_time_and_returns_time_order():
    np.testing.assert_array_equal(top_k(np.array([0.3, 0.9, 0.3, 0.9]), 3), [0, 1, 3])
    with pytest.raises(ValueError):
        top_k(np.array([1.0]), 2)


def test_selected_mean_averages_the_chosen_chunks_seconds():
    frames = np.arange(12, dtype=float).reshape(6, 2)  # 3 chunks of 2 s
    np.testing.assert_allclose(selected_mean(frames, 3, np.array([0, 2])), frames[[0, 1, 4, 5]].mean(axis=0))


def test_build_queries_selects_the_highest_scored_chunks():
    rng = np.random.default_rng(0)
    frames = [rng.normal(size=(12, 3)) for _ in range(4)]
    weights = [np.eye(4)[i % 4] for i in range(4)]  # song i: all weight on sub-chunk i (seconds 3i..3i+2)
    queries, selections = build_queries(frames, weights, [2, 4], [1, 2], 3, seed=0)
    assert set(queries) == {"mean", "attention_1_2", "random_1_2", "attention_2_2", "random_2_2", "attention_1_4",
                            "random_1_4", "attention_2_4", "random_2_4"}
    picks = selections[selections["key"] == "attention_1_4"].set_index("song")["chunks"]
    assert [c[0] for c in picks] == [0, 1, 2, 3]
    np.testing.assert_allclose(queries["attention_1_4"][2], frames[2][6:9].mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(queries["mean"][1], frames[1].mean(axis=0), rtol=1e-6)
    assert all(len(c) == 2 for c in selections.loc[selections["key"] == "random_2_4", "chunks"])
    assert query_configs([3, 6], [1, 2, 3, 4]) == [(1, 3), (2, 3), (3, 3), (1, 6), (2, 6), (3, 6), (4, 6)]


def test_section_intensity_per_second():
    sections = pd.DataFrame({"start": [0.0, 1.8, 6.0], "end": [1.8, 6.0, 12.0], "value": [0.35, 0.65, 1.0]})
    out = section_intensity(sections, 13)
    np.testing.assert_allclose(out[:12], [0.35, 0.35, 0.65, 0.65, 0.65, 0.65] + [1.0] * 6)  # by midpoints
    assert np.isnan(out[12])


def test_chunking_problems_name_what_cannot_work():
    assert chunking_problems(9, [3, 6, 9], [1, 2, 3], 3) == []
    problems = chunking_problems(6, [3, 9], [1], 3)
    assert any("cannot be cut into [9]" in p for p in problems)
    assert chunking_problems(2, [2], [1], 3)[0].startswith("songs of 2 s hold no complete")
