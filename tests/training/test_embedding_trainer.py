"""The training loop on a tiny synthetic problem with a planted linear correspondence."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
import torch

from music_visual.models.two_tower import TwoTower, TwoTowerConfig
from music_visual.papers.vmnet.model import VMNet, VMNetConfig
from music_visual.papers.vmnet.objective import VMNetLossConfig, VMNetObjective
from music_visual.training import (
    InfoNCEObjective,
    TrainConfig,
    epoch_batches,
    train_embedding_model,
    validation_scores,
)

VIDEO_DIM, MUSIC_DIM = 24, 30
SMALL_VMNET = VMNetConfig(video_dim=VIDEO_DIM, music_dim=MUSIC_DIM, hidden_widths=(64, 32, 32, 16), embed_dim=16)
# lr 2e-3 so that the tiny problem is learnt in a few dozen steps
FAST = TrainConfig(batch_size=100, learning_rate=2e-3, max_steps=48, eval_every=6, patience_steps=18,
                   min_delta=0.0, smoothing=1, seed=0, device="cpu", progress_bar=False)
LOSS = VMNetLossConfig(top_k=20, structure_anchors=40)
N_VAL = 200  # chance Recall@10 = 10 / 200 = 0.05


def planted_pairs(n: int, seed: int):
    """video = z A + noise, music = z B + noise for a shared latent z (one fixed A, B)."""
    maps = torch.Generator().manual_seed(1234)
    a, b = torch.randn(8, VIDEO_DIM, generator=maps), torch.randn(8, MUSIC_DIM, generator=maps)
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(n, 8, generator=gen)
    return (z @ a + 0.1 * torch.randn(n, VIDEO_DIM, generator=gen),
            z @ b + 0.1 * torch.randn(n, MUSIC_DIM, generator=gen))


pytestmark = pytest.mark.usefixtures("torch_one_thread")


@pytest.fixture(scope="module")
def data():
    return (*planted_pairs(600, seed=1), *planted_pairs(N_VAL, seed=2))


def train_vmnet(data, loss=LOSS, config=FAST, model_config=SMALL_VMNET):
    model = VMNet(model_config, generator=torch.Generator().manual_seed(config.seed))
    return train_embedding_model(model, VMNetObjective(loss), *data, config=config)


def test_vmnet_learns_the_planted_correspondence(data):
    result = train_vmnet(data)
    history = pd.DataFrame(result.history)
    chance = 10 / N_VAL
    assert history.loc[0, "val_recall_at_10"] < 4 * chance
    assert result.best_validation_recall > 10 * chance  # > 0.5
    assert {"train_loss", "train_video_to_music", "train_music_to_video", "train_video_structure",
            "train_music_structure", "val_video_to_music_recall_at_10", "seconds", "best"} <= set(history.columns)
    assert history["train_loss"].iloc[1:].notna().all() and history.loc[0, "step"] == 0
    assert history["step"].tolist() == list(range(0, result.steps + 1, 6))
    # the kept model is the best checkpoint, judged by the criterion
    again = validation_scores(result.model, data[2], data[3])
    best = history.set_index("step").loc[result.best_step]
    assert again["val_criterion"] == pytest.approx(result.best_criterion) == pytest.approx(best["val_criterion"])
    assert again["val_recall_at_10"] == result.best_validation_recall == best["val_recall_at_10"]
    assert result.summary()["stopped_by"] in {"plateau", "step_cap"} and not result.kept_initial


def test_bit_identical_for_the_same_seed_on_cpu(data):
    config = dataclasses.replace(FAST, max_steps=18)
    first, second = train_vmnet(data, config=config), train_vmnet(data, config=config)
    for (name, a), b in zip(first.best_state.items(), second.best_state.values()):
        assert torch.equal(a, b), name
    drop = lambda rows: [{k: v for k, v in r.items() if k != "seconds"} for r in rows]  # noqa: E731
    assert drop(first.history) == drop(second.history)
    third = train_vmnet(data, config=dataclasses.replace(config, seed=1))
    assert not torch.equal(first.best_state["video.final.weight"], third.best_state["video.final.weight"])


def test_two_tower_with_info_nce_learns(data):
    config = TwoTowerConfig(video_dim=VIDEO_DIM, music_dim=MUSIC_DIM, hidden_dim=32, embed_dim=16)
    model = TwoTower(config, generator=torch.Generator().manual_seed(0))
    result = train_embedding_model(model, InfoNCEObjective(), *data, config=FAST)
    assert result.best_validation_recall > 0.5
    assert "train_temperature" in result.history[-1]


def test_dann_and_one_directional_variants_run(data):
    config = dataclasses.replace(FAST, max_steps=12)
    dann = dataclasses.replace(SMALL_VMNET, domain_classifier=True)
    result = train_vmnet(data, loss=dataclasses.replace(LOSS, domain_weight=1.0), config=config, model_config=dann)
    last = result.history[-1]
    assert torch.isfinite(torch.tensor(last["train_domain"])) and 0 <= last["train_domain_accuracy"] <= 1
    one_way = dataclasses.replace(LOSS, weight_music_to_video=0.0, weight_video_structure=0.0,
                                  weight_music_structure=0.0)
    rows = train_vmnet(data, loss=one_way, config=config).history
    assert "train_video_structure" not in rows[-1]
    assert rows[-1]["train_loss"] == pytest.approx(rows[-1]["train_video_to_music"])


def test_a_flat_criterion_stops_at_patience_and_records_the_untrained_network():
    # lr = 0: the validation criterion never changes, so training stops after
    # `patience_steps` steps and says it kept the initial weights (step 0).
    video, music = planted_pairs(300, seed=3)
    model = TwoTower(TwoTowerConfig(video_dim=VIDEO_DIM, music_dim=MUSIC_DIM, hidden_dim=16, embed_dim=8))
    config = dataclasses.replace(FAST, learning_rate=0.0, patience_steps=12, max_steps=600)
    result = train_embedding_model(model, InfoNCEObjective(), video[:200], music[:200], video[200:], music[200:],
                                   config=config)
    assert [row["step"] for row in result.history] == [0, 6, 12]
    assert result.best_step == 0 and result.kept_initial and result.stopped_by == "plateau"


def test_a_run_still_improving_at_the_cap_is_flagged(data):
    result = train_vmnet(data, config=dataclasses.replace(FAST, max_steps=10, patience_steps=30))
    assert result.steps == 10 and [row["step"] for row in result.history] == [0, 6, 10]
    assert result.stopped_by == "step_cap" and result.summary()["hit_cap"]


def test_epoch_batches_and_input_checks():
    gen = torch.Generator().manual_seed(0)
    batches = epoch_batches(250, 100, gen)
    assert [len(b) for b in batches] == [100, 100]
    assert [len(b) for b in epoch_batches(50, 100, gen)] == [50]
    assert len(torch.cat(epoch_batches(300, 100, gen)).unique()) == 300
    with pytest.raises(ValueError):
        train_embedding_model(VMNet(SMALL_VMNET), VMNetObjective(), torch.zeros(5, VIDEO_DIM),
                              torch.zeros(4, MUSIC_DIM), torch.zeros(3, VIDEO_DIM), torch.zeros(3, MUSIC_DIM))
