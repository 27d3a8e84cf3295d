"""Image2song's own numbers (Li, Hu & Lu), as printed; ours never mix with them.

Table 2 gives image -> song retrieval on D_a (100 held-out songs: R@1/5/10 in %, Med r) and D_b (the 586
songs seen in training, one held-out image each: R@10/50/100 in %, Med r) for three tag sets. Table 3 is
song -> image on D_a, printed as fractions (0.52 = 52 %). The supplement's Tables 4, 5 and 7 (with mood, the
pooling of the tag attention, the losses) report R@10 around 60 % with Med r about 8: a much smaller gallery
than either protocol of Table 2 that the paper does not name (its Figs. 7-8 use the 28 songs that occur more
than 50 times); we run them on D_b and compare differences, not levels.
"""

TITLE = "Li, Hu, Lu, Image2song: song retrieval via bridging image content and lyric words"
TASK = "image -> song via image tags and lyrics (and song -> image)"
SONGS, TRIPLETS, MOOD_SONGS = 6_373, 16_973, 3_158      # Table 1 (the whole Shuttersong crawl)
STUDY_SONGS, STUDY_TRIPLETS = 586, 8_849                # Sec. 5.1: lyrics that occur at least 5 times
DA_TEST_SONGS = 100

TAG_SETS = ("obj", "attr", "obj_attr")
# Table 2: method -> tag set -> protocol -> metric -> value (R@K in %, Med r as a rank)
_DA = ("recall_at_1", "recall_at_5", "recall_at_10", "median_rank")
_DB = ("recall_at_10", "recall_at_50", "recall_at_100", "median_rank")
_T2 = {
    "bow": ([1.4, 7.6, 13.4, 45.06, 1.6, 7.0, 13.0, 46.11, 1.4, 7.2, 13.2, 45.01],
            [4.27, 13.48, 24.23, 251.77, 3.07, 12.12, 23.55, 260.17, 4.27, 14.33, 23.72, 250.63]),
    "conse": ([1.8, 8.0, 13.0, 46.11, 1.8, 6.6, 12.2, 47.38, 2.0, 6.8, 14.8, 46.13],
              [3.41, 14.33, 25.27, 248.88, 3.24, 12.97, 23.38, 262.17, 3.58, 14.51, 25.09, 245.32]),
    "attentive_reader": ([1.8, 7.4, 14.0, 44.45, 1.8, 7.6, 13.0, 46.97, 1.8, 7.2, 15.0, 43.78],
                         [4.10, 14.51, 24.57, 254.53, 3.75, 13.14, 23.04, 267.12, 3.92, 14.51, 25.43, 243.53]),
    "ours": ([2.2, 7.2, 14.2, 43.13, 1.6, 7.8, 14.0, 46.32, 2.2, 7.6, 14.8, 43.30],
             [4.61, 15.02, 26.28, 246.51, 4.27, 13.65, 23.89, 254.17, 4.94, 15.36, 28.33, 240.00]),
    "ours_attention": ([2.0, 9.2, 17.6, 41.36, 2.2, 8.4, 14.4, 45.21, 2.6, 9.4, 16.8, 41.50],
                       [4.47, 15.36, 26.86, 245.61, 4.61, 13.99, 25.76, 249.42, 5.63, 17.58, 29.35, 233.82]),
}
TABLE_2 = {method: {tags: {"da": dict(zip(_DA, da[4 * i: 4 * i + 4])), "db": dict(zip(_DB, db[4 * i: 4 * i + 4]))}
                    for i, tags in enumerate(TAG_SETS)} for method, (da, db) in _T2.items()}
# Table 3: song -> image on D_a (fractions as printed; Med r a rank)
TABLE_3 = {"schwarz": {"recall_at_1": 0.10, "recall_at_5": 0.27, "recall_at_10": 0.45, "recall_at_20": 0.71,
                       "median_rank": 16},
           "ours": {"recall_at_1": 0.19, "recall_at_5": 0.34, "recall_at_10": 0.52, "recall_at_20": 0.74,
                    "median_rank": 15}}
# Table 4 (supplement): obj-attr column, with mood; Table 5: pooling; Table 7: losses (all the full model)
TABLE_4 = {"ours": {"recall_at_1": 10.95, "recall_at_5": 36.31, "recall_at_10": 57.51, "median_rank": 8.87},
           "ours_mood": {"recall_at_1": 12.13, "recall_at_5": 37.46, "recall_at_10": 61.85, "median_rank": 8.23},
           "ours_attention": {"recall_at_1": 13.10, "recall_at_5": 38.38, "recall_at_10": 62.50,
                              "median_rank": 7.82}}
TABLE_5 = {"ours_attention": {"recall_at_1": 13.10, "recall_at_5": 38.38, "recall_at_10": 62.50, "median_rank": 7.82},
           "ours_attention_max": {"recall_at_1": 12.08, "recall_at_5": 35.40, "recall_at_10": 59.74,
                                  "median_rank": 8.37}}
TABLE_7 = {"ours_attention_mrl": {"recall_at_1": 9.90, "recall_at_5": 36.04, "recall_at_10": 57.84, "median_rank": 8.94},
           "ours_attention_cpl": {"recall_at_1": 11.29, "recall_at_5": 37.07, "recall_at_10": 60.92, "median_rank": 8.29},
           "ours_attention": {"recall_at_1": 13.10, "recall_at_5": 38.38, "recall_at_10": 62.50, "median_rank": 7.82}}


def config_name(method: str, tags: str) -> str:
    """The key of one (method, tag set) configuration in the metrics file: ``ours_attention@obj``."""
    return f"{method}@{tags}"


def _numbers() -> list[dict]:
    rows = []
    for method, by_tags in TABLE_2.items():
        for tags, by_protocol in by_tags.items():
            for protocol, values in by_protocol.items():
                for metric, value in values.items():
                    headline = (method == "ours_attention" and metric == "recall_at_10"
                                and (protocol, tags) in {("da", "obj"), ("db", "obj_attr")})
                    rows.append({"method": config_name(method, tags), "metric": f"{protocol}_{metric}",
                                 "value": f"{value}", "unit": "" if metric == "median_rank" else "%",
                                 "headline": headline,
                                 "source": f"Table 2, {'D_a (100 unseen songs)' if protocol == 'da' else 'D_b (586 seen songs)'}, "
                                           f"{tags.replace('_', '-')}-tags"})
    for method, values in TABLE_3.items():
        for metric, value in values.items():
            pct = metric != "median_rank"
            rows.append({"method": config_name(method, "obj_attr"), "metric": f"song2image_{metric}",
                         "value": f"{100 * value:.0f}" if pct else f"{value}", "unit": "%" if pct else "",
                         "source": "Table 3, song -> image on D_a (printed as fractions)"})
    return rows


NUMBERS = _numbers()
