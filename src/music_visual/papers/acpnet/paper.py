"""ACP-Net's own numbers (Verma, Dhekane & Guha), in percent as printed; ours never mix with them.

Table 4 gives the affective-correspondence accuracy on IMAC's test set; Table 5 the emotion recognition
of the frozen embeddings (+ MLP) beside the rows the paper compares them with. The text gives the music
probe as 63.56 %, the table 63.5 %.
"""

TITLE = "Verma, Dhekane, Guha, Learning affective correspondence between music and image (ACP-Net)"
TASK = "does an (image, music) pair share an emotion class? (binary accuracy)"

TABLE_4 = {"l3_net": 57.17, "spectrogram_acp": 55.84, "acp_net": 61.67}
TABLE_5 = {
    "image": {"Random": 12.5, "Art-based emotion features [26]": 46.5, "AlexNet [27]": 58.6,
              "ACP-Net features + MLP": 40.4},
    "music": {"Random": 33.3, "Spectrogram + CNN": 47.8, "ACP-Net features + MLP": 63.5},
}
IMAGES, SONGS = 88_395, 3_812  # Table 3 (IMAC): images over the three classes, songs

NUMBERS = [
    {"method": "acp_net", "metric": "accuracy", "value": "61.67", "headline": True, "source": "Table 4"},
    {"method": "l3_net", "metric": "accuracy", "value": "57.17", "headline": True, "source": "Table 4"},
    {"method": "spectrogram_acp", "metric": "accuracy", "value": "55.84", "headline": True, "source": "Table 4"},
    {"method": "acp_net", "metric": "image_emotion_accuracy", "value": "40.4", "headline": False,
     "source": "Table 5, images (8 classes), ACP-Net features + MLP"},
    {"method": "image_cnn_mlp", "metric": "image_emotion_accuracy", "value": "58.6", "headline": False,
     "source": "Table 5, images, AlexNet [27] (ours: EfficientNet-Lite0 features + MLP)"},
    {"method": "image_handcrafted_mlp", "metric": "image_emotion_accuracy", "value": "46.5", "headline": False,
     "source": "Table 5, images, art-based features [26] (ours: hand-crafted colour/shape/texture + MLP)"},
    {"method": "random", "metric": "image_emotion_accuracy", "value": "12.5", "headline": False,
     "source": "Table 5, images, Random"},
    {"method": "acp_net", "metric": "music_emotion_accuracy", "value": "63.5", "headline": False,
     "source": "Table 5, music (3 classes), ACP-Net features + MLP"},
    {"method": "spectrogram_cnn", "metric": "music_emotion_accuracy", "value": "47.8", "headline": False,
     "source": "Table 5, music, Spectrogram + CNN"},
    {"method": "random", "metric": "music_emotion_accuracy", "value": "33.3", "headline": False,
     "source": "Table 5, music, Random"},
]
