"""What the study report says about S-DCCA in its own words: the method in a paragraph and the substitutes."""

METHOD = (
    "Zeng, Yu and Oyama retrieve music videos with a piece of their audio: the query is a few emotionally salient "
    "chunks of a song (or the whole song), and a video is relevant when it lies in the query's emotion cluster. "
    "Supervised deep CCA trains two branches to maximise the canonical correlation of their outputs with a "
    "cross-covariance that mixes the true pairs and the same-cluster pairs. We train S-DCCA, DCCA, KCCA, CCA and "
    "the InfoNCE two-tower on five folds, select chunks with the paper's emotion model, and report MAP with the "
    "emotion classes as relevance (Table II), also with MusiCNN as the audio input.")

SUBSTITUTES = (
    "Audio frames: per-second 128-d log-mel statistics (`sdcca_audio`) for YouTube-8M's VGGish.",
    "Video frames: EfficientNet-Lite0's features at 0.2 frames/s for YouTube-8M's one Inception frame per second.",
    "Data: the corpus's long (72 s) music videos for MV-10K's 216 s ones; the emotion model is trained on them.",
    "Pretrained audio (extra): MusiCNN (MSD) run in our torch port, beside the hand-crafted frames.",
)
