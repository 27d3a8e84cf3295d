import numpy as np

from music_visual.corpus import baseline


def test_true_match_ranks_by_hand_with_ties():
    sim = np.array([[0.9, 0.1, 0.2],
                    [0.5, 0.5, 0.1],   # tie with a wrong candidate counts against the true one
                    [0.3, 0.8, 0.1]])
    assert list(baseline.true_match_ranks(sim)) == [1, 2, 3]
    summary = baseline.retrieval_summary(sim)
    assert summary["recall_at_1"] == 1 / 3 and summary["median_rank"] == 2.0


def test_colour_histogram_bins_pure_colours():
    red = np.zeros((2, 4, 4, 3), np.uint8)
    red[..., 0] = 255
    hist = baseline.mean_colour_histogram(red, bins=4)
    assert hist.sum() == 1.0 and hist[(3 * 4 + 0) * 4 + 0] == 1.0


def test_cca_finds_a_shared_factor():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(400, 2))
    music = np.hstack([z, rng.normal(size=(400, 6))]) @ rng.normal(size=(8, 8))
    video = np.hstack([z + 0.1 * rng.normal(size=(400, 2)), rng.normal(size=(400, 10))])
    train, test = np.arange(400) < 300, np.arange(400) >= 300
    sim, k = baseline.cca_similarity(music, video, train, test, n_components=2)
    assert k == 2
    assert baseline.retrieval_summary(sim)["recall_at_10"] > 2 * 10 / 100  # chance: 10 / 100
