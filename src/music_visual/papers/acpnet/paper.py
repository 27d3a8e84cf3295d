"""ACP-Net's own numbers (Verma, Dhekane & Guha), in percent as printed; ours never mix with them."""

TITLE = "Verma, Dhekane, Guha, Learning affective correspondence between music and image (ACP-Net)"
TASK = "does an (image, music) pair share an emotion class? (binary accuracy)"
NUMBERS = [
    {"method": "acp_net", "metric": "accuracy", "value": "61.67", "headline": True, "source": "Table 2"},
    {"method": "l3_net", "metric": "accuracy", "value": "57.17", "headline": True, "source": "Table 2"},
    {"method": "spectrogram_acp", "metric": "accuracy", "value": "55.84", "headline": True, "source": "Table 2"},
]
