"""The plateau rule: a curve that plateaus stops; one still rising reaches the cap and is flagged."""

import pytest

from music_visual.training.plateau import PlateauRule


def run(rule: PlateauRule, curve, every: int = 10):
    for i, value in enumerate(curve):
        if rule.update(i * every, value):
            return i * every
    return None


def test_a_curve_that_plateaus_stops_after_the_patience():
    # +0.1 per evaluation up to 0.9 at step 90, then gains of 0.005 (below the tolerance 0.01) twice, then flat
    curve = [0.1 * i for i in range(10)] + [0.905, 0.91] + [0.91] * 100
    rule = PlateauRule(max_steps=5000, patience_steps=200, min_delta=0.01, smoothing=1)
    stopped = run(rule, curve)
    assert rule.stopped_by == "plateau" and not rule.summary()["hit_cap"]
    assert rule.best_step == 90 and stopped == 290
    # the same curve under a 3-evaluation trailing mean: 0.8 at step 90, then 0.872, 0.905 (> 0.81)...
    smooth = PlateauRule(max_steps=5000, patience_steps=200, min_delta=0.01, smoothing=3)
    assert run(smooth, curve) == smooth.best_step + 200 and smooth.best_step == 110


def test_a_curve_still_rising_reaches_the_cap_and_is_flagged():
    rule = PlateauRule(max_steps=300, patience_steps=100, min_delta=0.001)
    stopped = run(rule, [0.01 * i for i in range(100)])
    assert stopped == 300 and rule.stopped_by == "step_cap" and rule.summary()["hit_cap"]
    assert rule.best_step == 300


def test_smoothing_ignores_a_single_lucky_evaluation():
    noisy = [0.5, 0.5, 0.9, 0.5, 0.5, 0.5, 0.5, 0.5]  # one spike
    raw, smooth = PlateauRule(10**6, 50, smoothing=1), PlateauRule(10**6, 50, smoothing=3)
    run(raw, noisy)
    run(smooth, noisy)
    assert raw.best_step == 20 and raw.best_value == 0.9
    # the trailing mean of three reaches 0.633 at the spike and stays the best for two more evaluations
    assert smooth.best_value == pytest.approx(0.6333, abs=1e-3) and smooth.best_step == 20


def test_the_untrained_network_kept_is_reported():
    rule = PlateauRule(max_steps=1000, patience_steps=30)
    run(rule, [0.4, 0.3, 0.2, 0.1, 0.1])
    assert rule.kept_initial and rule.best_step == 0 and rule.stopped_by == "plateau"


def test_invalid_rules_and_steps_are_refused():
    with pytest.raises(ValueError):
        PlateauRule(max_steps=10, patience_steps=0)
    rule = PlateauRule(max_steps=10, patience_steps=5)
    rule.update(5, 0.1)
    with pytest.raises(ValueError, match="increase"):
        rule.update(5, 0.2)
