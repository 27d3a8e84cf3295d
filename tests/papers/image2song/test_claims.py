"""Image2song's claims on hand-made per-seed rows."""

import pandas as pd

from music_visual.papers.image2song.claims import claims_table


def rows(gain):
    out = []
    for seed in range(3):
        for config, base in (("ours_attention@obj", 0.20), ("ours@obj", 0.15)):
            out.append({"config": config, "method": config.split("@")[0], "tags": "obj", "protocol": "da",
                        "seed": seed, "recall_at_10": base + (gain if config.startswith("ours_attention") else 0)
                        + 0.01 * seed})
        out.append({"config": "chance@obj", "method": "chance", "tags": "obj", "protocol": "da", "seed": seed,
                    "recall_at_10": 0.1})
    return pd.DataFrame(out)


def test_paired_claims_follow_the_interval():
    table = claims_table(rows(0.0), "db", "obj_attr").set_index("claim_id")
    assert table.loc["attention_beats_no_attention_unseen", "verdict"] == "reproduced"   # +5 points every seed
    assert table.loc["attention_beats_no_attention_unseen", "chance"] == "10.0 %"
    assert table.loc["mood_helps", "verdict"] == "not testable"
    reversed_ = claims_table(rows(-0.10), "db", "obj_attr").set_index("claim_id")
    assert reversed_.loc["attention_beats_no_attention_unseen", "verdict"] == "not reproduced"
