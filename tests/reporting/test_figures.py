

def test_training_curves_title_a_run_at_the_step_cap():
    import pandas as pd

    from music_visual.reporting.figures import training_curves

    rows = [{"run": run, "seed": 0, "step": step, "val_criterion": 0.1 + step / 1e4, "val_criterion_smoothed": 0.1,
             "best": step == last, "train_loss": 1.0} for run, last in (("a", 300), ("b", 100)) for step in range(0, last + 1, 50)]
    fig = training_curves(pd.DataFrame(rows), ["a", "b"], {"a": "A"}, max_steps=300)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["A (step cap)", "b"]
