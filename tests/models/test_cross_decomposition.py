"""Cross-decomposition baselines against scikit-learn and against their defining equations."""

import numpy as np
import pytest
from sklearn import cross_decomposition as sk_cd
from sklearn.decomposition import PCA
from threadpoolctl import threadpool_limits

from music_visual.models.cross_decomposition import CCA, PCABaseline, PLSCA, PLSSVD, cosine_similarity_matrix


@pytest.fixture(autouse=True)
def single_blas_thread():
    """Tiny matrices: extra BLAS threads only fight over the shared cores."""
    with threadpool_limits(1):
        yield


def planted_pairs(seed=0, n=400, p=7, q=5, n_latent=2):
    """Two views sharing ``n_latent`` factors, with columns of very different scales."""
    rng = np.random.default_rng(seed)
    latent = rng.standard_normal((n, n_latent))
    X = latent @ rng.standard_normal((n_latent, p)) + rng.standard_normal((n, p))
    Y = latent @ rng.standard_normal((n_latent, q)) + 0.5 * rng.standard_normal((n, q))
    return X * rng.uniform(0.1, 10.0, p), Y


def agree_up_to_sign(A, B, atol):
    """Columns of A equal columns of B up to one sign per column."""
    signs = np.sign(np.sum(A * B, axis=0))
    np.testing.assert_allclose(A * signs, B, atol=atol)


def test_cca_canonical_correlations_match_sklearn():
    X, Y = planted_pairs()
    ours = CCA(n_components=3, reg=0.0).fit(X, Y)
    theirs = sk_cd.CCA(n_components=3, max_iter=5000, tol=1e-12).fit(X, Y)
    u, v = theirs.transform(X, Y)
    sk_corr = [np.corrcoef(u[:, k], v[:, k])[0, 1] for k in range(3)]
    np.testing.assert_allclose(ours.canonical_correlations_, sk_corr, atol=1e-4)
    assert ours.canonical_correlations_[0] > 0.8 and ours.canonical_correlations_[2] < 0.3  # 2 planted
    a, b = ours.transform(X, Y)
    agree_up_to_sign(a / a.std(axis=0), u / u.std(axis=0), atol=1e-3)


def test_cca_solves_the_constrained_problem():
    X, Y = planted_pairs(seed=1)
    model = CCA(n_components=4, reg=0.0).fit(X, Y)
    Xc, Yc = X - X.mean(axis=0), Y - Y.mean(axis=0)
    A, B, n = model.x_weights_, model.y_weights_, len(X) - 1
    np.testing.assert_allclose(A.T @ Xc.T @ Xc @ A / n, np.eye(4), atol=1e-8)
    np.testing.assert_allclose(B.T @ Yc.T @ Yc @ B / n, np.eye(4), atol=1e-8)
    np.testing.assert_allclose(A.T @ Xc.T @ Yc @ B / n, np.diag(model.canonical_correlations_), atol=1e-8)
    np.testing.assert_allclose(model.pair_scores(X, Y).sum() / n, model.canonical_correlations_.sum())


def test_cca_ridge_shrinks_correlations_and_handles_more_dims_than_samples():
    X, Y = planted_pairs(seed=2)
    plain = CCA(n_components=2, reg=0.0).fit(X, Y).canonical_correlations_
    ridged = CCA(n_components=2, reg=0.5).fit(X, Y).canonical_correlations_
    assert np.all(ridged < plain)
    rng = np.random.default_rng(0)
    wide = CCA(n_components=3, reg=1e-2).fit(rng.standard_normal((30, 50)), rng.standard_normal((30, 40)))
    assert np.all(np.isfinite(wide.canonical_correlations_)) and wide.canonical_correlations_[0] <= 1.0


