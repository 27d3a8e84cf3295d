"""The claims logic on hand-made per-repeat runs: each verdict follows the 95 % CI of its paired difference.

With three repeats whose differences are ``a, a + h, a + 2h`` the mean is ``a + h`` and the
Student-t half-width ``t(0.975, 2) * h / sqrt(3) = 2.484 h``: ``(2, 3, 4)`` points give
``+3.0 pp [+0.5, +5.5]`` (reproduced), ``(1, 2, 3)`` give ``+2.0 pp [-0.5, +4.5]`` (inconclusive).
"""

import numpy as np
import pandas as pd
import pytest

from music_visual.papers.mrcca.claims import CHECKS, combined, mrcca_claims

K_GRID, D_GRID = (3, 5, 10, 15, 20), (2, 4, 6, 8, 10, 14, 20)
UP, SLIGHTLY_UP, DOWN = (0.02, 0.03, 0.04), (0.01, 0.02, 0.03), (-0.04, -0.03, -0.02)
IDS = list(CHECKS)


def make_runs(n_repeats=3, cr_gain=UP, mr_gain=UP, rise=(0.04, 0.05, 0.06), later=(0.0, 0.005, 0.01),
              d_margin=UP, local_minus_global=(-0.002, 0.0, 0.002), time_ratio=(0.10, 0.12, 0.14),
              single_gap=UP, experiments=("reference", "fig2a", "fig2b", "table1", "single")):
    """A runs table (run_sweeps' columns) whose per-repeat differences are the arguments, repeat by repeat.

    Fig. 2A's MR-CCA: K = 3 at the repeat's level, K = 10 ``rise`` above it, K = 15 and 20 ``later``
    above K = 10; CR-CCA is ``mr_gain`` below MR-CCA and C-CCA ``cr_gain`` below CR-CCA in every
    configuration. Fig. 2B's d = 6 is Fig. 2A's K = 10 (the same fit), every d outside 6..8 is
    ``d_margin`` or more below it. The single R-CCA model (``cr_cca`` at K = 1) is ``single_gap``
    below MR-CCA at K = 15 (the best K on average). Each repeat has its own level, which the paired differences cancel.
    """
    rows = []

    def add(r, experiment, k, d, mode, mrcca, seconds=1.0):
        values = {"mrcca": mrcca, "cr_cca": mrcca - mr_gain[r], "c_cca": mrcca - mr_gain[r] - cr_gain[r]}
        rows.extend({"repeat": r, "experiment": experiment, "n_clusters": k, "d": d, "reference_mode": mode,
                     "method": m, "consistency": v, "consistency_human_labelled": v, "train_time_s": seconds}
                    for m, v in values.items())

    for r in range(n_repeats):
        level = 0.60 + 0.01 * r
        at_10 = level + rise[r]
        fig2a = {3: level, 5: level + rise[r] / 2, 10: at_10, 15: at_10 + later[r], 20: at_10 + later[r]}
        if "reference" in experiments:
            rows += [{"repeat": r, "experiment": "reference", "n_clusters": 0, "d": 0, "reference_mode": "",
                      "method": m, "consistency": v, "consistency_human_labelled": v} for m, v in
                     (("chance", 0.5), ("oracle", 0.9))]
        if "fig2a" in experiments:
            for k in K_GRID:
                add(r, "fig2a", k, 6, "local", fig2a[k])
        if "fig2b" in experiments:
            for d in D_GRID:
                add(r, "fig2b", 10, d, "local", at_10 if d in (6, 8) else at_10 - d_margin[r] - 0.01 * (d == 2))
        if "table1" in experiments:
            add(r, "table1", 10, 10, "global", 0.62 + 0.01 * r, seconds=10.0 + r)
            add(r, "table1", 10, 10, "local", 0.62 + 0.01 * r + local_minus_global[r],
                seconds=time_ratio[r] * (10.0 + r))
        if "single" in experiments:
            add(r, "single", 1, 20, "local", fig2a[15] - single_gap[r] + mr_gain[r])  # R-CCA = CR-CCA row
    return pd.DataFrame(rows)


