"""S-DCCA's claims on hand-made per-(fold, seed) rows whose differences are known."""

import numpy as np
import pandas as pd

from music_visual.papers.sdcca.claims import claims_table
from music_visual.study.claims import COLUMNS

COLUMNS_II = ["1/3", "2/6", "3/9", "mean"]
LEVELS = {"multi_view": 0.14, "cca": 0.18, "kcca": 0.17, "dcca": 0.18, "c_cca": 0.20, "s_dcca": 0.22,
          "c_cca_extend1": 0.21, "c_cca_extend2": 0.22, "s_dcca_extend1": 0.23, "s_dcca_extend2": 0.24,
          "chance": 0.19, "oracle": 0.40}


def rows(levels=LEVELS, noise=0.002, chunk_gap=0.0, random_gap=-0.02, n=10, seed=0):
    rng = np.random.default_rng(seed)
    out = []
    for unit in range(n):
        for method, level in levels.items():
            base = level + noise * rng.normal()
            row = {"method": method, "unit": f"f{unit % 5}s{unit // 5}", "fold": unit % 5, "seed": unit // 5,
                   "map_mean": base}
            for c in ("1_3", "2_6", "3_9"):
                row[f"map_{c}"] = base + chunk_gap
                row[f"map_attention_{c}"] = base + chunk_gap
                row[f"map_random_{c}"] = base + chunk_gap + random_gap
            out.append(row)
    return pd.DataFrame(out)


def verdicts(table):
    return dict(zip(table["claim_id"], table["verdict"]))


def test_the_paper_ordering_reproduces_every_claim():
    table = claims_table(rows(), COLUMNS_II)
    assert list(table.columns) == COLUMNS and len(table) == 6
    assert set(verdicts(table).values()) == {"reproduced"}
    row = table.set_index("claim_id").loc["s_dcca_beats_baselines"]
    assert row["chance"].startswith(("18.", "19.")) and row["oracle"].startswith("40.") and row["oracle"].endswith("% MAP") and "+3.1, +2.1, +4.0, +3.1, +7.2 pp" in row["paper_figure"]


def test_a_baseline_ahead_of_s_dcca_makes_the_claim_fail_and_ties_are_inconclusive():
    levels = LEVELS | {"kcca": 0.25}
    assert verdicts(claims_table(rows(levels), COLUMNS_II))["s_dcca_beats_baselines"] == "not reproduced"
    tie = LEVELS | {"dcca": 0.22}
    assert verdicts(claims_table(rows(tie, noise=0.0), COLUMNS_II))["s_dcca_beats_baselines"] == "inconclusive"


def test_chunks_non_inferiority_and_the_extend_steps():
    worse = verdicts(claims_table(rows(chunk_gap=-0.03), COLUMNS_II))
    assert worse["few_chunks_as_good_as_whole_song"] == "not reproduced"
    close = verdicts(claims_table(rows(chunk_gap=-0.003), COLUMNS_II))
    assert close["few_chunks_as_good_as_whole_song"] == "reproduced"  # within one point of the whole song
    flat = verdicts(claims_table(rows(LEVELS | {"s_dcca_extend2": 0.23}, noise=0.0005), COLUMNS_II))
    assert flat["extend_pairs_help_s_dcca"] == "inconclusive" or flat["extend_pairs_help_s_dcca"] == "not reproduced"
    down = verdicts(claims_table(rows(LEVELS | {"c_cca_extend1": 0.19}), COLUMNS_II))
    assert down["extend_pairs_help_c_cca"] == "not reproduced"
    assert verdicts(claims_table(rows(random_gap=0.02), COLUMNS_II))["attention_chunks_beat_random_chunks"] == \
        "not reproduced"


def test_a_method_not_run_is_not_testable():
    missing = rows().query("method != 'kcca'")
    assert verdicts(claims_table(missing, COLUMNS_II))["s_dcca_beats_baselines"] == "not testable"
