"""S-DCCA's own numbers (Zeng, Yu & Oyama), in percent as printed; ours never mix with them."""

TITLE = ("Zeng, Yu, Oyama, Audio-visual embedding for cross-modal music video retrieval through supervised "
         "deep CCA (S-DCCA)")
TASK = "audio -> music video retrieval, MAP with emotion classes as relevance"
NUMBERS = [
    {"method": "s_dcca", "metric": "map", "value": "21.43", "headline": True, "source": "Table II, k/chunks = 2/6"},
    {"method": "dcca", "metric": "map", "value": "18.39", "headline": True, "source": "Table II, k/chunks = 2/6"},
    {"method": "cca", "metric": "map", "value": "18.39", "headline": True, "source": "Table II, k/chunks = 2/6"},
]
