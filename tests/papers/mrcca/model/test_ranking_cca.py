"""The ranking SVM recovers a known ordering; R-CCA keeps the CCA projections fixed."""

import numpy as np
import pytest
from scipy.stats import kendalltau

from music_visual.papers.mrcca.model.ranking_cca import fit_ranking_cca, ranking_svm_weights

TRUE_WEIGHTS = np.array([3.0, -2.0, 1.0, 0.0, 0.5])


def all_preference_pairs(scores):
    """Every pair (i, j) with scores[i] > scores[j]: i preferred."""
    i, j = np.triu_indices(len(scores), k=1)
    first_higher = scores[i] > scores[j]
    return np.where(first_higher, i, j), np.where(first_higher, j, i)


def items_with_spaced_scores(rng, n=25):
    """Items whose true scores are a shuffled 0, 1, ..., n-1 (so W = TRUE_WEIGHTS has margin >= 1)."""
    ranks = rng.permutation(n).astype(float)
    noise = rng.standard_normal((n, len(TRUE_WEIGHTS)))
    noise -= np.outer(noise @ TRUE_WEIGHTS, TRUE_WEIGHTS) / (TRUE_WEIGHTS @ TRUE_WEIGHTS)
    return np.outer(ranks, TRUE_WEIGHTS) / (TRUE_WEIGHTS @ TRUE_WEIGHTS) + noise, ranks


def test_ranking_svm_recovers_a_known_ordering_exactly():
    items, ranks = items_with_spaced_scores(np.random.default_rng(0))
    preferred, other = all_preference_pairs(ranks)
    weights = ranking_svm_weights(items[preferred], items[other], np.random.default_rng(1), c=100.0)
    np.testing.assert_array_equal(np.argsort(items @ weights), np.argsort(ranks))


def test_ranking_svm_generalises_the_ordering_from_a_few_pairs():
    rng = np.random.default_rng(2)
    train, test = rng.standard_normal((200, 5)), rng.standard_normal((300, 5))
    first, second = rng.integers(200, size=(2, 400))
    prefer_first = (train[first] @ TRUE_WEIGHTS > train[second] @ TRUE_WEIGHTS)[:, None]
    preferred = np.where(prefer_first, train[first], train[second])
    other = np.where(prefer_first, train[second], train[first])
    weights = ranking_svm_weights(preferred, other, np.random.default_rng(3))
    cosine = weights @ TRUE_WEIGHTS / np.linalg.norm(weights) / np.linalg.norm(TRUE_WEIGHTS)
    assert cosine > 0.98
    assert kendalltau(test @ weights, test @ TRUE_WEIGHTS).statistic > 0.9


def test_ranking_svm_is_the_hinge_qp_on_differences():
    """Separable preferences: every constraint W'(z - z') >= 1 holds, whatever the label flips."""
    items, ranks = items_with_spaced_scores(np.random.default_rng(4), n=30)
    preferred, other = all_preference_pairs(ranks)
    w_a = ranking_svm_weights(items[preferred], items[other], np.random.default_rng(5), c=100.0)
    w_b = ranking_svm_weights(items[preferred], items[other], np.random.default_rng(6), c=100.0)
    np.testing.assert_allclose(w_a, w_b, atol=1e-2)  # the random sign flips leave the QP unchanged
    assert ((items[preferred] - items[other]) @ w_a).min() > 0.99
    assert np.linalg.norm(w_a) <= np.linalg.norm(TRUE_WEIGHTS) * 1.01  # max margin: no longer than w*


def cross_modal_factors(rng, n, correlations=(0.9, 0.7, 0.5)):
    """x sees 3 factors f, y sees them with distinct correlations (identifiable CCA components)."""
    rho = np.asarray(correlations)
    f = rng.standard_normal((n, 3))
    g = rho * f + np.sqrt(1 - rho**2) * rng.standard_normal((n, 3))
    return f + 0.1 * rng.standard_normal((n, 3)), g, f


def preferences_on_factor(rng, x, y, f, factor):
    """True y vs a random y; annotators prefer the one with the larger f_k * y_k."""
    partner = rng.permutation(len(x))
    true_first = (f[:, factor] * y[:, factor] > f[:, factor] * y[partner, factor])[:, None]
    return (x, np.where(true_first, y, y[partner])), (x, np.where(true_first, y[partner], y))


def test_rcca_learns_a_planted_component_weighting():
    """Preferences depend only on the weakest shared factor: W must single its component out."""
    rng = np.random.default_rng(7)
    x, y, f = cross_modal_factors(rng, 1000)
    preferred, other = preferences_on_factor(rng, x, y, f, factor=2)
    model = fit_ranking_cca(x, y, preferred, other, np.random.default_rng(8), n_components=3)
    u, _ = model.cca.transform(x, y)
    component_of_factor_2 = np.argmax([abs(np.corrcoef(u[:, j], f[:, 2])[0, 1]) for j in range(3)])
    assert component_of_factor_2 == 2  # CCA orders the components by correlation
    assert abs(model.weights[2]) > 10 * np.abs(model.weights[:2]).max()
    x_test, y_test, f_test = cross_modal_factors(rng, 1000)
    test_preferred, test_other = preferences_on_factor(rng, x_test, y_test, f_test, factor=2)
    consistency_rcca = np.mean(model.pair_scores(*test_preferred) > model.pair_scores(*test_other))
    consistency_cca = np.mean(model.cca_pair_scores(*test_preferred) > model.cca_pair_scores(*test_other))
    assert consistency_rcca > 0.9 and consistency_rcca > consistency_cca + 0.15


def test_rcca_without_preferences_is_cca():
    rng = np.random.default_rng(9)
    x, y = rng.standard_normal((50, 4)), rng.standard_normal((50, 3))
    model = fit_ranking_cca(x, y, (x[:1], y[:1]), (x[1:2], y[1:2]), rng, n_components=10)
    assert model.cca.n_components == 3  # capped by the data
    np.testing.assert_array_equal(model.weights, np.ones(3))
    np.testing.assert_allclose(model.pair_scores(x, y), model.cca.pair_scores(x, y))
    with pytest.raises(ValueError):
        ranking_svm_weights(x[:1], x[1:2], rng)
