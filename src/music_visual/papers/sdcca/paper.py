"""S-DCCA's own numbers (Zeng, Yu & Oyama), in percent as printed; ours never mix with them.

Table II: MAP (%) of audio -> music video retrieval on MV-10K (YouTube-8M music videos of
213-219 s, 5-fold cross-validation), relevance = same emotion cluster, for the queries
"k of c chunks" (1/3, 2/6, 3/9) and the whole song ("mean"). Table II's S-DCCA row is read as
the basic model (trained on the one-to-one pairs); the -extend1/-extend2 models appear only
in the precision-recall figures (Figs. 5-8), without numbers we could quote.
"""

from __future__ import annotations

import pandas as pd

TITLE = ("Zeng, Yu, Oyama, Audio-visual embedding for cross-modal music video retrieval through supervised "
         "deep CCA (S-DCCA)")
TASK = "audio -> music video retrieval, MAP with emotion classes as relevance"

QUERIES = ("1/3", "2/6", "3/9", "mean")  # Table II's columns: k selected of c chunks, or the whole song
HEADLINE_QUERY = "2/6"

TABLE_II = {
    "multi_view": (14.02, 14.36, 14.25, 14.58),
    "cca": (18.34, 18.39, 18.32, 18.35),
    "kcca": (17.54, 17.04, 17.49, 17.80),
    "dcca": (18.35, 18.39, 18.22, 18.40),
    "c_cca": (18.51, 19.60, 19.73, 19.72),
    "s_dcca": (21.38, 21.43, 21.24, 21.76),
}
TABLE_II_LABELS = {"multi_view": "Multi-views", "cca": "CCA", "kcca": "KCCA", "dcca": "DCCA", "c_cca": "C-CCA",
                   "s_dcca": "S-DCCA"}

TABLE_I = {"216±3: [213, 219]": 10_000, "216±6: [210, 222]": 20_000, "216±9: [207, 225]": 30_000,
           "216±12: [204, 228]": 40_000}
SONG_SECONDS, WINDOW_SECONDS = 216, 3        # the paper's selection: 216 +- 3 s (Table I's first row)
ATTENTION_CHUNKS, CHUNK_SECONDS = 72, 3      # its attention model: 72 chunks of 3 s
N_CLUSTERS, INIT_SONGS_PER_CATEGORY = 10, 3  # k-means into 10 emotion clusters, 3 annotated songs per category
TRAIN_PAIRS = {"basic": 8_000, "extend1": 800_000, "extend2": 1_500_000}  # Sec. IV-D ("around")
KCCA_BETA = 0.4                              # "Gaussian kernel and set parameter beta = 0.4"


def query_key(query: str) -> str:
    """Metric-key suffix of a Table II column: ``"2/6" -> "2_6"``, ``"mean" -> "mean"``."""
    return query.replace("/", "_")


def paper_table() -> pd.DataFrame:
    """Table II as a DataFrame (rows: method, columns: the four queries, MAP in %)."""
    return pd.DataFrame.from_dict(TABLE_II, orient="index", columns=list(QUERIES))


def paper_value(method: str, query: str) -> float | None:
    """The paper's MAP (%) for a method and Table II column, or None."""
    if method not in TABLE_II or query not in QUERIES:
        return None
    return TABLE_II[method][QUERIES.index(query)]


def _number(method: str) -> dict:
    return {"method": method, "metric": "map", "value": f"{paper_value(method, HEADLINE_QUERY):.2f}",
            "headline": True, "source": f"Table II, k/chunks = {HEADLINE_QUERY}"}


NUMBERS = [_number("s_dcca"), _number("dcca"), _number("cca")]
