"""VM-NET's feature transforms: fitted on the training split only, saved and loaded back."""

import numpy as np

from music_visual.papers.vmnet.features import Standardiser, VMNetFeatureTransforms, fit_transforms


def test_feature_transforms_are_fitted_on_train_only_and_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    train_frames = [rng.normal(size=(rng.integers(1, 7), 12)) for _ in range(10)]
    train_music = rng.normal(loc=5.0, scale=[1, 10, 100, 1000], size=(10, 4))
    transforms = fit_transforms(train_frames, train_music, n_components=16)
    video, flags = transforms.video(train_frames + [np.zeros((0, 12))])
    assert video.shape == (11, 16) and np.allclose(np.linalg.norm(video[:10], axis=1), 1.0, atol=1e-5)
    assert flags["no_frames"].tolist()[-1] and flags["n_frames"].tolist()[-1] == 0
    music = transforms.music(train_music)
    assert np.allclose(music.mean(axis=0), 0, atol=1e-5) and np.allclose(music.std(axis=0), 1, atol=1e-4)
    back = VMNetFeatureTransforms.load(transforms.save(tmp_path / "t"))
    new = [rng.normal(size=(3, 12))]
    assert np.allclose(back.video(new)[0], transforms.video(new)[0])
    assert np.allclose(Standardiser.fit(np.ones((3, 2))).transform(np.ones((1, 2))), 0.0)
