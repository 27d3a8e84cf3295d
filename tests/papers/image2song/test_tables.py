"""Image2song's tables read our summaries beside the paper's figures."""

import pandas as pd

from music_visual.papers.image2song.tables import summaries, table2, table3


def per_seed():
    rows = []
    for seed in range(3):
        for protocol in ("da", "db"):
            rows.append({"config": "ours_attention@obj", "method": "ours_attention", "tags": "obj", "protocol": protocol,
                         "seed": seed, "recall_at_10": 0.2 + 0.01 * seed, "median_rank": 30.0,
                         "song2image_recall_at_10": 0.3})
            for tags in ("obj", "attr"):
                rows.append({"config": f"chance@{tags}", "method": "chance", "tags": tags, "protocol": protocol,
                             "seed": seed, "recall_at_10": 0.1, "median_rank": 50.5, "song2image_recall_at_10": 0.4})
    return pd.DataFrame(rows)


def test_summaries_and_table2():
    s = summaries(per_seed())
    assert s["ours_attention@obj"]["da_recall_at_10"]["mean"] == 0.21
    assert s["chance"]["db_median_rank"]["mean"] == 50.5 and s["chance"]["db_median_rank"]["n_seeds"] == 3
    t = table2(s, "da", ["obj"]).set_index("method")
    cell = t.loc["Our-attention (tag attention, average pooling)", "obj R@10"]
    assert cell.startswith("21.0 ± ") and cell.endswith("[paper 17.6]")
    assert t.loc["chance (random ranking)", "obj R@10"] == "10.0 ± 0.0 (n=3)"
    assert t.loc["BoW [1] (TF-IDF mapped linearly into the tag space)", "obj R@10"] == "not run [paper 13.4]"
    t3 = table3(s, ["obj"])
    assert "Schwarz" in t3["method"].iloc[0]
