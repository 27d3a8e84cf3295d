"""Ranks in galleries, the metrics and chance, by hand."""

import numpy as np
import pytest

from music_visual.papers.image2song.eval import chance_metrics
from music_visual.papers.image2song.trainer import criterion, gallery_ranks, rank_metrics


def test_gallery_ranks_by_hand():
    song_of = np.array([0, 0, 1, 2, 3])            # five images of four songs
    table = np.array([[0.9, 0.1, 0.0, 0.0],          # image 0: its song first
                      [0.1, 0.9, 0.5, 0.0],          # image 1: its song third
                      [0.0, 0.9, 0.1, 0.0],          # image 2 (song 1): first
                      [0.5, 0.4, 0.3, 0.2],          # image 3 (song 2): third
                      [0.0, 0.0, 0.0, 1.0]])         # image 4 (song 3): first
    out = gallery_ranks(lambda q, g: table[np.ix_(q, g)], song_of, np.arange(5), gallery_size=10, seed=0,
                        song2image=True)
    assert out["ranks"].tolist() == [1, 3, 1, 3, 1]
    # song -> image: song 0: its image 0 scores 0.9 -> first; song 1: image 2 ties image 1 at 0.9 -> 1.5;
    # song 2 (image 3: 0.3, below 0.5 of image 1) second; song 3 (image 4) first
    assert out["song_ranks"].tolist() == [1, 1.5, 2, 1]  # song 1: image 1 ties its image at 0.9
    m = rank_metrics(out)
    assert m["recall_at_1"] == pytest.approx(0.6) and m["recall_at_3"] == 1.0 and m["median_rank"] == 1.0
    assert rank_metrics(out, "song2image_")["song2image_recall_at_1"] == pytest.approx((1 + 0.5 + 0 + 1) / 4)
    assert criterion(np.array([1, 3, 11]), 10) == pytest.approx((1.0 + 0.8 + 0.0) / 3)


def test_chance_by_hand():
    song_of = np.array([0, 0, 1, 2, 3])
    c = chance_metrics(song_of, np.arange(5), gallery_size=10, seed=0)
    assert c["recall_at_1"] == pytest.approx(0.25) and c["recall_at_3"] == pytest.approx(0.75)
    assert c["median_rank"] == pytest.approx(2.5)
    # song -> image: 5 images; song 0 has 2 relevant -> P(top-1) = 2/5; the others 1/5
    assert c["song2image_recall_at_1"] == pytest.approx((0.4 + 0.2 * 3) / 4)


def test_recall_under_ties_is_a_probability():
    song_of = np.array([0, 1, 2, 3])
    constant = gallery_ranks(lambda q, g: np.zeros((len(q), len(g))), song_of, np.arange(4), gallery_size=10, seed=0)
    assert constant["ranks"].tolist() == [2.5] * 4
    assert rank_metrics(constant)["recall_at_1"] == pytest.approx(0.25)   # not 0: one in four wins the tie
    assert rank_metrics(constant)["recall_at_3"] == pytest.approx(0.75)


def test_tag_targets_by_hand():
    from music_visual.papers.image2song.trainer import tag_targets

    tags = np.array([[0.0, 0.25], [1.0, 0.25], [0.5, 1.0]])
    train = np.array([True, True, False])
    assert np.array_equal(tag_targets(tags, train, "none"), tags)
    assert np.allclose(tag_targets(tags, train, "sqrt"), np.sqrt(tags))
    z = tag_targets(tags, train, "standardise")
    assert np.allclose(z[:2, 0], [-0.5 / 0.501, 0.5 / 0.501]) and np.allclose(z[:, 1], [0.0, 0.0, 0.75 / 1e-3])
    with pytest.raises(ValueError):
        tag_targets(tags, train, "log")