def ledger(**kwargs) -> pd.DataFrame:
    return mrcca_claims(make_runs(**kwargs)).set_index("claim_id")


def verdict(claim_id, **kwargs) -> str:
    return ledger(**kwargs).loc[claim_id, "verdict"]


def test_paper_like_runs_reproduce_every_claim_with_their_numbers():
    table = ledger()
    assert table["verdict"].tolist() == ["reproduced"] * 6 and table.index.tolist() == IDS
    ours = table["ours"]
    assert ours["ranking_beats_cca"] == "+3.0 pp [+0.5, +5.5] (n=3)"
    assert ours["mrcca_is_best"] == "vs C-CCA +6.0 pp [+1.0, +11.0] (n=3); vs CR-CCA +3.0 pp [+0.5, +5.5] (n=3)"
    assert ours["gains_flatten_after_10"] == ("rise K=3->10 +5.0 pp [+2.5, +7.5] (n=3); "
                                              "later K>10 vs K=10 +0.5 pp [-0.7, +1.7] (n=3)")
    assert ours["best_reference_fraction"] == "+3.0 pp [+0.5, +5.5] (n=3)"
    assert ours["local_as_good_as_global"] == ("local - global +0.0 pp [-0.5, +0.5] (n=3); "
                                               "time local/global 12.0 % [7.0, 17.0] (n=3)")
    assert ours["clustering_helps"] == "+3.0 pp [+0.5, +5.5] (n=3)"
    assert "over 11 configurations" in table.loc["ranking_beats_cca", "evidence"]  # the shared fit counts once
    assert "K = 15, best on average" in table.loc["clustering_helps", "evidence"]
    assert table["evidence"].str.contains("95 % CI").all()
    assert (table["chance"] == "50.0 % consistency").all() and (table["oracle"] == "90.0 % consistency").all()


@pytest.mark.parametrize("claim_id, change", [
    ("ranking_beats_cca", {"cr_gain": DOWN}),
    ("mrcca_is_best", {"mr_gain": DOWN}),  # CR-CCA above MR-CCA; MR-CCA - C-CCA still contains 0
    ("gains_flatten_after_10", {"rise": DOWN}),
    ("gains_flatten_after_10", {"later": (0.05, 0.06, 0.07)}),  # keeps rising after K = 10
    ("best_reference_fraction", {"d_margin": DOWN}),
    ("local_as_good_as_global", {"local_minus_global": (-0.05, -0.04, -0.03)}),  # local 4 points worse
    ("local_as_good_as_global", {"time_ratio": (0.9, 1.0, 1.1)}),  # no time saved
    ("clustering_helps", {"single_gap": DOWN}),  # one model beats the best clustering
])
def test_a_ci_on_the_other_side_is_not_reproduced(claim_id, change):
    assert verdict(claim_id, **change) == "not reproduced"


@pytest.mark.parametrize("claim_id, change", [
    ("ranking_beats_cca", {"cr_gain": SLIGHTLY_UP}),
    ("mrcca_is_best", {"mr_gain": SLIGHTLY_UP}),  # vs CR-CCA contains 0, vs C-CCA above 0
    ("gains_flatten_after_10", {"later": (0.01, 0.02, 0.03)}),  # later gain's CI contains half the rise
    ("gains_flatten_after_10", {"rise": SLIGHTLY_UP, "later": (0.0, 0.0, 0.0)}),
    ("best_reference_fraction", {"d_margin": SLIGHTLY_UP}),
    ("local_as_good_as_global", {"local_minus_global": (-0.02, -0.01, 0.0)}),  # CI contains -1 point
    ("local_as_good_as_global", {"time_ratio": (0.4, 0.5, 0.6)}),
    ("clustering_helps", {"single_gap": SLIGHTLY_UP}),
])
def test_a_ci_containing_the_threshold_is_inconclusive(claim_id, change):
    assert verdict(claim_id, **change) == "inconclusive"


