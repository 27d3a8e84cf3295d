import numpy as np

from music_visual.corpus.world import visuals

GREY = np.full((20, 30, 3), 0.5, np.float32)
COLOUR = np.random.default_rng(0).uniform(0.2, 0.8, (20, 30, 3)).astype(np.float32)


def _saturation(img):
    return float(np.mean(img.max(axis=2) - img.min(axis=2)))


def test_positive_valence_is_warmer_and_brighter():
    warm, cold = visuals.grade(GREY, 0.8, 0.0, "soft"), visuals.grade(GREY, -0.8, 0.0, "soft")
    assert warm[..., 0].mean() - warm[..., 2].mean() > 0.1 > cold[..., 0].mean() - cold[..., 2].mean()
    assert warm.mean() > cold.mean()


def test_arousal_raises_saturation():
    assert _saturation(visuals.grade(COLOUR, 0, 0.9, "soft")) > 1.5 * _saturation(visuals.grade(COLOUR, 0, -0.9, "soft"))


def test_styles_differ_and_stay_in_range():
    outs = {s: visuals.apply_style(COLOUR, s, np.random.default_rng(0)) for s in ("soft", "sepia", "gritty", "neon")}
    for a in outs:
        for b in outs:
            assert a == b or not np.allclose(outs[a], outs[b])


def test_shots_cut_with_tempo_and_frames_have_the_right_size():
    bank = {"backgrounds": np.zeros((2, 24, 32, 3), np.uint8),
            "objects": np.full((3, 16, 16, 4), 255, np.uint8), "object_topic": np.array([0, 1, 2])}
    factors = {"valence": 0.1, "arousal": 0.2, "topic": "animals", "style": "neon", "distractor_rate": 0.0,
               "width": 24, "height": 18}
    section = lambda t, d: ("verse", 0.6)  # noqa: E731
    slow = visuals.plan_shots(12.0, 1.0, bank, factors, np.random.default_rng(0), section)
    fast = visuals.plan_shots(12.0, 0.5, bank, factors, np.random.default_rng(0), section)
    assert len(slow) == 2 and len(fast) == 3
    assert all(s.on_topic for s in slow)
    assert visuals.frame_at(fast, 5.0, 24, 18).shape == (18, 24, 3)