@pytest.mark.parametrize("ours, theirs", [(PLSSVD, sk_cd.PLSSVD), (PLSCA, sk_cd.PLSCanonical)])
@pytest.mark.parametrize("scale", [True, False])
def test_pls_weights_and_scores_match_sklearn_up_to_sign(ours, theirs, scale):
    X, Y = planted_pairs(seed=3)
    kwargs = {"algorithm": "svd"} if theirs is sk_cd.PLSCanonical else {}
    mine, ref = ours(3, scale=scale).fit(X, Y), theirs(3, scale=scale, **kwargs).fit(X, Y)
    agree_up_to_sign(mine.x_weights_, ref.x_weights_, atol=1e-8)
    agree_up_to_sign(mine.y_weights_, ref.y_weights_, atol=1e-8)
    (x_mine, y_mine), (x_ref, y_ref) = mine.transform(X, Y), ref.transform(X, Y)
    agree_up_to_sign(x_mine, x_ref, atol=1e-6)
    agree_up_to_sign(y_mine, y_ref, atol=1e-6)


def test_plsca_matches_sklearn_nipals_default():
    X, Y = planted_pairs(seed=4)
    mine, ref = PLSCA(2).fit(X, Y), sk_cd.PLSCanonical(2, tol=1e-12, max_iter=5000).fit(X, Y)
    agree_up_to_sign(mine.x_weights_, ref.x_weights_, atol=1e-6)


def test_pca_separate_is_each_modality_own_pca():
    X, Y = planted_pairs(seed=5)
    model = PCABaseline(3, mode="separate", scale=False).fit(X, Y)
    agree_up_to_sign(model.x_rotations_, PCA(3).fit(X).components_.T, atol=1e-8)
    agree_up_to_sign(model.y_rotations_, PCA(3).fit(Y).components_.T, atol=1e-8)


def test_pca_joint_projects_each_side_with_its_block_of_joint_loadings():
    X, Y = planted_pairs(seed=6)
    model = PCABaseline(2, mode="joint").fit(X, Y)
    Xs, Ys = (X - X.mean(0)) / X.std(0, ddof=1), (Y - Y.mean(0)) / Y.std(0, ddof=1)
    joint = PCA(2).fit(np.hstack([Xs, Ys])).components_.T
    agree_up_to_sign(np.vstack([model.x_rotations_, model.y_rotations_]), joint, atol=1e-8)


@pytest.mark.parametrize("model", [PCABaseline(2), PLSSVD(2), PLSCA(2), CCA(2)])
def test_similarity_is_query_by_gallery_cosine(model):
    X, Y = planted_pairs(seed=7)
    model.fit(X, Y)
    queries, gallery = X[:4], Y[10:16]
    S = model.similarity(queries, gallery)
    u, v = model.transform_x(queries), model.transform_y(gallery)
    naive = [[ui @ vj / np.linalg.norm(ui) / np.linalg.norm(vj) for vj in v] for ui in u]
    assert S.shape == (4, 6)
    np.testing.assert_allclose(S, naive, atol=1e-12)


def test_cca_retrieves_planted_pairs_far_above_chance_and_pca_separate_does_not():
    hits = {"cca": [], "pca": []}
    for seed in (8, 9, 10):
        X, Y = planted_pairs(seed=seed, n=600)
        for name, model in {"cca": CCA(2), "pca": PCABaseline(2)}.items():
            S = model.fit(X[:400], Y[:400]).similarity(X[400:], Y[400:])
            top10 = np.argsort(-S, axis=1)[:, :10]
            hits[name].append(np.mean(np.any(top10 == np.arange(200)[:, None], axis=1)))
    cca, pca = np.mean(hits["cca"]), np.mean(hits["pca"])
    assert cca > 0.15 and cca > 2 * pca, hits  # chance hit rate @10 of 200: 0.05


def test_cosine_of_zero_vector_is_zero_and_bad_arguments_raise():
    assert cosine_similarity_matrix(np.zeros((1, 3)), np.ones((2, 3))).tolist() == [[0.0, 0.0]]
    X, Y = planted_pairs()
    with pytest.raises(ValueError):
        CCA(n_components=6).fit(X, Y)  # Y has 5 columns
    with pytest.raises(ValueError):
        PLSSVD(2).fit(X, Y[:-1])
    with pytest.raises(ValueError):
        PCABaseline(2, mode="both")
