"""The claims logic on hand-made summaries (each verdict flips when the numbers do)."""

import pandas as pd

from music_visual.papers.mrcca.claims import mrcca_claims


def summary(cr_gain=0.02, mr_gain=0.04, k_curve=(0.60, 0.62, 0.65, 0.655, 0.656), d_best=6,
            table1=((0.70, 1.0), (0.705, 10.0)), single=0.62):
    rows = []
    for k, base in zip((3, 5, 10, 15, 20), k_curve):
        for method, value in (("c_cca", base - mr_gain), ("cr_cca", base - mr_gain + cr_gain), ("mrcca", base)):
            rows.append(("fig2a", k, 6, "local", method, value, None))
    for d in (2, 4, 6, 8, 12, 20):
        base = 0.65 - 0.005 * abs(d - d_best)
        for method, value in (("c_cca", base - mr_gain), ("cr_cca", base - mr_gain + cr_gain), ("mrcca", base)):
            rows.append(("fig2b", 10, d, "local", method, value, None))
    for mode, (value, seconds) in zip(("local", "global"), table1):
        rows.append(("table1", 10, 10, mode, "mrcca", value, seconds))
    if single is not None:
        rows += [("single", 1, 20, "local", "c_cca", single - 0.02, None), ("single", 1, 20, "local", "cr_cca", single, None)]
    return pd.DataFrame(rows, columns=["experiment", "n_clusters", "d", "reference_mode", "method",
                                       "consistency_mean", "train_time_s_mean"])


def verdicts(frame):
    return mrcca_claims(frame)["verdict"].tolist()


def test_all_claims_reproduced_on_paper_like_numbers():
    assert verdicts(summary()) == ["reproduced"] * 6
    assert "best MR-CCA 65.6 % (K = 20, 1/d = 1/6) vs one R-CCA 62.0 % (K = 1, 1/d = 1/20): +3.6 pp" in \
        mrcca_claims(summary())["ours"].tolist()


def test_each_claim_fails_when_its_numbers_do():
    assert verdicts(summary(cr_gain=-0.01))[0] == "not reproduced"
    assert verdicts(summary(mr_gain=0.0))[1] == "not reproduced"
    assert verdicts(summary(k_curve=(0.60, 0.61, 0.62, 0.65, 0.68)))[2] == "not reproduced"
    assert verdicts(summary(d_best=2))[3] == "not reproduced"
    assert verdicts(summary(table1=((0.65, 1.0), (0.70, 10.0))))[4] == "not reproduced"  # local 5 pp worse
    assert verdicts(summary(table1=((0.70, 9.0), (0.70, 10.0))))[4] == "not reproduced"  # no time saved
    assert verdicts(summary(single=0.70))[5] == "not reproduced"  # one model beats every clustering


def test_missing_experiments_are_not_testable():
    frame = summary()
    frame = frame[frame["experiment"] != "table1"]
    assert verdicts(frame)[4] == "not testable"
    assert verdicts(frame[frame["experiment"] == "table1"]) == ["not testable"] * 6
    assert verdicts(summary(single=None))[5] == "not testable"
