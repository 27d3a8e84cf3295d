"""Each network's output shapes, seeded initialisation, and a one-batch overfit of each."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from music_visual.models.two_tower import TwoTower, TwoTowerConfig
from music_visual.papers.acpnet.model import (ACPConfig, ACPNet, ConvEncoder, EmotionClassifier, ImageMusicTwoTower,
                                              L3Config, L3Net, SpectrogramACP, SpectrogramACPConfig)
from music_visual.training.objectives import InfoNCEObjective

pytestmark = pytest.mark.usefixtures("torch_one_thread")
SPEC_HW, IMG_HW = (16, 24), (12, 16)


def g(seed=0):
    return torch.Generator().manual_seed(seed)


def small_acp(**kw):
    return ACPNet(ACPConfig(image_dim=20, music_dim=12, embed_dim=8, image_hidden=(16,), music_hidden=(16, 16, 16),
                            fusion_hidden=(16, 8, 8), dropout=kw.get("dropout", 0.4)), g())


def small_spec_acp(dropout=0.4):
    return SpectrogramACP(SpectrogramACPConfig(image_dim=20, spectrogram_hw=SPEC_HW, cnn_channels=(4, 8), embed_dim=8,
                                               image_hidden=(16,), fusion_hidden=(16, 8, 8), dropout=dropout), g())


def small_l3(dropout=0.0):
    return L3Net(L3Config(image_hw=IMG_HW, spectrogram_hw=SPEC_HW, cnn_channels=(4, 8), fusion_hidden=16,
                          dropout=dropout), g())


def test_paper_acp_net_widths():
    model = ACPNet(ACPConfig(), g())
    linears = [m for m in model.image if isinstance(m, torch.nn.Linear)]
    assert [l.in_features for l in linears] == [2048, 1024] and linears[-1].out_features == 1024  # 2 FC -> 1024
    music = [m for m in model.music if isinstance(m, torch.nn.Linear)]
    assert len(music) == 4 and music[0].in_features == 193 and music[-1].out_features == 1024  # 4 FC -> 1024
    fusion = [m for m in model.fusion if isinstance(m, torch.nn.Linear)]
    assert len(fusion) == 4 and fusion[0].in_features == 2048 and fusion[-1].out_features == 2
    out = model(torch.randn(3, 2048), torch.randn(3, 193))
    assert out.shape == (3, 2)


@pytest.mark.parametrize("build,inputs", [
    (small_acp, lambda n: (torch.randn(n, 20), torch.randn(n, 12))),
    (small_spec_acp, lambda n: (torch.randn(n, 20), torch.randn(n, 1, *SPEC_HW))),
    (small_l3, lambda n: (torch.randn(n, 3, *IMG_HW), torch.randn(n, 1, *SPEC_HW))),
])
def test_shapes_and_fuse(build, inputs):
    model = build().eval()
    image, music = inputs(5)
    logits = model(image, music)
    assert logits.shape == (5, 2)
    e_img, e_mus = model.image(image), model.music(music)
    assert e_img.ndim == 2 and e_mus.ndim == 2 and len(e_img) == 5
    assert torch.allclose(model.fuse(e_img, e_mus), logits, atol=1e-6)


def test_initialisation_is_seeded_and_leaves_the_global_rng_alone():
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a, b = small_l3(), small_l3()
    after = torch.rand(1)
    assert torch.equal(before, after)
    for (na, pa), (_, pb) in zip(a.state_dict().items(), b.state_dict().items()):
        assert torch.equal(pa, pb), na


def test_conv_encoder_pools_to_channels_or_projects():
    assert ConvEncoder(1, (4, 8), (3, 5)).forward(torch.randn(2, 1, 3, 5)).shape == (2, 8)
    assert ConvEncoder(1, (4, 8), (16, 16), out_dim=6, generator=g()).forward(torch.randn(2, 1, 16, 16)).shape == (2, 6)


def _overfit(model, loss_of, steps=150, lr=3e-3):
    torch.manual_seed(0)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        loss = loss_of(model)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        return float(loss_of(model))


@pytest.mark.parametrize("build,inputs", [
    (lambda: small_acp(dropout=0.0), lambda n: (torch.randn(n, 20), torch.randn(n, 12))),
    (lambda: small_spec_acp(0.0), lambda n: (torch.randn(n, 20), torch.randn(n, 1, *SPEC_HW))),
    (small_l3, lambda n: (torch.randn(n, 3, *IMG_HW), torch.randn(n, 1, *SPEC_HW))),
])
def test_one_batch_overfit_of_each_correspondence_network(build, inputs):
    torch.manual_seed(1)
    image, music = inputs(16)
    labels = torch.arange(16) % 2
    model = build()
    with torch.no_grad():
        start = float(F.cross_entropy(model.eval()(image, music), labels))
    final = _overfit(model, lambda m: F.cross_entropy(m(image, music), labels))
    assert final < 0.1 < start
    assert (model(image, music).argmax(1) == labels).all()


def test_one_batch_overfit_of_the_two_tower():
    torch.manual_seed(2)
    image, music = torch.randn(12, 20), torch.randn(12, 12)
    model = ImageMusicTwoTower(TwoTower(TwoTowerConfig(video_dim=20, music_dim=12, hidden_dim=32, embed_dim=8,
                                                       dropout=0.0), g()))
    objective = InfoNCEObjective()
    final = _overfit(model, lambda m: objective(m, image, music)["loss"], steps=200)
    assert final < 0.2
    sims = F.normalize(model.image(image), dim=1) @ F.normalize(model.music(music), dim=1).T
    assert (sims.argmax(1) == torch.arange(12)).all()


@pytest.mark.parametrize("encoder", [None, "cnn"])
def test_one_batch_overfit_of_the_emotion_classifiers(encoder):
    torch.manual_seed(3)
    if encoder:
        x, model = torch.randn(16, 1, *SPEC_HW), EmotionClassifier(1, (16, 8), 3, 0.0, ConvEncoder(1, (4, 8), SPEC_HW, 0, 0.0, g()), g())
    else:
        x, model = torch.randn(16, 10), EmotionClassifier(10, (16, 8), 8, 0.0, None, g())
    y = torch.arange(16) % (3 if encoder else 8)
    assert model(x).shape == (16, 3 if encoder else 8)
    assert _overfit(model, lambda m: F.cross_entropy(m(x), y), steps=250) < 0.1
