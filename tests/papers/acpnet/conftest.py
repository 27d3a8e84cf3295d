"""Small training settings shared by ACP-Net's tests (every key of params.yaml acpnet.train)."""

import pytest

TOY_SETTINGS = dict(seeds=[0], methods=["acp_net"], batch_size=32, learning_rate=1e-3, max_steps=400, eval_every=20,
                patience_steps=100, min_delta=0.0, smoothing=2, embed_dim=8, dropout=0.0, image_hidden=[16],
                music_hidden=[16, 16, 16], fusion_hidden=[16, 8, 8], cnn_channels=[4, 8], l3_fusion_hidden=8,
                two_tower_hidden=16, tuning_grid={"learning_rate": [1e-3]}, probe_hidden=[32, 16], probe_batch_size=32,
                probe_learning_rate=3e-3, probe_max_steps=600, probe_eval_every=20, probe_patience_steps=120,
                probe_grid={"dropout": [0.0, 0.2]}, probe_sources=["acp_net"], checkpoint_seeds=0, device="cpu",
                n_jobs=1, threads_per_run=1)


@pytest.fixture()
def toy_settings() -> dict:
    return dict(TOY_SETTINGS)
