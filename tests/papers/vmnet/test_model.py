"""VM-NET's two-branch network: shapes, widths, unit norm, linear vs nonlinear, DANN head."""

from __future__ import annotations

import pytest
import torch

from music_visual.models.mlp import Dropout
from music_visual.papers.vmnet.model import VMNet, VMNetConfig, branch_widths

SMALL = VMNetConfig(video_dim=24, music_dim=30, hidden_widths=(32, 16, 16, 8), embed_dim=8)


def seeded(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


pytestmark = pytest.mark.usefixtures("torch_one_thread")


@pytest.fixture(scope="module")
def paper_model():
    return VMNet(generator=seeded())


def test_default_widths_are_the_papers(paper_model):
    model = paper_model
    assert model.video.widths == [1024, 2048, 512]
    assert model.music.widths == [1140, 2048, 1024, 512]
    video, music = model(torch.randn(4, 1024), torch.randn(4, 1140))
    assert video.shape == (4, 512) and music.shape == (4, 512)


@pytest.mark.parametrize("layers,expected", [(1, [10, 4]), (2, [10, 32, 4]), (3, [10, 32, 16, 4]),
                                             (5, [10, 32, 16, 16, 8, 4])])
def test_number_of_layers_per_branch(layers, expected):
    assert branch_widths(10, layers, (32, 16, 16, 8), 4) == expected
    model = VMNet(VMNetConfig(video_dim=10, music_dim=10, video_layers=layers, music_layers=layers,
                              hidden_widths=(32, 16, 16, 8), embed_dim=4), generator=seeded())
    linears = [m for m in model.video.modules() if isinstance(m, torch.nn.Linear)]
    assert [layer.in_features for layer in linears] + [linears[-1].out_features] == expected
    with pytest.raises(ValueError):
        branch_widths(10, 6, (32, 16, 16, 8), 4)


@pytest.mark.parametrize("nonlinear", [True, False])
def test_outputs_are_unit_norm_in_both_modes(nonlinear):
    model = VMNet(VMNetConfig(**{**SMALL.__dict__, "nonlinear": nonlinear}), generator=seeded())
    for mode in (model.train, model.eval):
        mode()
        video, music = model(torch.randn(6, 24), torch.randn(6, 30))
        assert torch.allclose(video.norm(dim=1), torch.ones(6), atol=1e-5)
        assert torch.allclose(music.norm(dim=1), torch.ones(6), atol=1e-5)


def pre_normalisation(branch, x):
    return branch.batch_norm(branch.final(branch.hidden(x)))


@pytest.mark.parametrize("nonlinear", [True, False])
def test_linear_model_is_affine_before_the_l2_normalisation(nonlinear):
    model = VMNet(VMNetConfig(**{**SMALL.__dict__, "nonlinear": nonlinear}), generator=seeded()).eval()
    a, b = torch.randn(5, 30), torch.randn(5, 30)
    with torch.no_grad():
        mid = pre_normalisation(model.music, (a + b) / 2)
        avg = (pre_normalisation(model.music, a) + pre_normalisation(model.music, b)) / 2
    assert torch.allclose(mid, avg, atol=1e-5) is (not nonlinear)
    relus = [m for m in model.modules() if isinstance(m, torch.nn.ReLU)]
    assert (len(relus) > 0) is nonlinear


def test_dropout_batch_norm_and_init_follow_the_code(paper_model):
    model = paper_model
    drops = [m.p for m in model.music.modules() if isinstance(m, Dropout)]
    assert drops == [0.1, 0.1]  # after each hidden layer, keep_prob 0.9
    bn = model.music.batch_norm
    assert bn.momentum == 0.01 and bn.eps == 1e-3
    weight = model.music.hidden[0].weight
    std = (2.0 / 1140) ** 0.5
    assert weight.abs().max() <= 2 * std + 1e-7
    assert 0.8 * std < weight.std() < 0.95 * std  # a normal truncated at 2 std has std 0.88 sigma
    assert torch.count_nonzero(model.music.hidden[0].bias) == 0


def test_same_generator_seed_same_weights_and_dropout_only_in_training():
    a, b = VMNet(SMALL, generator=seeded(3)), VMNet(SMALL, generator=seeded(3))
    for pa, pb in zip(a.state_dict().values(), b.state_dict().values()):
        assert torch.equal(pa, pb)
    x = torch.randn(8, 24)
    a.eval()
    assert torch.equal(a.video(x), a.video(x))
    a.train()
    assert not torch.equal(a.video(x), a.video(x))


def test_domain_head():
    model = VMNet(VMNetConfig(**{**SMALL.__dict__, "domain_classifier": True}), generator=seeded())
    video, music = model(torch.randn(4, 24), torch.randn(4, 30))
    video_logits, music_logits = model.domain_logits(video, music, reversal_scale=0.5)
    assert video_logits.shape == (4,) and music_logits.shape == (4,)
    with pytest.raises(RuntimeError):
        VMNet(SMALL, generator=seeded()).domain_logits(video, music)


def test_a_generator_leaves_the_global_rng_untouched():
    state = torch.random.get_rng_state()
    VMNet(SMALL, generator=seeded(5))
    assert torch.equal(torch.random.get_rng_state(), state)