def test_inconclusive_numbers_and_mixed_two_part_claims():
    table = ledger(cr_gain=SLIGHTLY_UP, mr_gain=SLIGHTLY_UP)
    assert table.loc["ranking_beats_cca", "ours"] == "+2.0 pp [-0.5, +4.5] (n=3)"
    assert table.loc["mrcca_is_best", "ours"] == ("vs C-CCA +4.0 pp [-1.0, +9.0] (n=3); "
                                                  "vs CR-CCA +2.0 pp [-0.5, +4.5] (n=3)")
    flat = ledger(later=(0.05, 0.06, 0.07)).loc["gains_flatten_after_10"]
    assert flat["ours"].endswith("later K>10 vs K=10 +6.0 pp [+3.5, +8.5] (n=3)")
    assert "half the rise's mean (+2.5 pp): not reproduced" in flat["evidence"]
    slow = ledger(time_ratio=(0.9, 1.0, 1.1)).loc["local_as_good_as_global"]
    assert slow["ours"].endswith("time local/global 100.0 % [75.2, 124.8] (n=3)")
    assert "against -1 pp: reproduced" in slow["evidence"] and "against 50 %: not reproduced" in slow["evidence"]
    assert combined("reproduced", "inconclusive") == "inconclusive"
    assert combined("inconclusive", "not reproduced") == "not reproduced"
    assert combined("reproduced", "not testable") == "not testable"


def test_non_inferiority_accepts_a_small_loss():
    table = ledger(local_minus_global=(-0.007, -0.005, -0.003))
    assert table.loc["local_as_good_as_global", "verdict"] == "reproduced"
    assert table.loc["local_as_good_as_global", "ours"].startswith("local - global -0.5 pp [-1.0, -0.0] (n=3)")


def test_one_repeat_is_not_testable():
    table = mrcca_claims(make_runs(n_repeats=1)).set_index("claim_id")
    assert table["verdict"].tolist() == ["not testable"] * 6
    assert table.loc["ranking_beats_cca", "ours"] == "+2.0 pp (n=1)"
    assert table["evidence"].str.contains("one repeat gives no interval").all()


def test_missing_experiments_are_not_testable():
    no_table1 = mrcca_claims(make_runs(experiments=("reference", "fig2a", "fig2b", "single")))
    assert no_table1["verdict"].tolist() == ["reproduced"] * 4 + ["not testable", "reproduced"]
    only_table1 = mrcca_claims(make_runs(experiments=("table1",)))
    assert only_table1["verdict"].tolist() == ["not testable"] * 4 + ["reproduced", "not testable"]
    assert only_table1["oracle"].eq("").all()
    no_single = mrcca_claims(make_runs(experiments=("reference", "fig2a", "fig2b", "table1")))
    assert no_single["verdict"].tolist()[-1] == "not testable"


def test_a_failed_fit_drops_out_of_its_repeat_only():
    runs = make_runs()
    failed = (runs["repeat"] == 0) & (runs["experiment"] == "fig2b") & (runs["d"] == 20)
    runs.loc[failed, ["consistency", "train_time_s"]] = np.nan
    assert mrcca_claims(runs)["verdict"].tolist() == ["reproduced"] * 6
    runs.loc[runs["repeat"] == 0, "consistency"] = np.nan  # a whole repeat lost: two remain
    table = mrcca_claims(runs).set_index("claim_id")
    assert table.loc["ranking_beats_cca", "ours"].endswith("(n=2)")


def test_a_summary_over_repeats_is_refused():
    from music_visual.errors import StudyError
    from music_visual.papers.mrcca.tables import summarise_runs

    with pytest.raises(StudyError, match="per-repeat runs"):
        mrcca_claims(summarise_runs(make_runs()))
