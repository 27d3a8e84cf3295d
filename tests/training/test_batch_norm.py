"""Batch-norm statistics recalibrated on the training set describe the trained network."""

import torch

from music_visual.papers.vmnet.model import VMNet, VMNetConfig
from music_visual.training.batch_norm import recalibrate_batch_norm


def test_running_statistics_become_those_of_the_training_set():
    torch.manual_seed(0)
    model = VMNet(VMNetConfig(video_dim=6, music_dim=5, hidden_widths=(8, 8, 8), embed_dim=4, dropout=0.5),
                  generator=torch.Generator().manual_seed(0))
    video, music = torch.randn(50, 6) * 3 + 1, torch.randn(50, 5)
    model.train()
    assert recalibrate_batch_norm(model, video, music) == 2
    assert model.training and model.video.hidden.training  # modes restored
    with torch.no_grad():  # the inputs of the video branch's batch norm, dropout off
        model.eval()
        pre = model.video.final(model.video.hidden(video))
    bn = model.video.batch_norm
    assert torch.allclose(bn.running_mean, pre.mean(0), atol=1e-5)
    assert torch.allclose(bn.running_var, pre.var(0, unbiased=True), atol=1e-4)
    assert bn.momentum == 0.01 and int(bn.num_batches_tracked) == 1
    # so the eval-mode output is the batch-normalised training set: mean 0 before L2 normalisation
    normalised = (pre - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps) * bn.weight + bn.bias
    assert normalised.mean(0).abs().max() < 1e-4
