"""Deep CCA's loss: the correlations agree with closed-form linear CCA; the cluster term; gradients."""

import numpy as np
import pytest
import torch

from music_visual.losses.dcca import (DCCALoss, canonical_correlations, cluster_cross_covariance, cross_covariance,
                                      dcca_loss)
from music_visual.models.cross_decomposition import CCA


def toy_views(n=400, seed=0):
    """Two views sharing a 3-d latent with decreasing strength (correlations spread out)."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 3))
    X = np.hstack([z * [1.0, 0.7, 0.4], rng.normal(size=(n, 3))]) @ rng.normal(size=(6, 6))
    Y = np.hstack([z + 0.5 * rng.normal(size=(n, 3)), rng.normal(size=(n, 2))]) @ rng.normal(size=(5, 5))
    return X, Y


@pytest.mark.parametrize("reg", [1e-6, 1e-2, 0.3])
def test_correlations_equal_closed_form_linear_cca(reg):
    X, Y = toy_views()
    closed = CCA(n_components=5, reg=reg).fit(X, Y).canonical_correlations_
    ours = canonical_correlations(torch.tensor(X), torch.tensor(Y), reg=reg).numpy()
    assert ours.shape == (5,)
    np.testing.assert_allclose(ours, closed, rtol=1e-8, atol=1e-10)
    if reg < 0.1:
        assert ours[0] > 0.6 and ours[-1] < 0.2  # the toy has structure: the test would notice a constant


def test_loss_is_minus_the_sum_of_the_top_k_correlations_and_scale_invariant():
    X, Y = (torch.tensor(a) for a in toy_views(seed=1))
    corr = canonical_correlations(X, Y, reg=1e-4)
    assert torch.isclose(dcca_loss(X, Y, k=2, reg=1e-4), -corr[:2].sum())
    assert torch.isclose(dcca_loss(X, Y, k=None, reg=1e-4), -corr.sum())
    assert torch.isclose(dcca_loss(X, Y, k=50, reg=1e-4), -corr.sum())  # k above the rank: all of them
    assert torch.isclose(dcca_loss(7.0 * X + 3.0, 0.01 * Y, k=2, reg=1e-4), -corr[:2].sum())


def test_cluster_cross_covariance_counts_every_same_class_pair():
    rng = np.random.default_rng(2)
    H1, H2 = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))
    labels = np.array([0, 1, 0, 2, 1, 0, 2])
    H1c, H2c = H1 - H1.mean(axis=0), H2 - H2.mean(axis=0)
    naive, count = np.zeros((3, 2)), 0
    for i in range(7):
        for j in range(7):
            if labels[i] == labels[j]:
                naive += np.outer(H1c[i], H2c[j])
                count += 1
    ours = cluster_cross_covariance(torch.tensor(H1c), torch.tensor(H2c), torch.tensor(labels)).numpy()
    np.testing.assert_allclose(ours, naive / count, atol=1e-12)
    mixed = cross_covariance(torch.tensor(H1c), torch.tensor(H2c), torch.tensor(labels), beta=0.2).numpy()
    np.testing.assert_allclose(mixed, 0.2 * H1c.T @ H2c / 6 + 0.8 * naive / count, atol=1e-12)


def test_supervised_term_sees_classes_not_which_item_is_paired_with_which():
    """With beta = 0 only class sums matter: shuffling videos within their class leaves the loss unchanged,
    while plain DCCA, which reads the one-to-one pairs, changes."""
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 4, size=200)
    z = rng.normal(size=(200, 2))
    H1 = rng.normal(size=(4, 3))[labels] + z @ rng.normal(size=(2, 3)) + 0.2 * rng.normal(size=(200, 3))
    H2 = rng.normal(size=(4, 2))[labels] + z @ rng.normal(size=(2, 2)) + 0.2 * rng.normal(size=(200, 2))
    within = np.arange(200)
    for c in range(4):
        members = np.flatnonzero(labels == c)
        within[members] = rng.permutation(members)
    t1, t2, t2_shuffled, tl = (torch.tensor(a) for a in (H1, H2, H2[within], labels))
    supervised = dcca_loss(t1, t2, k=1, reg=1e-3, labels=tl, beta=0.0)
    assert torch.isclose(supervised, dcca_loss(t1, t2_shuffled, k=1, reg=1e-3, labels=tl, beta=0.0))
    plain, plain_shuffled = dcca_loss(t1, t2, k=1, reg=1e-3), dcca_loss(t1, t2_shuffled, k=1, reg=1e-3)
    assert plain_shuffled > plain + 0.1  # the item-level link (z) is gone: a weaker (less negative) loss


def test_gradient_ascent_with_linear_maps_reaches_the_closed_form(torch_one_thread):
    X, Y = toy_views(n=300, seed=4)
    closed = CCA(n_components=2, reg=1e-9).fit(X, Y).canonical_correlations_.sum()
    torch.manual_seed(0)
    f, g = torch.nn.Linear(6, 2, dtype=torch.float64), torch.nn.Linear(5, 2, dtype=torch.float64)
    tx, ty = torch.tensor(X), torch.tensor(Y)
    optimiser = torch.optim.Adam([*f.parameters(), *g.parameters()], lr=0.05)
    loss_fn = DCCALoss(k=2, reg=1e-9)
    for _ in range(400):
        optimiser.zero_grad()
        loss = loss_fn(f(tx), g(ty))
        loss.backward()
        optimiser.step()
    learned = -float(loss_fn(f(tx), g(ty)).detach())
    assert learned <= closed + 1e-6          # projections of X and Y can never beat full CCA ...
    assert learned > closed - 0.02           # ... and two directions are enough to reach it here


def test_gradients_are_finite_for_collinear_outputs():
    H1 = torch.ones(16, 4, dtype=torch.float64, requires_grad=True)  # constant outputs: zero variance
    H2 = torch.randn(16, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0), requires_grad=True)
    with torch.no_grad():
        H1[:, 1] += torch.linspace(0, 1, 16, dtype=torch.float64)
        H1[:, 2] = H1[:, 1] * 2  # collinear columns
    loss = dcca_loss(H1, H2, k=2, reg=1e-4)
    loss.backward()
    assert torch.isfinite(loss) and torch.isfinite(H1.grad).all() and torch.isfinite(H2.grad).all()


def test_bad_input_is_an_error():
    X = torch.randn(5, 2)
    with pytest.raises(ValueError, match="same rows"):
        canonical_correlations(X, torch.randn(4, 2))
    with pytest.raises(ValueError, match="reg must be positive"):
        canonical_correlations(X, X, reg=0.0)
    with pytest.raises(ValueError, match="beta"):
        cross_covariance(X, X, torch.zeros(5), beta=1.5)
