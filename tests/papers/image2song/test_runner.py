"""Which runs the Image2song runner plans."""

from music_visual.papers.image2song.runner import configurations, tuning_configs
from music_visual.papers.image2song.settings import RunSettings

PARAMS = dict(seeds=[0, 1, 2], table2_methods=["ours", "ours_attention"], tag_sets=["obj", "obj_attr"],
              protocols=["da", "db"], ablation_methods=["ours_mood", "ours_attention"], ablation_protocol="db",
              ablation_tags="obj_attr", target_transform="none", batch_size=10, learning_rate=1e-3, weight_decay=0.0, max_steps=4,
              eval_every=2, patience_steps=2, min_delta=0.0, smoothing=1, lstm_hidden=4, state_dim=4, head_hidden=4,
              dropout=0.0, margin=0.2, two_tower_hidden=4, two_tower_embed=4, tuning_grid={"learning_rate": [1e-3]},
              tuning_protocol="da", tuning_tags="obj_attr", val_queries=10, device="cpu", n_jobs=1, threads_per_run=1)


def test_configurations_and_tuning_targets():
    s = RunSettings.from_params(PARAMS)
    configs = configurations(s)
    names = [(c.name, c.protocol) for c in configs]
    assert len(names) == len(set(names))                            # ours_attention@obj_attr on db runs once
    assert ("schwarz@obj", "da") in names and ("ours_mood@obj_attr", "db") in names
    tuned = {m: (c.protocol, c.tags) for m, c in tuning_configs(configs, s).items()}
    assert tuned == {"ours": ("da", "obj_attr"), "ours_attention": ("da", "obj_attr"), "ours_mood": ("db", "obj_attr")}


def test_a_methods_own_tag_space_overrides_the_settings(monkeypatch):
    """ours_attention_raw keeps the paper's raw probabilities whatever target_transform the study uses."""
    import music_visual.papers.image2song.trainer as trainer
    from music_visual.papers.image2song.methods import methods_by_name

    seen = []

    def fake_run_data(inputs, protocol, tag_set, pooling, device, target_transform="none"):
        seen.append(target_transform)
        raise RuntimeError("stop here")

    monkeypatch.setattr(trainer, "run_data", fake_run_data)
    s = RunSettings.from_params({**PARAMS, "target_transform": "standardise"})
    for name in ("ours_attention", "ours_attention_raw"):
        try:
            trainer.train_run(methods_by_name([name])[0], s, None, "da", "obj", 0, {}, 10, 0, "cpu")
        except RuntimeError:
            pass
    assert seen == ["standardise", "none"]
