"""MR-CCA's own numbers (Wu et al.), as printed; ours never mix with them (the one place they are written)."""

TITLE = "Wu et al., Bridging music and image via cross-modal ranking analysis (MR-CCA)"
TASK = "image <-> music similarity; consistency with pairwise human preferences"

BEST_CONSISTENCY = "81.23"            # Sec. 4 / Fig. 2A: MR-CCA, best over K (K = 13), all test pairs
BEST_K = 13
HUMAN_LABELLED_CONSISTENCY = "84.52"  # Sec. 4: human-labelled pairs only, K = 5, d = 5
TABLE_1 = {"local": {"consistency": "80.35", "train_time_s": "46.40"},   # K = 10, 1/d = 1/10
           "global": {"consistency": "79.24", "train_time_s": "869.26"}}
ANNOTATOR_AGREEMENT = 0.892           # annotators preferring the MV pair
N_SEGMENTS, N_TRAIN_SEGMENTS, N_PAIRS = 22632, 20000, 47888
TRAIN_SHARE = N_TRAIN_SEGMENTS / N_SEGMENTS  # 0.8837: segments drawn for clustering and training

NUMBERS = [
    {"method": "mrcca", "metric": "consistency", "value": BEST_CONSISTENCY, "headline": True,
     "source": f"Sec. 4 / Fig. 2A, best over K (K={BEST_K}), all test pairs"},
    {"method": "mrcca", "metric": "consistency_human_labelled", "value": HUMAN_LABELLED_CONSISTENCY,
     "headline": True, "source": "Sec. 4, human-labelled pairs only, K=5, d=5"},
    {"method": "mrcca_local_reference", "metric": "consistency", "value": TABLE_1["local"]["consistency"],
     "source": "Table 1, local references"},
    {"method": "mrcca_global_reference", "metric": "consistency", "value": TABLE_1["global"]["consistency"],
     "source": "Table 1, global references"},
]
