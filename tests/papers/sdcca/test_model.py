"""S-DCCA's branches, the correlation objective and the final linear layer."""

import numpy as np
import torch

from music_visual.losses.dcca import canonical_correlations
from music_visual.papers.sdcca.model import SDCCAConfig, SDCCANet
from music_visual.papers.sdcca.objective import CorrelationObjective, final_projection


def test_the_paper_widths_tanh_hidden_sigmoid_last_and_seeded_init():
    net = SDCCANet(SDCCAConfig(video_dim=20, music_dim=10), torch.Generator().manual_seed(0))
    assert [m.out_features for m in net.video.layers if isinstance(m, torch.nn.Linear)] == [512, 512, 256, 256]
    assert [m.out_features for m in net.music.layers if isinstance(m, torch.nn.Linear)] == [128, 128, 64, 64]
    assert isinstance(net.video.layers[-1], torch.nn.Sigmoid) and isinstance(net.video.layers[1], torch.nn.Tanh)
    v, m = net.eval()(torch.randn(5, 20), torch.randn(5, 10))
    assert v.shape == (5, 256) and m.shape == (5, 64) and (v > 0).all() and (v < 1).all()
    again = SDCCANet(SDCCAConfig(video_dim=20, music_dim=10), torch.Generator().manual_seed(0))
    assert all(torch.equal(a, b) for a, b in zip(net.parameters(), again.parameters()))
    assert all(float(p.detach().abs().sum()) == 0 for n, p in net.named_parameters() if n.endswith("bias"))


def test_objective_is_minus_the_top_k_correlations_and_uses_labels_only_when_supervised():
    net = SDCCANet(SDCCAConfig(video_dim=4, music_dim=3, video_widths=(8, 5), music_widths=(8, 4)),
                   torch.Generator().manual_seed(1)).eval()
    video, music, labels = torch.randn(30, 4), torch.randn(30, 3), torch.randint(0, 3, (30,))
    v, m = net(video, music)
    plain = CorrelationObjective(2, 0.01)(net, video, music, labels)
    expected = -canonical_correlations(m, v, 0.01)[:2].sum()
    assert torch.isclose(plain["loss"], expected)
    supervised = CorrelationObjective(2, 0.01, beta=0.2, supervised=True)(net, video, music, labels)
    assert torch.isclose(supervised["loss"], -canonical_correlations(m, v, 0.01, labels, 0.2)[:2].sum())
    assert not torch.isclose(supervised["loss"], plain["loss"])


def test_final_projection_is_c_cca_with_labels_and_cca_without():
    rng = np.random.default_rng(0)
    X, Y, labels = rng.normal(size=(50, 4)), rng.normal(size=(50, 3)), rng.integers(0, 3, size=50)
    assert final_projection(X, Y, None, 2, 0.1, 0.2).beta == 1.0
    supervised = final_projection(X, Y, labels, 2, 0.1, 0.2)
    assert supervised.beta == 0.2 and supervised.transform_x(X).shape == (50, 2)
